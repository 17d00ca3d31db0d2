package io.peerwatch.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this JVM (the jobs, the embedded broker and the driver). On a machine shared with other work, records
 * per CPU-second say what a run costs independently of how much of the cores it got; wall-clock rates say
 * what it achieved.
 */
public final class ProcessCpu {
    private ProcessCpu() {}

    /** CPU nanoseconds used by this process so far, or -1 when the JVM cannot tell. */
    public static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Seconds between two readings of {@link #nanos()}, NaN when unknown. */
    public static double seconds(long from, long to) {
        return from < 0 || to < 0 ? Double.NaN : (to - from) / 1e9;
    }
}
