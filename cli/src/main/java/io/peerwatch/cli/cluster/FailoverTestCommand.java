package io.peerwatch.cli.cluster;

import io.peerwatch.cli.Peerwatch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/peerwatch cluster failover-test}: the failover proof ({@link FailoverProof}) from the command line. */
@Command(name = "failover-test", mixinStandardHelpOptions = true,
        description = "Stream the demo scenario through a standalone cluster twice (undisturbed, then with a TaskManager SIGKILLed "
                + "and the broker restarted) and check the committed incidents are the same: none lost, none duplicated.")
final class FailoverTestCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", description = "Work directory (default: .peerwatch/failover in the checkout).")
    Path dir;

    @Option(names = "--replay", defaultValue = "300", description = "Seconds to stream the 26 h scenario in (default: ${DEFAULT-VALUE}).")
    int replaySeconds;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of each job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path home = ClusterCommand.Where.peerwatchHome();
        Path work = dir != null ? dir : home.resolve(".peerwatch/failover");
        FailoverProof.Options d = FailoverProof.Options.defaults(work.toAbsolutePath(), home);
        FailoverProof.Options o = new FailoverProof.Options(d.workDir(), d.peerwatchHome(), d.scenario(), Duration.ofSeconds(replaySeconds),
                d.outOfOrderness(), parallelism, d.quietPeriod(), d.killAt(), d.brokerRestartAt());
        FailoverProof.Report r = FailoverProof.run(o, out);
        return r.passed() ? Peerwatch.OK : Peerwatch.FAILURE;
    }
}
