package news.feed;

/* A rendered page of a user's feed. */
final class FeedPage {
    final long userId;
    final int page;
    final long renderedAtMillis;
    final byte[] html;
    final long[] storyIds;

    FeedPage(long userId, int page, byte[] html, long[] storyIds) {
        this.userId = userId;
        this.page = page;
        this.renderedAtMillis = System.currentTimeMillis();
        this.html = html;
        this.storyIds = storyIds;
    }
}
