package warmcache;

import java.util.LinkedHashMap;
import java.util.Map;

/*
 * The textbook bounded LRU cache: a LinkedHashMap in access order that
 * drops its eldest entry once it holds more than maxEntries.  Synchronized,
 * because get() reorders the map.
 */
final class LruCache<K, V> {
	private final int maxEntries;
	private final LinkedHashMap<K, V> map;

	LruCache(int maxEntries) {
		this.maxEntries = maxEntries;
		this.map = new LinkedHashMap<K, V>(maxEntries * 4 / 3 + 1, 0.75f,
		    true) {
			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
				return size() > LruCache.this.maxEntries;
			}
		};
	}

	synchronized V get(K key) {
		return map.get(key);
	}

	synchronized void put(K key, V value) {
		map.put(key, value);
	}

	synchronized int size() {
		return map.size();
	}

	int capacity() {
		return maxEntries;
	}
}
