package io.peerwatch.testkit.scenario.traffic;

import io.peerwatch.testkit.scenario.ScenarioVm;

/**
 * One connection as a flow sensor summarizes it (Zeek conn.log semantics): originator and responder, bytes
 * and packets each way, state. Mutable builder-style object: behaviours fill it, writers read it.
 */
public final class Conn {
    public String uid;
    public long startMicros;
    /** Negative when the sensor saw a single packet (Zeek then omits duration and payload byte counts). */
    public long durationMicros = -1;
    public String proto = "tcp";
    public String service;
    public String origIp;
    public int origPort;
    public String respIp;
    public int respPort;
    public long origBytes;
    public long respBytes;
    public long origPkts;
    public long respPkts;
    public String connState = "SF";
    public String history;
    public boolean localOrig;
    public boolean localResp;
    /** The VM on each side, null for hosts outside the estate. */
    public ScenarioVm origVm;
    public ScenarioVm respVm;
    /** False for traffic a VPC flow log never shows (the VPC DNS resolver, multicast). */
    public boolean vpcVisible = true;

    public long endMicros() {
        return startMicros + Math.max(0, durationMicros);
    }

    public long origIpBytes() {
        return origBytes + origPkts * headerBytes();
    }

    public long respIpBytes() {
        return respBytes + respPkts * headerBytes();
    }

    /** IPv4 + TCP with timestamps, or IPv4 + UDP. */
    private int headerBytes() {
        return "tcp".equals(proto) ? 52 : 28;
    }

    public int protocolNumber() {
        return switch (proto) {
            case "tcp" -> 6;
            case "udp" -> 17;
            default -> 1;
        };
    }

    /** Packets for a payload: full-size segments plus the handshake/ACK overhead a real stack adds. */
    public static long packetsFor(long payloadBytes, int overhead) {
        return payloadBytes / 1448 + (payloadBytes % 1448 == 0 ? 0 : 1) + overhead;
    }

    /** A completed TCP connection (SYN, data both ways, FIN both ways). */
    public static Conn tcp(String uid, long startMicros, long durationMicros, String origIp, int origPort, String respIp, int respPort,
                           long origBytes, long respBytes) {
        Conn c = new Conn();
        c.uid = uid;
        c.startMicros = startMicros;
        c.durationMicros = durationMicros;
        c.proto = "tcp";
        c.origIp = origIp;
        c.origPort = origPort;
        c.respIp = respIp;
        c.respPort = respPort;
        c.origBytes = origBytes;
        c.respBytes = respBytes;
        c.origPkts = packetsFor(origBytes, 3) + respBytes / 2896;
        c.respPkts = packetsFor(respBytes, 2) + origBytes / 2896;
        c.connState = "SF";
        c.history = respBytes > 0 ? "ShADadFf" : "ShADFf";
        return c;
    }

    /** A UDP exchange; {@code answered=false} means the peer never replied (Zeek S0, history D). */
    public static Conn udp(String uid, long startMicros, long durationMicros, String origIp, int origPort, String respIp, int respPort,
                           long origBytes, long origPkts, long respBytes, long respPkts) {
        Conn c = new Conn();
        c.uid = uid;
        c.startMicros = startMicros;
        c.proto = "udp";
        c.origIp = origIp;
        c.origPort = origPort;
        c.respIp = respIp;
        c.respPort = respPort;
        c.origBytes = origBytes;
        c.origPkts = origPkts;
        c.respBytes = respBytes;
        c.respPkts = respPkts;
        boolean answered = respPkts > 0;
        c.connState = answered ? "SF" : "S0";
        c.history = answered ? "Dd" : "D";
        c.durationMicros = origPkts + respPkts > 1 ? durationMicros : -1;
        return c;
    }

    /** An outbound TCP attempt nobody answered: SYN and its retransmissions (Zeek S0). */
    public static Conn tcpUnanswered(String uid, long startMicros, String origIp, int origPort, String respIp, int respPort) {
        Conn c = new Conn();
        c.uid = uid;
        c.startMicros = startMicros;
        c.durationMicros = 3_000_000L + (startMicros % 1000);
        c.proto = "tcp";
        c.origIp = origIp;
        c.origPort = origPort;
        c.respIp = respIp;
        c.respPort = respPort;
        c.origPkts = 2;
        c.connState = "S0";
        c.history = "S";
        return c;
    }

    /** An outbound TCP attempt the peer refused with a RST (Zeek REJ). */
    public static Conn tcpRejected(String uid, long startMicros, long rttMicros, String origIp, int origPort, String respIp, int respPort) {
        Conn c = new Conn();
        c.uid = uid;
        c.startMicros = startMicros;
        c.durationMicros = rttMicros;
        c.proto = "tcp";
        c.origIp = origIp;
        c.origPort = origPort;
        c.respIp = respIp;
        c.respPort = respPort;
        c.origPkts = 1;
        c.respPkts = 1;
        c.connState = "REJ";
        c.history = "Sr";
        return c;
    }
}
