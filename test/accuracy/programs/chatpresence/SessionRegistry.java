package chat.gateway;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/* Open sessions by id; a session is removed here when it closes. */
final class SessionRegistry {
    private final ConcurrentHashMap<Long, ClientSession> open = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final PresenceBroadcaster presence;

    SessionRegistry(PresenceBroadcaster presence) {
        this.presence = presence;
    }

    ClientSession open(long userId) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        String addr = "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256)
            + ":" + rnd.nextInt(1024, 65535);
        ClientSession s = new ClientSession(nextId.getAndIncrement(), userId, addr, presence);
        s.attributes.put("user-agent", "ChatClient/5.3." + rnd.nextInt(40) + " (Android 14)");
        s.attributes.put("locale", rnd.nextBoolean() ? "de-DE" : "en-GB");
        s.attributes.put("auth", "bearer:" + Long.toHexString(rnd.nextLong()));
        s.subscribe();
        open.put(s.sessionId, s);
        return s;
    }

    void close(ClientSession s) {
        open.remove(s.sessionId);
        s.close();
    }

    int openCount() {
        return open.size();
    }
}
