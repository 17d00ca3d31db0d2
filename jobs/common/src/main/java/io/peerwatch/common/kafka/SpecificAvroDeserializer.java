package io.peerwatch.common.kafka;

import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Reads Avro binary records of one generated class. The reader and decoder are built once per subtask: flink-avro's
 * AvroDeserializationSchema resets the reader's schema for every record, which made schema resolution the largest
 * cost of the detect job's source (bench/README.md).
 */
public final class SpecificAvroDeserializer<T extends SpecificRecord> implements DeserializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private final Class<T> type;
    private transient SpecificDatumReader<T> reader;
    private transient BinaryDecoder decoder;

    public SpecificAvroDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(byte[] message) throws IOException {
        if (reader == null) {
            reader = new SpecificDatumReader<>(SpecificData.get().getSchema(type));
        }
        decoder = DecoderFactory.get().binaryDecoder(message, decoder);
        return reader.read(null, decoder);
    }

    @Override
    public boolean isEndOfStream(T next) {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type); // Flink picks its Avro type info for generated classes
    }
}
