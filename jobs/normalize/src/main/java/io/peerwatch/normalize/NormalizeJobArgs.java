package io.peerwatch.normalize;

import io.peerwatch.common.kafka.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Plain command-line parsing for {@link NormalizeJob}: {@code --name value} or {@code --name=value}. */
final class NormalizeJobArgs {
    private NormalizeJobArgs() {}

    static NormalizeJobConfig parse(String[] args) {
        String bootstrap = null;
        NormalizeJobConfig.Builder job = null;
        java.util.Map<String, String> kafkaProps = new java.util.LinkedHashMap<>();
        List<String[]> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + NormalizeJob.USAGE);
            String name;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                name = a.substring(2);
                if (name.equals("stop-at-latest") || name.equals("help")) {
                    value = "true";
                } else {
                    if (i + 1 >= args.length) throw new IllegalArgumentException("--" + name + " needs a value\n" + NormalizeJob.USAGE);
                    value = args[++i];
                }
            }
            switch (name) {
                case "help" -> throw new IllegalArgumentException(NormalizeJob.USAGE);
                case "bootstrap-servers" -> bootstrap = value;
                case "kafka-property" -> {
                    int kv = value.indexOf('=');
                    if (kv <= 0) throw new IllegalArgumentException("--kafka-property expects key=value, got '" + value + "'");
                    kafkaProps.put(value.substring(0, kv).trim(), value.substring(kv + 1));
                }
                case "kafka-config" -> kafkaProps.putAll(KafkaSettings.loadPropertiesFile(Path.of(value)));
                default -> rest.add(new String[] {name, value});
            }
        }
        if (bootstrap == null) throw new IllegalArgumentException("--bootstrap-servers is required\n" + NormalizeJob.USAGE);
        job = NormalizeJobConfig.builder(bootstrap).kafkaProperties(kafkaProps);
        NormalizeConfig.Builder norm = NormalizeConfig.builder();
        for (String[] nv : rest) {
            String v = nv[1];
            switch (nv[0]) {
                case "topic-prefix" -> job.topicPrefix(v);
                case "formats" -> job.formats(Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
                case "group-id" -> job.groupId(v);
                case "checkpoint-interval" -> job.checkpointInterval(duration(nv[0], v));
                case "transactional-id-prefix" -> job.transactionalIdPrefix(v);
                case "start-from" -> job.startFrom(startFrom(v));
                case "stop-at-latest" -> job.stopAtLatest(Boolean.parseBoolean(v));
                case "max-sort-buffer" -> norm.maxSortBuffer(integer(nv[0], v));
                case "max-record-bytes" -> norm.maxRecordBytes(integer(nv[0], v));
                case "default-network-scope" -> norm.defaultNetworkScope(v);
                case "syslog-year" -> norm.syslogDefaultYear(integer(nv[0], v));
                case "syslog-zone" -> norm.syslogZone(ZoneId.of(v));
                case "out-of-orderness" -> norm.outOfOrderness(duration(nv[0], v));
                case "allowed-lateness" -> norm.allowedLateness(duration(nv[0], v));
                case "idleness" -> norm.idleness(duration(nv[0], v));
                case "source-delay" -> {
                    int kv = v.indexOf('=');
                    if (kv <= 0) throw new IllegalArgumentException("--source-delay expects FORMAT=DURATION, got '" + v + "'");
                    norm.sourceDelay(v.substring(0, kv).trim(), duration(nv[0], v.substring(kv + 1)));
                }
                default -> throw new IllegalArgumentException("unknown option --" + nv[0] + "\n" + NormalizeJob.USAGE);
            }
        }
        return job.normalize(norm.build()).build();
    }

    private static NormalizeJobConfig.StartFrom startFrom(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "committed" -> NormalizeJobConfig.StartFrom.COMMITTED_OR_EARLIEST;
            case "earliest" -> NormalizeJobConfig.StartFrom.EARLIEST;
            case "latest" -> NormalizeJobConfig.StartFrom.LATEST;
            default -> throw new IllegalArgumentException("--start-from expects committed, earliest or latest, got '" + v + "'");
        };
    }

    private static int integer(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " expects a whole number, got '" + v + "'", e);
        }
    }

    /** "10s", "500ms", "2m", "1h", an ISO-8601 duration ("PT10S"), or plain milliseconds. */
    static Duration duration(String name, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("pt") || s.startsWith("p")) return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            if (s.endsWith("h")) return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
            return Duration.ofMillis(Long.parseLong(s));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + name + " expects a duration like 10s, 500ms, 2m or PT10S, got '" + v + "'", e);
        }
    }
}
