package io.peerwatch.detect.volume;

/** A ring of the unexpected bytes a VM sent in its last windows (Flink POJO; primitive array, no Kryo). */
public class VolumeHistory {
    public long[] totals;
    /** Number of valid entries (<= totals.length). */
    public int count;
    /** Next slot to write. */
    public int next;
    /** Index (start / window) of the last closed window, or Long.MIN_VALUE. */
    public long lastWindow = Long.MIN_VALUE;
    /** Event time of the pending cleanup timer (a window start), or Long.MIN_VALUE. */
    public long cleanupAt = Long.MIN_VALUE;

    public VolumeHistory() {}

    public static VolumeHistory create(int size) {
        VolumeHistory h = new VolumeHistory();
        h.totals = new long[size];
        return h;
    }

    public void add(long v) {
        totals[next] = v;
        next = (next + 1) % totals.length;
        count = Math.min(count + 1, totals.length);
    }

    /** The valid entries (statistics do not depend on their order). */
    public long[] values() {
        return java.util.Arrays.copyOf(totals, count);
    }
}
