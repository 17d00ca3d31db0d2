package io.peerwatch.identity;

import io.peerwatch.identity.directory.VmDirectoryFunction;
import io.peerwatch.identity.route.EventRouter;
import io.peerwatch.identity.route.IdentityMessage;
import io.peerwatch.identity.timeline.AddressTimelineFunction;
import io.peerwatch.identity.vm.VmStateFunction;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.VmIdentity;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * As-of attribution: every flow and application event goes to the VM that held its address at the event's
 * time. Three keyed steps, each processing in event-time order:
 * <pre>
 *   events -> route -> [address timeline: scope|address] -> [VM directory: mac/name/instance] -> [VM state: vmKey]
 *                \---- definitions, lifecycle-by-name, cloud flows ---^            \--- definitions, lifecycle --^
 * </pre>
 * Identity bodies (AddressBinding, VmDefinition, VmLifecycle) are consumed. See jobs/identity/README.md.
 */
public final class AttributionPipeline {
    public static final String UID_ROUTE = "identity-route";
    public static final String UID_ADDRESS = "identity-address-timeline";
    public static final String UID_DIRECTORY = "identity-vm-directory";
    public static final String UID_VM = "identity-vm-state";

    private AttributionPipeline() {}

    public static AttributionOutputs build(DataStream<NormalizedEvent> events, IdentityConfig cfg) {
        TypeInformation<IdentityMessage> msgType = TypeInformation.of(IdentityMessage.class);
        TypeInformation<AttributedEvent> attributedType = TypeInformation.of(AttributedEvent.class);
        KeySelector<IdentityMessage, String> byKey = new MessageKey();

        SingleOutputStreamOperator<IdentityMessage> routed = events
                .process(new EventRouter(cfg), msgType)
                .uid(UID_ROUTE).name("identity: route events");

        SingleOutputStreamOperator<IdentityMessage> byAddress = routed
                .keyBy(byKey)
                .process(new AddressTimelineFunction(cfg), msgType)
                .uid(UID_ADDRESS).name("identity: address timelines (scope, address)");

        SingleOutputStreamOperator<IdentityMessage> byAlias = byAddress
                .union(routed.getSideOutput(EventRouter.TO_DIRECTORY))
                .keyBy(byKey)
                .process(new VmDirectoryFunction(cfg), msgType)
                .uid(UID_DIRECTORY).name("identity: VM directory (MAC, name, instance)");

        SingleOutputStreamOperator<AttributedEvent> byVm = byAlias
                .union(routed.getSideOutput(EventRouter.TO_VM))
                .keyBy(byKey)
                .process(new VmStateFunction(cfg), attributedType)
                .uid(UID_VM).name("identity: VM state (host, identity)");

        DataStream<AttributedEvent> attributed = byVm
                .union(byAddress.getSideOutput(AddressTimelineFunction.UNATTRIBUTED),
                        byAlias.getSideOutput(VmDirectoryFunction.UNATTRIBUTED));
        DataStream<VmIdentity> identities = byVm.getSideOutput(VmStateFunction.IDENTITIES);
        return new AttributionOutputs(attributed, identities);
    }

    /** Routing key of internal messages (a named class: stable and serializable). */
    static final class MessageKey implements KeySelector<IdentityMessage, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(IdentityMessage m) {
            return m.key;
        }
    }
}
