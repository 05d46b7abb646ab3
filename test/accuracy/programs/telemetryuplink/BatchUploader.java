package fleet.telemetry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/* Ships batches to the telemetry endpoint.  A batch that could not be sent
 * goes back into the outbox for the next attempt. */
final class BatchUploader implements Runnable {
    static final int ENDPOINT_PORT = 1;   // nothing listens there
    static final int OUTBOX_CAPACITY = 2_000_000;

    private final LinkedBlockingQueue<MetricBatch> outbox = new LinkedBlockingQueue<>(OUTBOX_CAPACITY);
    private final InetSocketAddress endpoint;
    private long failures;
    private long sent;

    BatchUploader(String host, int port) {
        this.endpoint = new InetSocketAddress(host, port);
    }

    void submit(MetricBatch b) {
        if (!outbox.offer(b))
            failures++;   // full: dropped (two million batches: "never happens")
    }

    int pending() {
        return outbox.size();
    }

    long failures() {
        return failures;
    }

    @Override
    public void run() {
        List<MetricBatch> inFlight = new ArrayList<>(500);
        for (;;) {
            try {
                MetricBatch first = outbox.poll(1, TimeUnit.SECONDS);
                if (first == null)
                    continue;
                inFlight.add(first);
                outbox.drainTo(inFlight, 499);
                if (upload(inFlight)) {
                    sent += inFlight.size();
                } else {
                    failures++;
                    for (MetricBatch b : inFlight) {
                        b.attempts++;
                        outbox.offer(b);   // retry later
                    }
                    Thread.sleep(50);   // back off before the next attempt
                }
                inFlight.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean upload(List<MetricBatch> batches) {
        StringBuilder body = new StringBuilder(64 * 1024);
        for (MetricBatch b : batches)
            for (MetricPoint p : b.points)
                body.append(p.name).append(' ').append(p.value).append(' ')
                    .append(p.timestampMillis).append('\n');
        try (Socket s = new Socket()) {
            s.connect(endpoint, 200);
            OutputStream out = s.getOutputStream();
            out.write(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
