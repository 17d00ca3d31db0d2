package io.peerwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwatch.deploy.manifests.KindSchemas;
import io.peerwatch.deploy.manifests.Manifests;
import io.peerwatch.deploy.manifests.MiniKustomize;
import io.peerwatch.deploy.manifests.Resource;
import io.peerwatch.deploy.manifests.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest in k8s/ against the schema of its kind (Flink operator and Strimzi CRDs, Prometheus operator CRD,
 * strict Kubernetes core schemas), as files and after kustomize expansion of each overlay; a typo fails.
 */
class ManifestSchemaTest {
    static KindSchemas schemas;

    @BeforeAll
    static void loadSchemas() {
        schemas = KindSchemas.load();
    }

    static List<Path> kustomizations() {
        return Manifests.kustomizations(Manifests.k8s());
    }

    @Test
    void thereIsABaseADevAndAProdOverlayAndABackfillTemplate() {
        assertThat(kustomizations().stream().map(p -> Manifests.k8s().relativize(p).toString()))
                .contains("base", "overlays/dev", "overlays/prod", "backfill");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyObjectOfTheBuildMatchesTheSchemaOfItsKind(Path dir) {
        List<Resource> built = MiniKustomize.build(dir);
        assertThat(built).isNotEmpty();
        List<String> problems = new ArrayList<>();
        built.forEach(r -> problems.addAll(schemas.validate(r)));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyManifestFileIsValidOnItsOwnAndUsedByAKustomization() throws IOException {
        Set<Path> referenced = new HashSet<>();
        for (Path dir : kustomizations()) {
            JsonNode k = Yaml.readOne(dir.resolve("kustomization.yaml"));
            k.path("resources").forEach(r -> referenced.add(dir.resolve(r.asText()).normalize()));
            k.path("patches").forEach(p -> { if (p.has("path")) referenced.add(dir.resolve(p.get("path").asText()).normalize()); });
        }
        List<Path> yamlFiles;
        try (Stream<Path> s = Files.walk(Manifests.k8s())) {
            yamlFiles = s.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml"))
                    .filter(p -> !p.getParent().getFileName().toString().equals("config")).sorted().toList();
        }
        assertThat(yamlFiles).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Path f : yamlFiles) {
            if (!referenced.contains(f.normalize())) problems.add(f + " is not used by any kustomization");
        }
        // resource files (not patches) are complete objects: each must validate by itself
        for (Path dir : kustomizations()) {
            for (JsonNode r : Yaml.readOne(dir.resolve("kustomization.yaml")).path("resources")) {
                Path f = dir.resolve(r.asText()).normalize();
                if (Files.isDirectory(f)) continue;
                for (JsonNode doc : Yaml.readAll(f)) problems.addAll(schemas.validate(new Resource((ObjectNode) doc, f.toString())));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyKindWeDeployHasASchemaAndNoMore() {
        Set<String> used = new HashSet<>();
        for (Path dir : kustomizations()) MiniKustomize.build(dir).forEach(r -> used.add(r.apiVersion() + " " + r.kind()));
        assertThat(used).containsExactlyInAnyOrder(
                "v1 ServiceAccount", "v1 ConfigMap", "rbac.authorization.k8s.io/v1 Role", "rbac.authorization.k8s.io/v1 RoleBinding",
                "networking.k8s.io/v1 NetworkPolicy", "monitoring.coreos.com/v1 PodMonitor", "kafka.strimzi.io/v1beta2 KafkaTopic",
                "flink.apache.org/v1beta1 FlinkDeployment");
        assertThat(schemas.kinds()).containsAll(used).contains("flink.apache.org/v1beta1 FlinkSessionJob");
    }

    // ---------------------------------------------------------------- the validation can fail

    static Resource first(List<Resource> built, String kind, String name) {
        return built.stream().filter(r -> r.kind().equals(kind) && (name == null || r.name().equals(name))).findFirst().orElseThrow().copy();
    }

    static void rename(JsonNode parent, String from, String to) {
        ObjectNode o = (ObjectNode) parent;
        o.set(to, o.remove(from));
    }

    @Test
    void aMisspelledFieldFailsInEveryKind() {
        List<Resource> prod = MiniKustomize.build(Manifests.k8s().resolve("overlays/prod"));

        Resource detect = first(prod, "FlinkDeployment", "peerwatch-detect");
        assertThat(schemas.validate(detect)).isEmpty();
        rename(detect.at("/spec/job"), "upgradeMode", "upgradMode");
        assertThat(schemas.validate(detect)).anySatisfy(m -> assertThat(m).contains("upgradMode"));

        Resource podSecurity = first(prod, "FlinkDeployment", "peerwatch-normalize");
        rename(podSecurity.at("/spec/podTemplate/spec/containers/0/securityContext"), "readOnlyRootFilesystem", "readOnlyRootFileSystem");
        assertThat(schemas.validate(podSecurity)).anySatisfy(m -> assertThat(m).contains("readOnlyRootFileSystem"));

        Resource topic = first(prod, "KafkaTopic", null);
        rename(topic.at("/spec"), "partitions", "partitons");
        assertThat(schemas.validate(topic)).anySatisfy(m -> assertThat(m).contains("partitons"));

        Resource policy = first(prod, "NetworkPolicy", null);
        rename(policy.at("/spec"), "podSelector", "podSelecter");
        assertThat(schemas.validate(policy)).anySatisfy(m -> assertThat(m).contains("podSelecter"));

        Resource monitor = first(prod, "PodMonitor", null);
        rename(monitor.at("/spec/podMetricsEndpoints/0"), "port", "prot");
        assertThat(schemas.validate(monitor)).anySatisfy(m -> assertThat(m).contains("prot"));

        Resource role = first(prod, "Role", null);
        rename(role.body(), "rules", "rule");
        assertThat(schemas.validate(role)).anySatisfy(m -> assertThat(m).contains("rule"));

        Resource meta = first(prod, "ConfigMap", "peerwatch-patterns");
        rename(meta.at("/metadata"), "labels", "lables");
        assertThat(schemas.validate(meta)).anySatisfy(m -> assertThat(m).contains("lables"));
    }

    @Test
    void aWrongValueTypeOrEnumFails() {
        List<Resource> prod = MiniKustomize.build(Manifests.k8s().resolve("overlays/prod"));
        Resource d = first(prod, "FlinkDeployment", "peerwatch-detect");
        ((ObjectNode) d.at("/spec/job")).put("upgradeMode", "yolo");
        assertThat(schemas.validate(d)).isNotEmpty();
        Resource t = first(prod, "KafkaTopic", null);
        ((ObjectNode) t.at("/spec")).put("replicas", "three");
        assertThat(schemas.validate(t)).isNotEmpty();
        Resource c = first(prod, "FlinkDeployment", "peerwatch-archive");
        ((ObjectNode) c.at("/spec/flinkConfiguration")).put("parallelism.default", 4);
        assertThat(schemas.validate(c)).as("flinkConfiguration values are strings").isNotEmpty();
    }

    @Test
    void aTypoInAManifestFileFailsTheBuildOfEveryOverlay(@TempDir Path tmp) throws IOException {
        copyTree(Manifests.k8s(), tmp.resolve("k8s"));
        copyTree(Manifests.home().resolve("cep-patterns"), tmp.resolve("cep-patterns"));
        Path detect = tmp.resolve("k8s/base/flink-detect.yaml");
        Files.writeString(detect, Files.readString(detect).replace("    upgradeMode: last-state", "    upgradeMod: last-state"));

        for (String overlay : List.of("overlays/dev", "overlays/prod")) {
            List<String> problems = new ArrayList<>();
            MiniKustomize.build(tmp.resolve("k8s").resolve(overlay)).forEach(r -> problems.addAll(schemas.validate(r)));
            assertThat(problems).as(overlay).anySatisfy(m -> assertThat(m).contains("peerwatch-detect").contains("upgradeMod"));
        }
    }

    @Test
    void aKustomizationNamingAMissingFileOrAPatchMatchingNothingFails(@TempDir Path tmp) throws IOException {
        copyTree(Manifests.k8s(), tmp.resolve("k8s"));
        copyTree(Manifests.home().resolve("cep-patterns"), tmp.resolve("cep-patterns"));
        Path prod = tmp.resolve("k8s/overlays/prod/kustomization.yaml");
        String original = Files.readString(prod);

        Files.writeString(prod, original.replace("detect-prod.yaml", "detekt-prod.yaml"));
        assertThatThrownBy(() -> MiniKustomize.build(prod.getParent())).hasMessageContaining("detekt-prod.yaml");

        Files.writeString(prod, original.replace("name: peerwatch-detect", "name: peerwatch-detector"));
        assertThatThrownBy(() -> MiniKustomize.build(prod.getParent())).hasMessageContaining("matches no resource");

        Files.delete(tmp.resolve("cep-patterns/peer-swarm.yaml"));
        assertThatThrownBy(() -> MiniKustomize.build(tmp.resolve("k8s/base"))).hasMessageContaining("peer-swarm.yaml");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t); else Files.copy(p, t);
            }
        }
    }
}
