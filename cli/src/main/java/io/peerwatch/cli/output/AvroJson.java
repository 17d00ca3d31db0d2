package io.peerwatch.cli.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro records as plain JSON lines for people and tools: records are objects, a union shows its value (a
 * record branch gets a {@code "@type"} member naming it), bytes are base64, enums are strings. Jackson escapes
 * control characters, so a hostile log line cannot break the line structure.
 */
public final class AvroJson {
    private static final JsonFactory JSON = new JsonFactory();

    private AvroJson() {}

    public static String toJson(IndexedRecord record) {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            write(g, record.getSchema(), record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, Schema schema, Object value) throws IOException {
        switch (schema.getType()) {
            case RECORD -> {
                IndexedRecord r = (IndexedRecord) value;
                g.writeStartObject();
                for (Schema.Field f : schema.getFields()) {
                    g.writeFieldName(f.name());
                    write(g, f.schema(), r.get(f.pos()));
                }
                g.writeEndObject();
            }
            case UNION -> {
                if (value == null) {
                    g.writeNull();
                    return;
                }
                Schema branch = schema.getTypes().get(GenericData.get().resolveUnion(schema, value));
                if (branch.getType() == Schema.Type.RECORD) {
                    IndexedRecord r = (IndexedRecord) value;
                    g.writeStartObject();
                    g.writeStringField("@type", branch.getName());
                    for (Schema.Field f : branch.getFields()) {
                        g.writeFieldName(f.name());
                        write(g, f.schema(), r.get(f.pos()));
                    }
                    g.writeEndObject();
                } else {
                    write(g, branch, value);
                }
            }
            case ARRAY -> {
                g.writeStartArray();
                for (Object o : (Collection<?>) value) write(g, schema.getElementType(), o);
                g.writeEndArray();
            }
            case MAP -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, schema.getValueType(), e.getValue());
                }
                g.writeEndObject();
            }
            case BYTES -> {
                ByteBuffer b = ((ByteBuffer) value).duplicate();
                byte[] a = new byte[b.remaining()];
                b.get(a);
                g.writeString(Base64.getEncoder().encodeToString(a));
            }
            case FIXED -> g.writeString(Base64.getEncoder().encodeToString(((GenericData.Fixed) value).bytes()));
            case ENUM, STRING -> g.writeString(value.toString());
            case INT -> g.writeNumber((Integer) value);
            case LONG -> g.writeNumber((Long) value);
            case FLOAT -> g.writeNumber((Float) value);
            case DOUBLE -> g.writeNumber((Double) value);
            case BOOLEAN -> g.writeBoolean((Boolean) value);
            case NULL -> g.writeNull();
        }
    }
}
