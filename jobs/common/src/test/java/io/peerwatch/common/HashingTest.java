package io.peerwatch.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.schema.SourceRef;
import org.junit.jupiter.api.Test;

class HashingTest {
    @Test
    void sha256MatchesTheKnownVectorForAbc() {
        assertThat(Hashing.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void partsAreSeparatedSoShiftingCharactersChangesTheHash() {
        assertThat(Hashing.sha256HexOf("a", "bc")).isNotEqualTo(Hashing.sha256HexOf("ab", "c"));
    }

    @Test
    void eventIdsAreStableForTheSameCoordinatesAndDifferOtherwise() {
        SourceRef a = new SourceRef("kafka", "raw", 0, 42L, -1L);
        SourceRef b = new SourceRef("kafka", "raw", 0, 43L, -1L);
        assertThat(Hashing.eventId(a, "h", 0)).isEqualTo(Hashing.eventId(a, "h", 0))
                .isNotEqualTo(Hashing.eventId(b, "h", 0)).isNotEqualTo(Hashing.eventId(a, "h", 1));
    }

    @Test
    void topicNamesDeriveFromThePrefixAndRejectUnknownFormats() {
        Topics t = new Topics("site1");
        assertThat(t.raw("zeek-conn")).isEqualTo("site1.raw.zeek-conn");
        assertThat(t.incidentsOcsf()).isEqualTo("site1.incidents.ocsf");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.raw("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
