package io.peerwatch.normalize.parsers;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerwatch.common.Formats;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.NormalizeConfig;
import io.peerwatch.normalize.parse.ParseException;
import io.peerwatch.normalize.parse.ParseOutcome;
import io.peerwatch.normalize.parse.Parsed;
import io.peerwatch.normalize.parse.RecordParser;
import io.peerwatch.normalize.parsers.hostlog.Json;
import io.peerwatch.normalize.parsers.hostlog.RecordText;
import io.peerwatch.normalize.parsers.hostlog.Uuids;
import io.peerwatch.schema.LifecycleState;
import io.peerwatch.schema.VmLifecycle;
import java.util.Map;

/**
 * {@code vcenter-event}: vCenter events ({@code vim.event.*}) exported as JSON lines, one event object per
 * line with the vSphere API's field names (camelCase, or PowerCLI's PascalCase: keys are matched without
 * case). The accepted shape is documented in README-identity-guest-formats.md:
 * {@code createdTime} (ISO 8601 or epoch), {@code type} or {@code eventTypeId} ("VmPoweredOnEvent" or
 * "vim.event.VmPoweredOnEvent"), {@code vm} {name, vm (moref), instanceUuid}, {@code host} {name},
 * {@code sourceHost}/{@code destHost} {name} for migrations, {@code fullFormattedMessage}, optional
 * {@code vcenter} (the server that logged it).
 *
 * <p>Power on → STARTED, power off → STOPPED, suspend → SUSPENDED, migrate/relocate (incl. DRS) → MIGRATED
 * with host = destination and previousHost = source, reconfigure/rename → RECONFIGURED, create/register/
 * deploy/clone → DEFINED, remove → UNDEFINED, guest reboot/reset → OTHER. The VM's instanceUuid (else its
 * BIOS uuid) is the VmLifecycle uuid and its moref ("vm-123") the instanceId. Other event types are counted
 * skips.
 */
public final class VcenterEventParser implements RecordParser {
    private static final Map<String, LifecycleState> STATES = Map.ofEntries(
            Map.entry("VmPoweredOnEvent", LifecycleState.STARTED),
            Map.entry("DrsVmPoweredOnEvent", LifecycleState.STARTED),
            Map.entry("VmPoweredOffEvent", LifecycleState.STOPPED),
            Map.entry("VmSuspendedEvent", LifecycleState.SUSPENDED),
            Map.entry("VmMigratedEvent", LifecycleState.MIGRATED),
            Map.entry("DrsVmMigratedEvent", LifecycleState.MIGRATED),
            Map.entry("VmRelocatedEvent", LifecycleState.MIGRATED),
            Map.entry("VmReconfiguredEvent", LifecycleState.RECONFIGURED),
            Map.entry("VmRenamedEvent", LifecycleState.RECONFIGURED),
            Map.entry("VmMacChangedEvent", LifecycleState.RECONFIGURED),
            Map.entry("VmMacAssignedEvent", LifecycleState.RECONFIGURED),
            Map.entry("VmCreatedEvent", LifecycleState.DEFINED),
            Map.entry("VmRegisteredEvent", LifecycleState.DEFINED),
            Map.entry("VmDeployedEvent", LifecycleState.DEFINED),
            Map.entry("VmClonedEvent", LifecycleState.DEFINED),
            Map.entry("VmRemovedEvent", LifecycleState.UNDEFINED),
            Map.entry("VmGuestRebootEvent", LifecycleState.OTHER),
            Map.entry("VmResettingEvent", LifecycleState.OTHER));

    private final int maxRecordBytes;

    public VcenterEventParser(NormalizeConfig cfg) {
        this.maxRecordBytes = cfg.maxRecordBytes();
    }

    @Override
    public String format() {
        return Formats.VCENTER_EVENT;
    }

    @Override
    public ParseOutcome parse(RawRecord raw) throws ParseException {
        String line = RecordText.line(raw, maxRecordBytes, "");
        if (line.isBlank()) return ParseOutcome.skip("blank line");
        JsonNode ev = Json.parseObject(line, "vCenter event");
        String type = Json.text(Json.fieldIgnoreCase(ev, "eventTypeId"), "eventTypeId");
        if (type == null) type = Json.text(Json.fieldIgnoreCase(ev, "type"), "type");
        if (type == null) throw new ParseException(ParseException.MISSING_FIELD, "vCenter event has neither type nor eventTypeId");
        if (type.startsWith("vim.event.")) type = type.substring("vim.event.".length());
        LifecycleState state = STATES.get(type);
        if (state == null) return ParseOutcome.skip("not a VM lifecycle event: " + RecordText.bounded(type, 60));
        long millis = Json.time(Json.fieldIgnoreCase(ev, "createdTime"), "createdTime");

        JsonNode vm = Json.fieldIgnoreCase(ev, "vm");
        String name = name(vm, "vm");
        String moref = moref(vm == null ? null : Json.fieldIgnoreCase(vm, "vm"));
        String uuid = null;
        if (vm != null && vm.isObject()) {
            String u = Json.text(Json.fieldIgnoreCase(vm, "instanceUuid"), "vm.instanceUuid");
            if (u == null) u = Json.text(Json.fieldIgnoreCase(vm, "uuid"), "vm.uuid");
            uuid = Uuids.canonicalOrNull(u, "vm.instanceUuid");
        }
        if (type.equals("VmRenamedEvent")) {
            String newName = Json.text(Json.fieldIgnoreCase(ev, "newName"), "newName");
            if (newName != null) name = value(newName, "newName");
        }
        if (name == null && moref == null && uuid == null) {
            throw new ParseException(ParseException.MISSING_FIELD, "vCenter " + type + " names no VM");
        }
        String host = name(Json.fieldIgnoreCase(ev, "host"), "host");
        String previousHost = null;
        if (state == LifecycleState.MIGRATED) {
            String dest = name(Json.fieldIgnoreCase(ev, "destHost"), "destHost");
            String source = name(Json.fieldIgnoreCase(ev, "sourceHost"), "sourceHost");
            // VmMigratedEvent's host is the new host; an exporter that adds destHost names it explicitly
            if (dest != null) {
                previousHost = source != null ? source : host;
                host = dest;
            } else {
                previousHost = source;
            }
        }
        String message = Json.text(Json.fieldIgnoreCase(ev, "fullFormattedMessage"), "fullFormattedMessage");
        String detail = type + (message == null ? "" : ": " + message.strip());
        String vcenter = value(Json.text(Json.fieldIgnoreCase(ev, "vcenter"), "vcenter"), "vcenter");
        return ParseOutcome.of(new Parsed(millis, null, vcenter, VmLifecycle.newBuilder()
                .setUuid(uuid).setName(name).setInstanceId(moref).setState(state)
                .setHost(host).setPreviousHost(previousHost)
                .setDetail(RecordText.singleLine(detail, 256)).build()));
    }

    /** An event argument ({"name": …}) or a plain string. */
    private static String name(JsonNode arg, String what) throws ParseException {
        if (arg == null) return null;
        if (arg.isTextual()) return value(arg.textValue(), what);
        if (!arg.isObject()) throw new ParseException(ParseException.MALFORMED, what + " must be an object or a string");
        return value(Json.text(Json.fieldIgnoreCase(arg, "name"), what + ".name"), what + ".name");
    }

    /** "vm-123", or a managed object reference {"type": "VirtualMachine", "value": "vm-123"}. */
    private static String moref(JsonNode ref) throws ParseException {
        if (ref == null) return null;
        if (ref.isObject()) ref = Json.fieldIgnoreCase(ref, "value");
        return value(Json.text(ref, "vm moref"), "vm moref");
    }

    private static String value(String v, String what) throws ParseException {
        return RecordText.name(v, what, 512);
    }
}
