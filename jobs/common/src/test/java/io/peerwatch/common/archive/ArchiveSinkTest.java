package io.peerwatch.common.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.common.Hashing;
import io.peerwatch.common.RawRecord;
import io.peerwatch.common.io.InputSpec;
import io.peerwatch.common.io.RawFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ArchiveSinkTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final long NOV_3 = 1_762_128_000_000L; // 2025-11-03T00:00:00Z
    static final long DAY = 86_400_000L;

    @TempDir
    Path archive;

    static List<RawRecord> records() {
        List<RawRecord> rs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long ts = NOV_3 + (i % 2) * DAY + i * 1000L;
            rs.add(RawRecord.fromKafka("zeek-conn", "peerwatch.raw.zeek-conn", i % 3, i, ts,
                    ("{\"ts\": " + (ts / 1000) + ", \"uid\": \"C" + i + "\", \"orig_bytes\": " + (i * 17) + "}").getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 40; i++) {
            rs.add(RawRecord.fromKafka("dnsmasq-dhcp", "peerwatch.raw.dnsmasq-dhcp", 0, i, NOV_3 + i,
                    ("2025-11-03T00:00:0" + (i % 10) + "Z kvm-01 dnsmasq-dhcp[1]: DHCPACK(virbr0) 192.168.1." + i + " 52:54:00:00:00:" + i)
                            .getBytes(StandardCharsets.UTF_8)));
        }
        rs.add(RawRecord.fromKafka("libvirt-domxml", "peerwatch.raw.libvirt-domxml", 1, 5, NOV_3 + 5,
                "<domain type='kvm'>\n  <name>vm-a</name>\n</domain>\n".getBytes(StandardCharsets.UTF_8)));
        rs.add(RawRecord.fromKafka("libvirt-domxml", "peerwatch.raw.libvirt-domxml", 1, 6, NOV_3 + 6,
                "<domain type='kvm'>\n  <name>vm-b</name>\n</domain>".getBytes(StandardCharsets.UTF_8)));
        // a line-format record that is not one line: kept whole, apart from the replayable lines
        rs.add(RawRecord.fromKafka("zeek-conn", "peerwatch.raw.zeek-conn", 2, 1000, NOV_3 + 7,
                "{\"ts\": 1}\n{\"ts\": 2}".getBytes(StandardCharsets.UTF_8)));
        return rs;
    }

    @Test
    void archivesEveryRecordUnderItsDayAndFormatReadableByRawFilesAndWithOriginalCoordinates() throws Exception {
        List<RawRecord> input = records();
        // no Kryo: RawRecord must stay a POJO
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                new Configuration().set(PipelineOptions.GENERIC_TYPES, false));
        env.setParallelism(2);
        env.enableCheckpointing(100);
        ArchiveSink.attach(env.fromData(input, TypeInformation.of(RawRecord.class)).rebalance(), archive.toUri().toString());
        env.execute("archive test");

        // the layout backfill --input reads: one directory per day and format
        assertThat(ArchiveLayout.inputArgs(archive, LocalDate.parse("2025-11-02"), LocalDate.parse("2025-11-05")))
                .containsExactlyInAnyOrder(
                        "zeek-conn=" + archive.resolve("dt=2025-11-03/format=zeek-conn"),
                        "dnsmasq-dhcp=" + archive.resolve("dt=2025-11-03/format=dnsmasq-dhcp"),
                        "libvirt-domxml=" + archive.resolve("dt=2025-11-03/format=libvirt-domxml"),
                        "zeek-conn=" + archive.resolve("dt=2025-11-04/format=zeek-conn"));

        // RawFiles (what backfill --input uses) yields exactly the archived bytes, per day and format
        List<String> viaInputs = new ArrayList<>();
        for (String arg : ArchiveLayout.inputArgs(archive, LocalDate.parse("2025-11-03"), LocalDate.parse("2025-11-04"))) {
            for (RawRecord r : RawFiles.readAll(List.of(InputSpec.parse(arg)), 1 << 20)) {
                viaInputs.add(r.format + " " + Hashing.sha256Hex(r.bytes));
            }
        }
        List<String> expected = input.stream().filter(r -> !(r.format.equals("zeek-conn") && r.offset == 1000))
                .map(r -> r.format + " " + Hashing.sha256Hex(r.bytes)).toList();
        assertThat(viaInputs).containsExactlyInAnyOrderElementsOf(expected);

        // ArchiveReader gives every record, intact, with the coordinates it had in Kafka
        List<ArchiveReader.ArchivedRecord> all = ArchiveReader.readAll(archive);
        assertThat(all).allMatch(ArchiveReader.ArchivedRecord::intact);
        assertThat(all.stream().map(ArchiveReader.ArchivedRecord::toRawRecord).toList()).containsExactlyInAnyOrderElementsOf(input);

        // the record that is not a line is kept whole in its own place
        Path unsplittable = archive.resolve("dt=2025-11-03/_unsplittable/format=zeek-conn/doc-p2-o1000");
        assertThat(ArchiveReader.readAll(unsplittable)).singleElement()
                .satisfies(r -> assertThat(r.bytes()).isEqualTo("{\"ts\": 1}\n{\"ts\": 2}".getBytes(StandardCharsets.UTF_8)));

        // and an evidence pointer (topic, partition, offset) finds its record
        assertThat(ArchiveReader.find(archive.resolve("dt=2025-11-04"), "peerwatch.raw.zeek-conn", 2, 149))
                .hasValueSatisfying(r -> assertThat(r.meta().sha256()).isEqualTo(Hashing.sha256Hex(input.get(149).bytes)));

        // no in-progress or pending files are left behind
        try (var files = Files.walk(archive)) {
            Map<Boolean, Long> hidden = files.filter(Files::isRegularFile)
                    .collect(Collectors.partitioningBy(p -> p.getFileName().toString().startsWith("."), Collectors.counting()));
            assertThat(hidden.get(true)).isZero();
            assertThat(hidden.get(false)).isPositive();
        }
    }
}
