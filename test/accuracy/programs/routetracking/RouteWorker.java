package logistics.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/* Answers route queries with a bounded best-first search: all garbage. */
final class RouteWorker implements Runnable {
    private final RoadGraph graph;
    private final AtomicLong routes;
    long sink;

    RouteWorker(RoadGraph graph, AtomicLong routes) {
        this.graph = graph;
        this.routes = routes;
    }

    @Override
    public void run() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (;;) {
            int from = rnd.nextInt(graph.junctions());
            sink += route(from, rnd.nextInt(graph.junctions())).size();
            routes.incrementAndGet();
            if (rnd.nextInt(4) == 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private List<String> route(int from, int to) {
        Map<Integer, Float> best = new HashMap<>();
        PriorityQueue<float[]> open = new PriorityQueue<>((a, b) -> Float.compare(a[0], b[0]));
        open.add(new float[] { 0f, from });
        List<String> steps = new ArrayList<>();
        int expanded = 0;
        while (!open.isEmpty() && expanded < 400) {
            float[] cur = open.poll();
            int j = (int) cur[1];
            if (j == to)
                break;
            expanded++;
            int first = graph.firstOut(j);
            for (int k = 0; k < 3 && first + k < graph.size; k++) {
                RoadSegment s = graph.segment(first + k);
                float cost = cur[0] + s.travelSeconds();
                Float known = best.get(s.to);
                if (known == null || cost < known) {
                    best.put(s.to, cost);
                    open.add(new float[] { cost, s.to });
                }
            }
            if (expanded % 20 == 0)
                steps.add("via " + graph.segment(first).streetName + " (" + (int) cur[0] + " s)");
        }
        return steps;
    }
}
