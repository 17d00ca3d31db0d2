package io.peerwatch.cli.output;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints progress of a long run to stderr: records read / estimated total, event-time position, rate and
 * ETA. On a terminal one line is redrawn in place; otherwise (logs, CI) a line is printed every interval.
 * The reading is taken on a background thread; a failing reading is logged and skipped, never fatal.
 */
public final class ProgressReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);

    private final PrintWriter err;
    private final String label;
    private final boolean interactive;
    private final Supplier<Progress> source;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;
    private int lastLength;
    private boolean printed;
    private long lastRecordsRead;

    public ProgressReporter(PrintWriter err, String label, boolean interactive, Duration interval, Supplier<Progress> source) {
        this.err = err;
        this.label = label;
        this.interactive = interactive;
        this.source = source;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "peerwatch-progress");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** True when stderr is very probably a terminal (a console is attached). */
    public static boolean stderrIsTerminal() {
        return System.console() != null;
    }

    private void tick() {
        try {
            print(source.get());
        } catch (RuntimeException e) {
            LOG.debug("progress reading failed", e);
        }
    }

    private synchronized void print(Progress p) {
        lastRecordsRead = Math.max(lastRecordsRead, p.recordsRead());
        String line = format(p, Duration.ofNanos(System.nanoTime() - startNanos));
        if (interactive) {
            String pad = lastLength > line.length() ? " ".repeat(lastLength - line.length()) : "";
            err.print("\r" + line + pad);
            lastLength = line.length();
        } else {
            err.println(line);
        }
        err.flush();
        printed = true;
    }

    /** The progress line (public for tests). */
    public String format(Progress p, Duration elapsed) {
        StringBuilder sb = new StringBuilder("[").append(label).append("] ");
        sb.append(Fmt.compact(p.recordsRead()));
        if (p.estimatedTotal() > 0) {
            double pct = Math.min(100.0, 100.0 * p.recordsRead() / p.estimatedTotal());
            sb.append(" / ~").append(Fmt.compact(p.estimatedTotal())).append(String.format(Locale.ROOT, " records (%.0f%%)", pct));
        } else {
            sb.append(" records");
        }
        if (p.eventTime() != Long.MIN_VALUE) sb.append("  event time ").append(Fmt.time(p.eventTime()));
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        double rate = p.recordsRead() / seconds;
        sb.append("  ").append(Fmt.compact(rate)).append(" rec/s");
        if (p.estimatedTotal() > 0 && rate > 0 && p.recordsRead() < p.estimatedTotal()) {
            long etaMs = (long) ((p.estimatedTotal() - p.recordsRead()) / rate * 1000);
            sb.append("  ETA ").append(Fmt.duration(Duration.ofMillis(etaMs)));
        }
        if (p.detail() != null && !p.detail().isEmpty()) sb.append("  ").append(p.detail());
        return sb.toString();
    }

    /** Stops the reporter after a last progress line; a redrawn line is ended so following output starts on a fresh line. */
    @Override
    public synchronized void close() {
        timer.shutdownNow();
        // a final line with the totals, so even a run shorter than one interval shows where it ended; skipped when
        // the source has already shut down and reads less than what was shown
        try {
            Progress p = source.get();
            if (p.recordsRead() >= lastRecordsRead) print(p);
        } catch (RuntimeException e) {
            LOG.debug("progress reading failed", e);
        }
        if (interactive && printed) {
            err.println();
            err.flush();
        }
    }
}
