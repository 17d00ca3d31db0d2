package io.peerwatch.normalize.parsers;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parsers.hostlog.Duid;
import io.peerwatch.normalize.parsers.hostlog.Ip;
import io.peerwatch.normalize.parsers.hostlog.Json;
import io.peerwatch.normalize.parsers.hostlog.Mac;
import io.peerwatch.normalize.parsers.hostlog.RecordText;
import io.peerwatch.normalize.parsers.hostlog.Times;
import io.peerwatch.schema.AddressBinding;
import io.peerwatch.schema.BindingAction;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code libvirt-leases}: one record is a whole lease snapshot that libvirt's leaseshelper keeps for dnsmasq
 * ({@code /var/lib/libvirt/dnsmasq/virbr0.status}): a JSON array of {@code {"ip-address", "mac-address",
 * "hostname", "client-id", "expiry-time", "iaid"}} objects (IPv6 leases may lack the MAC).
 *
 * <p>Event time: the snapshot itself carries no time. The parser uses the record's source timestamp (file
 * modification time, Kafka record time) as the time the snapshot was true; deriving it from the expiry
 * times would need the configured lease time of every network, which is guesswork. A snapshot without a
 * usable source timestamp is rejected. Each lease still valid at that time becomes an AddressBinding
 * SNAPSHOT with leaseSeconds = expiry - snapshot time ({@code expiry-time} 0 means an infinite lease:
 * leaseSeconds null). A lease already expired at snapshot time becomes an EXPIRE at its expiry time.
 *
 * <p>Network scope: the file name names the network's bridge ({@code virbr0.status} → {@code virbr0});
 * records from Kafka have none. An empty array is a counted skip.
 */
public final class LibvirtLeasesParser implements RecordParser {
    /** Far more leases than any libvirt network range holds; bounds the output of one record. */
    static final int MAX_LEASES = 65_536;
    private final int maxRecordBytes;

    public LibvirtLeasesParser(NormalizeConfig cfg) {
        this.maxRecordBytes = cfg.maxRecordBytes();
    }

    @Override
    public String format() {
        return Formats.LIBVIRT_LEASES;
    }

    @Override
    public ParseOutcome parse(RawRecord raw) throws ParseException {
        String text = RecordText.document(raw, maxRecordBytes);
        if (text.isBlank()) return ParseOutcome.skip("empty lease file");
        JsonNode doc = Json.parse(text, "lease snapshot");
        if (!doc.isArray()) throw new ParseException(ParseException.MALFORMED, "lease snapshot is not a JSON array");
        if (doc.isEmpty()) return ParseOutcome.skip("empty lease snapshot (no active leases)");
        if (doc.size() > MAX_LEASES) {
            throw new ParseException(ParseException.OVERSIZED, "lease snapshot has " + doc.size() + " entries, limit " + MAX_LEASES);
        }
        String scope = scopeFromName(raw.sourceName);
        List<Lease> leases = new ArrayList<>(doc.size());
        for (int i = 0; i < doc.size(); i++) {
            JsonNode lease = doc.get(i);
            String where = "lease[" + i + "]";
            if (!lease.isObject()) throw new ParseException(ParseException.MALFORMED, where + " is not an object");
            if (lease.get("ip-address") == null && lease.get("server-duid") != null) continue; // libvirt's server DUID entry
            leases.add(lease(lease, where));
        }
        if (leases.isEmpty()) return ParseOutcome.skip("lease snapshot without leases");
        // checked after the content so that a bad snapshot is reported for what is wrong with it
        if (!Times.inRange(raw.sourceTimestamp)) {
            throw new ParseException(ParseException.INVALID_TIMESTAMP,
                    "lease snapshot has no usable source timestamp (" + raw.sourceTimestamp + "); the snapshot carries no time of its own");
        }
        long snapshotMillis = raw.sourceTimestamp;
        List<Parsed> out = new ArrayList<>(leases.size());
        for (Lease l : leases) out.add(l.toParsed(snapshotMillis, scope));
        return ParseOutcome.of(out);
    }

    /** One validated lease; expiry 0 = infinite. */
    private record Lease(String address, String mac, String clientId, String hostname, long expiryMillis) {
        Parsed toParsed(long snapshotMillis, String scope) {
            AddressBinding.Builder b = AddressBinding.newBuilder()
                    .setAddress(address).setMac(mac).setClientId(clientId).setHostname(hostname).setInterfaceName(scope);
            if (expiryMillis == 0) {
                return new Parsed(snapshotMillis, scope, null, b.setAction(BindingAction.SNAPSHOT).setLeaseSeconds(null).build());
            }
            if (expiryMillis <= snapshotMillis) {
                return new Parsed(expiryMillis, scope, null, b.setAction(BindingAction.EXPIRE).setLeaseSeconds(0L).build());
            }
            long left = (expiryMillis - snapshotMillis) / 1000;
            return new Parsed(snapshotMillis, scope, null, b.setAction(BindingAction.SNAPSHOT).setLeaseSeconds(left).build());
        }
    }

    private static Lease lease(JsonNode lease, String where) throws ParseException {
        String address = Ip.canonical(Json.requiredText(Json.field(lease, "ip-address"), where + ".ip-address"), where + ".ip-address");
        String mac = Mac.normalizeOrNull(Json.text(Json.field(lease, "mac-address"), where + ".mac-address"), where + ".mac-address");
        String clientId = Json.text(Json.field(lease, "client-id"), where + ".client-id");
        if (clientId != null) {
            clientId = Duid.normalize(clientId, where + ".client-id");
            if (mac == null) mac = Duid.macOf(clientId);
        }
        String hostname = Json.text(Json.field(lease, "hostname"), where + ".hostname");
        if (hostname != null && (hostname.equals("*") || !DnsmasqDhcpParser.isHostname(hostname))) hostname = null;
        Long expiry = Json.nonNegativeLong(Json.field(lease, "expiry-time"), where + ".expiry-time", Times.MAX_MILLIS / 1000);
        if (expiry == null) throw new ParseException(ParseException.MISSING_FIELD, where + ".expiry-time is missing");
        long expiryMillis = expiry == 0 ? 0 : Times.checkRange(expiry * 1000, where + ".expiry-time");
        return new Lease(address, mac, clientId, hostname, expiryMillis);
    }

    /** "…/virbr0.status" → "virbr0"; null for other names (Kafka topics). */
    static String scopeFromName(String sourceName) {
        if (sourceName == null) return null;
        String base = sourceName.substring(Math.max(sourceName.lastIndexOf('/'), sourceName.lastIndexOf('\\')) + 1);
        if (base.endsWith(".gz")) base = base.substring(0, base.length() - 3);
        if (!base.endsWith(".status") || base.length() <= ".status".length() || base.length() > 64 + 7) return null;
        String name = base.substring(0, base.length() - ".status".length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_' && c != '.') return null;
        }
        return name;
    }
}
