package io.peerwatch.identity;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of the attribution pipeline: how long to wait for identity facts, how long to remember ended
 * bindings, and how network scopes are resolved. Immutable; change it with the {@code with...} methods.
 * See jobs/identity/README.md ("Network scopes", "Holding and retention").
 */
public final class IdentityConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** AWS VPC ids are unique in the world: kept as their own scope even when unmapped. */
    public static final String DEFAULT_GLOBAL_SCOPE_PATTERN = "vpc-[0-9a-fA-F]+";

    private final Duration holdFor;
    private final Duration definitionWait;
    private final Duration bindingRetention;
    private final Duration defaultLease;
    private final Duration vmRetention;
    private final String defaultScope;
    private final Map<String, String> scopes;
    private final boolean separateUnmappedScopes;
    private final String globalScopePattern;
    private final boolean lookupPublicAddresses;

    private IdentityConfig(Duration holdFor, Duration definitionWait, Duration bindingRetention, Duration defaultLease,
            Duration vmRetention, String defaultScope, Map<String, String> scopes, boolean separateUnmappedScopes,
            String globalScopePattern, boolean lookupPublicAddresses) {
        this.holdFor = requireNonNegative(holdFor, "holdFor");
        this.definitionWait = requireNonNegative(definitionWait, "definitionWait");
        this.bindingRetention = requireNonNegative(bindingRetention, "bindingRetention");
        this.defaultLease = requirePositive(defaultLease, "defaultLease");
        this.vmRetention = requirePositive(vmRetention, "vmRetention");
        if (defaultScope == null || defaultScope.isBlank()) throw new IllegalArgumentException("defaultScope must not be blank");
        this.defaultScope = defaultScope;
        this.scopes = Map.copyOf(scopes);
        this.separateUnmappedScopes = separateUnmappedScopes;
        this.globalScopePattern = globalScopePattern;
        this.lookupPublicAddresses = lookupPublicAddresses;
    }

    /**
     * Defaults for one site with one flat network: hold 10 min, wait 10 min for VM definitions, keep ended
     * bindings 6 h, assume 24 h leases when the log does not say, forget VMs idle (and not redefined) for 30 days.
     */
    public static IdentityConfig defaults() {
        return new IdentityConfig(Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofHours(6),
                Duration.ofHours(24), Duration.ofDays(30), "default", Map.of(), false, DEFAULT_GLOBAL_SCOPE_PATTERN, true);
    }

    /** How long (event time) an event whose address has no covering binding waits for one. */
    public Duration holdFor() { return holdFor; }

    /** How long (event time) an event resolved to a MAC waits for the VM definition that names it. */
    public Duration definitionWait() { return definitionWait; }

    /** How long (event time) an ended binding is kept for late or long-running flows that started in it. */
    public Duration bindingRetention() { return bindingRetention; }

    /** Lease length assumed when a bind/renew does not say (dnsmasq DHCPACK lines do not). */
    public Duration defaultLease() { return defaultLease; }

    /** How long (event time) per-MAC and per-VM identity state is kept after the last activity. */
    public Duration vmRetention() { return vmRetention; }

    /** Scope of events whose network is unknown or unmapped. */
    public String defaultScope() { return defaultScope; }

    /** Scope map: keys "sensor/network", "network" or "sensor" (tried in that order), values scope names. */
    public Map<String, String> scopes() { return scopes; }

    /** When true, an unmapped network named by an event is its own scope; when false it folds into the default. */
    public boolean separateUnmappedScopes() { return separateUnmappedScopes; }

    /** Regex of network names that are unique in the world (kept as their own scope even when unmapped). */
    public String globalScopePattern() { return globalScopePattern; }

    /** When false, public addresses are never looked up (they are taken as remote peers without a binding check). */
    public boolean lookupPublicAddresses() { return lookupPublicAddresses; }

    public IdentityConfig withHoldFor(Duration d) {
        return new IdentityConfig(d, definitionWait, bindingRetention, defaultLease, vmRetention, defaultScope, scopes,
                separateUnmappedScopes, globalScopePattern, lookupPublicAddresses);
    }

    public IdentityConfig withDefinitionWait(Duration d) {
        return new IdentityConfig(holdFor, d, bindingRetention, defaultLease, vmRetention, defaultScope, scopes,
                separateUnmappedScopes, globalScopePattern, lookupPublicAddresses);
    }

    public IdentityConfig withBindingRetention(Duration d) {
        return new IdentityConfig(holdFor, definitionWait, d, defaultLease, vmRetention, defaultScope, scopes,
                separateUnmappedScopes, globalScopePattern, lookupPublicAddresses);
    }

    public IdentityConfig withDefaultLease(Duration d) {
        return new IdentityConfig(holdFor, definitionWait, bindingRetention, d, vmRetention, defaultScope, scopes,
                separateUnmappedScopes, globalScopePattern, lookupPublicAddresses);
    }

    public IdentityConfig withVmRetention(Duration d) {
        return new IdentityConfig(holdFor, definitionWait, bindingRetention, defaultLease, d, defaultScope, scopes,
                separateUnmappedScopes, globalScopePattern, lookupPublicAddresses);
    }

    public IdentityConfig withDefaultScope(String scope) {
        return new IdentityConfig(holdFor, definitionWait, bindingRetention, defaultLease, vmRetention, scope, scopes,
                separateUnmappedScopes, globalScopePattern, lookupPublicAddresses);
    }

    /** Adds one scope mapping; {@code selector} is "sensor/network", "network" or "sensor". */
    public IdentityConfig withScope(String selector, String scope) {
        Map<String, String> m = new LinkedHashMap<>(scopes);
        m.put(Objects.requireNonNull(selector, "selector"), Objects.requireNonNull(scope, "scope"));
        return new IdentityConfig(holdFor, definitionWait, bindingRetention, defaultLease, vmRetention, defaultScope, m,
                separateUnmappedScopes, globalScopePattern, lookupPublicAddresses);
    }

    public IdentityConfig withSeparateUnmappedScopes(boolean separate) {
        return new IdentityConfig(holdFor, definitionWait, bindingRetention, defaultLease, vmRetention, defaultScope, scopes,
                separate, globalScopePattern, lookupPublicAddresses);
    }

    public IdentityConfig withGlobalScopePattern(String regex) {
        return new IdentityConfig(holdFor, definitionWait, bindingRetention, defaultLease, vmRetention, defaultScope, scopes,
                separateUnmappedScopes, regex, lookupPublicAddresses);
    }

    public IdentityConfig withLookupPublicAddresses(boolean lookup) {
        return new IdentityConfig(holdFor, definitionWait, bindingRetention, defaultLease, vmRetention, defaultScope, scopes,
                separateUnmappedScopes, globalScopePattern, lookup);
    }

    /**
     * Parses "key=value" settings as given on a command line or in a properties file: hold-for, definition-wait,
     * binding-retention, default-lease, vm-retention (durations like 10m, 6h, 7d, 90s, 500ms), default-scope,
     * separate-unmapped-scopes, global-scope-pattern, lookup-public-addresses, and scope.SELECTOR=SCOPE.
     *
     * @throws IllegalArgumentException naming the bad key or value
     */
    public IdentityConfig with(Map<String, String> settings) {
        IdentityConfig c = this;
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String k = e.getKey().trim(), v = e.getValue().trim();
            switch (k) {
                case "hold-for" -> c = c.withHoldFor(parseDuration(k, v));
                case "definition-wait" -> c = c.withDefinitionWait(parseDuration(k, v));
                case "binding-retention" -> c = c.withBindingRetention(parseDuration(k, v));
                case "default-lease" -> c = c.withDefaultLease(parseDuration(k, v));
                case "vm-retention" -> c = c.withVmRetention(parseDuration(k, v));
                case "default-scope" -> c = c.withDefaultScope(v);
                case "separate-unmapped-scopes" -> c = c.withSeparateUnmappedScopes(parseBoolean(k, v));
                case "global-scope-pattern" -> c = c.withGlobalScopePattern(v);
                case "lookup-public-addresses" -> c = c.withLookupPublicAddresses(parseBoolean(k, v));
                default -> {
                    if (k.startsWith("scope.") && k.length() > "scope.".length() && !v.isEmpty()) {
                        c = c.withScope(k.substring("scope.".length()), v);
                    } else {
                        throw new IllegalArgumentException("unknown identity setting '" + k + "'");
                    }
                }
            }
        }
        return c;
    }

    static Duration parseDuration(String key, String v) {
        try {
            String s = v.toLowerCase(java.util.Locale.ROOT);
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            char unit = s.charAt(s.length() - 1);
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("unit");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("identity setting '" + key + "': '" + v
                    + "' is not a duration (e.g. 500ms, 90s, 10m, 6h, 7d)", e);
        }
    }

    private static boolean parseBoolean(String key, String v) {
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException("identity setting '" + key + "': '" + v + "' is not true or false");
    }

    private static Duration requireNonNegative(Duration d, String name) {
        if (d == null || d.isNegative()) throw new IllegalArgumentException(name + " must be >= 0");
        return d;
    }

    private static Duration requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be > 0");
        return d;
    }

    @Override
    public String toString() {
        return "IdentityConfig{holdFor=" + holdFor + ", definitionWait=" + definitionWait + ", bindingRetention="
                + bindingRetention + ", defaultLease=" + defaultLease + ", vmRetention=" + vmRetention
                + ", defaultScope=" + defaultScope + ", scopes=" + scopes + ", separateUnmappedScopes="
                + separateUnmappedScopes + ", globalScopePattern=" + globalScopePattern + ", lookupPublicAddresses="
                + lookupPublicAddresses + "}";
    }
}
