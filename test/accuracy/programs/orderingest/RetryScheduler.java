package orders.ingest;

import java.util.ArrayList;
import java.util.List;

/* Holds orders that failed, for a periodic retry job.  With the job
 * disabled (ingest.retry.enabled=false in production) nothing leaves. */
final class RetryScheduler {
    private final List<FailedOrder> deadLetters = new ArrayList<>();
    private final boolean retryEnabled;

    RetryScheduler(boolean retryEnabled) {
        this.retryEnabled = retryEnabled;
    }

    void park(FailedOrder f) {
        synchronized (deadLetters) {
            deadLetters.add(f);
        }
    }

    int parked() {
        synchronized (deadLetters) {
            return deadLetters.size();
        }
    }

    void runRetryJob() {
        for (;;) {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                return;
            }
            if (!retryEnabled)
                continue;
            synchronized (deadLetters) {
                deadLetters.clear();
            }
        }
    }
}
