package io.peerwatch.detect;

import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.detect.config.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Command-line flags of {@link DetectJob#main(String[])}: {@code --bootstrap-servers}, {@code --topic-prefix},
 * {@code --patterns DIR}, {@code --allowlist FILE}, {@code --kafka-property k=v} (repeatable),
 * {@code --kafka-config FILE}, {@code --checkpoint-interval 30s}, {@code --group-id}, {@code --parallelism N}.
 * Flags take their value as the next argument or after '='.
 */
public final class DetectJobArgs {
    public static final String USAGE = """
            usage: DetectJob --bootstrap-servers HOST:PORT[,HOST:PORT...] [options]
              --topic-prefix P              topic prefix (default peerwatch): reads P.normalized, writes P.attributed,
                                            P.identity, P.incidents, P.incidents.ocsf
              --patterns DIR                pattern files (default: the set packaged in the jar, cep-patterns/)
              --allowlist FILE              volume allowlist YAML (default: packaged, empty)
              --kafka-property key=value    Kafka client property, repeatable (security.protocol, sasl.*, ssl.*);
                                            values ${env:NAME} and ${file:/path} are resolved at start
              --kafka-config FILE           Kafka client properties file
              --group-id G                  consumer group and transactional id prefix (default peerwatch-detect)
              --checkpoint-interval D       e.g. 10s, 500ms (default 30s); results commit on checkpoints
              --start-from committed|earliest|latest   (default committed, else earliest)
              --stop-at-latest              finish once the offsets that were latest at start are read
              --out-of-orderness D --idleness D   watermarks of the normalized topic (default 30s, 10s)
              --parallelism N
            """;

    private DetectJobArgs() {}

    public static DetectJobConfig parse(String... args) {
        DetectJobConfig.Builder b = DetectJobConfig.builder();
        List<String> a = List.of(args);
        for (int i = 0; i < a.size(); i++) {
            String flag = a.get(i);
            if (flag.equals("--stop-at-latest")) {
                b.stopAtLatest(true);
                continue;
            }
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else {
                if (i + 1 >= a.size()) throw new IllegalArgumentException("missing value for " + flag + "\n" + USAGE);
                value = a.get(++i);
            }
            switch (flag) {
                case "--bootstrap-servers" -> b.bootstrapServers(value);
                case "--topic-prefix" -> b.topicPrefix(value);
                case "--patterns" -> b.patternsDir(existing(flag, value, true));
                case "--allowlist" -> b.allowlistFile(existing(flag, value, false));
                case "--kafka-property" -> {
                    int kv = value.indexOf('=');
                    if (kv <= 0) throw new IllegalArgumentException("--kafka-property expects key=value, got '" + value + "'");
                    b.kafkaProperty(value.substring(0, kv), value.substring(kv + 1));
                }
                case "--kafka-config" -> b.kafkaProperties(KafkaSettings.loadPropertiesFile(existing(flag, value, false)));
                case "--checkpoint-interval" -> b.checkpointInterval(Durations.parse(value));
                case "--group-id" -> b.groupId(value);
                case "--parallelism" -> b.parallelism(parseInt(flag, value));
                case "--out-of-orderness" -> b.outOfOrderness(Durations.parse(value));
                case "--idleness" -> b.idleness(Durations.parse(value));
                case "--start-from" -> b.startFrom(switch (value) {
                    case "committed" -> DetectJobConfig.StartFrom.COMMITTED_OR_EARLIEST;
                    case "earliest" -> DetectJobConfig.StartFrom.EARLIEST;
                    case "latest" -> DetectJobConfig.StartFrom.LATEST;
                    default -> throw new IllegalArgumentException("--start-from must be committed, earliest or latest, got '" + value + "'");
                });
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        return b.build();
    }

    private static int parseInt(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " expects a number, got '" + value + "'", e);
        }
    }

    private static Path existing(String flag, String value, boolean directory) {
        Path p = Path.of(value);
        if (directory ? !Files.isDirectory(p) : !Files.isRegularFile(p)) {
            throw new IllegalArgumentException(flag + ": " + (directory ? "no such directory: " : "no such file: ") + p);
        }
        return p;
    }
}
