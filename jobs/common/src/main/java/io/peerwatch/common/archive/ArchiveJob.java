package io.peerwatch.common.archive;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.common.Topics;
import io.peerwatch.common.kafka.KafkaIo;
import io.peerwatch.common.kafka.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The archive job: reads every raw topic ({@code <prefix>.raw.<FORMAT>}) in its own consumer group and writes
 * the records to the archive ({@link ArchiveSink}), independent of the normalize job so archiving never waits
 * for parsing and a parser bug never loses evidence. Flags: {@code --bootstrap-servers}, {@code --topic-prefix},
 * {@code --archive-dir URI} (path, file:// or s3://), {@code --kafka-config FILE}, {@code --kafka-property k=v},
 * {@code --formats f1,f2}, {@code --group-id}, {@code --checkpoint-interval 60s}.
 */
public final class ArchiveJob {
    static final String USAGE = "usage: ArchiveJob --bootstrap-servers HOST:PORT --archive-dir URI [--topic-prefix P]"
            + " [--kafka-config FILE] [--kafka-property k=v ...] [--formats f1,f2] [--group-id ID] [--checkpoint-interval 60s]";

    private ArchiveJob() {}

    /** Parsed flags. */
    public record Config(String bootstrapServers, Map<String, String> kafkaProperties, Topics topics, String archiveDir,
                         List<String> formats, String groupId, Duration checkpointInterval) {

        public KafkaSettings kafka() {
            return new KafkaSettings(bootstrapServers, kafkaProperties);
        }
    }

    public static void main(String[] args) throws Exception {
        Config c = parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // the FileSink commits files only on completed checkpoints
        env.enableCheckpointing(c.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        Map<String, String> topicToFormat = new TreeMap<>();
        for (String f : c.formats()) topicToFormat.put(c.topics().raw(f), f);
        var source = KafkaIo.rawSource(c.kafka(), topicToFormat, c.groupId(),
                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST), null);
        var raw = env.fromSource(source, WatermarkStrategy.<RawRecord>noWatermarks(), "raw topics")
                .uid("raw-archive-source");
        ArchiveSink.attach(raw, c.archiveDir());
        env.execute("peerwatch-archive");
    }

    public static Config parse(String... args) {
        String servers = null;
        String prefix = Topics.DEFAULT_PREFIX;
        String dir = null;
        String group = null;
        List<String> formats = new ArrayList<>(Formats.ALL);
        Duration interval = Duration.ofSeconds(60);
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else {
                if (i + 1 >= args.length) throw new IllegalArgumentException("missing value for " + flag + "\n" + USAGE);
                value = args[++i];
            }
            switch (flag) {
                case "--bootstrap-servers" -> servers = value;
                case "--topic-prefix" -> prefix = value;
                case "--archive-dir" -> dir = value;
                case "--group-id" -> group = value;
                case "--formats" -> {
                    formats = new ArrayList<>();
                    for (String f : value.split(",")) formats.add(Formats.require(f.trim()));
                }
                case "--checkpoint-interval" -> interval = parseDuration(value);
                case "--kafka-config" -> {
                    Path p = Path.of(value);
                    if (!Files.isRegularFile(p)) throw new IllegalArgumentException("--kafka-config: no such file: " + p);
                    props.putAll(KafkaSettings.loadPropertiesFile(p));
                }
                case "--kafka-property" -> {
                    int kv = value.indexOf('=');
                    if (kv <= 0) throw new IllegalArgumentException("--kafka-property expects key=value, got '" + value + "'");
                    props.put(value.substring(0, kv), value.substring(kv + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        if (servers == null) servers = props.get("bootstrap.servers");
        props.remove("bootstrap.servers");
        if (servers == null || servers.isBlank()) throw new IllegalArgumentException("--bootstrap-servers is required\n" + USAGE);
        if (dir == null || dir.isBlank()) throw new IllegalArgumentException("--archive-dir is required\n" + USAGE);
        Topics topics = new Topics(prefix);
        return new Config(servers, props, topics, dir, List.copyOf(formats), group == null ? prefix + "-archive" : group, interval);
    }

    /** "90s", "5m", "1h" or plain seconds. */
    static Duration parseDuration(String v) {
        String s = v.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            if (s.endsWith("h")) return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
            return Duration.ofSeconds(Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--checkpoint-interval: not a duration: '" + v + "'", e);
        }
    }
}
