package io.peerwatch.detect.volume;

import java.util.Arrays;

/** Median, median absolute deviation and the modified z-score (0.6745 (x - median) / MAD, Iglewicz and Hoaglin). */
public final class RobustStats {
    private RobustStats() {}

    public static double median(long[] values, int n) {
        if (n <= 0) return 0;
        long[] c = Arrays.copyOf(values, n);
        Arrays.sort(c);
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + (double) c[n / 2]) / 2.0;
    }

    public static double mad(long[] values, int n, double median) {
        if (n <= 0) return 0;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = Math.abs(values[i] - median);
        Arrays.sort(d);
        return n % 2 == 1 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2.0;
    }

    /**
     * Modified z-score with a MAD floor: a perfectly regular VM (MAD 0) would otherwise make any change infinite;
     * the floor is a share of the median and at least one byte.
     */
    public static double modifiedZ(double x, double median, double mad, double madFloorShareOfMedian) {
        double m = Math.max(Math.max(mad, madFloorShareOfMedian * median), 1.0);
        return 0.6745 * (x - median) / m;
    }
}
