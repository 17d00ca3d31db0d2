package io.peerwatch.incidents.evidence;

import io.peerwatch.common.Hashing;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.SourceRef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical encoding of one evidence item as a Merkle leaf (documented in jobs/incidents/README.md so anyone
 * can recompute it): the fields below, each written as a netstring ({@code <byte length>:<UTF-8 bytes>,}), in
 * this order: {@code "peerwatch-evidence-v1"}, eventId, format, source.kind, source.name, source.partition,
 * source.offset, source.line, rawSha256, eventTime (integers in decimal). The free-text summary is left out: it is
 * a description, not evidence. Leaf hash = SHA-256(0x00 || encoding), as in RFC 6962.
 */
public final class EvidenceLeaf {
    public static final String VERSION = "peerwatch-evidence-v1";
    private static final HexFormat HEX = HexFormat.of();

    /** Canonical order of leaves: event time, then eventId; one leaf per eventId. */
    public static final Comparator<EvidenceRef> ORDER =
            Comparator.comparingLong(EvidenceRef::getEventTime).thenComparing(EvidenceRef::getEventId);

    private EvidenceLeaf() {}

    public static byte[] encode(EvidenceRef e) {
        SourceRef s = e.getSource();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        netstring(out, VERSION);
        netstring(out, e.getEventId());
        netstring(out, e.getFormat());
        netstring(out, s.getKind());
        netstring(out, s.getName());
        netstring(out, Integer.toString(s.getPartition()));
        netstring(out, Long.toString(s.getOffset()));
        netstring(out, Long.toString(s.getLine()));
        netstring(out, e.getRawSha256());
        netstring(out, Long.toString(e.getEventTime()));
        return out.toByteArray();
    }

    private static void netstring(ByteArrayOutputStream out, String field) {
        byte[] b = (field == null ? "" : field).getBytes(StandardCharsets.UTF_8);
        out.writeBytes(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        out.write(':');
        out.writeBytes(b);
        out.write(',');
    }

    /** Lower-case hex SHA-256(0x00 || encode(e)). */
    public static String hash(EvidenceRef e) {
        MessageDigest d = Hashing.sha256();
        d.update((byte) 0x00);
        d.update(encode(e));
        return HEX.formatHex(d.digest());
    }

    /** The items in canonical order with duplicates (same eventId) removed: the leaves of the digest. */
    public static List<EvidenceRef> canonical(Collection<EvidenceRef> items) {
        Map<String, EvidenceRef> byId = new LinkedHashMap<>();
        for (EvidenceRef e : items) byId.putIfAbsent(e.getEventId(), e);
        List<EvidenceRef> sorted = new ArrayList<>(byId.values());
        sorted.sort(ORDER);
        return sorted;
    }
}
