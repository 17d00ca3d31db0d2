package io.peerwatch.deploy.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The schema of every kind our manifests use, keyed by apiVersion and kind, from the files in
 * {@code src/test/resources/schemas} (their origin: the README there): Kubernetes core objects as the strict JSON
 * schemas of kubernetes-json-schema, custom resources from the operators' real CRDs via {@link CrdSchemas}. A
 * manifest of a kind without a schema is an error, so nothing escapes validation.
 */
public final class KindSchemas {
    /**
     * Flink versions the operator releases after the CRD we have (1.10.0) added to the FlinkDeployment
     * flinkVersion enum (operator 1.11: v2_0, 1.12: v2_1, 1.13: v2_2). The only change we apply to that CRD.
     */
    static final List<String> FLINK_2_VERSIONS = List.of("v2_0", "v2_1", "v2_2");

    private final Map<String, JsonSchema> byKind = new TreeMap<>();

    public static KindSchemas load() {
        try {
            return load(Path.of(KindSchemas.class.getResource("/schemas").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KindSchemas load(Path dir) {
        KindSchemas s = new KindSchemas();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        ObjectNode objectMeta;
        try {
            objectMeta = (ObjectNode) Yaml.JSON.readTree(dir.resolve("configmap-v1.json").toFile()).path("properties").path("metadata");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json")) {
                    ObjectNode schema = (ObjectNode) Yaml.JSON.readTree(f.toFile());
                    // the documents say draft 4 semantics under a generic $schema URI the validator does not resolve
                    schema.remove("$schema");
                    for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
                        String group = gvk.path("group").asText();
                        String apiVersion = group.isEmpty() ? gvk.path("version").asText() : group + "/" + gvk.path("version").asText();
                        s.byKind.put(key(apiVersion, gvk.path("kind").asText()), factory.getSchema(schema));
                    }
                } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                    for (JsonNode crd : Yaml.readAll(f)) {
                        if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) continue;
                        String group = crd.path("spec").path("group").asText();
                        String kind = crd.path("spec").path("names").path("kind").asText();
                        for (JsonNode v : crd.path("spec").path("versions")) {
                            if (!v.path("served").asBoolean(true)) continue;
                            ObjectNode openApi = (ObjectNode) v.path("schema").path("openAPIV3Schema").deepCopy();
                            if ("flinkdeployments.flink.apache.org".equals(crd.path("metadata").path("name").asText())) {
                                addFlink2Versions(openApi);
                            }
                            ObjectNode strict = CrdSchemas.strict(openApi, objectMeta);
                            s.byKind.put(key(group + "/" + v.path("name").asText(), kind), factory.getSchema(strict));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schemas in " + dir, e);
        }
        return s;
    }

    static void addFlink2Versions(ObjectNode openApi) {
        JsonNode flinkVersion = openApi.path("properties").path("spec").path("properties").path("flinkVersion");
        if (!(flinkVersion.get("enum") instanceof ArrayNode values)) {
            throw new IllegalStateException("FlinkDeployment CRD without a flinkVersion enum: the compatibility patch needs review");
        }
        for (String v : FLINK_2_VERSIONS) {
            boolean present = false;
            for (JsonNode e : values) present |= e.asText().equals(v);
            if (!present) values.add(v);
        }
    }

    static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    public Set<String> kinds() {
        return byKind.keySet();
    }

    /** Problems of one object; empty when it is valid. */
    public List<String> validate(Resource r) {
        JsonSchema schema = byKind.get(key(r.apiVersion(), r.kind()));
        if (schema == null) return List.of(r + ": no schema for apiVersion '" + r.apiVersion() + "' kind '" + r.kind() + "'");
        List<String> problems = new ArrayList<>();
        for (ValidationMessage m : schema.validate(r.body())) problems.add(r + ": " + m.getMessage());
        return problems;
    }
}
