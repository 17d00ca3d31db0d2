package io.peerwatch.normalize.parsers;

import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parsers.hostlog.Duid;
import io.peerwatch.normalize.parsers.hostlog.Ip;
import io.peerwatch.normalize.parsers.hostlog.Mac;
import io.peerwatch.normalize.parsers.hostlog.RecordText;
import io.peerwatch.normalize.parsers.hostlog.SyslogLine;
import io.peerwatch.schema.AddressBinding;
import io.peerwatch.schema.BindingAction;

/**
 * {@code dnsmasq-dhcp}: dnsmasq's DHCP log lines in a syslog envelope (RFC 3339, RFC 3164 with the configured
 * year and zone, or RFC 5424), e.g. {@code DHCPACK(virbr0) 192.168.122.45 52:54:00:12:34:56 vm-web-1}.
 *
 * <p>Server decisions become bindings: DHCPACK and DHCPREPLY (DHCPv6) → BIND, DHCPRELEASE → RELEASE,
 * DHCPEXPIRED → EXPIRE. dnsmasq logs a first ack and a renewal ack the same way, so both are BIND; the
 * identity timeline treats a BIND of the same address and MAC as an extension. Client requests and offers
 * (DISCOVER, OFFER, REQUEST, NAK, DECLINE, INFORM, SOLICIT, ADVERTISE, RENEW, REBIND, CONFIRM,
 * INFORMATION-REQUEST) bind nothing and are counted skips, as are dnsmasq's other messages (ranges, sockets,
 * router advertisements, {@code --log-dhcp} detail lines).
 *
 * <p>The interface in parentheses is the record's network scope. DHCPv6 lines name the client by DUID: it
 * is kept as clientId, and the MAC is taken from link-layer DUIDs (types 1 and 3, Ethernet); dnsmasq's
 * {@code --log-dhcp} transaction id prefix is accepted.
 */
public final class DnsmasqDhcpParser implements RecordParser {
    private final SyslogLine.Rfc3164Defaults syslogDefaults;
    private final int maxRecordBytes;

    public DnsmasqDhcpParser(NormalizeConfig cfg) {
        this.syslogDefaults = new SyslogLine.Rfc3164Defaults(cfg.syslogDefaultYear(), cfg.syslogZone());
        this.maxRecordBytes = cfg.maxRecordBytes();
    }

    @Override
    public String format() {
        return Formats.DNSMASQ_DHCP;
    }

    @Override
    public ParseOutcome parse(RawRecord raw) throws ParseException {
        String line = RecordText.line(raw, maxRecordBytes, "");
        if (line.isBlank()) return ParseOutcome.skip("blank line");
        SyslogLine sys = SyslogLine.parse(line, syslogDefaults);
        if (!sys.program().startsWith("dnsmasq")) {
            return ParseOutcome.skip("not a dnsmasq message (program '" + RecordText.bounded(sys.program(), 40) + "')");
        }
        String msg = sys.message();
        int sp = msg.indexOf(' ');
        if (sp > 0 && allDigits(msg, 0, sp)) msg = msg.substring(sp + 1); // --log-dhcp transaction id
        int open = msg.indexOf('(');
        int close = msg.indexOf(')');
        if (!msg.startsWith("DHCP") || open < 5 || close < open || (close + 1 < msg.length() && msg.charAt(close + 1) != ' ')) {
            return ParseOutcome.skip("dnsmasq message without a binding");
        }
        String type = msg.substring(0, open);
        String iface = msg.substring(open + 1, close);
        if (iface.isEmpty() || iface.length() > 64 || iface.indexOf(' ') >= 0) {
            throw new ParseException(ParseException.MALFORMED, "invalid interface name in " + type);
        }
        String[] args = words(msg, close + 1, 4);
        switch (type) {
            case "DHCPACK":
            case "DHCPREPLY":
                return binding(BindingAction.BIND, type, iface, args, sys);
            case "DHCPRELEASE":
                return binding(BindingAction.RELEASE, type, iface, args, sys);
            case "DHCPEXPIRED":
            case "DHCPEXPIRE":
                return binding(BindingAction.EXPIRE, type, iface, args, sys);
            case "DHCPDISCOVER":
            case "DHCPOFFER":
            case "DHCPREQUEST":
            case "DHCPNAK":
            case "DHCPDECLINE":
            case "DHCPINFORM":
            case "DHCPSOLICIT":
            case "DHCPADVERTISE":
            case "DHCPRENEW":
            case "DHCPREBIND":
            case "DHCPCONFIRM":
            case "DHCPINFORMATION-REQUEST":
                return ParseOutcome.skip(type + " (no binding: the server's DHCPACK/DHCPREPLY carries it)");
            default:
                return ParseOutcome.skip("dnsmasq message without a binding: " + RecordText.bounded(type, 40));
        }
    }

    /** args: address, client (MAC or DUID), then an optional hostname (acks) or dnsmasq's remark. */
    private ParseOutcome binding(BindingAction action, String type, String iface, String[] args, SyslogLine sys)
            throws ParseException {
        if (args.length < 2) {
            if (type.equals("DHCPREPLY") && args.length == 1) {
                return ParseOutcome.skip("DHCPREPLY without an address (information-request reply)");
            }
            throw new ParseException(ParseException.MISSING_FIELD, type + " needs an address and a client, got "
                    + args.length + " field(s)");
        }
        String address = Ip.canonical(args[0], type + " address");
        String mac;
        String clientId = null;
        if (Mac.looksLikeMac(args[1])) {
            mac = Mac.normalize(args[1], type + " MAC");
        } else if (Ip.isIpv6(address)) {
            clientId = Duid.normalize(args[1], type + " DUID");
            mac = Duid.macOf(clientId);
        } else {
            mac = Mac.normalize(args[1], type + " MAC"); // throws with the reason
        }
        String hostname = null;
        if (args.length == 3 && isHostname(args[2])) hostname = args[2]; // else a remark such as "unknown lease"
        AddressBinding b = AddressBinding.newBuilder()
                .setAction(action)
                .setAddress(address)
                .setMac(mac)
                .setClientId(clientId)
                .setHostname(hostname)
                .setInterfaceName(iface)
                .build();
        return ParseOutcome.of(new Parsed(sys.millis(), iface, sys.host(), b));
    }

    /** RFC 1123 host name (dnsmasq logs only names it accepted; "unknown lease" and the like are remarks). */
    static boolean isHostname(String s) {
        if (s.isEmpty() || s.length() > 253) return false;
        int label = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (label == 0) return false;
                label = 0;
                continue;
            }
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok || ++label > 63) return false;
        }
        return label > 0;
    }

    /** Up to {@code max} space-separated words from {@code from}; the last one keeps the rest of the text. */
    private static String[] words(String s, int from, int max) {
        String[] out = new String[max];
        int n = 0;
        int i = from;
        int len = s.length();
        while (n < max) {
            while (i < len && s.charAt(i) == ' ') i++;
            if (i >= len) break;
            int end = n == max - 1 ? len : s.indexOf(' ', i);
            if (end < 0) end = len;
            out[n++] = s.substring(i, end).strip();
            i = end;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }
}
