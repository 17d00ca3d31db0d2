package io.peerwatch.incidents.evidence;

import io.peerwatch.common.RawRecord;
import io.peerwatch.common.io.RawFiles;
import io.peerwatch.schema.EvidenceRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Re-reads raw records from log files (plain or .gz) with exactly the framing the readers used
 * ({@link RawFiles}), so a record's bytes hash the same as when it became evidence. Files are found at the path
 * recorded in the evidence, or, when they moved, under the given search paths (the {@code --input} PATHs) by the
 * longest matching tail of the recorded path. Each file is read once per {@link #fetchAll} call.
 */
public final class FileRawRecordLookup implements RawRecordLookup {
    /** Larger than any record the normalizer accepts, so a real evidence record is never cut here. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 64 << 20;

    private final List<Path> searchPaths;
    private final int maxRecordBytes;

    public FileRawRecordLookup(List<Path> searchPaths) {
        this(searchPaths, DEFAULT_MAX_RECORD_BYTES);
    }

    public FileRawRecordLookup(List<Path> searchPaths, int maxRecordBytes) {
        this.searchPaths = List.copyOf(searchPaths);
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public Result fetch(EvidenceRef item) {
        return fetchAll(List.of(item)).get(item.getEventId());
    }

    @Override
    public Map<String, Result> fetchAll(Collection<EvidenceRef> items) {
        Map<String, Result> out = new LinkedHashMap<>();
        Map<String, List<EvidenceRef>> byFile = new TreeMap<>();
        for (EvidenceRef e : items) {
            if (!"file".equals(e.getSource().getKind())) {
                out.put(e.getEventId(), Result.missing("not a file record (source kind " + e.getSource().getKind() + ")"));
                continue;
            }
            byFile.computeIfAbsent(e.getSource().getName() + "\u0000" + e.getFormat(), k -> new ArrayList<>()).add(e);
        }
        for (List<EvidenceRef> group : byFile.values()) {
            EvidenceRef first = group.get(0);
            Path file = resolve(first.getSource().getName());
            if (file == null) {
                for (EvidenceRef e : group) out.put(e.getEventId(), Result.missing("file not found: " + first.getSource().getName()));
                continue;
            }
            Set<Long> wanted = group.stream().map(e -> e.getSource().getLine()).collect(Collectors.toSet());
            Map<Long, byte[]> lines = new HashMap<>();
            try {
                RawFiles.read(first.getFormat(), file, maxRecordBytes, (RawRecord r) -> {
                    if (wanted.contains(r.line)) lines.put(r.line, r.bytes);
                });
            } catch (IOException | RuntimeException ex) {
                for (EvidenceRef e : group) out.put(e.getEventId(), Result.missing("cannot read " + file + ": " + ex.getMessage()));
                continue;
            }
            for (EvidenceRef e : group) {
                byte[] b = lines.get(e.getSource().getLine());
                out.put(e.getEventId(), b != null ? Result.found(b)
                        : Result.missing("no record at line " + e.getSource().getLine() + " of " + file));
            }
        }
        // keep the callers' order
        Map<String, Result> ordered = new LinkedHashMap<>();
        for (EvidenceRef e : items) ordered.put(e.getEventId(), out.get(e.getEventId()));
        return ordered;
    }

    /** The file now holding the recorded path, or null. */
    Path resolve(String recorded) {
        Path p;
        try {
            p = Path.of(recorded);
        } catch (InvalidPathException e) {
            return null;
        }
        if (searchPaths.isEmpty()) return Files.isRegularFile(p) ? p : null;
        Path best = null;
        int bestLen = 0;
        for (Path root : searchPaths) {
            if (Files.isRegularFile(root)) {
                if (sameFile(root, p)) return root;
                if (root.getFileName() != null && p.getFileName() != null
                        && root.getFileName().equals(p.getFileName()) && bestLen < 1) {
                    best = root;
                    bestLen = 1;
                }
            } else if (Files.isDirectory(root)) {
                int n = p.getNameCount();
                for (int k = n; k >= 1 && k > bestLen; k--) {
                    Path candidate = root.resolve(p.subpath(n - k, n).toString());
                    if (Files.isRegularFile(candidate)) {
                        best = candidate;
                        bestLen = k;
                        break;
                    }
                }
            }
        }
        if (best == null && Files.isRegularFile(p)) return p;
        return best;
    }

    private static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
