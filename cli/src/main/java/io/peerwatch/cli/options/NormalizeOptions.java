package io.peerwatch.cli.options;

import io.peerwatch.cli.Failures.UsageException;
import io.peerwatch.normalize.NormalizeConfig;
import java.time.DateTimeException;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/** Parser settings shared by the commands that normalize raw records. */
public final class NormalizeOptions {
    @Option(names = "--max-record-bytes", paramLabel = "N",
            description = "Records longer than this are dead-lettered as oversized (default: 1048576).")
    Integer maxRecordBytes;

    @Option(names = "--syslog-year", paramLabel = "YYYY",
            description = "Year of RFC 3164 syslog timestamps, which carry none (default: the current year).")
    Integer syslogYear;

    @Option(names = "--syslog-zone", paramLabel = "ZONE",
            description = "Time zone of RFC 3164 syslog timestamps (default: UTC).")
    String syslogZone;

    @Option(names = "--network-scope", paramLabel = "NAME",
            description = "Network scope (site) of records whose log names none (default: default).")
    String networkScope;

    /** Settings for a bounded run (no watermarks until the end of input). */
    public NormalizeConfig bounded() {
        return builder().bounded(true).build();
    }

    /** Settings for a live run. */
    public NormalizeConfig live() {
        return builder().build();
    }

    private NormalizeConfig.Builder builder() {
        NormalizeConfig.Builder b = NormalizeConfig.builder();
        try {
            if (maxRecordBytes != null) b.maxRecordBytes(maxRecordBytes);
            if (syslogYear != null) b.syslogDefaultYear(syslogYear);
            if (syslogZone != null) b.syslogZone(ZoneId.of(syslogZone));
            if (networkScope != null) b.defaultNetworkScope(networkScope);
            b.build(); // validate now: a usage error, not a job failure
        } catch (DateTimeException e) {
            throw new UsageException("--syslog-zone: unknown zone '" + syslogZone + "'");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        return b;
    }
}
