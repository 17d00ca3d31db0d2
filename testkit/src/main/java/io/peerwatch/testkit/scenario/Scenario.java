package io.peerwatch.testkit.scenario;

import io.peerwatch.common.Formats;
import io.peerwatch.common.Topics;
import io.peerwatch.common.kafka.KafkaSettings;
import io.peerwatch.testkit.EmbeddedKafka;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A generated scenario: the estate, the truth, and its records, which are generated again on every read
 * (streaming, in event-time order across all formats) so even very large scenarios need little memory.
 */
public final class Scenario {
    private final ScenarioPlan plan;

    Scenario(ScenarioPlan plan) {
        this.plan = plan;
    }

    public ScenarioSpec spec() { return plan.spec(); }
    public List<Hypervisor> hypervisors() { return plan.hypervisors(); }
    /** Every VM, including the one defined during the scenario (it reuses an address). */
    public List<ScenarioVm> vms() { return plan.vms(); }
    public ScenarioTruth truth() { return plan.truth(); }

    public ScenarioVm vm(String name) {
        return plan.vms().stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no VM named " + name));
    }

    /** All records of all selected formats in event-time order (a new pass each call). */
    public Iterator<ScenarioRecord> records() {
        return new Timeline(plan);
    }

    public Stream<ScenarioRecord> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(records(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    public void forEachRecord(Consumer<ScenarioRecord> consumer) {
        records().forEachRemaining(consumer);
    }

    /**
     * Every record held in memory, per FORMAT, in event-time order (a VPC header first; a whole XML document
     * per libvirt-domxml entry). For small scenarios and tests; large ones should stream.
     */
    public Map<String, List<String>> lines() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String f : ScenarioSpec.SUPPORTED_FORMATS) if (spec().has(f)) out.put(f, new ArrayList<>());
        forEachRecord(r -> out.get(r.format()).add(r.text()));
        return out;
    }

    /**
     * Writes one directory per FORMAT under {@code dir} (the layout {@code --input FORMAT=DIR} reads): Zeek logs
     * as conn.log/dns.log/http.log/ssl.log, dnsmasq and virsh event logs one file per hypervisor, one domain
     * XML file per VM (modification time = definition time), VPC flow logs as flows.log with its header. Also
     * writes truth.json and allowlist.yaml (the detect job's volume allowlist) next to them.
     *
     * @return records written per FORMAT
     */
    public Map<String, Long> writeTo(Path dir) {
        Map<String, Long> counts = new TreeMap<>();
        Map<Path, BufferedWriter> open = new HashMap<>();
        try {
            Files.createDirectories(dir);
            Iterator<ScenarioRecord> it = records();
            while (it.hasNext()) {
                ScenarioRecord r = it.next();
                Path formatDir = dir.resolve(r.format());
                Path file = formatDir.resolve(r.file());
                if (Formats.WHOLE_FILE.contains(r.format())) {
                    Files.createDirectories(formatDir);
                    Files.writeString(file, r.text(), StandardCharsets.UTF_8);
                    Files.setLastModifiedTime(file, FileTime.fromMillis(r.eventTimeMillis()));
                } else {
                    BufferedWriter w = open.get(file);
                    if (w == null) {
                        Files.createDirectories(formatDir);
                        w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                        open.put(file, w);
                    }
                    w.write(r.text());
                    w.write('\n');
                }
                if (!r.header()) counts.merge(r.format(), 1L, Long::sum);
            }
            Files.writeString(dir.resolve("truth.json"), TruthJson.of(this), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("allowlist.yaml"), allowlistYaml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write scenario to " + dir + ": " + e.getMessage(), e);
        } finally {
            closeAll(open.values());
        }
        return counts;
    }

    private static void closeAll(Iterable<BufferedWriter> writers) {
        UncheckedIOException first = null;
        for (BufferedWriter w : writers) {
            try {
                w.close();
            } catch (IOException e) {
                if (first == null) first = new UncheckedIOException("cannot close scenario file", e);
            }
        }
        if (first != null) throw first;
    }

    /**
     * Produces every record to its raw topic {@code topics.raw(format)} in event-time order across formats, as
     * a live estate would ship them: record timestamp = event time, key = the VM's name (one VM's records stay
     * in one partition, in order). A VPC header line goes to every partition first. Topics must exist.
     *
     * @return records produced per FORMAT (headers not counted)
     */
    public Map<String, Long> produceTo(KafkaSettings kafka, Topics topics) {
        Map<String, Integer> partitions = describeRawTopics(kafka, topics);
        Properties p = kafka.producerProperties();
        p.remove("transaction.timeout.ms");
        p.putIfAbsent("acks", "all");
        p.putIfAbsent("enable.idempotence", "true");
        p.putIfAbsent("linger.ms", "20");
        p.putIfAbsent("batch.size", Integer.toString(512 * 1024));
        p.putIfAbsent("compression.type", "lz4");
        Map<String, Long> counts = new TreeMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback onFailure = (md, e) -> {
            if (e != null) failure.compareAndSet(null, e);
        };
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            Iterator<ScenarioRecord> it = records();
            while (it.hasNext()) {
                ScenarioRecord r = it.next();
                String topic = topics.raw(r.format());
                byte[] value = r.text().getBytes(StandardCharsets.UTF_8);
                if (r.header()) {
                    for (int part = 0; part < partitions.get(topic); part++) {
                        producer.send(new ProducerRecord<>(topic, part, r.eventTimeMillis(), null, value), onFailure);
                    }
                    continue;
                }
                byte[] key = r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, null, r.eventTimeMillis(), key, value), onFailure);
                counts.merge(r.format(), 1L, Long::sum);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the scenario failed: " + failure.get().getMessage(), failure.get());
        }
        return counts;
    }

    /** Creates the raw topics of the selected formats that do not exist yet ({@code partitions} each), then produces. */
    public Map<String, Long> produceTo(EmbeddedKafka kafka, Topics topics, int partitions) {
        try {
            var existing = kafka.admin().listTopics().names().get();
            List<String> missing = spec().formats().stream().map(topics::raw).filter(t -> !existing.contains(t)).sorted().toList();
            if (!missing.isEmpty()) kafka.createTopics(partitions, missing.toArray(String[]::new));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return produceTo(kafka.settings(), topics);
    }

    public Map<String, Long> produceTo(EmbeddedKafka kafka, Topics topics) {
        return produceTo(kafka, topics, 1);
    }

    private Map<String, Integer> describeRawTopics(KafkaSettings kafka, Topics topics) {
        List<String> names = spec().formats().stream().map(topics::raw).sorted().toList();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get();
            Map<String, Integer> out = new HashMap<>();
            d.forEach((name, desc) -> out.put(name, desc.partitions().size()));
            return out;
        } catch (ExecutionException e) {
            throw new IllegalStateException("raw topics " + names + " must exist before producing the scenario: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The detect job's volume allowlist (YAML, format in jobs/detect/README.md) listing this scenario's nightly
     * backup: pass it as {@code --allowlist} so the backup is suppressed while the exfiltration is flagged.
     */
    public String allowlistYaml() {
        return AllowlistYaml.of(truth().backup());
    }

    /** truth.json: the estate and what happened, for people and scoring scripts. */
    public String truthJson() {
        return TruthJson.of(this);
    }
}
