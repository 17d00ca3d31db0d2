package io.peerwatch.identity.route;

import java.util.Locale;

/**
 * Key spaces of the keyed steps. Address timelines are keyed "scope|address"; the VM directory is keyed by an
 * alias of a VM ("mac:52:54:00:..", "name:vm-1", "instance:i-0abc", "uuid:..."); VM state by vmKey
 * (uuid, else instance id, else "name:<name>").
 */
public final class Keys {
    public static final String MAC = "mac:";
    public static final String NAME = "name:";
    public static final String INSTANCE = "instance:";
    public static final String UUID = "uuid:";

    private Keys() {}

    public static String address(String scope, String address) {
        return scope + "|" + address;
    }

    public static String mac(String canonicalMac) { return MAC + canonicalMac; }

    public static String name(String name) { return NAME + name.trim().toLowerCase(Locale.ROOT); }

    public static String instance(String instanceId) { return INSTANCE + instanceId.trim(); }

    public static String uuid(String uuid) { return UUID + uuid.trim().toLowerCase(Locale.ROOT); }

    /** vmKey of an unattributed address side, as documented on VmSide.vmKey. */
    public static String unattributedAddress(String scope, String address) {
        return "addr:" + scope + "/" + address;
    }

    /** vmKey of a process start known only by a hostname that names no VM. */
    public static String unattributedHost(String hostname) {
        return "host:" + hostname.trim().toLowerCase(Locale.ROOT);
    }

    /** vmKey of a VM from its identifiers: uuid, else instance id, else "name:<name>"; null when none. */
    public static String vmKey(String uuid, String instanceId, String name) {
        if (uuid != null && !uuid.isBlank()) return uuid.trim().toLowerCase(Locale.ROOT);
        if (instanceId != null && !instanceId.isBlank()) return instanceId.trim();
        if (name != null && !name.isBlank()) return NAME + name.trim();
        return null;
    }
}
