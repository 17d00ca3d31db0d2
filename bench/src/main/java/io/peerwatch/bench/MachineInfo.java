package io.peerwatch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the figures were measured on: cores, memory, JVM, and how busy the machine was. */
public final class MachineInfo {
    private MachineInfo() {}

    public static String describe() {
        Runtime rt = Runtime.getRuntime();
        String cpu = cpuModel();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT, "%d cores%s, JVM %s %s (%s), max heap %,d MB, OS %s %s, load average %.1f at start",
                rt.availableProcessors(), cpu.isEmpty() ? "" : " (" + cpu + ")",
                System.getProperty("java.vm.vendor"), System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                rt.maxMemory() / (1024 * 1024), System.getProperty("os.name"), System.getProperty("os.version"), load);
    }

    /** The 1-minute load average now (other processes compete for the same cores: say so next to figures). */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) return "";
        try {
            for (String line : Files.readAllLines(info)) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }
}
