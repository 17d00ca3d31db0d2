package io.peerwatch.cli.cluster;

import io.peerwatch.common.Formats;
import io.peerwatch.common.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates every peerwatch topic of a prefix on the local broker (auto-creation is off). One broker: replication
 * factor 1; the identity topic is compacted as in production (k8s/base/topics has the production settings).
 */
public final class ClusterTopics {
    private ClusterTopics() {}

    /** All topic names of a deployment with their cleanup policy (true = compacted). */
    public static Map<String, Boolean> all(Topics t) {
        Map<String, Boolean> m = new java.util.LinkedHashMap<>();
        for (String f : Formats.ALL) m.put(t.raw(f), false);
        m.put(t.normalized(), false);
        m.put(t.deadLetter(), false);
        m.put(t.late(), false);
        m.put(t.attributed(), false);
        m.put(t.identity(), true);
        m.put(t.incidents(), false);
        m.put(t.incidentsOcsf(), false);
        m.put(t.backfillIncidents(), false);
        m.put(t.backfillIncidentsOcsf(), false);
        return m;
    }

    /** Creates the topics of {@code topics} that do not exist yet; returns how many were created. */
    public static int ensure(String bootstrapServers, Topics topics, int partitions) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> create = new ArrayList<>();
            all(topics).forEach((name, compacted) -> {
                if (existing.contains(name)) return;
                NewTopic nt = new NewTopic(name, partitions, (short) 1);
                if (compacted) nt.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                create.add(nt);
            });
            if (!create.isEmpty()) admin.createTopics(create).all().get(60, TimeUnit.SECONDS);
            return create.size();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
