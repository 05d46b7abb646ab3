/*
 * routetracking: a routing and tracking server on a 4 GB heap with a large
 * road graph loaded at start, and a slow leak of shipment traces (leak
 * shape: leak inside a large stable live set).
 *
 * At start two loader threads build the road graph: about 30 million
 * RoadSegments with their geometry (int[]), roughly 2.3 GB that stays
 * live and unchanged.  Then route workers answer route queries, each a
 * short search over the graph that makes plenty of garbage, and a scan
 * ingester records every parcel scan as a ShipmentTrace with its raw
 * scanner payload (byte[], ~4 KB) in TrackingService.traces, keyed by scan
 * id, which nothing ever expires: about 5 MB/s.
 *
 * usage: java -Xmx4g -cp DIR logistics.routing.RoutingServer [--seconds N] [--rate R]
 *   --seconds N  stop after N seconds and exit 0 (counted from start, loading included)
 *   --rate R     scans per second (default 1200)
 */
package logistics.routing;

import java.util.concurrent.atomic.AtomicLong;

public final class RoutingServer {
    static final int SEGMENTS = 30_000_000;
    static final int ROUTE_WORKERS = 2;

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        long seconds = 0;
        int rate = 1200;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length)
                seconds = Long.parseLong(args[++i]);
            else if (args[i].equals("--rate") && i + 1 < args.length)
                rate = Integer.parseInt(args[++i]);
            else {
                System.err.println("usage: logistics.routing.RoutingServer [--seconds N] [--rate R]");
                System.exit(2);
            }
        }
        FatalHandler.install(started);
        System.out.println("routetracking: loading road graph (" + SEGMENTS + " segments)");
        RoadGraph graph = RoadGraph.load(SEGMENTS, 2);
        Runtime rt = Runtime.getRuntime();
        System.out.println("routetracking: graph loaded in " + (System.nanoTime() - started) / 1_000_000
            + " ms, heap used " + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB; serving, "
            + rate + " scans/s");

        TrackingService tracking = new TrackingService();
        AtomicLong routes = new AtomicLong();
        for (int w = 0; w < ROUTE_WORKERS; w++) {
            Thread t = new Thread(new RouteWorker(graph, routes), "route-worker-" + w);
            t.setDaemon(true);
            t.start();
        }
        Thread scans = new Thread(new ScanIngester(tracking, graph, rate), "scan-ingester");
        scans.setDaemon(true);
        scans.start();

        long deadline = seconds > 0 ? started + seconds * 1_000_000_000L : Long.MAX_VALUE;
        while (System.nanoTime() < deadline)
            Thread.sleep(200);
        System.gc();
        System.out.println("routetracking: stopping after " + seconds + " s, " + routes.get()
            + " routes, " + tracking.size() + " traces, live "
            + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
        System.exit(0);
    }
}
