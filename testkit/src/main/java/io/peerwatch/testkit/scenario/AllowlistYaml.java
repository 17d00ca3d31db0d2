package io.peerwatch.testkit.scenario;

/**
 * The detect job's volume allowlist for a scenario (format: jobs/detect/README.md): the nightly backup to its
 * off-site target is expected and suppressed. The exfiltration is deliberately not listed.
 */
final class AllowlistYaml {
    private AllowlistYaml() {}

    static String of(ScenarioTruth.Backup b) {
        return "# Volume allowlist for a generated scenario (peerwatch testkit): the nightly backup is expected.\n"
                + "entries:\n"
                + "  - name: nightly-backup\n"
                + "    reason: nightly rsync over SSH of " + b.vm().name() + " to the off-site backup target " + b.targetHost() + "\n"
                + "    vms: [\"" + b.vm().uuid() + "\"]   # " + b.vm().name() + "\n"
                + "    destinations: [\"" + b.targetIp() + "/32\"]\n"
                + "    ports: [" + b.targetPort() + "]\n"
                + "    schedule: {days: [mon, tue, wed, thu, fri, sat, sun], from: \"" + b.windowStartUtc() + "\", to: \""
                + b.windowEndUtc() + "\"}\n"
                + "    suppress: true\n";
    }
}
