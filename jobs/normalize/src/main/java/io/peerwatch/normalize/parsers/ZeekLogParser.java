package io.peerwatch.normalize.parsers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parse.SourceStateful;
import io.peerwatch.normalize.parsers.hostlog.Ip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads any Zeek log in either of its encodings, record by record:
 * <ul>
 *   <li>JSON ({@code LogAscii::use_json=T}): one object per line with flat dotted names ({@code id.orig_h});
 *       a nested {@code "id": {...}} object (as some shippers rewrite it) is read too; {@code _path} must match
 *       the log this parser reads; {@code _system_name} becomes the sensor.</li>
 *   <li>TSV: {@code #separator}, {@code #set_separator}, {@code #empty_field}, {@code #unset_field}, {@code #path},
 *       {@code #fields} header lines (counted skips) set the meaning of the data lines of their source (file, or
 *       topic partition); {@code \xHH} escapes are decoded, the unset field gives null, the empty field "".
 *       A data line of a source without a header is read with the log's default column order when its column
 *       count matches one (see {@link #defaultTsvFields}), else it is dead-lettered.</li>
 * </ul>
 * Subclasses name the fields they read (the first six are always ts, uid and the connection 4-tuple) and build
 * the body.
 */
abstract class ZeekLogParser implements RecordParser, SourceStateful {
    static final int TS = 0;
    static final int UID = 1;
    static final int ORIG_H = 2;
    static final int ORIG_P = 3;
    static final int RESP_H = 4;
    static final int RESP_P = 5;
    private static final List<String> COMMON = List.of("ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p");
    private static final int MAX_SOURCES = 4096;
    private static final int MAX_LIST_ITEMS = 256;

    protected final NormalizeConfig cfg;
    private final String format;
    private final String path;
    private final Map<String, Integer> slots = new HashMap<>();
    private final boolean[] listSlot;
    private final int slotCount;
    private final String[] defaultTsvFields;
    private final SourceStates<ZeekTsvHeader> headers = new SourceStates<>(MAX_SOURCES);
    private ZeekTsvHeader defaultHeader;

    /**
     * @param ownFields the fields after the common six, slot numbers 6, 7, ... in this order
     * @param listFields which of them are sets/vectors
     */
    ZeekLogParser(NormalizeConfig cfg, String format, String path, List<String> ownFields, Set<String> listFields) {
        this.cfg = cfg;
        this.format = format;
        this.path = path;
        List<String> all = new ArrayList<>(COMMON);
        all.addAll(ownFields);
        for (int i = 0; i < all.size(); i++) slots.put(all.get(i), i);
        this.slotCount = all.size();
        this.listSlot = new boolean[slotCount];
        for (String f : listFields) listSlot[slots.get(f)] = true;
        this.defaultTsvFields = defaultTsvFields();
    }

    /** The column order of this log's TSV without a #fields header (Zeek's defaults), or null for none. */
    String[] defaultTsvFields() { return null; }

    /** Builds the event from the fields read. */
    abstract ParseOutcome build(ZeekRecord r) throws ParseException;

    @Override
    public String format() { return format; }

    @Override
    public ParseOutcome parse(RawRecord raw) throws ParseException {
        byte[] b = raw.bytes;
        int i = 0;
        while (i < b.length && (b[i] == ' ' || b[i] == '\t')) i++;
        if (i == b.length) throw new ParseException(ParseException.MALFORMED, "blank record");
        if (b[i] == '{') return build(readJson(raw));
        String line = new String(b, StandardCharsets.UTF_8);
        if (b[0] == '#') return header(SourceStates.key(raw), line);
        return build(readTsv(raw, line));
    }

    // ---------------------------------------------------------------- JSON

    private ZeekRecord readJson(RawRecord raw) throws ParseException {
        ZeekRecord r = new ZeekRecord(slotCount);
        try (JsonParser p = Json.openObject(raw)) {
            readObject(p, r, "");
            Json.requireEnd(p);
        } catch (IOException e) {
            throw Json.malformed(e);
        }
        return r;
    }

    private void readObject(JsonParser p, ZeekRecord r, String prefix) throws IOException, ParseException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            Integer slot = slots.get(prefix.isEmpty() ? name : prefix + name);
            if (slot != null) {
                if (listSlot[slot] && v == JsonToken.START_ARRAY) {
                    r.lists[slot] = readList(p);
                } else if (v == JsonToken.START_ARRAY || v == JsonToken.START_OBJECT) {
                    throw new ParseException(ParseException.MALFORMED, "field " + name + " has the wrong JSON type");
                } else {
                    r.values[slot] = jsonScalar(p, v);
                }
            } else if (v == JsonToken.START_OBJECT && prefix.isEmpty() && name.equals("id")) {
                readObject(p, r, "id.");
            } else if (prefix.isEmpty() && name.equals("_path") && v == JsonToken.VALUE_STRING) {
                checkPath(p.getText());
            } else if (prefix.isEmpty() && name.equals("_system_name") && v == JsonToken.VALUE_STRING) {
                r.sensor = Text.bounded(Text.emptyToNull(p.getText()), 256);
            } else {
                p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) throw new ParseException(ParseException.MALFORMED, "truncated JSON object");
    }

    private static String jsonScalar(JsonParser p, JsonToken v) throws IOException {
        return switch (v) {
            case VALUE_TRUE -> "T";
            case VALUE_FALSE -> "F";
            case VALUE_NULL -> null;
            default -> p.getText();
        };
    }

    private static List<String> readList(JsonParser p) throws IOException, ParseException {
        List<String> out = new ArrayList<>(4);
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw new ParseException(ParseException.MALFORMED, "truncated JSON array");
            if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                throw new ParseException(ParseException.MALFORMED, "nested value inside a Zeek set/vector");
            }
            String s = jsonScalar(p, t);
            if (s != null && out.size() < MAX_LIST_ITEMS) out.add(s);
        }
        return out;
    }

    private void checkPath(String logPath) throws ParseException {
        if (!logPath.equals(path) && !logPath.startsWith(path + "_")) {
            throw new ParseException(ParseException.UNSUPPORTED,
                    "record of Zeek log '" + Text.bounded(logPath, 40) + "' sent to the " + format + " parser");
        }
    }

    // ---------------------------------------------------------------- TSV

    @Override
    public Map<String, String> snapshotSources() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        headers.snapshot().forEach((k, h) -> out.put(k, String.join("\n", h.lines)));
        return out;
    }

    @Override
    public void restoreSources(Map<String, String> state) {
        state.forEach((source, lines) -> {
            for (String line : lines.split("\n")) {
                try {
                    if (!line.isEmpty()) header(source, line);
                } catch (ParseException e) {
                    // a line that was accepted before the restart is accepted again; nothing to restore otherwise
                }
            }
        });
    }

    private ParseOutcome header(String source, String line) throws ParseException {
        ZeekTsvHeader h = headers.get(source);
        if (line.startsWith("#separator")) {
            // the one header line that is space separated: it defines the separator of all others
            String v = line.substring("#separator".length()).strip();
            String sep = unescape(v);
            if (sep.length() != 1) throw new ParseException(ParseException.MALFORMED, "unsupported #separator '" + Text.bounded(v, 20) + "'");
            h = new ZeekTsvHeader();
            h.separator = sep.charAt(0);
            h.lines.add(line);
            headers.put(source, h);
            return ParseOutcome.skip("header");
        }
        if (h == null) {
            h = new ZeekTsvHeader();
            headers.put(source, h);
        }
        List<String> parts = split(line, h.separator);
        if (h.lines.size() < 16 && !line.startsWith("#open") && !line.startsWith("#close") && !line.startsWith("#types")) {
            h.lines.add(line);
        }
        String key = parts.get(0);
        String value = parts.size() > 1 ? unescape(parts.get(1)) : "";
        switch (key) {
            case "#set_separator" -> h.setSeparator = value;
            case "#empty_field" -> h.emptyField = value;
            case "#unset_field" -> h.unsetField = value;
            case "#path" -> {
                h.path = value;
                h.columnSlots = null; // a new log starts: its #fields follow
            }
            case "#fields" -> {
                List<String> names = parts.subList(1, parts.size());
                h.columns = names.size();
                h.columnSlots = columnSlots(names);
            }
            case "#types", "#open", "#close" -> { }
            default -> {
                if (!key.startsWith("#")) throw new ParseException(ParseException.MALFORMED, "not a Zeek header line");
            }
        }
        return ParseOutcome.skip("header");
    }

    private int[] columnSlots(List<String> names) {
        int[] m = new int[names.size()];
        for (int i = 0; i < m.length; i++) {
            Integer s = slots.get(names.get(i));
            m[i] = s == null ? -1 : s;
        }
        return m;
    }

    private ZeekRecord readTsv(RawRecord raw, String line) throws ParseException {
        ZeekTsvHeader h = headers.get(raw);
        if (h != null && h.path != null) checkPath(h.path);
        if (h == null || h.columnSlots == null) h = defaultHeaderFor(line, h);
        ZeekRecord r = new ZeekRecord(slotCount);
        int col = 0;
        int start = 0;
        int n = line.length();
        char sep = h.separator;
        for (int i = 0; i <= n; i++) {
            if (i < n && line.charAt(i) != sep) continue;
            if (col >= h.columns) {
                throw new ParseException(ParseException.MALFORMED, "more columns than the " + h.columns + " of #fields");
            }
            int slot = h.columnSlots[col];
            if (slot >= 0) store(r, slot, line.substring(start, i), h);
            col++;
            start = i + 1;
        }
        if (col != h.columns) {
            throw new ParseException(ParseException.MALFORMED, "line has " + col + " columns, #fields has " + h.columns);
        }
        return r;
    }

    private ZeekTsvHeader defaultHeaderFor(String line, ZeekTsvHeader seen) throws ParseException {
        char sep = seen == null ? '\t' : seen.separator;
        int columns = 1;
        for (int i = 0; i < line.length(); i++) if (line.charAt(i) == sep) columns++;
        if (defaultTsvFields != null && columns == defaultTsvFields.length) {
            if (defaultHeader == null || defaultHeader.separator != sep) {
                ZeekTsvHeader d = new ZeekTsvHeader();
                d.separator = sep;
                d.columns = defaultTsvFields.length;
                d.columnSlots = columnSlots(Arrays.asList(defaultTsvFields));
                defaultHeader = d;
            }
            return defaultHeader;
        }
        throw new ParseException(ParseException.MALFORMED,
                "Zeek TSV line before any #fields header of its source (and " + columns + " columns match no default layout)");
    }

    private void store(ZeekRecord r, int slot, String cell, ZeekTsvHeader h) {
        if (cell.equals(h.unsetField)) return;
        if (listSlot[slot]) {
            List<String> items = new ArrayList<>(4);
            if (!cell.equals(h.emptyField)) {
                for (String item : splitText(cell, h.setSeparator)) {
                    if (items.size() < MAX_LIST_ITEMS) items.add(unescape(item));
                }
            }
            r.lists[slot] = items;
            return;
        }
        r.values[slot] = cell.equals(h.emptyField) ? "" : unescape(cell);
    }

    private static List<String> split(String line, char sep) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == sep) {
                out.add(line.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }

    private static List<String> splitText(String s, String sep) {
        if (sep.isEmpty()) return List.of(s);
        List<String> out = new ArrayList<>();
        int start = 0;
        int at;
        while ((at = s.indexOf(sep, start)) >= 0) {
            out.add(s.substring(start, at));
            start = at + sep.length();
        }
        out.add(s.substring(start));
        return out;
    }

    /** Decodes Zeek's {@code \xHH} escapes (bytes, then UTF-8 with replacement: escaped bytes may be anything). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\\' && i + 3 < b.length && b[i + 1] == 'x'
                    && hex(b[i + 2]) >= 0 && hex(b[i + 3]) >= 0) {
                out.write((hex(b[i + 2]) << 4) | hex(b[i + 3]));
                i += 3;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    // ---------------------------------------------------------------- field helpers for subclasses

    static String required(ZeekRecord r, int slot, String field) throws ParseException {
        String v = r.get(slot);
        if (v == null || v.isEmpty()) throw new ParseException(ParseException.MISSING_FIELD, field + " is missing");
        return v;
    }

    static long ts(ZeekRecord r) throws ParseException {
        return FlowTime.parse(required(r, TS, "ts"), "ts");
    }

    static String origIp(ZeekRecord r) throws ParseException {
        return Ip.canonical(required(r, ORIG_H, "id.orig_h"), "id.orig_h");
    }

    static String respIp(ZeekRecord r) throws ParseException {
        return Ip.canonical(required(r, RESP_H, "id.resp_h"), "id.resp_h");
    }

    static int origPort(ZeekRecord r) throws ParseException {
        return Num.port(required(r, ORIG_P, "id.orig_p"), "id.orig_p");
    }

    static int respPort(ZeekRecord r) throws ParseException {
        return Num.port(required(r, RESP_P, "id.resp_p"), "id.resp_p");
    }

    /** "T"/"F" (TSV and JSON alike after reading); null when unset. */
    static Boolean bool(ZeekRecord r, int slot, String field) throws ParseException {
        String v = r.get(slot);
        if (v == null || v.isEmpty()) return null;
        if (v.equals("T")) return Boolean.TRUE;
        if (v.equals("F")) return Boolean.FALSE;
        throw new ParseException(ParseException.MALFORMED, field + " is not a boolean: '" + Text.bounded(v, 20) + "'");
    }

    static String text(ZeekRecord r, int slot, int max) {
        return Text.bounded(Text.emptyToNull(r.get(slot)), max);
    }
}
