package io.peerwatch.detect.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.detect.pattern.condition.AllOf;
import io.peerwatch.detect.pattern.condition.AnyOf;
import io.peerwatch.detect.pattern.condition.FieldRef;
import io.peerwatch.detect.pattern.condition.NumberCompare;
import io.peerwatch.detect.pattern.condition.Presence;
import io.peerwatch.detect.pattern.condition.SignalCondition;
import io.peerwatch.detect.pattern.condition.SignalPredicate;
import io.peerwatch.detect.pattern.condition.TextMatch;
import io.peerwatch.schema.Signal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    static Signal signal(String kind, long count, long bytesOut, Map<String, String> attrs) {
        return Signal.newBuilder().setVmKey("vm").setTime(1).setKind(kind).setProto("TCP").setCount(count).setBytesOut(bytesOut)
                .setLocalPort(6881).setAttributes(attrs).build();
    }

    @Test
    void numberCompareAppliesEachOperatorToTheField() {
        Signal s = signal("peer-fanout", 5, 0, Map.of());
        FieldRef count = FieldRef.parse("count");
        assertThat(new NumberCompare(count, NumberCompare.Op.GTE, 5).test(s)).isTrue();
        assertThat(new NumberCompare(count, NumberCompare.Op.GT, 5).test(s)).isFalse();
        assertThat(new NumberCompare(count, NumberCompare.Op.LT, 6).test(s)).isTrue();
        assertThat(new NumberCompare(count, NumberCompare.Op.LTE, 4).test(s)).isFalse();
        assertThat(new NumberCompare(count, NumberCompare.Op.EQ, 5).test(s)).isTrue();
        assertThat(new NumberCompare(count, NumberCompare.Op.NE, 5).test(s)).isFalse();
        assertThat(new NumberCompare(FieldRef.parse("localPort"), NumberCompare.Op.EQ, 6881).test(s)).isTrue();
    }

    @Test
    void numericComparisonOfAMissingOrTextAttributeNeverMatches() {
        Signal s = signal("volume-anomaly", 1, 0, Map.of("ratio", "6.5", "shape", "outbound"));
        assertThat(new NumberCompare(FieldRef.parse("attr.ratio"), NumberCompare.Op.GTE, 5).test(s)).isTrue();
        assertThat(new NumberCompare(FieldRef.parse("attr.shape"), NumberCompare.Op.GTE, 0).test(s)).isFalse();
        assertThat(new NumberCompare(FieldRef.parse("attr.absent"), NumberCompare.Op.LT, 100).test(s)).isFalse();
    }

    @Test
    void textMatchHandlesInNotInAndMissingValues() {
        Signal s = signal("tracker-contact", 1, 0, Map.of("evidence", "announce"));
        assertThat(new TextMatch(FieldRef.parse("kind"), Set.of("tracker-contact", "dht-activity"), false).test(s)).isTrue();
        assertThat(new TextMatch(FieldRef.parse("attr.evidence"), Set.of("torrent-site"), false).test(s)).isFalse();
        assertThat(new TextMatch(FieldRef.parse("attr.evidence"), Set.of("torrent-site"), true).test(s)).isTrue();
        assertThat(new TextMatch(FieldRef.parse("attr.missing"), Set.of("x"), false).test(s)).isFalse();
        assertThat(new TextMatch(FieldRef.parse("attr.missing"), Set.of("x"), true).test(s)).isTrue();
        assertThat(new TextMatch(FieldRef.parse("proto"), Set.of("tcp"), false).test(s)).as("proto is compared lower-case").isTrue();
    }

    @Test
    void presenceTestsWhetherAnAttributeIsSet() {
        Signal with = signal("peer-fanout", 5, 0, Map.of("lookalike", "gnutella"));
        Signal without = signal("peer-fanout", 5, 0, Map.of());
        Presence absent = new Presence(FieldRef.parse("attr.lookalike"), false);
        assertThat(absent.test(with)).isFalse();
        assertThat(absent.test(without)).isTrue();
    }

    @Test
    void allOfNeedsEveryPredicateAndAnyOfOne() {
        Signal s = signal("peer-fanout", 7, 0, Map.of());
        SignalPredicate kind = new TextMatch(FieldRef.parse("kind"), Set.of("peer-fanout"), false);
        SignalPredicate many = new NumberCompare(FieldRef.parse("count"), NumberCompare.Op.GTE, 10);
        assertThat(new AllOf(List.of(kind, many)).test(s)).isFalse();
        assertThat(new AnyOf(List.of(kind, many)).test(s)).isTrue();
        assertThat(new AnyOf(List.of(many)).test(s)).isFalse();
    }

    @Test
    void unknownFieldNamesAreRejected() {
        assertThatThrownBy(() -> FieldRef.parse("bytes")).hasMessageContaining("unknown signal field 'bytes'");
    }

    @Test
    void conditionsSurviveJavaSerializationAsCepShipsThem() throws Exception {
        SignalCondition c = new SignalCondition("p/s", new AllOf(List.of(
                new TextMatch(FieldRef.parse("kind"), Set.of("peer-fanout"), false),
                new NumberCompare(FieldRef.parse("count"), NumberCompare.Op.GTE, 5),
                new Presence(FieldRef.parse("attr.lookalike"), false))));
        SignalCondition copy = InstantiationUtil.clone(c);
        assertThat(copy.filter(signal("peer-fanout", 5, 0, Map.of()))).isTrue();
        assertThat(copy.filter(signal("peer-fanout", 4, 0, Map.of()))).isFalse();
        assertThat(copy.filter(signal("peer-fanout", 9, 0, Map.of("lookalike", "gnutella")))).isFalse();
    }
}
