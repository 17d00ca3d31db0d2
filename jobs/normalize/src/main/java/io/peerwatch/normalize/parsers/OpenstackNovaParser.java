package io.peerwatch.normalize.parsers;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parsers.hostlog.RecordText;
import io.peerwatch.normalize.parsers.hostlog.SyslogLine;
import io.peerwatch.normalize.parsers.hostlog.Times;
import io.peerwatch.normalize.parsers.hostlog.Uuids;
import io.peerwatch.schema.LifecycleState;
import io.peerwatch.schema.VmLifecycle;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * {@code openstack-nova}: nova-compute log lines about an instance ({@code [instance: <uuid>]}), as oslo.log
 * writes them to a file ({@code 2026-11-02 10:15:32.123 4242 INFO nova.compute.manager [req-…] [instance:
 * …] VM Started (Lifecycle Event)}) or as they arrive through syslog/journald with a host
 * ({@code Nov  2 10:15:32 compute-01 nova-compute[4242]: 2026-11-02 10:15:32.123 4242 INFO …}, or journald's
 * {@code … nova-compute[4242]: INFO nova.compute.manager [None req-…] [instance: …] …} without oslo's time).
 *
 * <p>Time: an RFC 3339 syslog timestamp (it has a zone) wins; otherwise the oslo timestamp (milliseconds, no
 * zone) or the RFC 3164 syslog timestamp, both read in the configured syslog year/zone. Host: the syslog
 * host; a bare oslo file line names none (host null).
 *
 * <p>Lifecycle messages: "VM Started/Stopped/Paused/Resumed/Suspended (Lifecycle Event)", "Took N seconds to
 * spawn/destroy the instance on the hypervisor", "Instance spawned/destroyed successfully", "Instance
 * shutdown successfully", "Instance rebooted successfully" (OTHER), live migration: "Migrating instance to
 * HOST finished successfully" (source: MIGRATED, host = HOST, previousHost = this host), "Post operation of
 * migration started" (destination: MIGRATED, host = this host), "VM Migration Completed (Lifecycle Event)"
 * (source: MIGRATED, previousHost = this host). Other instance lines and lines without an instance are
 * counted skips.
 */
public final class OpenstackNovaParser implements RecordParser {
    private static final String INSTANCE = "[instance: ";
    private final SyslogLine.Rfc3164Defaults defaults;
    private final int maxRecordBytes;

    public OpenstackNovaParser(NormalizeConfig cfg) {
        this.defaults = new SyslogLine.Rfc3164Defaults(cfg.syslogDefaultYear(), cfg.syslogZone());
        this.maxRecordBytes = cfg.maxRecordBytes();
    }

    @Override
    public String format() {
        return Formats.OPENSTACK_NOVA;
    }

    @Override
    public ParseOutcome parse(RawRecord raw) throws ParseException {
        String line = RecordText.line(raw, maxRecordBytes, "");
        if (line.isBlank()) return ParseOutcome.skip("blank line");
        String host = null;
        Long millis = null;
        String body = line;
        if (!isOsloTimestamp(line, 0)) {
            SyslogLine sys = SyslogLine.parse(line, defaults);
            host = sys.host();
            body = sys.message();
            if (sys.zoned() || !isOsloTimestamp(body, 0)) millis = sys.millis();
        }
        if (isOsloTimestamp(body, 0)) {
            long oslo = osloTime(body.substring(0, 23));
            if (millis == null) millis = oslo;
            body = body.substring(23);
        } else if (millis == null) {
            throw new ParseException(ParseException.MALFORMED, "not a nova log line (no timestamp)");
        }
        int at = body.indexOf(INSTANCE);
        if (at < 0) return ParseOutcome.skip("nova line without an instance");
        int close = body.indexOf(']', at);
        if (close < 0) throw new ParseException(ParseException.MALFORMED, "unterminated [instance: ...]");
        String uuid = Uuids.canonical(body.substring(at + INSTANCE.length(), close), "nova instance");
        String message = body.substring(close + 1).strip();
        return lifecycle(message, uuid, host, millis);
    }

    private static ParseOutcome lifecycle(String m, String uuid, String host, long millis) throws ParseException {
        LifecycleState state = null;
        String newHost = host;
        String previousHost = null;
        if (m.endsWith("(Lifecycle Event)") && m.startsWith("VM ")) {
            String what = m.substring(3, m.length() - "(Lifecycle Event)".length()).strip();
            switch (what) {
                case "Started" -> state = LifecycleState.STARTED;
                case "Stopped" -> state = LifecycleState.STOPPED;
                case "Paused", "Suspended" -> state = LifecycleState.SUSPENDED;
                case "Resumed" -> state = LifecycleState.RESUMED;
                case "Migration Completed" -> {
                    state = LifecycleState.MIGRATED;
                    newHost = null;
                    previousHost = host;
                }
                default -> state = null;
            }
        } else if (m.startsWith("Took ") && m.contains(" seconds to spawn the instance")) {
            state = LifecycleState.STARTED;
        } else if (m.startsWith("Took ") && m.contains(" seconds to destroy the instance")) {
            state = LifecycleState.STOPPED;
        } else if (m.startsWith("Instance spawned successfully")) {
            state = LifecycleState.STARTED;
        } else if (m.startsWith("Instance destroyed successfully") || m.startsWith("Instance shutdown successfully")) {
            state = LifecycleState.STOPPED;
        } else if (m.startsWith("Instance rebooted successfully")) {
            state = LifecycleState.OTHER;
        } else if (m.startsWith("Migrating instance to ") && m.endsWith(" finished successfully.")) {
            String dest = m.substring("Migrating instance to ".length(), m.length() - " finished successfully.".length()).strip();
            if (dest.isEmpty() || dest.length() > 255 || dest.indexOf(' ') >= 0) {
                throw new ParseException(ParseException.MALFORMED, "invalid migration destination in nova line");
            }
            state = LifecycleState.MIGRATED;
            newHost = dest;
            previousHost = host;
        } else if (m.startsWith("Post operation of migration started")) {
            state = LifecycleState.MIGRATED;
        }
        if (state == null) return ParseOutcome.skip("nova instance message without a lifecycle change");
        return ParseOutcome.of(new Parsed(millis, null, host, VmLifecycle.newBuilder()
                .setUuid(uuid).setState(state).setHost(newHost).setPreviousHost(previousHost)
                .setDetail(RecordText.bounded(m, 256)).build()));
    }

    /** "2026-11-02 10:15:32.123" at position i. */
    private static boolean isOsloTimestamp(String s, int i) {
        return s.length() >= i + 23 && s.charAt(i + 4) == '-' && s.charAt(i + 10) == ' ' && s.charAt(i + 19) == '.'
                && Times.num(s, i, i + 4) >= 0 && Times.num(s, i + 20, i + 23) >= 0;
    }

    private long osloTime(String s) throws ParseException {
        int y = Times.num(s, 0, 4);
        int mo = Times.num(s, 5, 7);
        int d = Times.num(s, 8, 10);
        int h = Times.num(s, 11, 13);
        int mi = Times.num(s, 14, 16);
        int sec = Times.num(s, 17, 19);
        int ms = Times.num(s, 20, 23);
        if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            throw new ParseException(ParseException.INVALID_TIMESTAMP, "invalid nova timestamp '" + s + "'");
        }
        ZoneId zone = defaults.zone();
        if (zone instanceof ZoneOffset off) {
            return Times.checkRange(Times.toMillis(y, mo, d, h, mi, sec, ms, s, "nova timestamp") - off.getTotalSeconds() * 1000L,
                    "nova timestamp");
        }
        Times.toMillis(y, mo, d, h, mi, sec, ms, s, "nova timestamp"); // validates the fields
        try {
            return Times.checkRange(LocalDateTime.of(y, mo, d, h, mi, Math.min(sec, 59), ms * 1_000_000).atZone(zone).toInstant().toEpochMilli(),
                    "nova timestamp");
        } catch (DateTimeException e) {
            throw new ParseException(ParseException.INVALID_TIMESTAMP, "invalid nova timestamp '" + s + "'", e);
        }
    }
}
