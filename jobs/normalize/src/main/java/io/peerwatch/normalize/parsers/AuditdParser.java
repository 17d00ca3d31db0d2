package io.peerwatch.normalize.parsers;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.Origin;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parse.SourceStateful;
import io.peerwatch.normalize.parsers.hostlog.AuditFields;
import io.peerwatch.normalize.parsers.hostlog.RecordText;
import io.peerwatch.normalize.parsers.hostlog.Times;
import io.peerwatch.schema.ProcessStart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code auditd}: raw audit.log lines ({@code [node=H ]type=T msg=audit(SECONDS.MILLIS:SERIAL): k=v …}), in the
 * RAW and the ENRICHED {@code log_format} (the default of current auditd). ENRICHED appends, after ONE 0x1D
 * (GS) byte right behind the raw fields, auditd's interpretation of the record's uid/gid, syscall, arch and
 * socket-address fields ({@code ARCH=x86_64 SYSCALL=execve AUID="alice" UID="root" …}; names quoted, or hex
 * when they contain spaces or other special bytes, like the kernel's own encoding). The raw fields stay the
 * source of every value; the enrichment only adds names: user = UID's name (else the raw uid), loginUser =
 * AUID's name (else the raw auid; null when unset), and an event whose SYSCALL is execve/execveat (by name, or by
 * number on x86_64/aarch64) still counts as a process start when its EXECVE record is missing. A second 0x1D,
 * or one inside the record header, is rejected ({@code ControlCharacters}). Names that reach output have
 * control characters escaped and are bounded.
 *
 * <p>The records of one kernel event (SYSCALL, EXECVE, CWD, PATH…, PROCTITLE, EOE) share the serial; an execve
 * event becomes ONE ProcessStart: image = SYSCALL exe (else PATH item 0, else argv[0]), command line = the EXECVE
 * arguments (hex-encoded ones decoded, long arguments split into {@code aN[i]} chunks joined; arguments with
 * spaces or quotes quoted), else the PROCTITLE (hex, NUL-separated), pid/ppid, user, loginUser, hostname = node.
 * The event is attributed to its FIRST record ({@link Origin}: envelope source, rawSha256 and event id), whatever
 * record later completes it, so its id is the same in live and replayed runs.
 *
 * <p>Assembly: records of one source arrive in order at one parser instance (the pipeline keeps a file or a
 * Kafka partition on one subtask). The parser buffers records by (source, node, serial): a record joins its
 * event (counted skip "partial: assembled into audit event N"); the event is emitted with the record that
 * completes it (PROCTITLE, which the kernel writes last, or EOE). An execve event whose last records never
 * arrive is emitted when the next event of that source and node starts; that record then counts as the
 * normalized one. Records of an event that come after it was emitted (EOE after PROCTITLE, or interleaved
 * events on a busy host) are counted skips "(already emitted)": the last 16 emitted serials per source and
 * node are remembered. Events without an EXECVE record stay open for up to {@value #MAX_OPEN_PER_SOURCE} later
 * events (an interleaved EXECVE can still join them). At the end of the input ({@link #flush()}: a bounded file
 * run or Kafka range, or a drained job) every event still open is emitted. There is no wall-clock deadline in
 * live runs: it would make the output depend on arrival timing; an open event waits for the next record of its
 * source and node (auditd writes EOE right behind every multi-record event, so this only matters when the last
 * lines were lost). Bounds: {@value #MAX_SOURCES} sources/nodes per instance (the least recently seen one's
 * open events are emitted when more are needed), {@value #MAX_OPEN_PER_SOURCE} open events per source and node,
 * {@value #MAX_RECORDS_PER_EVENT} records and {@value #MAX_ARG_BYTES} argument bytes are kept per event. Events
 * without an execve (and failed execs) produce nothing; user-space records (USER_*, CRED_*, SERVICE_*, …) are
 * counted skips.
 *
 * <p>Checkpoints ({@link SourceStateful}): the open events (their kept record text and first record) and the
 * recently emitted serials of every slot are in the snapshot, so a job restored from a checkpoint taken in the
 * middle of an event, which resumes reading after that event's first lines, emits the same events with the same
 * ids as an uninterrupted run. After a restore each slot is taken over by ONE subtask only (the writer when the
 * parallelism is unchanged, else the one that reads the source again; see {@link #restoreSources}).
 */
public final class AuditdParser implements RecordParser, SourceStateful {
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
    /**
     * Restored slots no source of this instance has claimed yet: orphans of a rescaled job, which only the
     * subtask that reads their source again takes over ({@link #restoreSources}); never emitted otherwise.
     */
    private final LinkedHashMap<String, Slot> unclaimed = new LinkedHashMap<>();
    private long unclaimedBytes;
    /** This instance among the operator's subtasks ({@link #instance}). */
    private int instanceIndex;
    private int instanceCount = 1;
    /** Snapshot entries ignored at restore: not decodable by this version, or beyond the bounds for unclaimed slots. */
    private int ignored;

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

    /** Restored events waiting for their source to be read here ({@link #restoreSources}). */
    int unclaimedEvents() {
        int n = 0;
        for (Slot s : unclaimed.values()) n += s.open.size();
        return n;
    }

    /** Restored snapshot entries ignored (undecodable, or past the unclaimed bounds). */
    int ignoredEntries() {
        return ignored;
    }

    @Override
    public ParseOutcome parse(RawRecord raw) throws ParseException {
        return parse(raw, Origin.of(raw));
    }

    @Override
    public ParseOutcome parse(RawRecord raw, Origin origin) throws ParseException {
        String line = RecordText.line(raw, maxRecordBytes, String.valueOf(ENRICHED_SEPARATOR));
        if (line.isBlank()) return ParseOutcome.skip("blank line");
        if (line.startsWith("----")) return ParseOutcome.skip("ausearch separator line");
        Header h = Header.parse(line);
        String key = raw.sourceKind + "|" + raw.sourceName + "|" + raw.partition + "|" + (h.node == null ? "" : h.node);
        List<Parsed> out = new ArrayList<>(1);
        Slot slot = slots.get(key);
        if (slot == null && !unclaimed.isEmpty()) slot = claim(key, out);
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
                return out.isEmpty() ? ParseOutcome.skip("partial: assembled into audit event " + h.serial + " (already emitted)")
                        : ParseOutcome.of(out);
            }
            slot.emitExecves(out); // a new event started: execve events whose last records never came go now
        }
        if (isStandalone(h.type)) {
            return out.isEmpty() ? ParseOutcome.skip("not part of an execve event: " + RecordText.bounded(h.type, 40) + " record")
                    : ParseOutcome.of(out);
        }
        if (slot == null) {
            slot = new Slot();
            addSlot(key, slot, out);
        }
        OpenEvent ev = new OpenEvent(h.serial, h.millis, h.node, origin);
        buffered += ev.originBytes;
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

    /** Adds a slot as the most recently seen; past {@link #MAX_SOURCES} the least recently seen one is emitted and dropped. */
    private void addSlot(String key, Slot slot, List<Parsed> out) {
        slots.put(key, slot);
        buffered += slot.heldBytes();
        if (slots.size() > MAX_SOURCES) {
            Iterator<Map.Entry<String, Slot>> eldest = slots.entrySet().iterator();
            Slot old = eldest.next().getValue();
            eldest.remove();
            while (!old.open.isEmpty()) old.emit(old.open.get(0), out);
        }
    }

    /** This instance reads the source of a restored orphan slot: from now on it is this instance's. */
    private Slot claim(String key, List<Parsed> out) {
        Slot slot = unclaimed.remove(key);
        if (slot == null) return null;
        unclaimedBytes -= slot.heldBytes();
        addSlot(key, slot, out);
        return slot;
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
     * End of the input: every open event is emitted (an execve event without its PROCTITLE/EOE becomes a
     * ProcessStart; others produce nothing), least recently seen source first, and all assembly state is
     * dropped.
     */
    @Override
    public List<Parsed> flush() {
        List<Parsed> out = new ArrayList<>();
        for (Slot s : slots.values()) {
            while (!s.open.isEmpty()) s.emit(s.open.get(0), out);
        }
        slots.clear();
        // never claimed: their source was not read here, so emitting them could duplicate the reader's output
        unclaimed.clear();
        unclaimedBytes = 0;
        return out;
    }

    @Override
    public void instance(int index, int count) {
        if (count < 1 || index < 0 || index >= count) throw new IllegalArgumentException("subtask " + index + " of " + count);
        this.instanceIndex = index;
        this.instanceCount = count;
    }

    /** Snapshot key: the slot key, NUL, then the owner: {@code @index/count}, or {@code *} for an orphan. */
    private static final char OWNER_SEPARATOR = '\u0000';
    private static final String ORPHAN = "*";

    private String ownTag() {
        return "@" + instanceIndex + "/" + instanceCount;
    }

    /**
     * The open events of every (source, node) slot with their raw record text and first record ({@link Origin}),
     * and the serials emitted there recently, tagged with this subtask: restored, they reproduce exactly the
     * events an uninterrupted run emits. Slots without open events keep only their last emitted serial (a
     * trailing EOE still counts as "already emitted"). Orphan slots not claimed yet are passed on untagged.
     * Bounded like the live state: {@link #MAX_SOURCES} slots, {@link #MAX_BUFFERED_BYTES} of record text.
     */
    @Override
    public Map<String, String> snapshotSources() {
        Map<String, String> out = new LinkedHashMap<>();
        String own = ownTag();
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            if (e.getValue().open.isEmpty() && e.getValue().recentCount == 0) continue;
            out.put(e.getKey() + OWNER_SEPARATOR + own, encode(e.getValue()));
        }
        for (Map.Entry<String, Slot> e : unclaimed.entrySet()) {
            out.put(e.getKey() + OWNER_SEPARATOR + ORPHAN, encode(e.getValue()));
        }
        return out;
    }

    /**
     * Union state gives every subtask the snapshots of all subtasks; each slot is taken over by exactly one:
     * <ul>
     *   <li>same parallelism as the writer: the writer's subtask (it reads the same files and partitions again,
     *       Flink restores source splits to the subtask that checkpointed them); it continues exactly as if never
     *       interrupted, and emits open events at the end of the input. Other subtasks ignore the slot.</li>
     *   <li>other parallelism (rescaled), or an orphan: every subtask keeps it unclaimed; the one that reads a
     *       record of that source claims it and continues. Unclaimed slots are never emitted (not when evicted,
     *       not at the end of the input), so no two subtasks emit the same event.</li>
     * </ul>
     * Unclaimed slots are bounded like live ones ({@link #MAX_SOURCES}, {@link #MAX_BUFFERED_BYTES}); beyond,
     * and for entries this version cannot decode, the entry is ignored ({@link #ignoredEntries}).
     */
    @Override
    public void restoreSources(Map<String, String> state) {
        // per slot key: the entry to take and whether it is this subtask's own
        Map<String, String> chosen = new LinkedHashMap<>();
        Map<String, Integer> rank = new HashMap<>();
        String own = ownTag();
        String sameCount = "/" + instanceCount;
        for (Map.Entry<String, String> e : state.entrySet()) {
            int sep = e.getKey().lastIndexOf(OWNER_SEPARATOR);
            if (sep < 0) {
                ignored++;
                continue;
            }
            String key = e.getKey().substring(0, sep);
            String tag = e.getKey().substring(sep + 1);
            // 3: mine; 2: another live subtask's (it takes the slot, skip it here); 1: a rescaled writer's; 0: orphan copy
            int r = tag.equals(own) ? 3 : tag.startsWith("@") && tag.endsWith(sameCount) ? 2 : tag.startsWith("@") ? 1 : 0;
            Integer before = rank.get(key);
            if (before != null && before >= r) continue;
            rank.put(key, r);
            chosen.put(key, e.getValue());
        }
        for (Map.Entry<String, String> e : chosen.entrySet()) {
            int r = rank.get(e.getKey());
            if (r == 2 || slots.containsKey(e.getKey())) continue;
            Slot slot = decode(e.getValue());
            if (slot == null) {
                ignored++;
                continue;
            }
            if (r == 3) {
                slots.put(e.getKey(), slot);
                buffered += slot.heldBytes();
            } else if (!slot.open.isEmpty()) {
                // an orphan without open events only remembers serials: not worth carrying to a stranger
                if (unclaimed.size() >= MAX_SOURCES || unclaimedBytes + slot.heldBytes() > MAX_BUFFERED_BYTES) {
                    ignored++;
                    continue;
                }
                unclaimed.put(e.getKey(), slot);
                unclaimedBytes += slot.heldBytes();
            }
        }
    }

    private static final byte STATE_VERSION = 1;

    private static String encode(Slot slot) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(STATE_VERSION);
            int recent = (int) Math.min(slot.recentCount, slot.open.isEmpty() ? 1 : Slot.RECENT);
            out.writeInt(recent);
            for (int i = recent; i > 0; i--) { // oldest first
                int at = (int) ((slot.recentCount - i) % Slot.RECENT);
                out.writeLong(slot.recentSerial[at]);
                out.writeLong(slot.recentMillis[at]);
            }
            out.writeInt(slot.open.size());
            for (OpenEvent ev : slot.open) {
                out.writeLong(ev.serial);
                out.writeLong(ev.millis);
                writeText(out, ev.node);
                RawRecord r = ev.origin.record();
                writeText(out, r.format);
                writeText(out, r.sourceKind);
                writeText(out, r.sourceName);
                out.writeInt(r.partition);
                out.writeLong(r.offset);
                out.writeLong(r.line);
                out.writeLong(r.sourceTimestamp);
                writeBytes(out, r.bytes);
                out.writeInt(ev.records);
                out.writeBoolean(ev.truncated);
                out.writeInt(ev.kept.size());
                for (Kept k : ev.kept) {
                    writeText(out, k.type());
                    writeText(out, k.body());
                    writeText(out, k.enriched());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** @return the slot, its events rebuilt by re-reading their kept records; null when undecodable */
    private Slot decode(String text) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
            if (in.readByte() != STATE_VERSION) return null;
            Slot slot = new Slot();
            int recent = in.readInt();
            if (recent < 0 || recent > Slot.RECENT) return null;
            for (int i = 0; i < recent; i++) {
                slot.recentSerial[i] = in.readLong();
                slot.recentMillis[i] = in.readLong();
            }
            slot.recentCount = recent;
            int events = in.readInt();
            if (events < 0 || events > MAX_OPEN_PER_SOURCE + 1) return null;
            for (int i = 0; i < events; i++) {
                long serial = in.readLong();
                long millis = in.readLong();
                String node = readText(in);
                RawRecord r = new RawRecord();
                r.format = readText(in);
                r.sourceKind = readText(in);
                r.sourceName = readText(in);
                r.partition = in.readInt();
                r.offset = in.readLong();
                r.line = in.readLong();
                r.sourceTimestamp = in.readLong();
                r.bytes = readBytes(in);
                OpenEvent ev = new OpenEvent(serial, millis, node, Origin.of(r));
                int records = in.readInt();
                boolean truncated = in.readBoolean();
                int kept = in.readInt();
                if (kept < 0 || kept > MAX_RECORDS_PER_EVENT) return null;
                for (int k = 0; k < kept; k++) {
                    String type = readText(in);
                    String body = readText(in);
                    String enriched = readText(in);
                    if (type == null || body == null) return null;
                    ev.add(Header.of(node, type, millis, serial, body, enriched));
                }
                // records past the limits were counted, not kept
                ev.records = records;
                ev.truncated = truncated;
                slot.open.add(ev);
            }
            if (in.read() != -1) return null;
            return slot;
        } catch (IOException | ParseException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void writeText(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static String readText(DataInputStream in) throws IOException {
        byte[] b = readBytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) return null;
        if (n < 0 || n > in.available()) throw new IOException("bad length " + n);
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
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

        /** Bytes this slot counts against the instance budget. */
        long heldBytes() {
            long n = 0;
            for (OpenEvent e : open) n += e.bytes + e.originBytes;
            return n;
        }

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
            buffered -= ev.bytes + ev.originBytes;
            recentSerial[recentCount % RECENT] = ev.serial;
            recentMillis[recentCount % RECENT] = ev.millis;
            // stays in [RECENT, 2*RECENT) once full: same slots, and no int overflow on a long-lived busy source
            if (++recentCount == 2 * RECENT) recentCount = RECENT;
            ProcessStart p = ev.toProcessStart();
            if (p != null) out.add(new Parsed(ev.millis, null, ev.node, p, ev.origin));
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
            if (!validType(type)) throw malformed("invalid type");
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
            int first = line.indexOf(ENRICHED_SEPARATOR);
            if (first >= 0 && first < close + 2) {
                throw new ParseException(ParseException.CONTROL_CHARACTERS, "0x1D inside the audit record header");
            }
            if (first >= 0 && line.indexOf(ENRICHED_SEPARATOR, first + 1) >= 0) {
                throw new ParseException(ParseException.CONTROL_CHARACTERS, "more than one 0x1D (ENRICHED separator)");
            }
            String rest = line.substring(Math.min(close + 2, line.length()));
            int gs = rest.indexOf(ENRICHED_SEPARATOR);
            String body = gs < 0 ? rest : rest.substring(0, gs);
            String enriched = gs < 0 ? null : rest.substring(gs + 1);
            return of(node, type, millis, serial, body, enriched);
        }

        /** A record from its parts (parsed, or kept in a snapshot); splits and validates the fields used. */
        static Header of(String node, String type, long millis, long serial, String body, String enriched) throws ParseException {
            // fields are split (and validated) here, before any assembly state changes
            Map<String, String> fields = null;
            Map<String, String> enrichedFields = null;
            if (USED_TYPES.contains(type)) {
                fields = AuditFields.split(body, MAX_FIELDS);
                // only SYSCALL's names are used; SOCKADDR's SADDR={ … } is free text and not split
                if (enriched != null && type.equals("SYSCALL")) enrichedFields = AuditFields.split(enriched, MAX_FIELDS);
                String argc = fields.get("argc");
                if (type.equals("EXECVE") && argc != null && (numberOrNull(argc) == null || numberOrNull(argc) > MAX_ARGC)) {
                    throw new ParseException(ParseException.INVALID_NUMBER, "invalid argc '" + RecordText.bounded(argc, 20) + "'");
                }
            }
            return new Header(node, type, millis, serial, body, enriched, fields, enrichedFields);
        }

        /** {@code SYSCALL}, {@code USER_START}, … or auditd's {@code UNKNOWN[1234]} for a number it has no name for. */
        private static boolean validType(String t) {
            if (t.isEmpty() || t.length() > 64) return false;
            int end = t.length();
            if (t.startsWith("UNKNOWN[") && t.endsWith("]")) {
                String n = t.substring(8, end - 1);
                return !n.isEmpty() && n.length() <= 10 && n.chars().allMatch(c -> c >= '0' && c <= '9');
            }
            return t.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
        }

        private static ParseException malformed(String why) {
            return new ParseException(ParseException.MALFORMED, "not a raw audit.log record: " + why);
        }
    }

    /** One record of an open event as read (without its header, which the event has). */
    private record Kept(String type, String body, String enriched) {}

    /** The parts of one kernel event kept until it is complete. */
    private static final class OpenEvent {
        final long serial;
        final long millis;
        final String node;
        /** The event's first record: what its envelope names. */
        final Origin origin;
        /** The origin's bytes, held until the event is emitted (in the instance budget, not the per-event one). */
        final int originBytes;
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
        /** The records taken into the event, to snapshot it ({@link #snapshotSources}). */
        final List<Kept> kept = new ArrayList<>(4);

        OpenEvent(long serial, long millis, String node, Origin origin) {
            this.serial = serial;
            this.millis = millis;
            this.node = node;
            this.origin = origin;
            this.originBytes = origin.size();
        }

        /** @return the bytes of record text now held for this record; never fails (the header was validated) */
        int add(Header h) {
            int size = h.body.length() + (h.enriched == null ? 0 : h.enriched.length());
            if (++records > MAX_RECORDS_PER_EVENT || bytes + size > MAX_EVENT_BYTES) {
                truncated = true;
                return 0;
            }
            bytes += size;
            kept.add(new Kept(h.type, h.body, h.enriched));
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
            if (!hasExecve && !execSyscall()) return null;
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
                String uid = syscall.get("uid");
                if (uid != null) p.setUser(RecordText.escapeControls(nameOr("UID", uid), 256));
                String auid = syscall.get("auid");
                boolean unset = auid == null || auid.equals("4294967295") || auid.equals("-1");
                if (!unset) p.setLoginUser(RecordText.escapeControls(nameOr("AUID", auid), 256));
            }
            return p.build();
        }

        /**
         * The ENRICHED name of a uid field, else its raw value: auditd writes "unknown(N)" (or "?") when the id has
         * no name on that host, and may leave fields out when its line buffer is full.
         */
        private String nameOr(String enrichedKey, String raw) {
            String name = enriched == null ? null : AuditFields.decode(enriched.get(enrichedKey));
            if (name == null || name.isBlank() || name.equals("?") || name.startsWith("unknown(") || name.equals("unset")) {
                return raw;
            }
            return name;
        }

        /** SYSCALL says execve/execveat: by ENRICHED name, else by number for x86_64 and aarch64. */
        private boolean execSyscall() {
            if (syscall == null) return false;
            String name = enriched == null ? null : AuditFields.decode(enriched.get("SYSCALL"));
            if (name != null) return name.equals("execve") || name.equals("execveat");
            String arch = syscall.get("arch");
            String nr = syscall.get("syscall");
            if (arch == null || nr == null) return false;
            return switch (arch) {
                case "c000003e" -> nr.equals("59") || nr.equals("322");
                case "c00000b7" -> nr.equals("221") || nr.equals("281");
                default -> false;
            };
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
