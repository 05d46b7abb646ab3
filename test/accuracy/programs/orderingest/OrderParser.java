package orders.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/* A small hand-written parser for the feed's flat JSON. */
final class OrderParser {
    private OrderParser() {
    }

    static OrderMessage parse(String raw) {
        Map<String, String> fields = new HashMap<>();
        int linesAt = raw.indexOf("\"lines\":[");
        String head = raw.substring(1, linesAt - 1);
        for (String kv : head.split(",\"")) {
            int colon = kv.indexOf("\":");
            String k = kv.substring(kv.charAt(0) == '"' ? 1 : 0, colon);
            String v = kv.substring(colon + 2).replace("\"", "");
            fields.put(k, v);
        }
        List<OrderMessage.OrderLine> lines = new ArrayList<>();
        String body = raw.substring(linesAt + 9, raw.length() - 2);
        for (String line : body.split("\\},\\{")) {
            String[] parts = line.replace("{", "").replace("}", "").split(",");
            String sku = parts[0].substring(parts[0].indexOf(':') + 2, parts[0].length() - 1);
            int qty = Integer.parseInt(parts[1].substring(parts[1].indexOf(':') + 1));
            int price = Integer.parseInt(parts[2].substring(parts[2].indexOf(':') + 1));
            lines.add(new OrderMessage.OrderLine(sku, qty, price));
        }
        return new OrderMessage(fields.get("orderId"), fields.get("customer"),
            fields.get("warehouse"), fields.get("address"), lines, raw);
    }
}
