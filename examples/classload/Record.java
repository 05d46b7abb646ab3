package classload;

/*
 * The one class that leaks in --leak mode: ClassLoad keeps every Record
 * in a static list.  56 bytes per instance with compressed oops, no
 * references, so the class's own bytes carry the whole leak.
 */
final class Record {
	final long id;
	final long created;
	final long loaders;
	final long classes;
	final long unused;
	final int kind;

	Record(long id, long created, long loaders, long classes, int kind) {
		this.id = id;
		this.created = created;
		this.loaders = loaders;
		this.classes = classes;
		this.unused = id ^ created;
		this.kind = kind;
	}
}
