package io.peerwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerwatch.common.Formats;
import io.peerwatch.common.Topics;
import io.peerwatch.deploy.manifests.Manifests;
import io.peerwatch.deploy.manifests.MiniKustomize;
import io.peerwatch.deploy.manifests.Resource;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the manifests must say beyond their schemas: security, topics, configuration, jobs. */
class KubernetesDeploymentTest {
    static final long DAY_MS = 86_400_000L;

    static List<Path> deployable() {
        return Manifests.deployable(Manifests.k8s());
    }

    static List<Resource> build(String dir) {
        return MiniKustomize.build(Manifests.k8s().resolve(dir));
    }

    static List<Resource> ofKind(List<Resource> rs, String kind) {
        return rs.stream().filter(r -> r.kind().equals(kind)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void everyFlinkPodRunsWithRestrictedSecurityAndWritesOnlyToEmptyDirs(Path dir) {
        List<Resource> deployments = ofKind(MiniKustomize.build(dir), "FlinkDeployment");
        assertThat(deployments).isNotEmpty();
        for (Resource d : deployments) {
            JsonNode pod = d.at("/spec/podTemplate/spec");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(d + " runAsNonRoot").isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt()).as(d + " non-root uid").isPositive();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).as(d.toString()).isEqualTo("RuntimeDefault");
            JsonNode main = pod.at("/containers/0");
            assertThat(main.path("name").asText()).as("the operator merges only flink-main-container").isEqualTo("flink-main-container");
            JsonNode sc = main.path("securityContext");
            assertThat(sc.path("allowPrivilegeEscalation").isBoolean() && !sc.path("allowPrivilegeEscalation").asBoolean()).as(d.toString()).isTrue();
            assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(d.toString()).isTrue();
            assertThat(sc.at("/capabilities/drop").toString()).as(d.toString()).isEqualTo("[\"ALL\"]");
            assertThat(sc.path("privileged").asBoolean(false)).isFalse();

            Map<String, JsonNode> volumes = new HashMap<>();
            pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
            Map<String, String> mounts = new HashMap<>();
            main.path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
            for (String writable : List.of("/tmp", "/opt/flink/log")) {
                assertThat(mounts).as(d + " mounts " + writable).containsKey(writable);
                assertThat(volumes.get(mounts.get(writable)).has("emptyDir")).as(d + " " + writable + " is an emptyDir").isTrue();
            }
            JsonNode conf = d.at("/spec/flinkConfiguration");
            assertThat(conf.path("io.tmp.dirs").asText()).isEqualTo("/tmp");
            assertThat(conf.path("env.log.dir").asText()).isEqualTo("/opt/flink/log");
            // every other mount is read-only configuration or a secret
            main.path("volumeMounts").forEach(m -> {
                if (!mounts.get("/tmp").equals(m.path("name").asText()) && !mounts.get("/opt/flink/log").equals(m.path("name").asText())) {
                    assertThat(m.path("readOnly").asBoolean()).as(d + " mount " + m.path("mountPath").asText() + " read-only").isTrue();
                }
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void everyJobHasKubernetesHaCheckpointsAndSavepointsOnS3AndAnUpgradeMode(Path dir) {
        for (Resource d : ofKind(MiniKustomize.build(dir), "FlinkDeployment")) {
            JsonNode conf = d.at("/spec/flinkConfiguration");
            assertThat(conf.path("high-availability.type").asText()).as(d.toString()).isEqualTo("kubernetes");
            for (String key : List.of("high-availability.storageDir", "execution.checkpointing.dir", "execution.checkpointing.savepoint-dir")) {
                assertThat(conf.path(key).asText()).as(d + " " + key).startsWith("s3://").endsWith("/" + d.name());
            }
            assertThat(conf.path("restart-strategy.type").asText()).as(d.toString()).isNotBlank();
            assertThat(conf.path("execution.checkpointing.mode").asText()).isEqualTo("EXACTLY_ONCE");
            assertThat(d.at("/spec/flinkVersion").asText()).isEqualTo("v2_2");
            assertThat(d.at("/spec/mode").asText()).isEqualTo("native");
            assertThat(d.at("/spec/job/jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/peerwatch.jar");
            assertThat(d.at("/spec/job/parallelism").asInt()).isPositive();
            String upgrade = d.at("/spec/job/upgradeMode").asText();
            if (d.name().equals("peerwatch-backfill")) assertThat(upgrade).isEqualTo("stateless");
            else assertThat(upgrade).as(d.toString()).isIn("savepoint", "last-state");
            assertThat(d.at("/spec/jobManager/resource/memory").asText()).isNotBlank();
            assertThat(d.at("/spec/taskManager/resource/memory").asText()).isNotBlank();
        }
    }

    @Test
    void theLongRunningJobsAreNormalizeDetectAndArchiveWithTheirContractArguments() throws Exception {
        Map<String, Resource> byName = new HashMap<>();
        ofKind(build("overlays/prod"), "FlinkDeployment").forEach(d -> byName.put(d.name(), d));
        assertThat(byName).containsOnlyKeys("peerwatch-normalize", "peerwatch-detect", "peerwatch-archive");
        assertThat(byName.get("peerwatch-normalize").at("/spec/job/entryClass").asText()).isEqualTo("io.peerwatch.normalize.NormalizeJob");
        assertThat(byName.get("peerwatch-detect").at("/spec/job/entryClass").asText()).isEqualTo("io.peerwatch.detect.DetectJob");
        List<String> detectArgs = new ArrayList<>();
        byName.get("peerwatch-detect").at("/spec/job/args").forEach(a -> detectArgs.add(a.asText()));
        assertThat(String.join(" ", detectArgs)).contains("--patterns /opt/peerwatch/patterns", "--allowlist /opt/peerwatch/allowlist.yaml",
                "--kafka-config /etc/peerwatch/kafka/client.properties", "--topic-prefix peerwatch", "--bootstrap-servers ");
        // the entry classes are real classes with a main method in the shaded jar's modules
        for (Resource d : byName.values()) assertMainClass(d.at("/spec/job/entryClass").asText());
        assertMainClass(ofKind(build("backfill"), "FlinkDeployment").get(0).at("/spec/job/entryClass").asText());
    }

    static void assertMainClass(String name) throws Exception {
        Class<?> c = Class.forName(name);
        assertThat(java.lang.reflect.Modifier.isStatic(c.getMethod("main", String[].class).getModifiers())).as(name).isTrue();
    }

    @Test
    void theBackfillTemplateIsBoundedAndTakesARangeAndAnInvestigation() {
        Resource b = ofKind(build("backfill"), "FlinkDeployment").get(0);
        List<String> args = new ArrayList<>();
        b.at("/spec/job/args").forEach(a -> args.add(a.asText()));
        assertThat(args).contains("--from", "--to", "--investigation");
        assertThat(b.at("/spec/flinkConfiguration/execution.shutdown-on-application-finish").asText()).isEqualTo("true");
    }

    @Test
    void thereIsAKafkaTopicForEveryTopicOfTopicsJavaWithReplicationThreeAndMinInsyncTwo() {
        Topics t = Topics.defaults();
        Set<String> expected = new TreeSet<>();
        Formats.ALL.forEach(f -> expected.add(t.raw(f)));
        expected.addAll(List.of(t.normalized(), t.deadLetter(), t.late(), t.attributed(), t.identity(), t.incidents(),
                t.incidentsOcsf(), t.backfillIncidents(), t.backfillIncidentsOcsf()));
        List<Resource> topics = ofKind(build("overlays/prod"), "KafkaTopic");
        Map<String, Resource> byName = new HashMap<>();
        topics.forEach(r -> byName.put(r.at("/spec/topicName").asText(), r));
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        for (Resource r : topics) {
            assertThat(r.name()).isEqualTo(r.at("/spec/topicName").asText());
            assertThat(r.at("/metadata/labels/strimzi.io~1cluster").asText()).as(r.toString()).isNotBlank();
            assertThat(r.at("/spec/replicas").asInt()).as(r.toString()).isEqualTo(3);
            assertThat(r.at("/spec/config/min.insync.replicas").asText()).as(r.toString()).isEqualTo("2");
            assertThat(r.at("/spec/partitions").asInt()).as(r.toString()).isPositive();
        }
        assertThat(byName.get(t.identity()).at("/spec/config/cleanup.policy").asText()).isEqualTo("compact");
        for (String f : Formats.ALL) {
            assertThat(retentionDays(byName.get(t.raw(f)))).as("raw logs are evidence: kept 13 months").isGreaterThanOrEqualTo(395);
        }
        assertThat(retentionDays(byName.get(t.deadLetter()))).as("dead letters long enough to replay").isGreaterThanOrEqualTo(14);
        assertThat(retentionDays(byName.get(t.incidents()))).isGreaterThanOrEqualTo(395);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theNormalizedTopicHasAPartitionPerNormalizeSubtaskSoEachPartitionHasOneWriterInEventTimeOrder(Path dir) {
        List<Resource> rs = MiniKustomize.build(dir);
        Resource normalize = ofKind(rs, "FlinkDeployment").stream().filter(d -> d.name().equals("peerwatch-normalize")).findFirst().orElse(null);
        Resource normalized = ofKind(rs, "KafkaTopic").stream()
                .filter(r -> r.at("/spec/topicName").asText().equals(Topics.defaults().normalized())).findFirst().orElse(null);
        if (normalize == null || normalized == null) return; // a kustomization without the live jobs (backfill)
        assertThat(normalized.at("/spec/partitions").asInt())
                .as("partitions of %s vs parallelism of %s (KafkaIo.orderedAvroSink)", normalized, normalize)
                .isGreaterThanOrEqualTo(normalize.at("/spec/job/parallelism").asInt());
    }

    static long retentionDays(Resource topic) {
        return Long.parseLong(topic.at("/spec/config/retention.ms").asText()) / DAY_MS;
    }

    @Test
    void theDevOverlayFitsASingleBrokerAndKeepsRawDataAWeek() {
        for (Resource r : ofKind(build("overlays/dev"), "KafkaTopic")) {
            assertThat(r.at("/spec/replicas").asInt()).isEqualTo(1);
            assertThat(r.at("/spec/config/min.insync.replicas").asText()).isEqualTo("1");
            if (r.name().startsWith("peerwatch.raw.")) assertThat(retentionDays(r)).isEqualTo(7);
        }
    }

    @Test
    void thePatternsConfigMapShipsEveryPatternFileAndTheAllowlistIsShipped() throws IOException {
        List<Resource> base = build("base");
        Resource patterns = ofKind(base, "ConfigMap").stream().filter(r -> r.name().equals("peerwatch-patterns")).findFirst().orElseThrow();
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(Manifests.home().resolve("cep-patterns"))) {
            s.filter(p -> p.getFileName().toString().endsWith(".yaml")).forEach(p -> files.add(p.getFileName().toString()));
        }
        Set<String> keys = new TreeSet<>();
        patterns.at("/data").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).as("every top-level pattern file of cep-patterns/ is in the ConfigMap").isEqualTo(files);
        Resource allowlist = ofKind(base, "ConfigMap").stream().filter(r -> r.name().equals("peerwatch-allowlist")).findFirst().orElseThrow();
        assertThat(allowlist.at("/data/allowlist.yaml").asText()).contains("entries:");
    }

    @Test
    void kafkaCredentialsComeOnlyFromSecretsReferencedByName() throws IOException {
        for (Path dir : deployable()) {
            List<Resource> rs = MiniKustomize.build(dir);
            assertThat(ofKind(rs, "Secret")).as("no Secret objects (and so no secret values) in the repository").isEmpty();
            Resource clientProps = rs.stream().filter(r -> r.name().equals("peerwatch-kafka-client")).findFirst().orElse(null);
            if (clientProps == null) continue;
            Properties p = new Properties();
            p.load(new StringReader(clientProps.at("/data/client.properties").asText()));
            assertThat(p.getProperty("security.protocol")).isEqualTo("SASL_SSL");
            assertThat(p.getProperty("sasl.mechanism")).startsWith("SCRAM-SHA-");
            for (String key : p.stringPropertyNames()) {
                if (key.contains("password") || key.contains("jaas") || key.contains("secret")) {
                    assertThat(p.getProperty(key)).as(key + " is a reference resolved at start").matches("\\$\\{(file|env):[^}]+}");
                }
            }
        }
        // the referenced files are where the pods mount the Secrets
        Resource d = ofKind(build("overlays/prod"), "FlinkDeployment").get(0);
        Map<String, String> secretMounts = new HashMap<>();
        Map<String, String> secretVolumes = new HashMap<>();
        d.at("/spec/podTemplate/spec/volumes").forEach(v -> { if (v.has("secret")) secretVolumes.put(v.path("name").asText(), v.at("/secret/secretName").asText()); });
        d.at("/spec/podTemplate/spec/containers/0/volumeMounts").forEach(m -> secretMounts.put(m.path("name").asText(), m.path("mountPath").asText()));
        assertThat(secretVolumes).containsKeys("kafka-user", "kafka-ca");
        assertThat(secretMounts.get("kafka-user")).isEqualTo("/etc/peerwatch/kafka-user");
        assertThat(secretMounts.get("kafka-ca")).isEqualTo("/etc/peerwatch/kafka-ca");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void networkPolicyAndPodMonitorSelectTheFlinkPodsAndTheMetricsPortIsTheReporterPort(Path dir) {
        List<Resource> rs = MiniKustomize.build(dir);
        for (Resource d : ofKind(rs, "FlinkDeployment")) {
            JsonNode podLabels = d.at("/spec/podTemplate/metadata/labels");
            assertThat(podLabels.path("app.kubernetes.io/part-of").asText()).isEqualTo("peerwatch");
            assertThat(d.at("/spec/podTemplate/spec/serviceAccountName").asText()).isEqualTo(d.at("/spec/serviceAccount").asText());
            String promPort = d.at("/spec/flinkConfiguration/metrics.reporter.prom.port").asText();
            JsonNode port = d.at("/spec/podTemplate/spec/containers/0/ports/0");
            assertThat(port.path("name").asText()).isEqualTo("metrics");
            assertThat(port.path("containerPort").asText()).isEqualTo(promPort);
            assertThat(d.at("/spec/flinkConfiguration/metrics.reporter.prom.factory.class").asText())
                    .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        }
        for (Resource np : ofKind(rs, "NetworkPolicy")) {
            assertThat(np.at("/spec/podSelector/matchLabels/app.kubernetes.io~1part-of").asText()).isEqualTo("peerwatch");
            assertThat(np.at("/spec/policyTypes").toString()).contains("Ingress", "Egress");
        }
        for (Resource pm : ofKind(rs, "PodMonitor")) {
            assertThat(pm.at("/spec/selector/matchLabels/app.kubernetes.io~1part-of").asText()).isEqualTo("peerwatch");
            assertThat(pm.at("/spec/podMetricsEndpoints/0/port").asText()).isEqualTo("metrics");
        }
        for (Resource rb : ofKind(rs, "RoleBinding")) {
            assertThat(rb.at("/subjects/0/namespace").asText()).as("ServiceAccount subject in the binding's namespace").isEqualTo(rb.namespace());
        }
    }

    @Test
    void theImageIsTheOfficialFlinkJava17ImageWithTheJobJarInUsrlib() throws IOException {
        String docker = Files.readString(Manifests.k8s().resolve("image/Dockerfile"));
        assertThat(docker).contains("ARG FLINK_IMAGE=flink:2.2.1-java17", "FROM ${FLINK_IMAGE}",
                "cli/target/peerwatch-cli-0.1.0-SNAPSHOT-job.jar /opt/flink/usrlib/peerwatch.jar", "USER 9999:9999");
        for (Resource d : ofKind(build("base"), "FlinkDeployment")) {
            assertThat(d.at("/spec/podTemplate/spec/securityContext/runAsUser").asInt()).isEqualTo(9999);
        }
    }
}
