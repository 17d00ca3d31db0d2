package io.peerwatch.testkit.scenario.format;

import io.peerwatch.testkit.scenario.Hypervisor;
import io.peerwatch.testkit.scenario.ScenarioVm;
import io.peerwatch.testkit.scenario.traffic.Conn;
import java.util.function.Function;

/**
 * AWS VPC flow log records, version 5 with every field (the custom format whose header line is
 * {@link #HEADER}), as seen from each VM's network interface: one record per direction per 60 s
 * aggregation window. Traffic between two VMs is logged by both interfaces.
 */
public final class VpcFlowLogs {
    public static final String HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes "
            + "start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id "
            + "sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path";
    public static final String ACCOUNT_ID = "123456789012";
    public static final String VPC_ID = "vpc-0a1b2c3d4e5f60718";
    public static final String REGION = "eu-west-1";
    private static final long WINDOW_SECONDS = 60;

    /** Receives one record line and the epoch second its window ends (its event time). */
    public interface LineSink {
        void accept(long endSecond, String line, ScenarioVm vm);
    }

    private VpcFlowLogs() {}

    public static void records(Conn c, Function<String, Hypervisor> hostOf, LineSink out) {
        if (!c.vpcVisible) return;
        boolean betweenVms = c.origVm != null && c.respVm != null;
        if (c.origVm != null) side(c, c.origVm, hostOf.apply(c.origVm.hypervisor()), true, betweenVms, out);
        if (c.respVm != null) side(c, c.respVm, hostOf.apply(c.respVm.hypervisor()), false, betweenVms, out);
    }

    /** The two directions of {@code c} as the interface of {@code vm} (the originator or the responder) logs them. */
    private static void side(Conn c, ScenarioVm vm, Hypervisor host, boolean vmIsOrig, boolean betweenVms, LineSink out) {
        long startSec = c.startMicros / 1_000_000L;
        long endSec = Math.max(startSec + 1, (c.endMicros() + 999_999L) / 1_000_000L);
        int windows = (int) Math.max(1, (endSec - startSec + WINDOW_SECONDS - 1) / WINDOW_SECONDS);
        String path = betweenVms ? "1" : "8";
        // the originator's packets first: that is the order a capture window sees them
        direction(c, vm, host, c.origIp, c.respIp, c.origPort, c.respPort, c.origPkts, c.origIpBytes(), true,
                vmIsOrig ? "egress" : "ingress", vmIsOrig ? path : "-", startSec, endSec, windows, out);
        direction(c, vm, host, c.respIp, c.origIp, c.respPort, c.origPort, c.respPkts, c.respIpBytes(), false,
                vmIsOrig ? "ingress" : "egress", vmIsOrig ? "-" : path, startSec, endSec, windows, out);
    }

    private static void direction(Conn c, ScenarioVm vm, Hypervisor host, String src, String dst, int srcPort, int dstPort,
                                  long packets, long bytes, boolean fromOrig, String flowDirection, String trafficPath,
                                  long startSec, long endSec, int windows, LineSink out) {
        if (packets <= 0) return;
        int used = (int) Math.min(windows, packets);
        for (int w = 0; w < used; w++) {
            long pk = packets / used + (w < packets % used ? 1 : 0);
            long by = bytes / used + (w < bytes % used ? 1 : 0);
            long ws = startSec + w * WINDOW_SECONDS;
            long we = w == used - 1 ? endSec : Math.min(endSec, ws + WINDOW_SECONDS);
            if (we <= ws) we = ws + 1;
            StringBuilder sb = new StringBuilder(260);
            sb.append("5 ").append(ACCOUNT_ID).append(' ').append(vm.interfaceId()).append(' ')
                    .append(src).append(' ').append(dst).append(' ').append(srcPort).append(' ').append(dstPort).append(' ')
                    .append(c.protocolNumber()).append(' ').append(pk).append(' ').append(by).append(' ')
                    .append(ws).append(' ').append(we).append(" ACCEPT OK ").append(VPC_ID).append(' ').append(host.subnetId())
                    .append(' ').append(vm.instanceId()).append(' ').append(tcpFlags(c, fromOrig, w == 0, w == used - 1))
                    .append(" IPv4 - - ").append(REGION).append(' ').append(host.azId()).append(" - - - - ")
                    .append(flowDirection).append(' ').append(trafficPath);
            out.accept(we, sb.toString(), vm);
        }
    }

    /** OR of the TCP flags seen in the window: SYN 2, SYN-ACK 18, ACK 16, FIN 1, RST 4 (0 for UDP). */
    private static int tcpFlags(Conn c, boolean fromOrig, boolean first, boolean last) {
        if (!"tcp".equals(c.proto)) return 0;
        switch (c.connState) {
            case "S0":
                return 2;
            case "REJ":
                return fromOrig ? 2 : 20;
            default:
                int f = 16;
                if (first) f |= fromOrig ? 2 : 18;
                if (last) f |= 1;
                return f;
        }
    }
}
