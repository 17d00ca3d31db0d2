package io.peerwatch.normalize.parsers;

/**
 * The header state of one Zeek TSV source ({@code #separator}, {@code #set_separator}, {@code #empty_field},
 * {@code #unset_field}, {@code #path}, {@code #fields}): the meaning of every data line that follows it.
 */
final class ZeekTsvHeader {
    char separator = '\t';
    String setSeparator = ",";
    String emptyField = "(empty)";
    String unsetField = "-";
    String path;
    /** Column index → slot of the parser, -1 for columns it does not read; null until #fields arrived. */
    int[] columnSlots;
    int columns;
    /** The header lines that made this state, in order: replayed to restore it after a restart. */
    final java.util.List<String> lines = new java.util.ArrayList<>(8);
}
