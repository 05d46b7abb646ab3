package shopfront.pricing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/* Pulls a stock feed every 100 ms and reprices a few hundred SKUs: a
 * steady stream of parsed rows that die at once. */
final class InventoryRefresher implements Runnable {
    private final Catalog catalog;

    InventoryRefresher(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void run() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (;;) {
            List<String[]> rows = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int idx = catalog.randomIndex();
                String line = catalog.sku(idx) + ";" + rnd.nextInt(1000) + ";"
                    + (catalog.listPrice(idx) + rnd.nextInt(-50, 50)) + ";warehouse-"
                    + rnd.nextInt(12);
                rows.add(line.split(";"));
            }
            for (String[] row : rows) {
                int idx = Integer.parseInt(row[0].substring(4, 10));
                catalog.reprice(idx, Math.max(99, Integer.parseInt(row[2])));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
