package io.peerwatch.identity.vm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * A 64-bit FNV-1a hash of a record's Avro binary form: lets VM state tell whether an identity changed without
 * keeping the last one (state stays small) or rendering it as text (slow).
 */
final class Fingerprint {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fingerprint() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    static long of(SpecificRecord r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            new SpecificDatumWriter(r.getSchema()).write(r, enc);
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory Avro encoding failed", e);
        }
        long h = OFFSET;
        for (byte b : bytes.toByteArray()) {
            h ^= b & 0xff;
            h *= PRIME;
        }
        return h;
    }
}
