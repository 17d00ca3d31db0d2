package io.peerwatch.identity.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void ipv6SpellingsMeetOnOneCanonicalForm() {
        assertThat(Addresses.canonical("FE80:0:0:0:0:0:0:1")).isEqualTo("fe80::1");
        assertThat(Addresses.canonical("fe80::1%virbr0")).isEqualTo("fe80::1");
        assertThat(Addresses.canonical("[2001:DB8::0:1]")).isEqualTo("2001:db8::1");
        assertThat(Addresses.canonical("2001:db8:0:0:1:0:0:1")).as("first longest zero run").isEqualTo("2001:db8::1:0:0:1");
        assertThat(Addresses.canonical("2001:db8:0:1:1:1:1:1")).as("a single zero group stays").isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Addresses.canonical("::")).isEqualTo("::");
        assertThat(Addresses.canonical("::ffff:192.168.1.3")).as("IPv4-mapped is IPv4").isEqualTo("192.168.1.3");
    }

    @Test
    void ipv4IsValidatedWithoutNameLookups() {
        assertThat(Addresses.canonical(" 10.0.0.5 ")).isEqualTo("10.0.0.5");
        assertThat(Addresses.canonical("256.1.1.1")).isNull();
        assertThat(Addresses.canonical("10.0.0")).isNull();
        assertThat(Addresses.canonical("example.org")).isNull();
        assertThat(Addresses.canonical("localhost")).isNull();
        assertThat(Addresses.canonical("")).isNull();
        assertThat(Addresses.canonical(null)).isNull();
        assertThat(Addresses.canonical("1".repeat(100))).isNull();
    }

    @Test
    void addressesAreClassedAsPrivatePublicOrNeverAVm() {
        for (String p : new String[] {"10.1.2.3", "172.16.238.1", "172.31.0.1", "192.168.122.10", "100.64.0.1",
                "127.0.0.1", "169.254.1.1", "fd00::10", "fe80::1", "::1"}) {
            assertThat(Addresses.kind(p)).as(p).isEqualTo(Addresses.Kind.PRIVATE);
        }
        for (String p : new String[] {"8.8.8.8", "172.32.0.1", "93.184.216.34", "2001:4860:4860::8888"}) {
            assertThat(Addresses.kind(p)).as(p).isEqualTo(Addresses.Kind.PUBLIC);
        }
        for (String p : new String[] {"239.192.152.143", "224.0.0.251", "255.255.255.255", "0.0.0.0", "ff02::1", "::", "nonsense"}) {
            assertThat(Addresses.kind(p)).as(p).isEqualTo(Addresses.Kind.NON_UNICAST);
        }
    }
}
