package classload;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/*
 * The bytes of a small class, written in memory: no compiler, no file.
 *
 *     public class NAME implements classload.Churned {
 *         public long a, b; public int c; public Object d;
 *         public NAME() { super(); }
 *     }
 *
 * 40 bytes per instance with compressed class pointers.  Class file
 * version 52 (Java 8): the constructor has no branch, so no StackMapTable
 * is needed at any version, and every JDK from 8 on accepts it.
 */
final class ClassBytes {
	private static final int MAGIC = 0xCAFEBABE;
	private static final int MAJOR = 52;
	private static final int ACC_PUBLIC = 0x0001;
	private static final int ACC_SUPER = 0x0020;
	private static final int UTF8 = 1, CLASS = 7, METHODREF = 10,
	    NAME_AND_TYPE = 12;

	private ClassBytes() {
	}

	/* internalName: "classload/gen/Churn" (slashes). */
	static byte[] of(String internalName) {
		ByteArrayOutputStream bo = new ByteArrayOutputStream(400);
		try (DataOutputStream o = new DataOutputStream(bo)) {
			o.writeInt(MAGIC);
			o.writeShort(0);
			o.writeShort(MAJOR);
			/* Constant pool: count is the number of entries + 1. */
			o.writeShort(21);
			utf8(o, internalName);			/* 1 */
			ref(o, CLASS, 1);			/* 2 this */
			utf8(o, "java/lang/Object");		/* 3 */
			ref(o, CLASS, 3);			/* 4 super */
			utf8(o, "<init>");			/* 5 */
			utf8(o, "()V");				/* 6 */
			o.writeByte(NAME_AND_TYPE);		/* 7 */
			o.writeShort(5);
			o.writeShort(6);
			o.writeByte(METHODREF);			/* 8 Object.<init> */
			o.writeShort(4);
			o.writeShort(7);
			utf8(o, "Code");			/* 9 */
			utf8(o, "classload/Churned");		/* 10 */
			ref(o, CLASS, 10);			/* 11 interface */
			utf8(o, "a");				/* 12 */
			utf8(o, "b");				/* 13 */
			utf8(o, "c");				/* 14 */
			utf8(o, "d");				/* 15 */
			utf8(o, "J");				/* 16 */
			utf8(o, "I");				/* 17 */
			utf8(o, "Ljava/lang/Object;");		/* 18 */
			utf8(o, "ClassBytes");			/* 19 */
			utf8(o, "SourceFile");			/* 20 */

			o.writeShort(ACC_PUBLIC | ACC_SUPER);
			o.writeShort(2);			/* this_class */
			o.writeShort(4);			/* super_class */
			o.writeShort(1);			/* interfaces */
			o.writeShort(11);

			o.writeShort(4);			/* fields */
			field(o, 12, 16);
			field(o, 13, 16);
			field(o, 14, 17);
			field(o, 15, 18);

			o.writeShort(1);			/* methods */
			o.writeShort(ACC_PUBLIC);
			o.writeShort(5);
			o.writeShort(6);
			o.writeShort(1);			/* attributes: Code */
			o.writeShort(9);
			o.writeInt(17);				/* attribute length */
			o.writeShort(1);			/* max_stack */
			o.writeShort(1);			/* max_locals */
			o.writeInt(5);				/* code length */
			o.writeByte(0x2a);			/* aload_0 */
			o.writeByte(0xb7);			/* invokespecial #8 */
			o.writeShort(8);
			o.writeByte(0xb1);			/* return */
			o.writeShort(0);			/* exception table */
			o.writeShort(0);			/* Code's attributes */

			o.writeShort(1);			/* class attributes */
			o.writeShort(20);			/* SourceFile */
			o.writeInt(2);
			o.writeShort(19);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return bo.toByteArray();
	}

	private static void utf8(DataOutputStream o, String s)
	    throws IOException {
		o.writeByte(UTF8);
		o.writeUTF(s);
	}

	private static void ref(DataOutputStream o, int tag, int index)
	    throws IOException {
		o.writeByte(tag);
		o.writeShort(index);
	}

	private static void field(DataOutputStream o, int name, int desc)
	    throws IOException {
		o.writeShort(ACC_PUBLIC);
		o.writeShort(name);
		o.writeShort(desc);
		o.writeShort(0);
	}
}
