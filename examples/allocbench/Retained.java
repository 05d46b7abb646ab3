/*
 * Retained: what AllocBench --leak keeps forever, the suspect leakwatch
 * should name.  56 bytes with compressed oops (12-byte header, five longs,
 * one int).
 */
package allocbench;

final class Retained {
	static final int BYTES = 56;

	final long id;
	final long created;
	final long a;
	final long b;
	final long c;
	final int flags;

	Retained(long id, long created) {
		this.id = id;
		this.created = created;
		this.a = id * 31;
		this.b = created ^ id;
		this.c = id + created;
		this.flags = (int)id & 7;
	}
}
