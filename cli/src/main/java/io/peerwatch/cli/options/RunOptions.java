package io.peerwatch.cli.options;

import io.peerwatch.cli.Failures.UsageException;
import picocli.CommandLine.Option;

/** How a job runs locally. */
public final class RunOptions {
    /** Cores are shared with the broker and the client: more subtasks than cores only adds overhead. */
    public static int defaultParallelism() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Parallelism of the Flink job (default: the number of cores, at most 4).")
    Integer parallelism;

    public int parallelism() {
        if (parallelism == null) return defaultParallelism();
        if (parallelism < 1 || parallelism > 256) throw new UsageException("--parallelism must be within 1..256, got " + parallelism);
        return parallelism;
    }
}
