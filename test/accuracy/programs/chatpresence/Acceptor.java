package chat.gateway;

import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/* Accepts connections at a steady rate; each session exchanges a handful
 * of frames over its short life and then closes. */
final class Acceptor implements Runnable {
    private final SessionRegistry registry;
    private final int perSecond;
    private final AtomicLong opened;
    private final ArrayDeque<ClientSession> live = new ArrayDeque<>();

    Acceptor(SessionRegistry registry, int perSecond, AtomicLong opened) {
        this.registry = registry;
        this.perSecond = Math.max(1, perSecond);
        this.opened = opened;
    }

    @Override
    public void run() {
        long t0 = System.nanoTime();
        long n = 0;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (;;) {
            for (int i = 0; i < 5; i++) {
                live.addLast(registry.open(rnd.nextLong(1, 5_000_000)));
                opened.incrementAndGet();
            }
            n += 5;
            /* traffic on the open sessions: frames decoded into garbage */
            for (ClientSession s : live) {
                byte[] frame = new byte[256 + rnd.nextInt(768)];
                rnd.nextBytes(frame);
                String text = new String(frame, 0, 64, java.nio.charset.StandardCharsets.ISO_8859_1);
                s.onFrame(frame);
                if (text.hashCode() == 42)
                    s.attributes.put("lucky", text);
            }
            while (live.size() > 200)
                registry.close(live.removeFirst());
            long wait = t0 + n * 1_000_000_000L / perSecond - System.nanoTime();
            if (wait > 0)
                LockSupport.parkNanos(wait);
        }
    }
}
