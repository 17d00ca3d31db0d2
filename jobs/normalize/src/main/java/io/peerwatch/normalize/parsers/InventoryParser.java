package io.peerwatch.normalize.parsers;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parsers.hostlog.Ip;
import io.peerwatch.normalize.parsers.hostlog.Json;
import io.peerwatch.normalize.parsers.hostlog.Mac;
import io.peerwatch.normalize.parsers.hostlog.RecordText;
import io.peerwatch.normalize.parsers.hostlog.Times;
import io.peerwatch.normalize.parsers.hostlog.Uuids;
import io.peerwatch.schema.Nic;
import io.peerwatch.schema.VmDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code inventory}: a JSON-lines VM inventory, one VM per line; the schema is documented in
 * jobs/normalize/README-inventory.md. Produces a VmDefinition (platform "inventory" unless the record says).
 * Event time: the record's {@code updated} field (ISO 8601 or epoch), else the source timestamp. Blank lines
 * and lines starting with '#' are counted skips; unknown fields are ignored so that exports can carry more.
 */
public final class InventoryParser implements RecordParser {
    static final int MAX_MACS = 256;
    static final int MAX_TAGS = 256;
    static final int MAX_VALUE = 1024;
    private final int maxRecordBytes;

    public InventoryParser(NormalizeConfig cfg) {
        this.maxRecordBytes = cfg.maxRecordBytes();
    }

    @Override
    public String format() {
        return Formats.INVENTORY;
    }

    @Override
    public ParseOutcome parse(RawRecord raw) throws ParseException {
        String line = RecordText.line(raw, maxRecordBytes, "");
        String trimmed = line.strip();
        if (trimmed.isEmpty()) return ParseOutcome.skip("blank line");
        if (trimmed.startsWith("#")) return ParseOutcome.skip("comment line");
        JsonNode vm = Json.parseObject(line, "inventory record");

        String uuid = Uuids.canonicalOrNull(Json.text(Json.field(vm, "uuid"), "uuid"), "uuid");
        String name = str(vm, "name");
        String instanceId = str(vm, "instance_id");
        if (uuid == null && name == null && instanceId == null) {
            throw new ParseException(ParseException.MISSING_FIELD, "inventory record has none of uuid, name, instance_id");
        }
        String platform = str(vm, "platform");
        VmDefinition.Builder def = VmDefinition.newBuilder()
                .setUuid(uuid).setName(name).setInstanceId(instanceId)
                .setPlatform(platform == null ? "inventory" : platform)
                .setHypervisorHost(str(vm, "hypervisor"))
                .setOwner(str(vm, "owner"))
                .setTenant(str(vm, "tenant"))
                .setTags(tags(Json.field(vm, "tags")));
        List<Nic> nics = nics(vm);
        def.setNics(nics);
        long millis;
        JsonNode updated = Json.field(vm, "updated");
        if (updated != null) {
            millis = Json.time(updated, "updated");
        } else if (Times.inRange(raw.sourceTimestamp)) {
            millis = raw.sourceTimestamp;
        } else {
            throw new ParseException(ParseException.INVALID_TIMESTAMP, "inventory record has no 'updated' time and no usable source timestamp");
        }
        return ParseOutcome.of(new Parsed(millis, LibvirtDomXmlParser.commonScope(nics), null, def.build()));
    }

    private static List<Nic> nics(JsonNode vm) throws ParseException {
        JsonNode macs = Json.field(vm, "macs");
        if (macs == null) return List.of();
        if (!macs.isArray()) throw new ParseException(ParseException.MALFORMED, "macs must be an array");
        if (macs.size() > MAX_MACS) throw new ParseException(ParseException.OVERSIZED, "more than " + MAX_MACS + " macs");
        JsonNode networks = Json.field(vm, "networks");
        if (networks != null && !networks.isObject() && !networks.isTextual()) {
            throw new ParseException(ParseException.MALFORMED, "networks must be an object (MAC → network) or a string");
        }
        JsonNode addresses = Json.field(vm, "addresses");
        if (addresses != null && !addresses.isObject()) {
            throw new ParseException(ParseException.MALFORMED, "addresses must be an object (MAC → [address])");
        }
        Map<String, String> networkByMac = new HashMap<>();
        Map<String, List<String>> addressesByMac = new HashMap<>();
        if (networks != null && networks.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = networks.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                networkByMac.put(Mac.normalize(e.getKey(), "networks key"), name(Json.text(e.getValue(), "networks value"), "network"));
            }
        }
        if (addresses != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = addresses.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String mac = Mac.normalize(e.getKey(), "addresses key");
                JsonNode list = e.getValue();
                if (!list.isArray() || list.size() > 64) throw new ParseException(ParseException.MALFORMED, "addresses of " + mac + " must be an array of at most 64");
                List<String> ips = new ArrayList<>();
                for (JsonNode ip : list) ips.add(Ip.canonical(Json.requiredText(ip, "address"), "addresses of " + mac));
                addressesByMac.put(mac, ips);
            }
        }
        String allNetworks = networks != null && networks.isTextual() ? name(networks.textValue(), "networks") : null;
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode m : macs) seen.add(Mac.normalize(Json.requiredText(m, "macs entry"), "macs"));
        for (String mac : networkByMac.keySet()) {
            if (!seen.contains(mac)) throw new ParseException(ParseException.MALFORMED, "networks names MAC " + mac + " that is not in macs");
        }
        for (String mac : addressesByMac.keySet()) {
            if (!seen.contains(mac)) throw new ParseException(ParseException.MALFORMED, "addresses names MAC " + mac + " that is not in macs");
        }
        List<Nic> nics = new ArrayList<>(seen.size());
        for (String mac : seen) {
            nics.add(Nic.newBuilder().setMac(mac)
                    .setNetwork(networkByMac.getOrDefault(mac, allNetworks))
                    .setAddresses(addressesByMac.getOrDefault(mac, List.of()))
                    .build());
        }
        return nics;
    }

    /** {"k": "v"} or ["k=v", "label"] (a label without '=' gets the value ""). */
    private static Map<String, String> tags(JsonNode tags) throws ParseException {
        Map<String, String> out = new HashMap<>();
        if (tags == null) return out;
        if (tags.size() > MAX_TAGS) throw new ParseException(ParseException.OVERSIZED, "more than " + MAX_TAGS + " tags");
        if (tags.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = name(e.getKey(), "tag key");
                if (key == null) throw new ParseException(ParseException.MALFORMED, "empty tag key");
                String v = Json.text(e.getValue(), "tag " + key);
                out.put(key, v == null ? "" : RecordText.name(v, "tag " + key, MAX_VALUE));
            }
        } else if (tags.isArray()) {
            for (JsonNode t : tags) {
                String s = name(Json.requiredText(t, "tags entry"), "tags entry");
                int eq = s.indexOf('=');
                String key = eq < 0 ? s : s.substring(0, eq).strip();
                if (key.isEmpty()) throw new ParseException(ParseException.MALFORMED, "tag '" + RecordText.bounded(s, 40) + "' has no key");
                out.put(key, eq < 0 ? "" : s.substring(eq + 1).strip());
            }
        } else {
            throw new ParseException(ParseException.MALFORMED, "tags must be an object or an array");
        }
        return out;
    }

    private static String str(JsonNode vm, String field) throws ParseException {
        return name(Json.text(Json.field(vm, field), field), field);
    }

    private static String name(String v, String what) throws ParseException {
        return RecordText.name(v, what, MAX_VALUE);
    }
}
