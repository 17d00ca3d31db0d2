package io.peerwatch.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.schema.DeadLetter;
import io.peerwatch.schema.SourceRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AvroJsonTest {
    @Test
    void bytesBecomeBase64AndControlCharactersAreEscapedOnOneLine() throws Exception {
        byte[] raw = "evil\nline\u001b[31m".getBytes(StandardCharsets.UTF_8);
        DeadLetter d = DeadLetter.newBuilder()
                .setFormat("zeek-conn")
                .setSource(new SourceRef("file", "/logs/conn.log", -1, -1L, 7L))
                .setOriginalBytes(ByteBuffer.wrap(raw))
                .setRawSha256("00")
                .setErrorClass("MalformedRecord")
                .setMessage("bad\r\nthing")
                .setFailedAt(1L)
                .build();
        String json = AvroJson.toJson(d);
        assertThat(json).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b");
        JsonNode n = new ObjectMapper().readTree(json);
        assertThat(n.get("source").get("line").asLong()).isEqualTo(7);
        assertThat(Base64.getDecoder().decode(n.get("originalBytes").asText())).isEqualTo(raw);
        assertThat(n.get("message").asText()).isEqualTo("bad\r\nthing");
    }
}
