package io.peerwatch.cli.commands;

import io.peerwatch.cli.Failures.CommandFailure;
import io.peerwatch.cli.Failures.UsageException;
import io.peerwatch.cli.Peerwatch;
import io.peerwatch.cli.options.InputSpecConverter;
import io.peerwatch.cli.options.NormalizeOptions;
import io.peerwatch.cli.options.RunOptions;
import io.peerwatch.cli.output.AvroJson;
import io.peerwatch.cli.output.CountsTables;
import io.peerwatch.cli.output.Fmt;
import io.peerwatch.cli.output.ProgressReporter;
import io.peerwatch.cli.run.FileRuns;
import io.peerwatch.cli.run.InputSize;
import io.peerwatch.cli.run.JobHandle;
import io.peerwatch.cli.run.LocalFlink;
import io.peerwatch.cli.run.RunAccumulators;
import io.peerwatch.common.RawRecord;
import io.peerwatch.common.io.InputSpec;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.NormalizeCounts;
import io.peerwatch.normalize.NormalizeOutputs;
import io.peerwatch.normalize.NormalizePipeline;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code peerwatch normalize --input FORMAT=PATH... --output DIR}: the normalize stage alone over files. */
@Command(name = "normalize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Normalizes log files into normalized.jsonl and deadletter.jsonl in DIR and prints a per-format table:",
                "records read, normalized, dead-lettered, skipped (read = normalized + dead-lettered + skipped)."})
public final class NormalizeCommand implements Callable<Integer> {
    public static final String NORMALIZED_FILE = "normalized.jsonl";
    public static final String DEADLETTER_FILE = "deadletter.jsonl";

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FORMAT=PATH", converter = InputSpecConverter.class,
            description = "Log file or directory (.gz accepted) of a FORMAT (repeatable).")
    List<InputSpec> inputs;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Directory for normalized.jsonl and deadletter.jsonl (created; existing files are replaced).")
    Path outputDir;

    @Mixin
    NormalizeOptions normalize;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NormalizeConfig cfg = normalize.bounded();
        prepareDirectory(outputDir);

        StreamExecutionEnvironment env = LocalFlink.environment(run.parallelism(), null);
        DataStream<RawRecord> raw = FileRuns.raw(env, inputs, cfg.maxRecordBytes());
        NormalizeOutputs n = NormalizePipeline.build(raw, cfg);
        // one collected stream of tagged lines: two collect iterators would have to be drained concurrently
        DataStream<String> events = n.events().map(new RunAccumulators.TrackEventTime()).name("progress: event time")
                .uid("cli-progress-event-time")
                .map(e -> "N" + AvroJson.toJson(e)).returns(Types.STRING).name("normalized as JSON").uid("cli-normalized-json");
        DataStream<String> dead = n.deadLetters().map(d -> "D" + AvroJson.toJson(d)).returns(Types.STRING)
                .name("dead letters as JSON").uid("cli-deadletters-json");
        CloseableIterator<String> lines = events.union(dead).collectAsync();

        long started = System.nanoTime();
        long normalizedLines = 0;
        long deadLines = 0;
        NormalizeCounts counts;
        try (JobHandle job = JobHandle.submit(env, "peerwatch normalize");
             ProgressReporter progress = new ProgressReporter(err, "normalize", ProgressReporter.stderrIsTerminal(),
                     Duration.ofSeconds(ProgressReporter.stderrIsTerminal() ? 1 : 10),
                     FileRuns.progress(job, InputSize.uncompressedBytes(inputs), 0, null));
             BufferedWriter normalized = Files.newBufferedWriter(outputDir.resolve(NORMALIZED_FILE), StandardCharsets.UTF_8);
             BufferedWriter deadletters = Files.newBufferedWriter(outputDir.resolve(DEADLETTER_FILE), StandardCharsets.UTF_8)) {
            try (lines) {
                while (lines.hasNext()) {
                    String l = lines.next();
                    if (l.charAt(0) == 'N') {
                        normalized.write(l, 1, l.length() - 1);
                        normalized.newLine();
                        normalizedLines++;
                    } else {
                        deadletters.write(l, 1, l.length() - 1);
                        deadletters.newLine();
                        deadLines++;
                    }
                }
            } catch (RuntimeException e) {
                throw new CommandFailure("normalize failed: " + JobHandle.rootMessage(e), e);
            }
            counts = NormalizeCounts.from(job.awaitResult());
        } catch (IOException e) {
            throw new CommandFailure("cannot write to " + outputDir + ": " + e.getMessage(), e);
        }
        out.print(CountsTables.normalize(counts));
        out.printf("%nwrote %s events to %s and %s dead letters to %s in %s%n", Fmt.count(normalizedLines),
                outputDir.resolve(NORMALIZED_FILE), Fmt.count(deadLines), outputDir.resolve(DEADLETTER_FILE),
                Fmt.duration(Duration.ofNanos(System.nanoTime() - started)));
        return Peerwatch.OK;
    }

    static void prepareDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UsageException("--output: " + dir + " exists and is not a directory");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UsageException("--output: cannot create directory " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) throw new UsageException("--output: directory " + dir + " is not writable");
    }
}
