package catleak;

import java.util.ArrayList;
import java.util.List;

/*
 * The root of a message tree: one per handled request (type "URL", the
 * request's path as name), with the events logged while it ran.
 */
final class DefaultTransaction {
	final String type;
	final String name;
	String status;
	final long timestamp;
	long durationInMicros;
	final List<DefaultEvent> children;

	DefaultTransaction(String type, String name, long timestamp, int expected) {
		this.type = type;
		this.name = name;
		this.timestamp = timestamp;
		this.children = new ArrayList<>(expected);
	}

	void addChild(DefaultEvent event) {
		children.add(event);
	}

	void complete(String status, long durationInMicros) {
		this.status = status;
		this.durationInMicros = durationInMicros;
	}
}
