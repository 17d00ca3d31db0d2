package io.peerwatch.incidents.evidence;

import io.peerwatch.common.io.RawFiles;
import io.peerwatch.incidents.ocsf.OcsfReader;
import io.peerwatch.schema.Incident;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads incident files: one OCSF JSON line per incident revision, as backfill writes them (.gz accepted). Blank
 * lines are skipped; a line that is not a peerwatch Detection Finding is an error naming its line number.
 */
public final class IncidentFiles {
    private IncidentFiles() {}

    /** Every revision in the file, in file order. */
    public static List<Incident> readIncidents(Path file) throws IOException {
        List<Incident> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(RawFiles.open(file), StandardCharsets.UTF_8))) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                try {
                    out.add(OcsfReader.fromJson(line));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    /** The evidence (items, proofs, digest) of every revision in the file. */
    public static List<IncidentEvidence> readOcsfLines(Path file) throws IOException {
        List<IncidentEvidence> out = new ArrayList<>();
        for (Incident i : readIncidents(file)) out.add(IncidentEvidence.of(i));
        return out;
    }

    /** The last revision of each finding (the CLOSE when present): what to verify or show by default. */
    public static List<Incident> latestPerFinding(List<Incident> revisions) {
        Map<String, Incident> last = new LinkedHashMap<>();
        for (Incident i : revisions) {
            Incident prev = last.get(i.getFindingUid());
            if (prev == null || i.getRevision() >= prev.getRevision()) last.put(i.getFindingUid(), i);
        }
        return new ArrayList<>(last.values());
    }
}
