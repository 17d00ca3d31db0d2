package io.peerwatch.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityConfigTest {

    @Test
    void settingsFromACommandLineAreParsed() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hold-for", "90s");
        m.put("definition-wait", "2h");
        m.put("binding-retention", "500ms");
        m.put("default-lease", "1h");
        m.put("vm-retention", "7d");
        m.put("default-scope", "site-a");
        m.put("separate-unmapped-scopes", "true");
        m.put("lookup-public-addresses", "false");
        m.put("scope.kvm-host-01/virbr0", "host01-nat");
        IdentityConfig c = IdentityConfig.defaults().with(m);
        assertThat(c.holdFor()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.definitionWait()).isEqualTo(Duration.ofHours(2));
        assertThat(c.bindingRetention()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.defaultLease()).isEqualTo(Duration.ofHours(1));
        assertThat(c.vmRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.defaultScope()).isEqualTo("site-a");
        assertThat(c.separateUnmappedScopes()).isTrue();
        assertThat(c.lookupPublicAddresses()).isFalse();
        assertThat(c.scopes()).containsEntry("kvm-host-01/virbr0", "host01-nat");
    }

    @Test
    void badSettingsNameTheKey() {
        assertThatThrownBy(() -> IdentityConfig.defaults().with(Map.of("hold-for", "ten minutes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hold-for");
        assertThatThrownBy(() -> IdentityConfig.defaults().with(Map.of("holdfor", "10m")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holdfor");
        assertThatThrownBy(() -> IdentityConfig.defaults().withDefaultLease(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdentityConfig.defaults().with(Map.of("separate-unmapped-scopes", "yes")))
                .hasMessageContaining("separate-unmapped-scopes");
    }
}
