package news.feed;

import java.util.LinkedHashMap;
import java.util.Map;

/* LRU of rendered pages, bounded by count. */
final class PageCache {
    private final int capacity;
    private long evictions;
    private final LinkedHashMap<String, FeedPage> pages;

    PageCache(int capacity) {
        this.capacity = capacity;
        this.pages = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, FeedPage> eldest) {
                if (size() <= PageCache.this.capacity)
                    return false;
                evictions++;
                return true;
            }
        };
    }

    synchronized FeedPage get(String key) {
        return pages.get(key);
    }

    synchronized void put(String key, FeedPage page) {
        pages.put(key, page);
    }

    synchronized int size() {
        return pages.size();
    }

    synchronized long evictions() {
        return evictions;
    }
}
