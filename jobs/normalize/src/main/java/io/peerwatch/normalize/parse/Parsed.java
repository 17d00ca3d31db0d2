package io.peerwatch.normalize.parse;

import org.apache.avro.specific.SpecificRecord;

/**
 * One normalized body with its event time; the pipeline wraps it in a NormalizedEvent (id, source,
 * raw hash).
 *
 * @param eventTime epoch millis UTC: the time the event happened (flow end, DHCP ack, process start)
 * @param networkScope bridge/virtual network, VPC id or site, when the record says; null for the default
 * @param sensor host or sensor that wrote the log, when the record says
 * @param body one of the NormalizedEvent body types (NetworkFlow, AddressBinding, ...)
 * @param origin the record the envelope names (source, rawSha256, event id); null for the record being parsed.
 *     Required for events a parser returns from {@link RecordParser#flush()}.
 */
public record Parsed(long eventTime, String networkScope, String sensor, SpecificRecord body, Origin origin) {

    /** An event of the record being parsed. */
    public Parsed(long eventTime, String networkScope, String sensor, SpecificRecord body) {
        this(eventTime, networkScope, sensor, body, null);
    }
}
