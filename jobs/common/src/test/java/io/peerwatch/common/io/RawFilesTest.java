package io.peerwatch.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.common.RawRecord;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawFilesTest {
    @TempDir Path dir;

    @Test
    void linesKeepTheirOneBasedNumbersAndBlankLinesAreNotRecords() throws Exception {
        Path f = dir.resolve("conn.log");
        Files.writeString(f, "a\n\nb\r\nc");
        List<RawRecord> out = new ArrayList<>();
        long n = RawFiles.read("zeek-conn", f, 100, out::add);
        assertThat(n).isEqualTo(3);
        assertThat(out).extracting(r -> new String(r.bytes, StandardCharsets.UTF_8)).containsExactly("a", "b", "c");
        assertThat(out).extracting(r -> r.line).containsExactly(1L, 3L, 4L);
        assertThat(out.get(0).coordinates()).isEqualTo(f + ":1");
    }

    @Test
    void gzipFilesInADirectoryAreReadInNameOrder() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(sub.resolve("b.log"), "second\n");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(sub.resolve("a.log.gz")))) {
            o.write("first\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(sub.resolve(".hidden"), "ignored\n");
        List<RawRecord> all = RawFiles.readAll(List.of(new InputSpec("zeek-conn", sub)), 100);
        assertThat(all).extracting(r -> new String(r.bytes, StandardCharsets.UTF_8)).containsExactly("first", "second");
    }

    @Test
    void anOversizedLineIsCutJustPastTheLimitSoTheNormalizerCanRejectIt() throws Exception {
        Path f = dir.resolve("big.log");
        Files.writeString(f, "x".repeat(5000) + "\nsmall\n");
        List<RawRecord> out = new ArrayList<>();
        RawFiles.read("zeek-conn", f, 100, out::add);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).bytes).hasSize(101);
        assertThat(new String(out.get(1).bytes, StandardCharsets.UTF_8)).isEqualTo("small");
        assertThat(out.get(1).line).isEqualTo(2);
    }

    @Test
    void wholeDocumentFormatsGiveOneRecordPerFile() throws Exception {
        Path f = dir.resolve("vm.xml");
        Files.writeString(f, "<domain>\n<name>x</name>\n</domain>\n");
        List<RawRecord> out = new ArrayList<>();
        RawFiles.read("libvirt-domxml", f, 1 << 20, out::add);
        assertThat(out).singleElement().satisfies(r -> assertThat(new String(r.bytes, StandardCharsets.UTF_8)).contains("<name>x</name>"));
    }

    @Test
    void unknownFormatsAndMissingPathsAreClearErrors() {
        assertThatThrownBy(() -> InputSpec.parse("zeek-con=" + dir)).hasMessageContaining("unknown FORMAT 'zeek-con'");
        assertThatThrownBy(() -> InputSpec.parse("zeek-conn=" + dir.resolve("nope"))).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> InputSpec.parse("zeek-conn")).hasMessageContaining("FORMAT=PATH");
    }
}
