package io.peerwatch.normalize.parsers;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parsers.hostlog.RecordText;
import io.peerwatch.normalize.parsers.hostlog.Times;
import io.peerwatch.schema.LifecycleState;
import io.peerwatch.schema.VmLifecycle;

/**
 * {@code libvirt-event}: the output of {@code virsh event --all --loop --timestamp}, e.g.
 * {@code 2026-11-02 00:00:01.000+0000: event 'lifecycle' for domain 'vm-x': Started Booted}.
 *
 * <p>Lifecycle events map to VmLifecycle states: Defined → DEFINED, Undefined → UNDEFINED, Started →
 * STARTED, Suspended and PMSuspended → SUSPENDED, Resumed → RESUMED, Stopped → STOPPED, Crashed and
 * "Stopped Crashed" → CRASHED; "Started Migrated" (the VM arrived on this host) and "Stopped Migrated" (it
 * left) → MIGRATED with the direction in detail, because the VM keeps running elsewhere; "Shutdown Finished"
 * (the guest asked to shut down, Stopped follows) → OTHER. The lines name the domain, not its UUID, and not
 * the host (virsh prints neither): name is set, uuid and host stay null.
 *
 * <p>{@code reboot}, {@code device-added} and {@code device-removed} (NIC hot-plug) → OTHER with the event
 * in detail. Other events (rtc-change, balloon-change, job-completed, ...), the indented continuation lines
 * of multi-line events and virsh's own status lines are counted skips. A line without the
 * {@code --timestamp} prefix is an error: its time is unknown.
 */
public final class LibvirtEventParser implements RecordParser {
    private static final String EVENT = "event '";
    private static final String FOR_DOMAIN = "' for domain '";
    private final int maxRecordBytes;

    public LibvirtEventParser(NormalizeConfig cfg) {
        this.maxRecordBytes = cfg.maxRecordBytes();
    }

    @Override
    public String format() {
        return Formats.LIBVIRT_EVENT;
    }

    @Override
    public ParseOutcome parse(RawRecord raw) throws ParseException {
        String line = RecordText.line(raw, maxRecordBytes, "");
        if (line.isBlank()) return ParseOutcome.skip("blank line");
        if (line.charAt(0) == '\t' || line.charAt(0) == ' ') return ParseOutcome.skip("continuation line of a multi-line libvirt event");
        if (line.startsWith("events received:") || line.startsWith("event loop") || line.startsWith("error:")) {
            return ParseOutcome.skip("virsh status line");
        }
        int sep = line.indexOf(": " + EVENT);
        if (sep < 0) {
            if (line.startsWith(EVENT)) {
                throw new ParseException(ParseException.INVALID_TIMESTAMP, "libvirt event line without a timestamp (run virsh event with --timestamp)");
            }
            throw new ParseException(ParseException.MALFORMED, "not a virsh event line");
        }
        long millis = timestamp(line.substring(0, sep));
        int typeStart = sep + 2 + EVENT.length();
        int typeEnd = line.indexOf(FOR_DOMAIN, typeStart);
        if (typeEnd < 0) throw new ParseException(ParseException.MALFORMED, "virsh event line without a domain");
        String type = line.substring(typeStart, typeEnd);
        int nameStart = typeEnd + FOR_DOMAIN.length();
        // the name ends at the last quote that is followed by ':' / ' disk' / end of line; names may contain quotes
        int nameEnd = -1;
        for (int q = line.indexOf('\'', nameStart); q >= 0; q = line.indexOf('\'', q + 1)) {
            if (q + 1 == line.length() || line.charAt(q + 1) == ':' || line.startsWith(" disk ", q + 1)) {
                nameEnd = q;
                if (type.equals("lifecycle")) break;
            }
        }
        if (nameEnd <= nameStart) throw new ParseException(ParseException.MALFORMED, "virsh event line with an empty or unterminated domain name");
        String domain = line.substring(nameStart, nameEnd);
        if (domain.length() > 256) throw new ParseException(ParseException.MALFORMED, "domain name longer than 256 characters");
        String rest = line.substring(nameEnd + 1);
        String detail = rest.startsWith(": ") ? rest.substring(2).strip() : rest.startsWith(":") ? rest.substring(1).strip() : rest.strip();

        switch (type) {
            case "lifecycle":
                return lifecycle(millis, domain, detail);
            case "reboot":
            case "device-added":
            case "device-removed":
                return ParseOutcome.of(new Parsed(millis, null, null, VmLifecycle.newBuilder()
                        .setName(domain).setState(LifecycleState.OTHER)
                        .setDetail(RecordText.bounded(detail.isEmpty() ? type : type + ": " + detail, 256)).build()));
            default:
                return ParseOutcome.skip("libvirt event without a lifecycle change: " + RecordText.bounded(type, 40));
        }
    }

    private static ParseOutcome lifecycle(long millis, String domain, String detail) throws ParseException {
        int sp = detail.indexOf(' ');
        String event = sp < 0 ? detail : detail.substring(0, sp);
        String reason = sp < 0 ? "" : detail.substring(sp + 1);
        LifecycleState state;
        String text = detail;
        switch (event) {
            case "Defined" -> state = LifecycleState.DEFINED;
            case "Undefined" -> state = LifecycleState.UNDEFINED;
            case "Started" -> {
                boolean migrated = reason.equals("Migrated");
                state = migrated ? LifecycleState.MIGRATED : LifecycleState.STARTED;
                if (migrated) text = "Started Migrated (arrived on this host)";
            }
            case "Suspended", "PMSuspended" -> state = LifecycleState.SUSPENDED;
            case "Resumed" -> state = LifecycleState.RESUMED;
            case "Stopped" -> {
                if (reason.equals("Migrated")) {
                    state = LifecycleState.MIGRATED;
                    text = "Stopped Migrated (left this host)";
                } else {
                    state = reason.equals("Crashed") ? LifecycleState.CRASHED : LifecycleState.STOPPED;
                }
            }
            case "Shutdown" -> state = LifecycleState.OTHER;
            case "Crashed" -> state = LifecycleState.CRASHED;
            default -> throw new ParseException(ParseException.UNSUPPORTED,
                    "unknown libvirt lifecycle event '" + RecordText.bounded(event, 40) + "'");
        }
        return ParseOutcome.of(new Parsed(millis, null, null, VmLifecycle.newBuilder()
                .setName(domain).setState(state).setDetail(RecordText.bounded(text, 256)).build()));
    }

    /** virsh's "2026-11-02 00:00:01.000+0000" (local time with offset). */
    private static long timestamp(String s) throws ParseException {
        return Times.iso(s, "virsh event timestamp", false);
    }
}
