package io.peerwatch.normalize;

import io.peerwatch.common.Formats;
import io.peerwatch.common.time.EventTime;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Settings of the normalize stage, immutable and serializable (it travels to every parser instance).
 *
 * <p>{@code bounded}: a bounded file run reads the files of one format after another, so event time jumps
 * back and forth between formats; such runs assign timestamps but emit no watermark until the final MAX
 * watermark, which flushes everything downstream in event-time order. Live (Kafka) runs generate watermarks
 * in the Kafka source, per partition, from the Kafka record timestamps with {@code outOfOrderness} and
 * {@code idleness} ({@link SourceWatermarks}), and route events whose event time is behind
 * {@code watermark - allowedLateness} to the late output.
 */
public final class NormalizeConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
    public static final String DEFAULT_NETWORK_SCOPE = "default";
    public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofMinutes(5);
    /** ~100-200 MB of heap per subtask at typical event sizes. */
    public static final int DEFAULT_MAX_SORT_BUFFER = 200_000;
    /**
     * How long after its event a record of these formats typically reaches Kafka when the shipper stamps the
     * append time: AWS aggregates VPC flow log records over up to 10 minutes and delivers them up to about
     * 10 minutes after that window ends, so such records trail their Kafka timestamps by 5-20 minutes.
     */
    public static final Map<String, Duration> DEFAULT_SOURCE_DELAYS = Map.of(Formats.AWS_VPC_FLOW, Duration.ofMinutes(20));

    private final int maxRecordBytes;
    private final int syslogDefaultYear;
    private final String syslogZone;
    private final String defaultNetworkScope;
    private final long outOfOrdernessMillis;
    private final long allowedLatenessMillis;
    private final long idlenessMillis;
    /** FORMAT → millis; a TreeMap so the config serializes and prints the same every time. */
    private final TreeMap<String, Long> sourceDelayMillis;
    private final int maxSortBuffer;
    private final boolean bounded;

    private NormalizeConfig(Builder b) {
        if (b.maxRecordBytes < 64) throw new IllegalArgumentException("maxRecordBytes must be >= 64, got " + b.maxRecordBytes);
        if (b.syslogDefaultYear < 2000 || b.syslogDefaultYear > 2099) {
            throw new IllegalArgumentException("syslog default year must be within 2000..2099, got " + b.syslogDefaultYear);
        }
        if (b.defaultNetworkScope == null || b.defaultNetworkScope.isBlank()) {
            throw new IllegalArgumentException("default network scope must not be blank");
        }
        requireNonNegative("out-of-orderness", b.outOfOrderness);
        requireNonNegative("allowed lateness", b.allowedLateness);
        requireNonNegative("idleness", b.idleness);
        TreeMap<String, Long> delays = new TreeMap<>();
        b.sourceDelays.forEach((format, d) -> {
            if (!Formats.ALL.contains(format)) {
                throw new IllegalArgumentException("source delay for unknown FORMAT '" + format + "' (known: " + Formats.ALL + ")");
            }
            requireNonNegative("source delay of " + format, d);
            delays.put(format, d.toMillis());
        });
        this.maxRecordBytes = b.maxRecordBytes;
        this.syslogDefaultYear = b.syslogDefaultYear;
        this.syslogZone = b.syslogZone.getId();
        this.defaultNetworkScope = b.defaultNetworkScope;
        this.outOfOrdernessMillis = b.outOfOrderness.toMillis();
        this.allowedLatenessMillis = b.allowedLateness.toMillis();
        this.idlenessMillis = b.idleness.toMillis();
        this.sourceDelayMillis = delays;
        if (b.maxSortBuffer < 1) throw new IllegalArgumentException("--max-sort-buffer must be at least 1, got " + b.maxSortBuffer);
        this.maxSortBuffer = b.maxSortBuffer;
        this.bounded = b.bounded;
    }

    private static void requireNonNegative(String what, Duration d) {
        if (d == null || d.isNegative()) throw new IllegalArgumentException(what + " must be >= 0, got " + d);
    }

    /** Defaults for a live (Kafka) run. */
    public static NormalizeConfig defaults() { return builder().build(); }

    /** Defaults for a bounded run over files. */
    public static NormalizeConfig boundedDefaults() { return builder().bounded(true).build(); }

    public static Builder builder() { return new Builder(); }

    public Builder toBuilder() {
        return new Builder().maxRecordBytes(maxRecordBytes).syslogDefaultYear(syslogDefaultYear)
                .syslogZone(ZoneId.of(syslogZone)).defaultNetworkScope(defaultNetworkScope)
                .outOfOrderness(outOfOrderness()).allowedLateness(allowedLateness()).idleness(idleness())
                .sourceDelays(sourceDelays()).maxSortBuffer(maxSortBuffer).bounded(bounded);
    }

    /** Records longer than this are dead-lettered as {@code OversizedRecord} before parsing. */
    public int maxRecordBytes() { return maxRecordBytes; }

    /** Year for RFC 3164 syslog timestamps, which carry none ("Nov  2 00:00:30"). */
    public int syslogDefaultYear() { return syslogDefaultYear; }

    /** Zone for RFC 3164 syslog timestamps, which carry none. */
    public ZoneId syslogZone() { return ZoneId.of(syslogZone); }

    /** Network scope of records whose log does not name one (a site name). */
    public String defaultNetworkScope() { return defaultNetworkScope; }

    /**
     * Live runs: how far Kafka record timestamps within one raw partition may run out of order, or ahead of the
     * events' own times (a shipper stamping append time after a delivery delay): together with
     * {@link #allowedLateness()} the most an event may trail its partition's Kafka timestamps without being late.
     */
    public Duration outOfOrderness() { return Duration.ofMillis(outOfOrdernessMillis); }

    /** How far behind the watermark a record may arrive before it goes to the late output (live runs). */
    public Duration allowedLateness() { return Duration.ofMillis(allowedLatenessMillis); }

    /** Live runs: a raw partition without records for this long stops holding the watermark back (0 = never). */
    public Duration idleness() { return Duration.ofMillis(idlenessMillis); }

    /**
     * Live runs: per FORMAT, how long after the event its record may be appended to Kafka (shippers that stamp
     * the append time). The source watermark of such a topic's partitions is held back by this much more than
     * {@link #outOfOrderness()}, so its events are not late merely for being delivered late. Formats not named: 0.
     */
    public Map<String, Duration> sourceDelays() {
        Map<String, Duration> out = new TreeMap<>();
        sourceDelayMillis.forEach((f, ms) -> out.put(f, Duration.ofMillis(ms)));
        return out;
    }

    /** {@link #sourceDelays()} of one FORMAT, in millis (0 when not named). */
    public long sourceDelayMillis(String format) {
        Long ms = sourceDelayMillis.get(format);
        return ms == null ? 0L : ms;
    }

    /**
     * Live runs: most events a subtask holds back to emit them in event-time order ({@link LiveEventTime}); beyond
     * it the oldest are emitted at once (counted), so a raw partition whose watermark stalls (a shipper replaying
     * old logs) cannot fill the heap with the other partitions' events.
     */
    public int maxSortBuffer() { return maxSortBuffer; }

    /** True for bounded file runs: no watermarks until the end, no late routing. */
    public boolean bounded() { return bounded; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NormalizeConfig c)) return false;
        return maxRecordBytes == c.maxRecordBytes && syslogDefaultYear == c.syslogDefaultYear
                && syslogZone.equals(c.syslogZone) && defaultNetworkScope.equals(c.defaultNetworkScope)
                && outOfOrdernessMillis == c.outOfOrdernessMillis && allowedLatenessMillis == c.allowedLatenessMillis
                && idlenessMillis == c.idlenessMillis && sourceDelayMillis.equals(c.sourceDelayMillis)
                && maxSortBuffer == c.maxSortBuffer && bounded == c.bounded;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxRecordBytes, syslogDefaultYear, syslogZone, defaultNetworkScope, outOfOrdernessMillis,
                allowedLatenessMillis, idlenessMillis, sourceDelayMillis, maxSortBuffer, bounded);
    }

    @Override
    public String toString() {
        return "NormalizeConfig{maxRecordBytes=" + maxRecordBytes + ", syslogDefaultYear=" + syslogDefaultYear
                + ", syslogZone=" + syslogZone + ", defaultNetworkScope=" + defaultNetworkScope
                + ", outOfOrderness=" + outOfOrderness() + ", allowedLateness=" + allowedLateness()
                + ", idleness=" + idleness() + ", sourceDelays=" + sourceDelays() + ", maxSortBuffer=" + maxSortBuffer + ", bounded=" + bounded + "}";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private int syslogDefaultYear = java.time.Year.now(ZoneOffset.UTC).getValue();
        private ZoneId syslogZone = ZoneOffset.UTC;
        private String defaultNetworkScope = DEFAULT_NETWORK_SCOPE;
        private Duration outOfOrderness = EventTime.DEFAULT_OUT_OF_ORDERNESS;
        private Duration allowedLateness = DEFAULT_ALLOWED_LATENESS;
        private Duration idleness = EventTime.DEFAULT_IDLENESS;
        private final Map<String, Duration> sourceDelays = new TreeMap<>(DEFAULT_SOURCE_DELAYS);
        private int maxSortBuffer = DEFAULT_MAX_SORT_BUFFER;
        private boolean bounded;

        private Builder() {}

        public Builder maxRecordBytes(int v) { this.maxRecordBytes = v; return this; }

        public Builder syslogDefaultYear(int v) { this.syslogDefaultYear = v; return this; }

        public Builder syslogZone(ZoneId v) { this.syslogZone = Objects.requireNonNull(v, "syslogZone"); return this; }

        public Builder defaultNetworkScope(String v) { this.defaultNetworkScope = v; return this; }

        public Builder outOfOrderness(Duration v) { this.outOfOrderness = v; return this; }

        public Builder allowedLateness(Duration v) { this.allowedLateness = v; return this; }

        public Builder idleness(Duration v) { this.idleness = v; return this; }

        /** Sets the source delay of one FORMAT (replacing its default; 0 = none). */
        public Builder sourceDelay(String format, Duration v) { this.sourceDelays.put(format, v); return this; }

        /** Replaces all source delays (no defaults kept). */
        public Builder sourceDelays(Map<String, Duration> v) {
            this.sourceDelays.clear();
            this.sourceDelays.putAll(v);
            return this;
        }

        public Builder maxSortBuffer(int v) { this.maxSortBuffer = v; return this; }

        public Builder bounded(boolean v) { this.bounded = v; return this; }

        public NormalizeConfig build() { return new NormalizeConfig(this); }
    }
}
