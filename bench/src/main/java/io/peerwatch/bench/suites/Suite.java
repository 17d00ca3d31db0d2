package io.peerwatch.bench.suites;

import io.peerwatch.bench.BenchContext;

/** One benchmark suite: measures, adds figures to the context's report, never asserts a time. */
public interface Suite {
    String name();

    /** One line: what is measured and against what. */
    String description();

    void run(BenchContext ctx) throws Exception;
}
