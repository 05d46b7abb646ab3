package chat.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/* The gateway's one presence publisher.  Lives as long as the process. */
final class PresenceBroadcaster {
    private final List<PresenceListener> listeners = new ArrayList<>();
    private long delivered;

    void subscribe(PresenceListener l) {
        synchronized (listeners) {
            listeners.add(l);
        }
    }

    void unsubscribe(PresenceListener l) {
        synchronized (listeners) {
            listeners.remove(l);
        }
    }

    int listenerCount() {
        synchronized (listeners) {
            return listeners.size();
        }
    }

    /* Fans a presence change out to a slice of the subscribers every 20 ms
     * (a real fan-out would filter by roster; the cost is the same). */
    void runFanout() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (;;) {
            PresenceListener[] snapshot;
            synchronized (listeners) {
                int n = listeners.size();
                int from = n > 2000 ? rnd.nextInt(n - 2000) : 0;
                snapshot = listeners.subList(from, Math.min(n, from + 2000))
                    .toArray(new PresenceListener[0]);
            }
            long user = rnd.nextLong(1, 5_000_000);
            int state = rnd.nextInt(3);
            for (PresenceListener l : snapshot) {
                l.presenceChanged(user, state);
                delivered++;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
