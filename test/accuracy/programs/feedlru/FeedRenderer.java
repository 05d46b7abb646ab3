package news.feed;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/* Turns a user's stories into a page of HTML. */
final class FeedRenderer {
    FeedPage render(long userId, int page) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long[] stories = new long[20];
        StringBuilder html = new StringBuilder(3600);
        html.append("<section class=\"feed\" data-user=\"").append(userId).append("\">");
        for (int i = 0; i < stories.length; i++) {
            stories[i] = rnd.nextLong(1L << 40);
            html.append("<article id=\"s").append(stories[i]).append("\"><h3>Story ")
                .append(i + page * 20).append("</h3><p>Posted by user ").append(rnd.nextInt(1 << 20))
                .append(" &middot; ").append(rnd.nextInt(500)).append(" comments</p></article>");
        }
        while (html.length() < 3300)
            html.append("<!-- pad -->");
        html.append("</section>");
        return new FeedPage(userId, page, html.toString().getBytes(StandardCharsets.UTF_8), stories);
    }
}
