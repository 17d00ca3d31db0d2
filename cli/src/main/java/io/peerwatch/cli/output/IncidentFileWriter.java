package io.peerwatch.cli.output;

import io.peerwatch.cli.Failures.CommandFailure;
import io.peerwatch.cli.Failures.UsageException;
import io.peerwatch.incidents.ocsf.OcsfJson;
import io.peerwatch.schema.Incident;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes incidents as OCSF JSON lines: sorted ({@link IncidentLines#ORDER}) so the same input gives the same
 * file whatever the parallelism, written to a temporary file and moved into place so a failed run never
 * leaves half a file. A name ending in .gz is compressed.
 */
public final class IncidentFileWriter {
    private IncidentFileWriter() {}

    /** Fails early (usage error) when the file cannot be created. */
    public static void checkWritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) throw new UsageException("--output: " + file + " is a directory");
        if (dir == null || !Files.isDirectory(dir)) throw new UsageException("--output: directory " + dir + " does not exist");
        if (!Files.isWritable(dir)) throw new UsageException("--output: directory " + dir + " is not writable");
    }

    public static void write(Path file, List<Incident> incidents) {
        List<Incident> sorted = new ArrayList<>(incidents);
        sorted.sort(IncidentLines.ORDER);
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp);
                 OutputStream maybeGz = abs.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
                 BufferedWriter w = new BufferedWriter(new OutputStreamWriter(maybeGz, StandardCharsets.UTF_8))) {
                for (Incident i : sorted) {
                    w.write(OcsfJson.toJson(i));
                    w.write('\n');
                }
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new CommandFailure("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
