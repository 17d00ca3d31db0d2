package io.peerwatch.deploy.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Expands a kustomization the way {@code kustomize build} does, for the subset of features k8s/ uses (there is no
 * kustomize binary here): resources (files and directories), configMapGenerator (files, without name hashes),
 * patches (merge or JSON 6902, with targets by group/version/kind/name regex), namespace and labels. A key it does
 * not know is an error, so a kustomization never silently means more than what the tests checked. Every file a
 * kustomization names must exist and every patch must match at least one resource.
 */
public final class MiniKustomize {
    static final Set<String> KNOWN_KEYS = Set.of("apiVersion", "kind", "namespace", "labels", "resources", "patches",
            "generatorOptions", "configMapGenerator");

    private MiniKustomize() {}

    /** The objects {@code kustomize build dir} would print. */
    public static List<Resource> build(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(dir + " has no kustomization.yaml");
        JsonNode k = Yaml.readOne(file);
        Iterator<String> keys = k.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!KNOWN_KEYS.contains(key)) throw new IllegalArgumentException(file + ": kustomization key '" + key + "' is not supported by the manifest tests");
        }
        if (!"Kustomization".equals(k.path("kind").asText()) || !"kustomize.config.k8s.io/v1beta1".equals(k.path("apiVersion").asText())) {
            throw new IllegalArgumentException(file + ": not a kustomize.config.k8s.io/v1beta1 Kustomization");
        }
        List<Resource> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = existing(dir, r.asText(), file);
            if (Files.isDirectory(p)) out.addAll(build(p));
            else for (JsonNode doc : Yaml.readAll(p)) out.add(new Resource((ObjectNode) doc, dir.relativize(p).toString()));
        }
        if (k.has("configMapGenerator")) {
            if (!k.path("generatorOptions").path("disableNameSuffixHash").asBoolean(false)) {
                throw new IllegalArgumentException(file + ": generated ConfigMaps need generatorOptions.disableNameSuffixHash: "
                        + "the FlinkDeployment pod templates name them and kustomize does not rewrite those references");
            }
            for (JsonNode g : k.path("configMapGenerator")) out.add(configMap(dir, g, file));
        }
        for (JsonNode p : k.path("patches")) applyPatch(dir, p, out, file);
        if (k.has("namespace")) {
            for (Resource r : out) r.body().with("metadata").put("namespace", k.get("namespace").asText());
        }
        for (JsonNode l : k.path("labels")) {
            if (l.path("includeSelectors").asBoolean(false) || l.path("includeTemplates").asBoolean(false)) {
                throw new IllegalArgumentException(file + ": labels with includeSelectors/includeTemplates are not supported");
            }
            for (Resource r : out) {
                ObjectNode labels = r.body().with("metadata").with("labels");
                l.path("pairs").fields().forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    private static Resource configMap(Path dir, JsonNode g, Path file) {
        ObjectNode cm = Yaml.JSON.createObjectNode();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.with("metadata").put("name", g.path("name").asText());
        ObjectNode data = cm.with("data");
        for (JsonNode f : g.path("files")) {
            String spec = f.asText();
            int eq = spec.indexOf('=');
            String key = eq > 0 ? spec.substring(0, eq) : Path.of(spec).getFileName().toString();
            Path p = existing(dir, eq > 0 ? spec.substring(eq + 1) : spec, file);
            try {
                data.put(key, Files.readString(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (JsonNode lit : g.path("literals")) {
            String s = lit.asText();
            data.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        return new Resource(cm, dir.getFileName() + "/configMapGenerator " + g.path("name").asText());
    }

    private static void applyPatch(Path dir, JsonNode p, List<Resource> resources, Path file) {
        String where = file + " patch " + (p.has("path") ? p.get("path").asText() : "(inline)");
        JsonNode body;
        if (p.has("path")) {
            body = Yaml.readOne(existing(dir, p.get("path").asText(), file));
        } else {
            List<JsonNode> docs = Yaml.readAll(p.path("patch").asText(), where);
            if (docs.size() != 1) throw new IllegalArgumentException(where + ": one patch document expected");
            body = docs.get(0);
        }
        JsonNode target = p.path("target");
        boolean jsonPatch = body.isArray();
        if (jsonPatch && target.isMissingNode()) throw new IllegalArgumentException(where + ": a JSON 6902 patch needs a target");
        int matched = 0;
        for (Resource r : resources) {
            if (!matches(r, target.isMissingNode() ? body : null, target)) continue;
            matched++;
            if (jsonPatch) {
                JsonPatches.apply(r.body(), body, where + " on " + r);
            } else {
                ObjectNode merge = ((ObjectNode) body).deepCopy();
                // with a target, the patch's own apiVersion/kind/name only identify it
                merge.remove("apiVersion");
                merge.remove("kind");
                if (merge.has("metadata")) ((ObjectNode) merge.get("metadata")).remove("name");
                JsonPatches.merge(r.body(), merge);
            }
        }
        if (matched == 0) throw new IllegalArgumentException(where + ": matches no resource");
    }

    private static boolean matches(Resource r, JsonNode patchBody, JsonNode target) {
        if (patchBody != null) {
            return r.apiVersion().equals(patchBody.path("apiVersion").asText()) && r.kind().equals(patchBody.path("kind").asText())
                    && r.name().equals(patchBody.path("metadata").path("name").asText());
        }
        if (target.has("group") && !r.group().equals(target.get("group").asText())) return false;
        if (target.has("version") && !r.version().equals(target.get("version").asText())) return false;
        if (target.has("kind") && !r.kind().equals(target.get("kind").asText())) return false;
        if (target.has("name") && !Pattern.matches(target.get("name").asText(), r.name())) return false;
        for (String unsupported : List.of("labelSelector", "annotationSelector", "namespace")) {
            if (target.has(unsupported)) throw new IllegalArgumentException("patch target '" + unsupported + "' is not supported by the manifest tests");
        }
        return true;
    }

    static Path existing(Path dir, String relative, Path file) {
        Path p = dir.resolve(relative).normalize();
        if (!Files.exists(p)) throw new IllegalArgumentException(file + " names " + relative + ", which does not exist (" + p + ")");
        return p;
    }

}
