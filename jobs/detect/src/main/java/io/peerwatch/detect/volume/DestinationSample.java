package io.peerwatch.detect.volume;

import java.util.Map;

/**
 * A bounded, order-free sample of a window's destinations: the {@code k} destinations of lowest hash rank, each with
 * its exact byte count. Once the sample is full its highest rank only falls, so a destination that lost once (or
 * was evicted) can never come back: the final sample is the k lowest-ranked destinations of the whole window, with
 * every byte sent to them, however the flows arrived. (Keeping "the first k seen" instead made the window, and
 * the allowlist decision built on it, depend on arrival order.)
 */
final class DestinationSample {
    private DestinationSample() {}

    /** Adds {@code bytes} to {@code dest}; returns whether the destination is (now) in the sample. */
    static boolean add(VolumeWindow w, String dest, long bytes, int k) {
        Long have = w.destinations.get(dest);
        if (have != null) {
            w.destinations.put(dest, have + bytes);
            return true;
        }
        if (w.destinations.size() < k) {
            w.destinations.put(dest, bytes);
            w.worstSampled = null;
            return true;
        }
        if (w.worstSampled == null) w.worstSampled = worst(w.destinations);
        if (k == 0 || !before(dest, w.worstSampled)) {
            w.otherBytes += bytes;
            return false;
        }
        w.otherBytes += w.destinations.remove(w.worstSampled);
        w.evidence.remove(w.worstSampled);
        w.destinations.put(dest, bytes);
        w.worstSampled = worst(w.destinations);
        return true;
    }

    /** Rank order: a well-mixed hash of the name (String.hashCode is specified, so stable across JVMs), then the name. */
    static boolean before(String a, String b) {
        int c = Integer.compareUnsigned(rank(a), rank(b));
        return c < 0 || (c == 0 && a.compareTo(b) < 0);
    }

    static int rank(String s) {
        int h = s.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static String worst(Map<String, Long> m) {
        String worst = null;
        for (String d : m.keySet()) if (worst == null || before(worst, d)) worst = d;
        return worst;
    }
}
