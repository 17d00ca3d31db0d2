package io.peerwatch.detect.pattern;

import io.peerwatch.detect.config.ConfigFileException;
import io.peerwatch.detect.config.YamlNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds and loads the pattern files of a directory (the top level of cep-patterns/: every {@code *.yaml} /
 * {@code *.yml}; examples/ and other folders are not patterns). The same files are packaged in the jar under
 * {@value #PACKAGED_DIR}/ so a job without {@code --patterns} runs the reviewed set.
 */
public final class PatternFiles {
    public static final String PACKAGED_DIR = "cep-patterns";
    /** A file every packaged pattern directory has; used to locate the directory on the classpath. */
    static final String MARKER = PACKAGED_DIR + "/README.md";

    private PatternFiles() {}

    /** The pattern files of a directory, sorted by name (so load order and uids are stable). */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("pattern directory does not exist: " + dir);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> { String n = p.getFileName().toString(); return n.endsWith(".yaml") || n.endsWith(".yml"); })
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list pattern directory " + dir, e);
        }
    }

    public static PatternSpec load(Path file) {
        String name = file.toString();
        try {
            if (Files.size(file) > YamlNode.MAX_FILE_CHARS) {
                throw new ConfigFileException(name, 0, "file is larger than " + YamlNode.MAX_FILE_CHARS + " bytes");
            }
            return PatternFileParser.parse(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigFileException(name, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Loads every pattern file of the directory; ids must be unique across files. */
    public static List<PatternSpec> loadDirectory(Path dir) {
        List<Path> files = list(dir);
        if (files.isEmpty()) throw new IllegalArgumentException("no pattern files (*.yaml) in " + dir);
        List<PatternSpec> out = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        for (Path f : files) {
            PatternSpec p = load(f);
            String previous = ids.putIfAbsent(p.id(), p.sourceFile());
            if (previous != null) {
                throw new ConfigFileException(p.sourceFile(), 1, "pattern id '" + p.id() + "' is already used by " + previous);
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    /** The patterns packaged in the jar (cep-patterns/ at build time). */
    public static List<PatternSpec> loadPackaged() {
        URL marker = PatternFiles.class.getClassLoader().getResource(MARKER);
        if (marker == null) throw new IllegalStateException("no packaged patterns on the classpath (" + MARKER + " missing)");
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return loadDirectory(fs.getPath("/" + PACKAGED_DIR));
            }
            return loadDirectory(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open packaged patterns at " + marker, e);
        }
    }
}
