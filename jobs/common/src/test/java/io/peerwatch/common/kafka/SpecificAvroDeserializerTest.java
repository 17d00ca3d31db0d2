package io.peerwatch.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.schema.SourceRef;
import java.io.ByteArrayOutputStream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class SpecificAvroDeserializerTest {
    private static byte[] encode(SourceRef r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(SourceRef.class).write(r, enc);
        enc.flush();
        return out.toByteArray();
    }

    @Test
    void successiveRecordsDecodeIndependentlyWithTheReusedDecoder() throws Exception {
        SpecificAvroDeserializer<SourceRef> d = new SpecificAvroDeserializer<>(SourceRef.class);
        SourceRef a = new SourceRef("kafka", "peerwatch.raw.zeek-conn", 3, 42L, -1L);
        SourceRef b = new SourceRef("file", "/var/log/dhcp.log", -1, -1L, 17L);
        SourceRef first = d.deserialize(encode(a));
        SourceRef second = d.deserialize(encode(b));
        assertThat(first).isEqualTo(a).isNotSameAs(second);
        assertThat(second).isEqualTo(b);
        assertThat(d.getProducedType().getTypeClass()).isEqualTo(SourceRef.class);
    }
}
