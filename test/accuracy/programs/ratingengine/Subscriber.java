package telco.rating;

/* A subscriber as rating needs it. */
final class Subscriber {
    final long msisdn;
    final String imsi;
    final int planId;
    final int[] bundleIds;

    Subscriber(long msisdn, String imsi, int planId, int[] bundleIds) {
        this.msisdn = msisdn;
        this.imsi = imsi;
        this.planId = planId;
        this.bundleIds = bundleIds;
    }
}
