package catleak;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/*
 * The CAT client's sender, reduced to the bug.  Application threads hand
 * message trees to send(); one sender thread takes them from `queue` and
 * writes them to the CAT server.  When there is no channel to the server it
 * puts the tree back into the queue "to send later", and the queue is
 * unbounded, so while the server stays unreachable every tree ever logged
 * stays reachable from TcpSocketSender.queue until the heap is full.
 *
 * The replica never opens a connection: `channel` stays null, as it does
 * in the real client when the server cannot be reached.  The real client
 * retries the connection every few seconds; this one does not, so the
 * example makes no network traffic at all.
 */
final class TcpSocketSender implements Runnable {
	final String server;
	final LinkedBlockingQueue<DefaultMessageTree> queue =
	    new LinkedBlockingQueue<>();
	private volatile SocketChannel channel;	/* never connected */

	TcpSocketSender(String server) {
		this.server = server;
	}

	/* Called by application threads; never blocks, never drops. */
	void send(DefaultMessageTree tree) {
		queue.offer(tree);
	}

	int queueSize() {
		return queue.size();
	}

	@Override
	public void run() {
		for (;;) {
			DefaultMessageTree tree;
			try {
				tree = queue.take();
			} catch (InterruptedException e) {
				return;
			}
			SocketChannel ch = channel;
			if (ch != null && ch.isConnected()) {
				sendInternal(ch, tree);
				continue;
			}
			/* No server: keep the tree to send later.  The bug. */
			queue.offer(tree);
			try {
				TimeUnit.MILLISECONDS.sleep(5);
			} catch (InterruptedException e) {
				return;
			}
		}
	}

	/* The real client encodes the whole tree; the id is enough here. */
	private void sendInternal(SocketChannel ch, DefaultMessageTree tree) {
		try {
			ch.write(ByteBuffer.wrap((tree.messageId + "\n").getBytes(
			    StandardCharsets.US_ASCII)));
		} catch (IOException e) {
			channel = null;
			queue.offer(tree);
		}
	}
}
