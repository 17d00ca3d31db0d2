package io.peerwatch.identity.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.identity.IdentityConfig;
import org.junit.jupiter.api.Test;

class ScopeResolverTest {

    @Test
    void oneFlatSiteNeedsNoConfiguration() {
        ScopeResolver r = new ScopeResolver(IdentityConfig.defaults());
        assertThat(r.resolve("virbr0", "kvm-host-01")).as("bridge names are host-local").isEqualTo("default");
        assertThat(r.resolve(null, "zeek-1")).isEqualTo("default");
        assertThat(r.resolve(null, null)).isEqualTo("default");
        assertThat(r.resolve("vpc-0a1b2c3d4e5f60718", null)).as("VPC ids are unique").isEqualTo("vpc-0a1b2c3d4e5f60718");
    }

    @Test
    void mappingsTrySensorAndNetworkThenNetworkThenSensor() {
        ScopeResolver r = new ScopeResolver(IdentityConfig.defaults()
                .withScope("kvm-host-01/virbr0", "host01-nat").withScope("ovs-tenant-a", "tenant-a")
                .withScope("zeek-host01", "host01-nat"));
        assertThat(r.resolve("virbr0", "kvm-host-01")).isEqualTo("host01-nat");
        assertThat(r.resolve("virbr0", "kvm-host-02")).isEqualTo("default");
        assertThat(r.resolve("ovs-tenant-a", "kvm-host-02")).isEqualTo("tenant-a");
        assertThat(r.resolve(null, "zeek-host01")).isEqualTo("host01-nat");
    }

    @Test
    void unmappedNetworksAreTheirOwnScopeWhenAsked() {
        ScopeResolver r = new ScopeResolver(IdentityConfig.defaults().withSeparateUnmappedScopes(true));
        assertThat(r.resolve("net-a", null)).isEqualTo("net-a");
        assertThat(r.resolve(" ", "s")).isEqualTo("default");
    }
}
