package io.peerwatch.normalize.parsers;

import io.peerwatch.common.RawRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-source parser state (a header line) keyed by source name and partition, bounded: the least recently used
 * source is forgotten past {@code max} entries, so a run over a million files cannot grow a parser without limit.
 */
final class SourceStates<T> {
    private final LinkedHashMap<String, T> map;

    SourceStates(int max) {
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
                return size() > max;
            }
        };
    }

    static String key(RawRecord raw) {
        return raw.sourceKind + '\u0000' + raw.sourceName + '\u0000' + raw.partition;
    }

    T get(RawRecord raw) { return map.get(key(raw)); }

    void put(RawRecord raw, T state) { map.put(key(raw), state); }

    T get(String key) { return map.get(key); }

    void put(String key, T state) { map.put(key, state); }

    /** A copy, least recently used first. */
    Map<String, T> snapshot() { return new LinkedHashMap<>(map); }

    int size() { return map.size(); }
}
