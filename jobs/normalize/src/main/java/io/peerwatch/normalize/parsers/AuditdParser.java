package io.peerwatch.normalize.parsers;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parsers.hostlog.AuditFields;
import io.peerwatch.normalize.parsers.hostlog.RecordText;
import io.peerwatch.normalize.parsers.hostlog.Times;
import io.peerwatch.schema.ProcessStart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code auditd}: raw audit.log lines ({@code [node=H ]type=T msg=audit(SECONDS.MILLIS:SERIAL): k=v …}, also
 * the ENRICHED log format whose interpreted names follow a 0x1D separator). The records of one kernel event
 * (SYSCALL, EXECVE, CWD, PATH…, PROCTITLE, EOE) share the serial; an execve event becomes ONE ProcessStart:
 * image = SYSCALL exe (else PATH item 0, else argv[0]), command line = the EXECVE arguments (hex-encoded ones
 * decoded, long arguments split into {@code aN[i]} chunks joined; arguments with spaces or quotes quoted), else
 * the PROCTITLE (hex, NUL-separated), pid/ppid, user = uid (its name in the ENRICHED format), loginUser = auid
 * (null when unset), hostname = node.
 *
 * <p>Assembly: records of one source arrive in order at one parser instance (the pipeline keeps a file or a
 * Kafka partition on one subtask). The parser buffers records by (source, node, serial): a record joins its
 * event (counted skip "partial: assembled into audit event N"); the event is emitted with the record that
 * completes it (PROCTITLE, which the kernel writes last, or EOE). An execve event whose last records never
 * arrive is emitted when the next event of that source and node starts; that record then counts as the
 * normalized one. Records of an event that come after it was emitted (EOE after PROCTITLE, or interleaved
 * events on a busy host) are counted skips "(already emitted)": the last 16 emitted serials per source and
 * node are remembered. Events without an EXECVE record stay open for up to {@value #MAX_OPEN_PER_SOURCE} later
 * events (an interleaved EXECVE can still join them). An event still open at the end of a bounded input is
 * not emitted (its records are counted as partial skips). Bounds: {@value #MAX_SOURCES} sources/nodes per
 * instance (the least recently seen one's open events are emitted when more are needed),
 * {@value #MAX_OPEN_PER_SOURCE} open events per source and node, {@value #MAX_RECORDS_PER_EVENT} records and
 * {@value #MAX_ARG_BYTES} argument bytes are kept per event. Events without an EXECVE record (and failed
 * execs) produce nothing; user-space records (USER_*, CRED_*, SERVICE_*, …) are counted skips.
 */
public final class AuditdParser implements RecordParser {
    static final int MAX_SOURCES = 4096;
    static final int MAX_OPEN_PER_SOURCE = 8;
    static final int MAX_RECORDS_PER_EVENT = 1024;
    static final int MAX_ARG_BYTES = 128 * 1024;
    /** Raw record text kept per event, and for all open events of an instance together. */
    static final int MAX_EVENT_BYTES = 256 * 1024;
    static final long MAX_BUFFERED_BYTES = 16L << 20;
    private static final int MAX_FIELDS = 4096;
    private static final int MAX_ARGC = 1 << 20;
    /** The record types whose fields go into a ProcessStart. */
    private static final Set<String> USED_TYPES = Set.of("SYSCALL", "EXECVE", "PATH", "PROCTITLE");
    private static final char ENRICHED_SEPARATOR = 0x1d;
    private static final Set<String> STANDALONE = Set.of("LOGIN", "ADD_USER", "DEL_USER", "ADD_GROUP", "DEL_GROUP",
            "SYSTEM_BOOT", "SYSTEM_SHUTDOWN", "SYSTEM_RUNLEVEL", "CONFIG_CHANGE", "KERNEL", "BPF", "DAEMON_START",
            "DAEMON_END", "DAEMON_ABORT", "DAEMON_CONFIG", "DAEMON_ROTATE", "DAEMON_RESUME", "SERVICE_START", "SERVICE_STOP");
    private static final Set<String> STANDALONE_PREFIXES = Set.of("USER_", "CRED_", "ANOM_", "AVC_", "MAC_", "GRP_", "ACCT_");

    private final int maxRecordBytes;
    /** Per source and node: the open events and the serials emitted recently, least recently used first. */
    private final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);
    /** Bytes of record text held by all open events. */
    private long buffered;

    public AuditdParser(NormalizeConfig cfg) {
        this.maxRecordBytes = cfg.maxRecordBytes();
    }

    @Override
    public String format() {
        return Formats.AUDITD;
    }

    /** Number of (source, node) slots held; bounded by {@link #MAX_SOURCES} (tests check it). */
    int slotCount() {
        return slots.size();
    }

    /** Bytes held by open events (bounded by {@link #MAX_BUFFERED_BYTES}). */
    long bufferedBytes() {
        return buffered;
    }

    /** Number of events assembled but not yet emitted. */
    int openEvents() {
        int n = 0;
        for (Slot s : slots.values()) n += s.open.size();
        return n;
    }

    @Override
    public ParseOutcome parse(RawRecord raw) throws ParseException {
        String line = RecordText.line(raw, maxRecordBytes, String.valueOf(ENRICHED_SEPARATOR));
        if (line.isBlank()) return ParseOutcome.skip("blank line");
        if (line.startsWith("----")) return ParseOutcome.skip("ausearch separator line");
        Header h = Header.parse(line);
        String key = raw.sourceKind + "|" + raw.sourceName + "|" + raw.partition + "|" + (h.node == null ? "" : h.node);
        List<Parsed> out = new ArrayList<>(1);
        Slot slot = slots.get(key);
        if (slot != null) {
            OpenEvent ev = slot.find(h.serial, h.millis);
            if (ev != null) {
                buffered += ev.add(h);
                evictOverBudget(slot, out);
                if (!h.completes() && !out.isEmpty()) return ParseOutcome.of(out);
                if (!h.completes()) return ParseOutcome.skip("partial: assembled into audit event " + h.serial);
                slot.emit(ev, out);
                return out.isEmpty() ? ParseOutcome.skip("not a successful execve: audit event " + h.serial) : ParseOutcome.of(out);
            }
            if (slot.emittedRecently(h.serial, h.millis)) {
                // a record after its event was emitted (EOE after PROCTITLE, or a record of an interleaved event)
                return ParseOutcome.skip("partial: assembled into audit event " + h.serial + " (already emitted)");
            }
            slot.emitExecves(out); // a new event started: execve events whose last records never came go now
        }
        if (isStandalone(h.type)) {
            return out.isEmpty() ? ParseOutcome.skip("not part of an execve event: " + RecordText.bounded(h.type, 40) + " record")
                    : ParseOutcome.of(out);
        }
        if (slot == null) {
            slot = new Slot();
            slots.put(key, slot);
            if (slots.size() > MAX_SOURCES) {
                Iterator<Map.Entry<String, Slot>> eldest = slots.entrySet().iterator();
                Slot old = eldest.next().getValue();
                eldest.remove();
                while (!old.open.isEmpty()) old.emit(old.open.get(0), out);
            }
        }
        OpenEvent ev = new OpenEvent(h.serial, h.millis, h.node);
        buffered += ev.add(h);
        slot.open.add(ev);
        evictOverBudget(slot, out);
        if (slot.open.size() > MAX_OPEN_PER_SOURCE) slot.emit(slot.open.get(0), out);
        if (h.completes()) {
            slot.emit(ev, out);
            return out.isEmpty() ? ParseOutcome.skip("not a successful execve: audit event " + h.serial) : ParseOutcome.of(out);
        }
        return out.isEmpty() ? ParseOutcome.skip("partial: assembled into audit event " + h.serial) : ParseOutcome.of(out);
    }

    /** Emits the open events of the least recently seen sources until the buffer is within its budget. */
    private void evictOverBudget(Slot current, List<Parsed> out) {
        Iterator<Map.Entry<String, Slot>> it = slots.entrySet().iterator();
        while (buffered > MAX_BUFFERED_BYTES && it.hasNext()) {
            Slot s = it.next().getValue();
            if (s == current) continue;
            while (!s.open.isEmpty()) s.emit(s.open.get(0), out);
        }
    }

    /**
     * The open events of one source and node and the serials emitted there recently. Events that already have
     * their EXECVE record are emitted as soon as another event starts; events without one (yet) stay open a
     * little longer, so that a record of an event interleaved with others still finds its event, and their
     * emission changes nothing: without EXECVE they produce no output.
     */
    private final class Slot {
        static final int RECENT = 16;
        final List<OpenEvent> open = new ArrayList<>(2);
        final long[] recentSerial = new long[RECENT];
        final long[] recentMillis = new long[RECENT];
        int recentCount;

        OpenEvent find(long serial, long millis) {
            for (OpenEvent e : open) if (e.serial == serial && e.millis == millis) return e;
            return null;
        }

        boolean emittedRecently(long serial, long millis) {
            for (int i = 0; i < Math.min(recentCount, RECENT); i++) {
                if (recentSerial[i] == serial && recentMillis[i] == millis) return true;
            }
            return false;
        }

        void emitExecves(List<Parsed> out) {
            for (int i = 0; i < open.size(); ) {
                OpenEvent e = open.get(i);
                if (e.hasExecve) emit(e, out);
                else i++;
            }
        }

        void emit(OpenEvent ev, List<Parsed> out) {
            open.remove(ev);
            buffered -= ev.bytes;
            recentSerial[recentCount % RECENT] = ev.serial;
            recentMillis[recentCount % RECENT] = ev.millis;
            recentCount++;
            ProcessStart p = ev.toProcessStart();
            if (p != null) out.add(new Parsed(ev.millis, null, ev.node, p));
        }
    }

    private static boolean isStandalone(String type) {
        if (STANDALONE.contains(type)) return true;
        for (String p : STANDALONE_PREFIXES) if (type.startsWith(p)) return true;
        return false;
    }

    /** The envelope of one record. */
    private record Header(String node, String type, long millis, long serial, String body, String enriched,
            Map<String, String> fields, Map<String, String> enrichedFields) {
        boolean completes() {
            return type.equals("PROCTITLE") || type.equals("EOE");
        }

        static Header parse(String line) throws ParseException {
            int i = 0;
            String node = null;
            if (line.startsWith("node=")) {
                int sp = line.indexOf(' ');
                if (sp < 0) throw malformed("nothing after node=");
                node = RecordText.name(line.substring(5, sp), "node", 255);
                i = sp + 1;
            }
            if (!line.startsWith("type=", i)) throw malformed("no type=");
            int sp = line.indexOf(' ', i);
            if (sp < 0) throw malformed("no msg=audit(...)");
            String type = line.substring(i + 5, sp);
            if (type.isEmpty() || type.length() > 64) throw malformed("invalid type");
            if (!line.startsWith("msg=audit(", sp + 1)) throw malformed("no msg=audit(...)");
            int open = sp + 1 + "msg=audit(".length();
            int close = line.indexOf(')', open);
            if (close < 0 || !line.startsWith(":", close + 1)) throw malformed("unterminated msg=audit(...)");
            String stamp = line.substring(open, close);
            int colon = stamp.indexOf(':');
            if (colon < 0) throw malformed("audit stamp without serial");
            long millis = Times.epochSecondsText(stamp.substring(0, colon), "audit timestamp");
            String serialText = stamp.substring(colon + 1);
            if (serialText.isEmpty() || serialText.length() > 18 || !serialText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw malformed("invalid audit serial");
            }
            long serial = Long.parseLong(serialText);
            String rest = line.substring(Math.min(close + 2, line.length()));
            int gs = rest.indexOf(ENRICHED_SEPARATOR);
            String body = gs < 0 ? rest : rest.substring(0, gs);
            String enriched = gs < 0 ? null : rest.substring(gs + 1);
            // fields are split (and validated) here, before any assembly state changes
            Map<String, String> fields = null;
            Map<String, String> enrichedFields = null;
            if (USED_TYPES.contains(type)) {
                fields = AuditFields.split(body, MAX_FIELDS);
                if (enriched != null) enrichedFields = AuditFields.split(enriched, MAX_FIELDS);
                String argc = fields.get("argc");
                if (type.equals("EXECVE") && argc != null && (numberOrNull(argc) == null || numberOrNull(argc) > MAX_ARGC)) {
                    throw new ParseException(ParseException.INVALID_NUMBER, "invalid argc '" + RecordText.bounded(argc, 20) + "'");
                }
            }
            return new Header(node, type, millis, serial, body, enriched, fields, enrichedFields);
        }

        private static ParseException malformed(String why) {
            return new ParseException(ParseException.MALFORMED, "not a raw audit.log record: " + why);
        }
    }

    /** The parts of one kernel event kept until it is complete. */
    private static final class OpenEvent {
        final long serial;
        final long millis;
        final String node;
        int records;
        int bytes;
        int argBytes;
        boolean truncated;
        boolean hasExecve;
        Map<String, String> syscall;
        Map<String, String> enriched;
        String path0;
        String proctitle;
        Integer argc;
        /** argument index → decoded bytes (chunks appended). */
        TreeMap<Integer, ByteArrayOutputStream> args;

        OpenEvent(long serial, long millis, String node) {
            this.serial = serial;
            this.millis = millis;
            this.node = node;
        }

        /** @return the bytes of record text now held for this record; never fails (the header was validated) */
        int add(Header h) {
            int size = h.body.length() + (h.enriched == null ? 0 : h.enriched.length());
            if (++records > MAX_RECORDS_PER_EVENT || bytes + size > MAX_EVENT_BYTES) {
                truncated = true;
                return 0;
            }
            bytes += size;
            switch (h.type) {
                case "SYSCALL" -> {
                    syscall = h.fields;
                    if (h.enrichedFields != null) enriched = h.enrichedFields;
                }
                case "EXECVE" -> execve(h.fields);
                case "PATH" -> {
                    if ("0".equals(h.fields.get("item")) && path0 == null) path0 = AuditFields.decode(h.fields.get("name"));
                }
                case "PROCTITLE" -> {
                    String v = h.fields.get("proctitle");
                    byte[] b = AuditFields.decodeBytes(v);
                    proctitle = b != null ? nulSeparated(b) : AuditFields.decode(v);
                }
                default -> { }
            }
            return size;
        }

        private void execve(Map<String, String> f) {
            hasExecve = true;
            if (args == null) args = new TreeMap<>();
            for (Map.Entry<String, String> e : f.entrySet()) {
                String k = e.getKey();
                if (k.equals("argc")) {
                    argc = numberOrNull(e.getValue()).intValue();
                    continue;
                }
                if (k.length() < 2 || k.charAt(0) != 'a' || k.endsWith("_len")) continue;
                int bracket = k.indexOf('[');
                String index = bracket < 0 ? k.substring(1) : k.substring(1, bracket);
                if (index.isEmpty() || index.length() > 7 || !index.chars().allMatch(c -> c >= '0' && c <= '9')) continue;
                int n = Integer.parseInt(index);
                String raw = e.getValue();
                byte[] hex = AuditFields.decodeBytes(raw);
                String literal = hex == null ? AuditFields.decode(raw) : null;
                final byte[] bytes = hex != null ? hex : literal == null ? new byte[0] : literal.getBytes(StandardCharsets.UTF_8);
                if (argBytes + bytes.length > MAX_ARG_BYTES) {
                    truncated = true;
                    continue;
                }
                if (args.size() >= 65_536 && !args.containsKey(n)) {
                    truncated = true;
                    continue;
                }
                argBytes += bytes.length;
                args.computeIfAbsent(n, x -> new ByteArrayOutputStream(Math.max(16, bytes.length))).writeBytes(bytes);
            }
        }

        ProcessStart toProcessStart() {
            if (!hasExecve) return null;
            if (syscall != null && "no".equals(syscall.get("success"))) return null;
            String commandLine = commandLine();
            String image = syscall == null ? null : AuditFields.decode(syscall.get("exe"));
            if (image == null) image = path0;
            if (image == null && args != null && args.containsKey(0)) image = args.get(0).toString(StandardCharsets.UTF_8);
            if (image == null || image.isEmpty()) return null;
            ProcessStart.Builder p = ProcessStart.newBuilder()
                    .setHostname(node)
                    .setImage(RecordText.escapeControls(image, 4096))
                    .setCommandLine(commandLine);
            if (syscall != null) {
                p.setPid(numberOrNull(syscall.get("pid")));
                p.setPpid(numberOrNull(syscall.get("ppid")));
                String uid = enriched != null && enriched.get("UID") != null ? AuditFields.decode(enriched.get("UID")) : syscall.get("uid");
                p.setUser(uid == null ? null : RecordText.escapeControls(uid, 256));
                String auid = syscall.get("auid");
                boolean unset = auid == null || auid.equals("4294967295") || auid.equals("-1");
                if (!unset) {
                    String name = enriched != null && enriched.get("AUID") != null ? AuditFields.decode(enriched.get("AUID")) : auid;
                    p.setLoginUser(RecordText.escapeControls(name, 256));
                }
            }
            return p.build();
        }

        private String commandLine() {
            if (args != null && !args.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (ByteArrayOutputStream a : args.values()) {
                    if (sb.length() > 0) sb.append(' ');
                    sb.append(quoted(a.toString(StandardCharsets.UTF_8)));
                }
                if (truncated || (argc != null && argc > args.size())) sb.append(" …(truncated)");
                return RecordText.escapeControls(sb.toString(), 32_768);
            }
            return proctitle == null ? null : RecordText.escapeControls(proctitle, 32_768);
        }

    }

    /** Shell-style quoting for arguments that would otherwise be ambiguous in a space-joined command line. */
    static String quoted(String arg) {
        if (arg.isEmpty()) return "''";
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == ' ' || c == '\'' || c == '"' || c == '\t' || c == '\\') return "'" + arg.replace("'", "'\\''") + "'";
        }
        return arg;
    }

    private static String nulSeparated(byte[] b) {
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) end--;
        byte[] copy = new byte[end];
        for (int i = 0; i < end; i++) copy[i] = b[i] == 0 ? (byte) ' ' : b[i];
        return new String(copy, StandardCharsets.UTF_8);
    }

    private static Long numberOrNull(String v) {
        if (v == null || v.isEmpty() || v.length() > 18) return null;
        for (int i = 0; i < v.length(); i++) if (v.charAt(i) < '0' || v.charAt(i) > '9') return null;
        return Long.parseLong(v);
    }
}
