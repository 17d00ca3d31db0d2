package io.peerwatch.bench.suites;

import io.peerwatch.bench.BenchContext;
import io.peerwatch.bench.identity.IdentityScaleBench;

/**
 * Issue 4's scale test: {@link IdentityScaleBench} (address-timeline state per binding and attribution events/s
 * for many VMs). Prints its own figures; there is no throughput target in the issue.
 */
public final class IdentitySuite implements Suite {
    public static final String NAME = "identity";

    @Override
    public String name() { return NAME; }

    @Override
    public String description() {
        return "as-of attribution at scale: state per binding, events/s (IdentityScaleBench)";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        long t0 = System.nanoTime();
        IdentityScaleBench.main(new String[] {"--vms", Integer.toString(ctx.options().identityVms()),
                "--parallelism", Integer.toString(ctx.options().parallelism())});
        ctx.report().line("identity suite done in %.1f s", (System.nanoTime() - t0) / 1e9);
    }
}
