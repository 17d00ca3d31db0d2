package io.peerwatch.cli.kafka;

import io.peerwatch.incidents.evidence.RawRecordLookup;
import io.peerwatch.schema.EvidenceRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evidence can point at files and at Kafka records in one incident (a backfill over both): each item goes to
 * the lookup for its source kind. Without a Kafka cluster, Kafka items are reported missing with the reason.
 */
public final class SourceDispatchLookup implements RawRecordLookup {
    private final RawRecordLookup files;
    private final RawRecordLookup kafkaOrNull;

    public SourceDispatchLookup(RawRecordLookup files, RawRecordLookup kafkaOrNull) {
        this.files = files;
        this.kafkaOrNull = kafkaOrNull;
    }

    @Override
    public Result fetch(EvidenceRef item) {
        return fetchAll(List.of(item)).get(item.getEventId());
    }

    @Override
    public Map<String, Result> fetchAll(Collection<EvidenceRef> items) {
        List<EvidenceRef> fileItems = new ArrayList<>();
        List<EvidenceRef> kafkaItems = new ArrayList<>();
        for (EvidenceRef e : items) ("kafka".equals(e.getSource().getKind()) ? kafkaItems : fileItems).add(e);
        Map<String, Result> found = new LinkedHashMap<>(files.fetchAll(fileItems));
        if (!kafkaItems.isEmpty()) {
            if (kafkaOrNull == null) {
                for (EvidenceRef e : kafkaItems) {
                    found.put(e.getEventId(), Result.missing("a Kafka record: give --bootstrap-servers to re-read it"));
                }
            } else {
                found.putAll(kafkaOrNull.fetchAll(kafkaItems));
            }
        }
        Map<String, Result> ordered = new LinkedHashMap<>();
        for (EvidenceRef e : items) ordered.put(e.getEventId(), found.get(e.getEventId()));
        return ordered;
    }

    @Override
    public void close() {
        try {
            files.close();
        } finally {
            if (kafkaOrNull != null) kafkaOrNull.close();
        }
    }
}
