package io.peerwatch.cli.commands;

import io.peerwatch.cli.Failures.CommandFailure;
import io.peerwatch.cli.Peerwatch;
import io.peerwatch.cli.options.InputSpecConverter;
import io.peerwatch.cli.options.NormalizeOptions;
import io.peerwatch.cli.options.RunOptions;
import io.peerwatch.cli.output.CountsTables;
import io.peerwatch.cli.output.Fmt;
import io.peerwatch.cli.output.IncidentFileWriter;
import io.peerwatch.cli.output.ProgressReporter;
import io.peerwatch.cli.output.TextTable;
import io.peerwatch.cli.run.AttributionCounts;
import io.peerwatch.cli.run.FileRuns;
import io.peerwatch.cli.run.InputSize;
import io.peerwatch.cli.run.JobHandle;
import io.peerwatch.cli.run.LocalFlink;
import io.peerwatch.cli.run.RunAccumulators;
import io.peerwatch.common.io.InputSpec;
import io.peerwatch.identity.AttributedFlowJson;
import io.peerwatch.identity.AttributionPipeline;
import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.NormalizeCounts;
import io.peerwatch.normalize.NormalizePipeline;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.NormalizedEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peerwatch attribute --input FORMAT=PATH... --output FILE}: each flow with the VM that held its address then. */
@Command(name = "attribute", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Attributes every network flow in the log files to the VM that held its address at the flow's time",
                "and writes one JSON line per VM side of each flow (attributed, or unattributed with the reason).",
                "Lines start with the flow's time, so `sort FILE` orders them by time."})
public final class AttributeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FORMAT=PATH", converter = InputSpecConverter.class,
            description = "Log file or directory (.gz accepted) of a FORMAT (repeatable); identity logs (DHCP, libvirt) too.")
    List<InputSpec> inputs;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "JSON lines file to write (replaced).")
    Path output;

    @Option(names = "--all-events", description = "Also DNS, HTTP, TLS, process and protocol-hint events, not only flows.")
    boolean allEvents;

    @Mixin
    NormalizeOptions normalize;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NormalizeConfig cfg = normalize.bounded();
        IncidentFileWriter.checkWritable(output);

        StreamExecutionEnvironment env = LocalFlink.environment(run.parallelism(), null);
        DataStream<NormalizedEvent> events = NormalizePipeline.build(FileRuns.raw(env, inputs, cfg.maxRecordBytes()), cfg).events()
                .map(new RunAccumulators.TrackEventTime()).name("progress: event time").uid("cli-progress-event-time");
        DataStream<AttributedEvent> attributed = AttributionPipeline.build(events, IdentityConfig.defaults()).attributed();
        boolean flowsOnly = !allEvents;
        CloseableIterator<String> lines = attributed
                .filter(a -> !flowsOnly || AttributedFlowJson.isFlow(a)).name("flows only").uid("cli-attribute-flows-only")
                .map(new AttributionCounts()).name("count attribution").uid("cli-attribute-counts")
                .map(AttributedFlowJson::toJsonLine).returns(Types.STRING).name("as JSON").uid("cli-attribute-json")
                .collectAsync();

        long started = System.nanoTime();
        long written = 0;
        JobExecutionResult result;
        Path tmp = output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".tmp");
        try (JobHandle job = JobHandle.submit(env, "peerwatch attribute");
             ProgressReporter progress = new ProgressReporter(err, "attribute", ProgressReporter.stderrIsTerminal(),
                     Duration.ofSeconds(ProgressReporter.stderrIsTerminal() ? 1 : 10),
                     FileRuns.progress(job, InputSize.uncompressedBytes(inputs), 0, null));
             BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            try (lines) {
                while (lines.hasNext()) {
                    w.write(lines.next());
                    w.newLine();
                    written++;
                }
            } catch (RuntimeException e) {
                throw new CommandFailure("attribution failed: " + JobHandle.rootMessage(e), e);
            }
            result = job.awaitResult();
        } catch (IOException e) {
            throw new CommandFailure("cannot write " + output + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, output.toAbsolutePath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CommandFailure("cannot write " + output + ": " + e.getMessage(), e);
        }

        Map<String, Object> acc = result.getAllAccumulatorResults();
        out.print(CountsTables.normalize(NormalizeCounts.fromAccumulators(acc)));
        TextTable t = new TextTable("ATTRIBUTION", "VM SIDES");
        AttributionCounts.from(acc).forEach((k, v) -> t.row(k, v));
        out.println();
        out.print(t.isEmpty() ? "no flows\n" : t.render());
        out.printf("%nwrote %s lines to %s in %s%n", Fmt.count(written), output,
                Fmt.duration(Duration.ofNanos(System.nanoTime() - started)));
        return Peerwatch.OK;
    }
}
