package io.peerwatch.identity.route;

import io.peerwatch.identity.IdentityConfig;
import java.io.Serializable;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns what an event says about its network (a bridge such as virbr0, a libvirt network, a VPC id) and which
 * sensor wrote it into the scope that keys address timelines. Rule, first match wins:
 * <ol>
 *   <li>the configured map, keys tried as "sensor/network", "network", "sensor";</li>
 *   <li>a network that matches the global pattern (VPC ids) is its own scope;</li>
 *   <li>with separateUnmappedScopes, any other named network is its own scope;</li>
 *   <li>otherwise the default scope.</li>
 * </ol>
 * Bridge names are host-local labels (every KVM host has a virbr0), so by default they do not split scopes:
 * a site with one flat network needs no configuration, a site with several maps its sensors and bridges.
 */
public final class ScopeResolver implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> scopes;
    private final String defaultScope;
    private final boolean separateUnmapped;
    private final Pattern global;

    public ScopeResolver(IdentityConfig cfg) {
        this.scopes = cfg.scopes();
        this.defaultScope = cfg.defaultScope();
        this.separateUnmapped = cfg.separateUnmappedScopes();
        this.global = cfg.globalScopePattern() == null || cfg.globalScopePattern().isEmpty()
                ? null : Pattern.compile(cfg.globalScopePattern());
    }

    public String resolve(String network, String sensor) {
        String net = blankToNull(network), sen = blankToNull(sensor);
        if (!scopes.isEmpty()) {
            if (net != null && sen != null) {
                String s = scopes.get(sen + "/" + net);
                if (s != null) return s;
            }
            if (net != null) {
                String s = scopes.get(net);
                if (s != null) return s;
            }
            if (sen != null) {
                String s = scopes.get(sen);
                if (s != null) return s;
            }
        }
        if (net != null && global != null && global.matcher(net).matches()) return net;
        if (net != null && separateUnmapped) return net;
        return defaultScope;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
