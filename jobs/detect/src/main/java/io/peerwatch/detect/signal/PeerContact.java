package io.peerwatch.detect.signal;

import io.peerwatch.schema.EvidenceRef;

/**
 * What a VM exchanged with one remote address inside the peer window (Flink POJO: public fields, no-arg
 * constructor; kept per VM in a MapState keyed by remote IP).
 */
public class PeerContact {
    public static final int TCP = 1;
    public static final int UDP = 2;

    public long firstSeen;
    public long lastSeen;
    public int localPort;
    public int remotePort;
    /** {@link #TCP} | {@link #UDP}. */
    public int protoMask;
    public long flows;
    public long bytesOut;
    public long bytesIn;
    /**
     * The VM opened at least one exchange with this peer, or the log cannot tell (unidirectional flow records:
     * VPC flow logs, NetFlow/IPFIX). A DHT node queries others; a server only answers.
     */
    public boolean originated;
    /** Non-null when the contact used a look-alike protocol's port (gnutella, edonkey, other-p2p): counted apart. */
    public String lookalike;
    /** The first flow with this peer. */
    public EvidenceRef evidence;

    public PeerContact() {}
}
