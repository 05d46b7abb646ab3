package catleak;

/*
 * What the CAT client queues for its server: a unique message id, where the
 * tree comes from, and the root transaction.  The domain, host and thread
 * names are shared strings; the message id is the one string made per tree.
 */
final class DefaultMessageTree {
	final String messageId;
	final String domain;
	final String hostName;
	final String threadName;
	final DefaultTransaction message;

	DefaultMessageTree(String messageId, String domain, String hostName,
	    String threadName, DefaultTransaction message) {
		this.messageId = messageId;
		this.domain = domain;
		this.hostName = hostName;
		this.threadName = threadName;
		this.message = message;
	}
}
