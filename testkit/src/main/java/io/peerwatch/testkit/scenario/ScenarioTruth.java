package io.peerwatch.testkit.scenario;

import java.time.LocalTime;
import java.util.List;

/**
 * What really happened in a generated scenario, so tests and the demo can check findings.
 *
 * @param bittorrent the one VM running a BitTorrent client
 * @param addressReuse the address released by one VM and later bound to another
 * @param backup the nightly backup (expected, allowlisted: must not be flagged)
 * @param exfiltration the VM that suddenly uploads 5x its hourly baseline to a new destination
 * @param lookalikes VMs with P2P-like flow shapes that are not P2P (empty when the spec turns them off)
 */
public record ScenarioTruth(BitTorrent bittorrent, AddressReuse addressReuse, Backup backup, Exfiltration exfiltration,
                           List<ScenarioVm> lookalikes) {

    /**
     * @param vm the VM running the client
     * @param localPort its listen port: TCP peers connect to it, uTP and DHT use it for UDP
     * @param sessionStartMillis first tracker DNS lookup
     * @param firstPeerTrafficMillis start of its first flow with a swarm member (DHT node or peer)
     * @param sessionEndMillis the client stopped (last announce with event=stopped)
     * @param trackerHost HTTP tracker host name (the DNS query and the Host header)
     * @param peerIdPrefix Azureus-style client prefix in peer_id, e.g. -qB4250-
     */
    public record BitTorrent(ScenarioVm vm, int localPort, long sessionStartMillis, long firstPeerTrafficMillis,
                             long sessionEndMillis, String trackerHost, String trackerIp, int trackerPort, String peerIdPrefix) {}

    /**
     * @param ip the reused address
     * @param releasing the VM that held it first (the BitTorrent VM): its flows before the release are its own
     * @param reusing the VM that got it later: must not inherit the first VM's findings
     * @param releaseMillis DHCPRELEASE by the first VM
     * @param rebindMillis DHCPACK of the same address to the second VM
     */
    public record AddressReuse(String ip, ScenarioVm releasing, ScenarioVm reusing, long releaseMillis, long rebindMillis) {}

    /**
     * @param vm the backup VM
     * @param targetHost, targetIp, targetPort where the backup goes every night (rsync over SSH)
     * @param windowStartUtc, windowEndUtc the daily schedule window the backup runs in
     * @param runStartsMillis start of each night's run within the scenario
     * @param bytesPerRun approximate bytes uploaded per run
     */
    public record Backup(ScenarioVm vm, String targetHost, String targetIp, int targetPort, LocalTime windowStartUtc,
                         LocalTime windowEndUtc, List<Long> runStartsMillis, long bytesPerRun) {}

    /**
     * @param vm the VM that exfiltrates
     * @param usualDestinationHost, usualDestinationIp where it uploads all day (its baseline)
     * @param baselineUploadBytesPerHour its usual outbound bytes per hour
     * @param startMillis, endMillis the abnormal upload
     * @param destinationHost, destinationIp, destinationPort the new destination, never contacted before
     * @param bytes payload bytes uploaded to it (at least 5x the hourly baseline; TLS handshakes add a few hundred bytes per connection)
     */
    public record Exfiltration(ScenarioVm vm, String usualDestinationHost, String usualDestinationIp, long baselineUploadBytesPerHour,
                               long startMillis, long endMillis, String destinationHost, String destinationIp, int destinationPort,
                               long bytes) {}
}
