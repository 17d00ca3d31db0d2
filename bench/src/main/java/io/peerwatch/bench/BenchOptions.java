package io.peerwatch.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Command-line options of {@link Benchmarks}. Defaults are sized so all default suites finish in about ten
 * minutes on a 2-core machine.
 *
 * @param suites suites to run, in order
 * @param records Zeek conn records for the normalize suite
 * @param vms VMs of the generated scenario (end-to-end and backfill)
 * @param hours hours of the generated scenario
 * @param seed scenario seed
 * @param parallelism Flink parallelism of every job
 * @param partitions partitions of every topic
 * @param checkpointInterval checkpoint interval of the exactly-once jobs (their output commits on checkpoints)
 * @param consumePasses measured passes of the plain consumer (the median is reported)
 * @param jmhWarmup JMH warm-up iterations per format (1 s each)
 * @param jmhIterations JMH measured iterations per format (1 s each)
 * @param parserFormats formats of the parser suite (empty: all)
 * @param identityVms VMs of the identity scale suite
 * @param workDir where scenario files are written (deleted at the end unless keep)
 * @param keep keep the work directory
 * @param allowedLateness allowed lateness of the live normalize job (null: the job's default)
 */
public record BenchOptions(List<String> suites, long records, int vms, int hours, long seed, int parallelism, int partitions,
                           Duration checkpointInterval, int consumePasses, int jmhWarmup, int jmhIterations,
                           List<String> parserFormats, int identityVms, Path workDir, boolean keep,
                           Duration allowedLateness) {

    public static final List<String> ALL_SUITES = List.of("normalize", "end-to-end", "backfill", "parsers", "identity", "detect");
    /** What runs without suite arguments: everything with a target in the issues. */
    public static final List<String> DEFAULT_SUITES = List.of("normalize", "end-to-end", "backfill", "parsers");

    public static final String USAGE = """
            usage: peerwatch-bench [options] [suite...]
              suites: normalize | end-to-end | backfill | parsers | identity | detect | all
                      (default: normalize end-to-end backfill parsers, the ones with targets)
                normalize   plain KafkaConsumer vs the normalize job (Kafka in, Avro out, exactly-once) on the same Zeek conn records
                end-to-end  generated scenario in Kafka -> normalize job -> detect job -> incidents; vs plain consume of the same records
                backfill    the cli's bounded backfill job over scenario files and over the raw topics' time range
                parsers     JMH, one thread, records/s of every FORMAT's parser
                identity    as-of attribution scale (IdentityScaleBench): state per binding, events/s
                detect      the detect stage alone over generated attributed events (DetectBench; --vms)
              --records N              Zeek conn records for normalize (default 1000000)
              --vms N                  VMs of the scenario for end-to-end and backfill (default 10000)
              --hours N                hours of scenario time (default 2, minimum 2)
              --seed N                 scenario seed (default 42)
              --parallelism N          Flink parallelism (default 2)
              --partitions N           partitions per topic (default 2)
              --checkpoint-interval D  e.g. 2s, 500ms (default 2s)
              --consume-passes N       measured passes of the plain consumer, median reported (default 3)
              --jmh-warmup N --jmh-iterations N   1-second JMH iterations per parser (default 2 and 3)
              --parser-formats F,F     parsers to measure (default: all)
              --identity-vms N         VMs of the identity suite (default 100000)
              --work-dir DIR           scenario files go here (default: a temporary directory)
              --keep                   keep the work directory
              --allowed-lateness D     allowed lateness of the normalize job in normalize/end-to-end (default: the job's, 5m);
                                       e.g. 3h makes nothing late when a backlog is read (see bench/README.md)
            """;

    public static BenchOptions parse(String[] args) {
        Set<String> suites = new LinkedHashSet<>();
        long records = 1_000_000;
        int vms = 10_000, hours = 2, parallelism = 2, partitions = 2, passes = 3, warmup = 2, iterations = 3, identityVms = 100_000;
        long seed = 42;
        Duration checkpoint = Duration.ofSeconds(2);
        List<String> parserFormats = new ArrayList<>();
        Path workDir = null;
        boolean keep = false;
        Duration allowedLateness = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--records" -> records = positiveLong(a, value(args, ++i, a));
                case "--vms" -> vms = (int) positiveLong(a, value(args, ++i, a));
                case "--hours" -> hours = (int) positiveLong(a, value(args, ++i, a));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                case "--parallelism" -> parallelism = (int) positiveLong(a, value(args, ++i, a));
                case "--partitions" -> partitions = (int) positiveLong(a, value(args, ++i, a));
                case "--checkpoint-interval" -> checkpoint = duration(a, value(args, ++i, a));
                case "--consume-passes" -> passes = (int) positiveLong(a, value(args, ++i, a));
                case "--jmh-warmup" -> warmup = (int) Long.parseLong(value(args, ++i, a));
                case "--jmh-iterations" -> iterations = (int) positiveLong(a, value(args, ++i, a));
                case "--parser-formats" -> parserFormats.addAll(List.of(value(args, ++i, a).split(",")));
                case "--identity-vms" -> identityVms = (int) positiveLong(a, value(args, ++i, a));
                case "--work-dir" -> workDir = Path.of(value(args, ++i, a));
                case "--keep" -> keep = true;
                case "--allowed-lateness" -> allowedLateness = duration(a, value(args, ++i, a));
                case "all" -> suites.addAll(ALL_SUITES);
                default -> {
                    if (a.startsWith("-")) throw new IllegalArgumentException("unknown option " + a);
                    if (!ALL_SUITES.contains(a)) throw new IllegalArgumentException("unknown suite '" + a + "'; suites: " + ALL_SUITES);
                    suites.add(a);
                }
            }
        }
        if (suites.isEmpty()) suites.addAll(DEFAULT_SUITES);
        if (hours < 2) throw new IllegalArgumentException("--hours must be >= 2 (the scenario generator's minimum)");
        if (vms < 5) throw new IllegalArgumentException("--vms must be >= 5");
        if (warmup < 0) throw new IllegalArgumentException("--jmh-warmup must be >= 0");
        // keep the order of ALL_SUITES so shared fixtures (the scenario) are prepared once
        List<String> ordered = ALL_SUITES.stream().filter(suites::contains).toList();
        return new BenchOptions(ordered, records, vms, hours, seed, parallelism, partitions, checkpoint, passes, warmup, iterations,
                List.copyOf(parserFormats), identityVms, workDir, keep, allowedLateness);
    }

    /** Hypervisors of the scenario: about 100 VMs each, as in the generator's own sizing. */
    public int hypervisors() {
        return Math.max(1, Math.min(200, vms / 100));
    }

    /** The live normalize settings of the normalize and end-to-end suites. */
    public io.peerwatch.normalize.NormalizeConfig liveNormalizeConfig() {
        var b = io.peerwatch.normalize.NormalizeConfig.builder();
        if (allowedLateness != null) b.allowedLateness(allowedLateness);
        return b.build();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    private static long positiveLong(String option, String v) {
        long n;
        try {
            n = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a number: " + v, e);
        }
        if (n < 1) throw new IllegalArgumentException(option + " must be >= 1");
        return n;
    }

    static Duration duration(String option, String v) {
        String s = v.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            if (s.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            if (s.endsWith("h")) return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a duration: " + v, e);
        }
        throw new IllegalArgumentException(option + ": not a duration (e.g. 2s, 500ms): " + v);
    }
}
