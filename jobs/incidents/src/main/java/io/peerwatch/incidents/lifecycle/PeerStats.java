package io.peerwatch.incidents.lifecycle;

/** Bytes exchanged with one remote peer during an incident, and the evidence item of its largest upload. */
public class PeerStats {
    public String ip;
    public int port;
    public long bytesOut;
    public long bytesIn;
    public String topEvidenceId;
    public long topEvidenceBytes = -1;

    public PeerStats() {}

    public PeerStats(String ip, int port) {
        this.ip = ip;
        this.port = port;
    }
}
