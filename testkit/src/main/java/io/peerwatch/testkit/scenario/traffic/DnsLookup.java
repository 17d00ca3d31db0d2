package io.peerwatch.testkit.scenario.traffic;

import java.util.List;

/**
 * One DNS query and its answer as Zeek's dns.log records it.
 *
 * @param answers CNAME targets and addresses in answer order (empty for NXDOMAIN)
 * @param ttls seconds, one per answer
 */
public record DnsLookup(long tsMicros, String uid, String origIp, int origPort, String resolverIp, int transId, long rttMicros,
                        String query, int qtype, int rcode, List<String> answers, List<Integer> ttls) {

    public String qtypeName() {
        return switch (qtype) {
            case 1 -> "A";
            case 28 -> "AAAA";
            case 5 -> "CNAME";
            case 16 -> "TXT";
            default -> Integer.toString(qtype);
        };
    }

    public String rcodeName() {
        return switch (rcode) {
            case 0 -> "NOERROR";
            case 2 -> "SERVFAIL";
            case 3 -> "NXDOMAIN";
            default -> Integer.toString(rcode);
        };
    }
}
