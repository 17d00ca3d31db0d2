package io.peerwatch.cli.backfill;

import io.peerwatch.schema.Incident;
import org.apache.flink.api.common.functions.MapFunction;

/** Marks each incident with the investigation it was found in (ids and everything else stay as computed). */
public final class TagInvestigation implements MapFunction<Incident, Incident> {
    private static final long serialVersionUID = 1L;
    private final String investigationId;

    public TagInvestigation(String investigationId) {
        this.investigationId = investigationId;
    }

    @Override
    public Incident map(Incident i) {
        if (investigationId == null) return i;
        return Incident.newBuilder(i).setInvestigationId(investigationId).build();
    }
}
