package io.peerwatch.cli.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The long-running jobs of the shaded jar and the arguments each takes on a cluster (the same contract the
 * Kubernetes FlinkDeployments use: --bootstrap-servers, --topic-prefix, --patterns, --allowlist).
 */
public record JobSpecs(String bootstrapServers, String topicPrefix, Path patterns, Path allowlist, List<String> extraArgs) {

    /** Job names as `cluster submit --job` takes them. */
    public enum Job {
        normalize("io.peerwatch.normalize.NormalizeJob"),
        detect("io.peerwatch.detect.DetectJob");

        private final String entryClass;

        Job(String entryClass) {
            this.entryClass = entryClass;
        }

        public String entryClass() {
            return entryClass;
        }
    }

    /** Arguments every job takes: where Kafka is and the topic prefix, then the extra arguments. */
    public List<String> commonArgs() {
        List<String> a = new ArrayList<>(List.of("--bootstrap-servers", bootstrapServers, "--topic-prefix", topicPrefix));
        a.addAll(extraArgs);
        return a;
    }

    public List<String> args(Job job) {
        List<String> a = new ArrayList<>(List.of("--bootstrap-servers", bootstrapServers, "--topic-prefix", topicPrefix));
        if (job == Job.detect) {
            a.add("--patterns");
            a.add(patterns.toAbsolutePath().toString());
            if (allowlist != null) {
                a.add("--allowlist");
                a.add(allowlist.toAbsolutePath().toString());
            }
        }
        a.addAll(extraArgs);
        return a;
    }
}
