package io.peerwatch.normalize.parsers;

import java.util.List;

/**
 * The fields of one Zeek log record that a parser asked for, as text, whichever encoding (JSON or TSV) they came
 * in: numbers in their written form, booleans as "T"/"F", unset fields as null, set/vector fields as lists.
 */
final class ZeekRecord {
    final String[] values;
    final List<String>[] lists;
    /** The writing node, when the log names it ({@code _system_name} of JSON streaming logs). */
    String sensor;

    @SuppressWarnings("unchecked")
    ZeekRecord(int slots) {
        this.values = new String[slots];
        this.lists = new List[slots];
    }

    String get(int slot) { return values[slot]; }

    List<String> list(int slot) { return lists[slot] == null ? List.of() : lists[slot]; }
}
