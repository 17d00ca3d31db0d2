package io.peerwatch.bench.suites;

import io.peerwatch.schema.Incident;
import io.peerwatch.testkit.scenario.ScenarioTruth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * What the pipeline found, in one line, next to the scenario's truth: a benchmark that runs fast but finds nothing
 * would be measuring the wrong thing. Information only; the detection tests own correctness.
 */
final class IncidentSummary {
    private IncidentSummary() {}

    static List<Incident> decode(List<byte[]> values) {
        SpecificDatumReader<Incident> reader = new SpecificDatumReader<>(Incident.class);
        return values.stream().map(v -> {
            try {
                return reader.read(null, DecoderFactory.get().binaryDecoder(v, null));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot decode an incident", e);
            }
        }).toList();
    }

    static String describe(List<Incident> revisions, ScenarioTruth truth) {
        Map<String, TreeSet<String>> vmsByCategory = new TreeMap<>();
        TreeSet<String> findings = new TreeSet<>();
        for (Incident i : revisions) {
            findings.add(i.getFindingUid());
            if (Boolean.TRUE.equals(i.getSuppressed())) continue;
            String vm = i.getVm() != null && i.getVm().getName() != null ? i.getVm().getName() : String.valueOf(i.getVmKey());
            vmsByCategory.computeIfAbsent(i.getCategory(), c -> new TreeSet<>()).add(vm);
        }
        String bt = truth.bittorrent().vm().name();
        String exfil = truth.exfiltration().vm().name();
        String backup = truth.backup().vm().name();
        TreeSet<String> p2p = vmsByCategory.getOrDefault("p2p-filesharing", new TreeSet<>());
        TreeSet<String> volume = vmsByCategory.getOrDefault("abnormal-transfer-volume", new TreeSet<>());
        return String.format("%d findings (%d revisions); p2p VMs %s; volume VMs %s; truth: BitTorrent %s %s, exfiltration %s %s, backup %s %s",
                findings.size(), revisions.size(), abbreviate(p2p), abbreviate(volume),
                bt, p2p.contains(bt) ? "found" : "NOT found", exfil, volume.contains(exfil) ? "found" : "NOT found",
                backup, volume.contains(backup) ? "flagged" : "not flagged");
    }

    private static String abbreviate(TreeSet<String> names) {
        if (names.size() <= 6) return names.toString();
        return "[" + String.join(", ", names.stream().limit(6).toList()) + ", ... " + (names.size() - 6) + " more]";
    }
}
