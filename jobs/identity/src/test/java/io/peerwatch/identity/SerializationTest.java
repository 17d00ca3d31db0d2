package io.peerwatch.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.identity.directory.AliasState;
import io.peerwatch.identity.route.IdentityMessage;
import io.peerwatch.identity.route.MessageKind;
import io.peerwatch.identity.testing.Ev;
import io.peerwatch.identity.timeline.AddressState;
import io.peerwatch.identity.timeline.BindingInterval;
import io.peerwatch.identity.vm.VmState;
import io.peerwatch.schema.BindingRef;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Messages and state are Flink POJOs with Avro records inside: no Kryo anywhere. */
class SerializationTest {

    static <T> TypeSerializer<T> serializerWithoutKryo(Class<T> type) {
        TypeInformation<T> info = TypeInformation.of(type);
        assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl cfg = new SerializerConfigImpl();
        cfg.setGenericTypes(false); // any field falling back to Kryo throws here
        return info.createSerializer(cfg);
    }

    @Test
    void messagesAndStateNeedNoGenericSerializer() {
        for (Class<?> c : List.of(IdentityMessage.class, AddressState.class, AliasState.class, VmState.class)) {
            assertThat(serializerWithoutKryo(c)).isNotNull();
        }
    }

    @Test
    void aMessageSurvivesSerialization() throws Exception {
        IdentityMessage m = new IdentityMessage();
        m.key = "default|10.0.0.5";
        m.kind = MessageKind.NIC_UPDATE;
        m.time = 42;
        m.order = "x";
        m.event = Ev.flow(1, 2, "10.0.0.5", "8.8.8.8");
        m.bindings = List.of(BindingRef.newBuilder().setScope("default").setAddress("10.0.0.5").setSource("dnsmasq-dhcp")
                .setValidFrom(1).build());
        TypeSerializer<IdentityMessage> ser = serializerWithoutKryo(IdentityMessage.class);
        DataOutputSerializer out = new DataOutputSerializer(256);
        ser.serialize(m, out);
        IdentityMessage back = ser.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.key).isEqualTo(m.key);
        assertThat(back.kind).isEqualTo(MessageKind.NIC_UPDATE);
        assertThat(back.event).isEqualTo(m.event);
        assertThat(back.bindings).isEqualTo(m.bindings);
        assertThat(back.vm).isNull();

        AddressState s = new AddressState();
        BindingInterval i = new BindingInterval();
        i.holder = "mac:52:54:00:00:00:01";
        s.bindings.add(i);
        s.held.add(m);
        TypeSerializer<AddressState> ss = serializerWithoutKryo(AddressState.class);
        DataOutputSerializer o2 = new DataOutputSerializer(256);
        ss.serialize(s, o2);
        AddressState s2 = ss.deserialize(new DataInputDeserializer(o2.getCopyOfBuffer()));
        assertThat(s2.bindings.get(0).holder).isEqualTo(i.holder);
        assertThat(s2.held.get(0).event).isEqualTo(m.event);
    }
}
