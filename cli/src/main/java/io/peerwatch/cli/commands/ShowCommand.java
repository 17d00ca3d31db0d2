package io.peerwatch.cli.commands;

import io.peerwatch.cli.Failures.CommandFailure;
import io.peerwatch.cli.Failures.UsageException;
import io.peerwatch.cli.Peerwatch;
import io.peerwatch.cli.kafka.IncidentRecords;
import io.peerwatch.cli.kafka.TopicReader;
import io.peerwatch.cli.options.KafkaOptions;
import io.peerwatch.cli.output.IncidentLines;
import io.peerwatch.incidents.evidence.IncidentFiles;
import io.peerwatch.incidents.render.IncidentRenderer;
import io.peerwatch.schema.Incident;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code peerwatch show FILE|--topic T [--id ID]}: incidents for a person. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints incidents readably: from an OCSF JSON lines file (as backfill writes it, .gz accepted)",
                "or from an incidents topic (Avro, or the OCSF topic), read committed.",
                "By default the latest revision of each finding is shown."})
public final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "OCSF JSON lines file of incidents.")
    Path file;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Incidents topic to read (e.g. peerwatch.incidents).")
    String topic;

    @Option(names = "--id", paramLabel = "ID", description = "Only the finding with this id (or a unique prefix of it).")
    String id;

    @Option(names = "--all-revisions", description = "Every revision (create, updates, close), not only the latest.")
    boolean allRevisions;

    @Option(names = "--brief", description = "One line per incident instead of the full report.")
    boolean brief;

    @Option(names = "--follow", description = "With --topic: keep printing incidents as they are committed (Ctrl-C stops).")
    boolean follow;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if ((file == null) == (topic == null)) throw new UsageException("give either FILE or --topic TOPIC");
        if (follow && topic == null) throw new UsageException("--follow needs --topic");
        if (follow) return follow(out);

        List<Incident> revisions = file != null ? readFile(file) : readTopic();
        List<Incident> selected = IncidentLines.select(revisions, id, allRevisions);
        if (id != null && selected.isEmpty()) {
            throw new CommandFailure("no incident with id " + id + " in " + (file != null ? file : topic));
        }
        for (Incident i : selected) print(out, i);
        long findings = selected.stream().map(Incident::getFindingUid).distinct().count();
        out.printf("%d incident%s (%d revision%s shown, %d read)%n", findings, findings == 1 ? "" : "s",
                selected.size(), selected.size() == 1 ? "" : "s", revisions.size());
        return Peerwatch.OK;
    }

    private void print(PrintWriter out, Incident i) {
        if (brief) {
            out.println(IncidentLines.brief(i));
        } else {
            out.println(IncidentRenderer.render(i));
        }
        out.flush();
    }

    static List<Incident> readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) throw new UsageException("cannot read incident file " + file);
        try {
            return IncidentFiles.readIncidents(file);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    private List<Incident> readTopic() {
        List<Incident> all = new ArrayList<>();
        IncidentRecords decode = new IncidentRecords();
        try (TopicReader reader = new TopicReader(kafka.settings(), topic, Duration.ofSeconds(30))) {
            reader.seekToBeginning();
            reader.readToEnd(r -> all.add(decodeOrFail(decode, r.value(), r.partition(), r.offset())));
        }
        return all;
    }

    private Incident decodeOrFail(IncidentRecords decode, byte[] value, int partition, long offset) {
        try {
            return decode.decode(value);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(topic + "[" + partition + "]@" + offset + ": " + e.getMessage(), e);
        }
    }

    private int follow(PrintWriter out) {
        AtomicBoolean stop = new AtomicBoolean();
        Thread hook = new Thread(() -> stop.set(true), "peerwatch-show-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        AtomicLong shown = new AtomicLong();
        IncidentRecords decode = new IncidentRecords();
        try (TopicReader reader = new TopicReader(kafka.settings(), topic, Duration.ofSeconds(30))) {
            reader.seekToBeginning();
            reader.follow(r -> {
                Incident i = decodeOrFail(decode, r.value(), r.partition(), r.offset());
                if (IncidentLines.matches(i, id)) {
                    print(out, i);
                    shown.incrementAndGet();
                }
            }, stop::get, Duration.ofMillis(500));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook already ran
            }
        }
        return Peerwatch.OK;
    }
}
