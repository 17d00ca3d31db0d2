package io.peerwatch.deploy.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * YAML documents as Jackson trees. Duplicate keys are an error (in a manifest the second silently wins, a classic
 * way to lose a setting); empty documents (comments only) are skipped.
 */
public final class Yaml {
    static final ObjectMapper JSON = new ObjectMapper();

    private Yaml() {}

    public static List<JsonNode> readAll(Path file) {
        try {
            return readAll(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static List<JsonNode> readAll(String text, String where) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(200);
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(options));
        List<JsonNode> docs = new ArrayList<>();
        try {
            for (Object doc : yaml.loadAll(text)) {
                if (doc != null) docs.add(JSON.valueToTree(doc));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": not valid YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    public static JsonNode readOne(Path file) {
        List<JsonNode> docs = readAll(file);
        if (docs.size() != 1) throw new IllegalArgumentException(file + ": expected one YAML document, found " + docs.size());
        return docs.get(0);
    }
}
