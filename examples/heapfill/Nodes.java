package heapfill;

/*
 * Small objects of exact sizes (HotSpot, 64-bit, compressed class pointers
 * and oops, 12-byte header, 8-byte alignment: the default below 32 GB).
 * The `next` fields stay null; they are there for size and so that the
 * objects look like ordinary linked data to a heap walker.
 */
final class Nodes {
	private Nodes() {
	}

	/* 12 + 4 = 16 bytes */
	static final class Node16 {
		int value;
	}

	/* 12 + 4 + 8 = 24 bytes */
	static final class Node24 {
		Object next;
		long value;
	}

	/* 12 + 4 + 2 * 8 = 32 bytes */
	static final class Node32 {
		Object next;
		long a, b;
	}

	/* 12 + 4 + 4 * 8 = 48 bytes */
	static final class Node48 {
		Object next;
		long a, b, c, d;
	}

	/* 12 + 4 + 6 * 8 = 64 bytes */
	static final class Node64 {
		Object next;
		long a, b, c, d, e, f;
	}

	/*
	 * One object of about `size` bytes: a NodeN for the sizes above, a
	 * byte[size - 16] (16-byte array header) for any other size.
	 */
	static Object make(int size, long seq) {
		switch (size) {
		case 16: {
			Node16 n = new Node16();
			n.value = (int)seq;
			return n;
		}
		case 24: {
			Node24 n = new Node24();
			n.value = seq;
			return n;
		}
		case 32: {
			Node32 n = new Node32();
			n.a = seq;
			return n;
		}
		case 48: {
			Node48 n = new Node48();
			n.a = seq;
			return n;
		}
		case 64: {
			Node64 n = new Node64();
			n.a = seq;
			return n;
		}
		default:
			return new byte[Math.max(0, size - 16)];
		}
	}
}
