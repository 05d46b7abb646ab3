package billing.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/* Validates, prices, taxes and renders one invoice, recording each step in
 * the thread's audit trail. */
final class InvoiceHandler {
    private final AuditSink sink;
    long rendered;

    InvoiceHandler(AuditSink sink) {
        this.sink = sink;
    }

    void handle(InvoiceRequest req) {
        List<AuditEntry> trail = RequestContextHolder.trail();
        int mark = trail.size();
        trail.add(new AuditEntry(req.requestId, "received",
            "tenant=" + req.tenant + " customer=" + req.customerRef + " lines="
            + req.lineCents.length + " currency=" + req.currency + " via=/v2/invoices"));

        Map<String, Long> totals = new HashMap<>();
        long net = 0;
        for (int cents : req.lineCents)
            net += cents;
        totals.put("net", net);
        long tax = net * (req.currency.equals("EUR") ? 19 : 8) / 100;
        totals.put("tax", tax);
        totals.put("gross", net + tax);
        trail.add(new AuditEntry(req.requestId, "priced",
            "net=" + net + " tax=" + tax + " gross=" + (net + tax) + " rule=standard-rate-"
            + req.currency + " tenant=" + req.tenant));

        List<String> lines = new ArrayList<>();
        for (int i = 0; i < req.lineCents.length; i++)
            lines.add("<line n=\"" + i + "\" amount=\"" + req.lineCents[i] + "\"/>");
        String document = "<invoice customer=\"" + req.customerRef + "\">" + String.join("", lines)
            + "<total>" + totals.get("gross") + "</total></invoice>";
        rendered += document.length();
        trail.add(new AuditEntry(req.requestId, "rendered",
            "bytes=" + document.length() + " template=invoice-default-v7 customer="
            + req.customerRef + " tenant=" + req.tenant));
        trail.add(new AuditEntry(req.requestId, "completed",
            "status=201 location=/v2/invoices/" + req.requestId + " tenant=" + req.tenant));
        sink.flush(trail, mark);
        // BUG: trail.clear() / RequestContextHolder.CONTEXT.remove() is missing
    }
}
