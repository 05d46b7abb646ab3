package warmcache;

/*
 * The cached value: a rendered product page.  The HTML payload (2-6 KB,
 * 4 KB on average) is most of its size.
 */
final class ProductPage {
	final long productId;
	final String title;
	final byte[] html;
	final long loadedAtMillis;

	ProductPage(long productId, String title, byte[] html,
	    long loadedAtMillis) {
		this.productId = productId;
		this.title = title;
		this.html = html;
		this.loadedAtMillis = loadedAtMillis;
	}
}
