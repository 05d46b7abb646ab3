package catleak;

/*
 * One event inside a transaction (a SQL call, a cache lookup, ...).  Type,
 * name and status come from small sets of constant strings, so the only
 * per-event cost is the object itself: 40 bytes with compressed oops, eight
 * per tree.  That makes DefaultEvent the class whose live bytes grow most
 * while the leak runs, as it did in the real heap dump.
 */
final class DefaultEvent {
	final String type;
	final String name;
	final String status;
	final long timestamp;
	final Object data;
	boolean completed;

	DefaultEvent(String type, String name, String status, long timestamp,
	    Object data) {
		this.type = type;
		this.name = name;
		this.status = status;
		this.timestamp = timestamp;
		this.data = data;
		this.completed = true;
	}
}
