package io.peerwatch.cli.kafka;

import io.peerwatch.incidents.ocsf.OcsfReader;
import io.peerwatch.schema.Incident;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Decodes an incident record value: Avro binary as the incidents topic carries it, or an OCSF JSON line (the
 * OCSF topic), told apart by the first byte (an Avro Incident starts with the length of its id, never '{').
 */
public final class IncidentRecords {
    private final SpecificDatumReader<Incident> reader = new SpecificDatumReader<>(Incident.class);
    private BinaryDecoder decoder;

    /** @throws IllegalArgumentException when the value is neither */
    public Incident decode(byte[] value) {
        if (value == null || value.length == 0) throw new IllegalArgumentException("empty record");
        if (value[0] == '{') return OcsfReader.fromJson(new String(value, StandardCharsets.UTF_8));
        try {
            decoder = DecoderFactory.get().binaryDecoder(value, decoder);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an Avro Incident: " + e.getMessage(), e);
        }
    }
}
