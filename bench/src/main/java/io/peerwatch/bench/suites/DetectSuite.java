package io.peerwatch.bench.suites;

import io.peerwatch.bench.BenchContext;
import io.peerwatch.bench.detect.DetectBench;

/**
 * The detect stage alone (H4's {@link DetectBench}: signals, volume baselines and every CEP pattern over generated
 * attributed events of the scenario's VM count). Prints its own figures; issue 5's target is end to end.
 */
public final class DetectSuite implements Suite {
    public static final String NAME = "detect";

    @Override
    public String name() { return NAME; }

    @Override
    public String description() {
        return "the detect stage alone over generated attributed events (DetectBench)";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        long t0 = System.nanoTime();
        DetectBench.main(new String[] {"--vms", Integer.toString(ctx.options().vms()),
                "--parallelism", Integer.toString(ctx.options().parallelism())});
        ctx.report().line("detect suite done in %.1f s", (System.nanoTime() - t0) / 1e9);
    }
}
