package finance.ledger;

/* One debit or credit on an account. */
final class Posting {
    final long postingId;
    final String account;
    final long amountCents;
    final String reference;

    Posting(long postingId, String account, long amountCents, String reference) {
        this.postingId = postingId;
        this.account = account;
        this.amountCents = amountCents;
        this.reference = reference;
    }
}
