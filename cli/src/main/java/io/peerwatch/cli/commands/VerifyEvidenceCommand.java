package io.peerwatch.cli.commands;

import io.peerwatch.cli.Failures.CommandFailure;
import io.peerwatch.cli.Peerwatch;
import io.peerwatch.cli.kafka.SourceDispatchLookup;
import io.peerwatch.cli.options.InputSpecConverter;
import io.peerwatch.cli.options.KafkaOptions;
import io.peerwatch.cli.output.IncidentLines;
import io.peerwatch.cli.output.TextTable;
import io.peerwatch.common.io.InputSpec;
import io.peerwatch.incidents.evidence.EvidenceVerifier;
import io.peerwatch.incidents.evidence.FileRawRecordLookup;
import io.peerwatch.incidents.evidence.IncidentEvidence;
import io.peerwatch.incidents.evidence.KafkaRawRecordLookup;
import io.peerwatch.incidents.evidence.VerificationReport;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Incident;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerwatch verify-evidence --incident FILE --input FORMAT=PATH... [--bootstrap-servers ...]}: re-reads
 * every raw record an incident lists as evidence and reports each INTACT, ALTERED or MISSING.
 */
@Command(name = "verify-evidence", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-reads the raw records an incident names as evidence (log files and/or Kafka raw topics),",
                "hashes them and reports each INTACT, ALTERED or MISSING, and whether they still match the incident's digest.",
                "Exit code 1 when any record is not intact."})
public final class VerifyEvidenceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--incident", required = true, paramLabel = "FILE",
            description = "OCSF JSON lines file with the incident (as backfill writes it).")
    Path incidentFile;

    @Option(names = "--id", paramLabel = "ID", description = "Only this finding (id or unique prefix); default: every finding in FILE.")
    String id;

    @Option(names = "--input", paramLabel = "FORMAT=PATH", converter = InputSpecConverter.class,
            description = "Where the raw log files are now (file or directory, repeatable); default: the recorded paths.")
    List<InputSpec> inputs = new ArrayList<>();

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<Incident> incidents = IncidentLines.select(ShowCommand.readFile(incidentFile), id, false);
        if (incidents.isEmpty()) {
            throw new CommandFailure(id == null ? "no incidents in " + incidentFile : "no incident with id " + id + " in " + incidentFile);
        }
        List<Path> searchPaths = inputs.stream().map(InputSpec::path).toList();
        boolean allIntact = true;
        long intact = 0;
        long altered = 0;
        long missing = 0;
        try (SourceDispatchLookup lookup = new SourceDispatchLookup(new FileRawRecordLookup(searchPaths),
                kafka.configured() ? new KafkaRawRecordLookup(kafka.settings(), Duration.ofSeconds(30)) : null)) {
            for (Incident i : incidents) {
                VerificationReport report = EvidenceVerifier.verify(IncidentEvidence.of(i), lookup);
                print(out, i, report);
                intact += report.count(VerificationReport.Status.INTACT);
                altered += report.count(VerificationReport.Status.ALTERED);
                missing += report.count(VerificationReport.Status.MISSING);
                allIntact &= report.verdict() == VerificationReport.Verdict.VERIFIED;
            }
        }
        out.printf("%d incident%s: %d intact, %d altered, %d missing -> %s%n", incidents.size(), incidents.size() == 1 ? "" : "s",
                intact, altered, missing, allIntact ? "VERIFIED" : "NOT VERIFIED");
        out.flush();
        return allIntact ? Peerwatch.OK : Peerwatch.FAILURE;
    }

    private static void print(PrintWriter out, Incident i, VerificationReport r) {
        out.printf("finding %s  %s  rev %d  %s%n", i.getFindingUid(), IncidentLines.printable(i.getTitle(), 80), i.getRevision(), r.verdict());
        out.printf("  digest %s over %d records; listed items %s the digest%s%n", r.expectedRoot(), r.digestCount(),
                r.listMatchesDigest() ? "belong to" : "DO NOT belong to",
                r.recomputedRoot() == null ? "" : r.rootMatches() ? "; root recomputed from the raw records matches"
                        : "; root recomputed from the raw records DIFFERS: " + r.recomputedRoot());
        TextTable t = new TextTable("STATUS", "FORMAT", "WHERE", "DETAIL");
        for (VerificationReport.ItemResult item : r.items()) {
            t.row(item.status().name(), item.item().getFormat(), where(item.item()), IncidentLines.printable(item.detail(), 160));
        }
        for (String line : t.render().split("\n")) out.println("  " + line);
    }

    private static String where(EvidenceRef e) {
        var s = e.getSource();
        String name = IncidentLines.printable(s.getName(), 200);
        return "kafka".equals(s.getKind()) ? name + "[" + s.getPartition() + "]@" + s.getOffset() : name + ":" + s.getLine();
    }
}
