package io.peerwatch.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peerwatch.cli.cluster.ClusterHome;
import io.peerwatch.cli.cluster.ClusterState;
import io.peerwatch.cli.cluster.FlinkClasspath;
import io.peerwatch.cli.cluster.FlinkConf;
import io.peerwatch.cli.cluster.JobSpecs;
import io.peerwatch.deploy.manifests.Manifests;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of `bin/peerwatch cluster` that need no running cluster. */
class ClusterMachineryTest {
    @TempDir
    Path tmp;

    @Test
    void theClusterClasspathHasFlinkButNotTheUserSideLibrariesOfTheJobJar() {
        Path home = Manifests.home();
        assumeTrue(Files.exists(FlinkClasspath.classpathFile(home)), "cli/target/classpath.txt is built by the cli module");
        List<Path> all = FlinkClasspath.resolvedJars(FlinkClasspath.classpathFile(home));
        String cp = FlinkClasspath.clusterClasspath(all, FlinkClasspath.jobJar(home));
        List<String> names = java.util.Arrays.stream(cp.split(File.pathSeparator)).map(p -> Path.of(p).getFileName().toString()).toList();

        assertThat(names).anyMatch(n -> n.startsWith("flink-runtime-2"))
                .anyMatch(n -> n.startsWith("flink-runtime-web-"))
                .anyMatch(n -> n.startsWith("flink-rpc-akka-loader-"))
                .anyMatch(n -> n.startsWith("flink-shaded-guava-"))
                .anyMatch(n -> n.startsWith("commons-lang3-"))
                .anyMatch(n -> n.startsWith("log4j-core-"));
        // the job jar carries these; a second copy on the system classpath would split their classes
        assertThat(names).noneMatch(n -> n.startsWith("peerwatch-common-") || n.startsWith("peerwatch-schemas-"))
                .noneMatch(n -> n.startsWith("avro-") || n.startsWith("flink-avro-"))
                .noneMatch(n -> n.startsWith("kafka-clients-") || n.startsWith("flink-connector-kafka-"))
                .noneMatch(n -> n.startsWith("flink-cep-"));
        assertThat(names.size()).isLessThan(all.size());
    }

    @Test
    void theClusterStateSurvivesASeparateProcessReadingIt() {
        ClusterHome home = new ClusterHome(tmp.resolve("c"));
        home.create();
        ClusterState s = ClusterState.load(home.stateFile());
        assertThat(s.isEmpty()).isTrue();
        s.put("flink.rest.port", 18081);
        s.putPid("jobmanager", 4242);
        s.putPid("taskmanager-1", 4243);
        s.save(home.stateFile());

        ClusterState back = ClusterState.load(home.stateFile());
        assertThat(back.intValue("flink.rest.port")).isEqualTo(18081);
        assertThat(back.pid("jobmanager")).contains(4242L);
        assertThat(back.processNames()).containsExactlyInAnyOrder("jobmanager", "taskmanager-1");
    }

    @Test
    void theFlinkConfigurationBindsToLoopbackAndKeepsCheckpointsUnderTheClusterDir() throws Exception {
        ClusterHome home = new ClusterHome(tmp.resolve("c"));
        home.create();
        Map<String, String> conf = FlinkConf.settings(home, 18081, 16123, 2);
        FlinkConf.write(home, conf);
        String yaml = Files.readString(home.conf().resolve("config.yaml"));
        assertThat(yaml).contains("rest.bind-address: '127.0.0.1'", "rest.port: '18081'", "jobmanager.rpc.port: '16123'",
                "taskmanager.numberOfTaskSlots: '2'");
        assertThat(conf.get("execution.checkpointing.dir")).startsWith("file:").contains(home.checkpoints().toString());
        assertThat(Files.readString(home.conf().resolve("log4j.properties"))).contains("${sys:log.file}");
    }

    @Test
    void jobsGetTheArgumentsOfTheKubernetesContract() {
        JobSpecs specs = new JobSpecs("127.0.0.1:9092", "peerwatch", Path.of("/p/cep-patterns"), Path.of("/p/allow.yaml"), List.of("--x", "y"));
        assertThat(specs.args(JobSpecs.Job.normalize)).containsExactly("--bootstrap-servers", "127.0.0.1:9092", "--topic-prefix", "peerwatch", "--x", "y");
        assertThat(specs.args(JobSpecs.Job.detect)).containsExactly("--bootstrap-servers", "127.0.0.1:9092", "--topic-prefix", "peerwatch",
                "--patterns", "/p/cep-patterns", "--allowlist", "/p/allow.yaml", "--x", "y");
        assertThat(JobSpecs.Job.detect.entryClass()).isEqualTo("io.peerwatch.detect.DetectJob");
    }
}
