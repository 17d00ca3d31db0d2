package io.peerwatch.cli;

import io.peerwatch.cli.cluster.ClusterCommand;
import io.peerwatch.cli.commands.AttributeCommand;
import io.peerwatch.cli.commands.BackfillCommand;
import io.peerwatch.cli.commands.DemoCommand;
import io.peerwatch.cli.commands.NormalizeCommand;
import io.peerwatch.cli.commands.ShowCommand;
import io.peerwatch.cli.commands.VerifyEvidenceCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/peerwatch}: the command line. Exit codes: {@value #OK} success, {@value #FAILURE} failure (a job
 * failed, evidence not intact, I/O error), {@value #USAGE} usage error (unknown option or FORMAT, unreadable
 * path, bad value).
 */
@Command(name = "peerwatch",
        mixinStandardHelpOptions = true,
        versionProvider = Peerwatch.Version.class,
        description = "Finds VMs that run BitTorrent or leak data, attributed to the VM that held the address at the time.",
        subcommands = {
                DemoCommand.class,
                BackfillCommand.class,
                NormalizeCommand.class,
                AttributeCommand.class,
                ShowCommand.class,
                VerifyEvidenceCommand.class,
                ClusterCommand.class,
                CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (job failed, evidence not intact, I/O error)",
                "2:usage error (unknown option or FORMAT, unreadable path, bad value)"})
public final class Peerwatch implements java.util.concurrent.Callable<Integer> {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command with the given output streams; returns the exit code (tests call this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(out, err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The configured command tree (exit codes, error handling, output streams). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Peerwatch());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new Failures.ExecutionHandler());
        cl.setParameterExceptionHandler(new Failures.UsageHandler());
        return cl;
    }

    @Override
    public Integer call() {
        // no subcommand: show what there is
        spec.commandLine().getErr().println("peerwatch: a command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** Version from the jar manifest when packaged, else the development version. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Peerwatch.class.getPackage().getImplementationVersion();
            return new String[] {"peerwatch " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
