package logistics.routing;

import java.util.concurrent.ConcurrentHashMap;

/* Scan history for the tracking page.  Meant to keep a parcel's last few
 * scans; keyed by scan id, it keeps every scan. */
final class TrackingService {
    private final ConcurrentHashMap<String, ShipmentTrace> traces = new ConcurrentHashMap<>();

    void record(ShipmentTrace t) {
        traces.put(t.scanId, t);
    }

    int size() {
        return traces.size();
    }
}
