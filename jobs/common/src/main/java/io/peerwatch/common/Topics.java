package io.peerwatch.common;

import java.io.Serializable;

/**
 * Kafka topic names. All derive from one prefix so several deployments (or tests) can share a cluster; the
 * table of keys, schemas and retention is in k8s/README.md.
 */
public final class Topics implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String DEFAULT_PREFIX = "peerwatch";

    private final String prefix;

    public Topics(String prefix) {
        if (prefix == null || prefix.isBlank() || !prefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("invalid topic prefix '" + prefix + "' (letters, digits, . _ - only)");
        }
        this.prefix = prefix;
    }

    public static Topics defaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    public String prefix() { return prefix; }

    /** Raw logs of one FORMAT, e.g. peerwatch.raw.zeek-conn. */
    public String raw(String format) { return prefix + ".raw." + Formats.require(format); }

    /** NormalizedEvent (Avro), key = eventId. */
    public String normalized() { return prefix + ".normalized"; }

    /** DeadLetter (Avro): unparseable or invalid raw records with the reason. */
    public String deadLetter() { return prefix + ".deadletter"; }

    /** NormalizedEvent (Avro) that arrived behind the watermark beyond the allowed lateness. */
    public String late() { return prefix + ".late"; }

    /** AttributedEvent (Avro): events joined with the VM that held the address at the event's time. */
    public String attributed() { return prefix + ".attributed"; }

    /** VmIdentity (Avro), compacted, key = vmKey. */
    public String identity() { return prefix + ".identity"; }

    /** Incident (Avro). */
    public String incidents() { return prefix + ".incidents"; }

    /** Incident as OCSF Detection Finding JSON, for SIEMs. */
    public String incidentsOcsf() { return prefix + ".incidents.ocsf"; }

    /** Backfill results never go to the live topics unless asked: these are their own. */
    public String backfillIncidents() { return prefix + ".backfill.incidents"; }

    public String backfillIncidentsOcsf() { return prefix + ".backfill.incidents.ocsf"; }
}
