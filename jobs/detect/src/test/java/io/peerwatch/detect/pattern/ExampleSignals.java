package io.peerwatch.detect.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.schema.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads an example file of cep-patterns/examples: one signal per line in JSON (format in cep-patterns/README.md). */
final class ExampleSignals {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("vmKey", "time", "kind", "proto", "localPort", "remoteIp", "remotePort",
            "bytesOut", "bytesIn", "count", "weight", "attributes");

    private ExampleSignals() {}

    static List<Signal> read(Path file, String defaultVmKey) throws IOException {
        List<Signal> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
            lineNo++;
            if (line.isBlank()) continue;
            try {
                out.add(parse(JSON.readTree(line), defaultVmKey));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Signal parse(JsonNode n, String defaultVmKey) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new IllegalArgumentException("unknown field '" + f + "'");
        }
        JsonNode t = n.get("time");
        if (t == null || n.get("kind") == null) throw new IllegalArgumentException("time and kind are required");
        long time = t.isNumber() ? t.asLong() : Instant.parse(t.asText()).toEpochMilli();
        Map<String, String> attrs = new HashMap<>();
        if (n.has("attributes")) n.get("attributes").fields().forEachRemaining(e -> attrs.put(e.getKey(), e.getValue().asText()));
        return Signal.newBuilder()
                .setVmKey(n.has("vmKey") ? n.get("vmKey").asText() : defaultVmKey)
                .setTime(time)
                .setKind(n.get("kind").asText())
                .setProto(n.has("proto") ? n.get("proto").asText() : null)
                .setLocalPort(n.path("localPort").asInt(0))
                .setRemoteIp(n.has("remoteIp") ? n.get("remoteIp").asText() : null)
                .setRemotePort(n.path("remotePort").asInt(0))
                .setBytesOut(n.path("bytesOut").asLong(0))
                .setBytesIn(n.path("bytesIn").asLong(0))
                .setCount(n.path("count").asLong(1))
                .setWeight(n.path("weight").asDouble(1.0))
                .setAttributes(attrs)
                .build();
    }
}
