package payments.metrics;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/* Every meter ever asked for, by id. */
final class MeterRegistry {
    private final ConcurrentHashMap<MeterId, Timer> meters = new ConcurrentHashMap<>();

    Timer timer(String name, Tag... tags) {
        MeterId id = new MeterId(name, tags);
        Timer t = meters.get(id);
        if (t != null)
            return t;
        t = new Timer(id);
        Timer raced = meters.putIfAbsent(id, t);
        return raced != null ? raced : t;
    }

    Collection<Timer> all() {
        return meters.values();
    }

    int size() {
        return meters.size();
    }
}
