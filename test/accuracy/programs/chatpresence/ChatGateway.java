/*
 * chatpresence: a chat gateway whose sessions subscribe to presence
 * updates and never unsubscribe (leak shape: listener list on a
 * long-lived publisher).
 *
 * Acceptor threads open ClientSessions; each registers a PresenceHook, a
 * (non-static) inner class, with the gateway's one PresenceBroadcaster.
 * close() releases the socket buffers' bookkeeping but forgets to remove
 * the hook, so the broadcaster's listener list keeps every hook, each
 * hook its session (this$0), each session its receive buffer and
 * attributes.  A broadcaster thread fans out presence changes to the
 * list (reading it) and sessions chat for a while before closing, making
 * short-lived garbage.
 *
 * usage: java -Xmx128m -cp DIR chat.gateway.ChatGateway [--seconds N] [--rate R]
 *   --seconds N  stop after N seconds and exit 0
 *   --rate R     new sessions per second (default 550)
 */
package chat.gateway;

import java.util.concurrent.atomic.AtomicLong;

public final class ChatGateway {
    static final int ACCEPTORS = 2;

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        long seconds = 0;
        int rate = 550;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length)
                seconds = Long.parseLong(args[++i]);
            else if (args[i].equals("--rate") && i + 1 < args.length)
                rate = Integer.parseInt(args[++i]);
            else {
                System.err.println("usage: chat.gateway.ChatGateway [--seconds N] [--rate R]");
                System.exit(2);
            }
        }
        FatalHandler.install(started);
        System.out.println("chatpresence: gateway up, " + ACCEPTORS + " acceptors, "
            + rate + " sessions/s");

        PresenceBroadcaster presence = new PresenceBroadcaster();
        SessionRegistry registry = new SessionRegistry(presence);
        AtomicLong opened = new AtomicLong();
        Thread fanout = new Thread(presence::runFanout, "presence-fanout");
        fanout.setDaemon(true);
        fanout.start();
        for (int a = 0; a < ACCEPTORS; a++) {
            Thread t = new Thread(new Acceptor(registry, rate / ACCEPTORS, opened),
                "ws-acceptor-" + a);
            t.setDaemon(true);
            t.start();
        }

        long deadline = seconds > 0 ? started + seconds * 1_000_000_000L : Long.MAX_VALUE;
        while (System.nanoTime() < deadline)
            Thread.sleep(200);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.println("chatpresence: stopping after " + seconds + " s, " + opened.get()
            + " sessions opened, " + registry.openCount() + " open, "
            + presence.listenerCount() + " presence listeners, live "
            + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
        System.exit(0);
    }
}
