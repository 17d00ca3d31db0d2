package io.peerwatch.cli.cluster;

import java.time.Duration;

/** Polling helper: the cluster tools wait for external processes, never for fixed amounts in assertions. */
final class Sleep {
    private Sleep() {}

    static void quietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
