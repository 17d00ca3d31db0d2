package io.peerwatch.bench.identity;

import io.peerwatch.common.Hashing;
import io.peerwatch.identity.AttributionOutputs;
import io.peerwatch.identity.AttributionPipeline;
import io.peerwatch.identity.IdentityConfig;
import io.peerwatch.identity.directory.AliasState;
import io.peerwatch.identity.directory.DefinitionEntry;
import io.peerwatch.identity.route.IdentityMessage;
import io.peerwatch.identity.timeline.AddressState;
import io.peerwatch.identity.timeline.AddressTimeline;
import io.peerwatch.schema.AddressBinding;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.BindingAction;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.Nic;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.SourceRef;
import io.peerwatch.schema.VmDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Scale of as-of attribution with many VMs (default 100k), two measurements:
 * <ol>
 *   <li>the address-timeline rules over every VM's bind, renewal and release, and the state they leave,
 *       serialized with the same Flink serializer the keyed state uses (bytes per binding);</li>
 *   <li>the whole pipeline on a local MiniCluster: each VM's definition, bind and one flow, in event-time
 *       order with watermarks as in a live stream (events per second, end to end).</li>
 * </ol>
 * Run: {@code java -cp <bench classpath> io.peerwatch.bench.identity.IdentityScaleBench [--vms N] [--parallelism P] [--warmup N]}
 * (see README.md next to this file).
 */
public final class IdentityScaleBench {
    private static final long T0 = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private IdentityScaleBench() {}

    /** CPU time of the whole process: on a shared machine, wall time says more about the neighbours. */
    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }

    public static void main(String[] args) throws Exception {
        int vms = 100_000, parallelism = 2, warmup = 20_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--vms" -> vms = Integer.parseInt(args[++i]);
                case "--parallelism" -> parallelism = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--vms N, --parallelism P, --warmup N)");
            }
        }
        System.out.printf(Locale.ROOT, "identity scale bench: %,d VMs, parallelism %d%n", vms, parallelism);
        if (warmup > 0) { // compile the hot paths first: the JIT otherwise takes a large share of a short run
            System.out.printf(Locale.ROOT, "warm-up with %,d VMs:%n", warmup);
            timelineRules(warmup);
            pipeline(warmup, parallelism);
            System.out.println("measured:");
        }
        timelineRules(vms);
        pipeline(vms, parallelism);
    }

    // ---- 1: the timeline rules and the state they keep

    static void timelineRules(int vms) throws Exception {
        IdentityConfig cfg = IdentityConfig.defaults();
        AddressTimeline rules = new AddressTimeline(cfg.holdFor().toMillis(), cfg.defaultLease().toMillis(),
                cfg.bindingRetention().toMillis());
        List<NormalizedEvent> binds = new ArrayList<>(vms);
        for (int v = 0; v < vms; v++) binds.add(binding(BindingAction.BIND, T0 + v, ip(v), mac(v)));
        AddressState[] states = new AddressState[vms];
        long t0 = System.nanoTime(), cpu0 = THREADS.getCurrentThreadCpuTime();
        for (int round = 0; round < 3; round++) { // bind, renew, renew: renewals are the common case
            for (int v = 0; v < vms; v++) {
                if (states[v] == null) {
                    states[v] = new AddressState();
                    states[v].scope = "default";
                    states[v].address = ip(v);
                }
                rules.apply(states[v], fact(binds.get(v), T0 + round * 1_800_000L + v, mac(v)));
                rules.resolve(states[v], T0 + round * 1_800_000L + v, T0 + round * 1_800_000L + v);
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9, cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "timeline rules: %,d binding facts + lookups in %.2f s wall, %.2f s CPU"
                + " = %,.0f facts per CPU-second (one thread)%n", 3L * vms, secs, cpu, 3L * vms / cpu);

        TypeSerializer<AddressState> ser = serializer(AddressState.class);
        long open = serializedBytes(ser, states);
        for (int v = 0; v < vms; v++) {
            rules.apply(states[v], fact(binding(BindingAction.RELEASE, T0 + 7_200_000L, ip(v), mac(v)), T0 + 7_200_000L, mac(v)));
        }
        long ended = serializedBytes(ser, states);
        System.out.printf(Locale.ROOT, "address-timeline state: %.0f bytes per open binding, %.0f per ended binding"
                + " (kept %s after it ended), %.1f MB for %,d VMs%n", (double) open / vms, (double) ended / vms,
                cfg.bindingRetention(), open / 1e6, vms);

        TypeSerializer<AliasState> aliasSer = serializer(AliasState.class);
        long aliasBytes = 0;
        DataOutputSerializer out = new DataOutputSerializer(1024);
        for (int v = 0; v < Math.min(vms, 10_000); v++) {
            AliasState a = new AliasState();
            NormalizedEvent def = definition(T0 - 1, v);
            a.definitions.add(new DefinitionEntry(T0 - 1, def.getEventId(), uuid(v), (VmDefinition) def.getBody()));
            a.openBindings.add(states[v].latest().toRef("default", ip(v)));
            out.clear();
            aliasSer.serialize(a, out);
            aliasBytes += out.length();
        }
        System.out.printf(Locale.ROOT, "vm-directory state: %.0f bytes per NIC (definition + open binding)%n",
                (double) aliasBytes / Math.min(vms, 10_000));
    }

    private static IdentityMessage fact(NormalizedEvent e, long t, String mac) {
        AddressBinding b = (AddressBinding) e.getBody();
        IdentityMessage m = new IdentityMessage();
        m.event = e;
        m.time = t;
        m.action = b.getAction();
        m.holder = "mac:" + mac;
        m.address = b.getAddress();
        m.leaseMillis = 3_600_000L;
        m.hostnameHint = b.getHostname();
        return m;
    }

    private static <T> TypeSerializer<T> serializer(Class<T> type) {
        SerializerConfigImpl cfg = new SerializerConfigImpl();
        cfg.setGenericTypes(false);
        return TypeInformation.of(type).createSerializer(cfg);
    }

    private static <T> long serializedBytes(TypeSerializer<T> ser, T[] values) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        long total = 0;
        for (T v : values) {
            out.clear();
            ser.serialize(v, out);
            total += out.length();
        }
        return total;
    }

    // ---- 2: the whole pipeline

    static void pipeline(int vms, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false));
        // events are generated inside the job (in event-time order: definitions, binds, flows), not shipped in it
        DataStream<NormalizedEvent> in = env.fromSequence(0, 3L * vms - 1).setParallelism(1)
                .map(new EventOf(vms)).returns(TypeInformation.of(NormalizedEvent.class)).setParallelism(1)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<NormalizedEvent>forBoundedOutOfOrderness(Duration.ofSeconds(1))
                        .withTimestampAssigner((e, ts) -> e.getEventTime())).setParallelism(1);
        AttributionOutputs outs = AttributionPipeline.build(in, IdentityConfig.defaults());
        outs.attributed().map(new CountNamed()).sinkTo(new DiscardingSink<>());
        outs.identities().sinkTo(new DiscardingSink<>());
        long t0 = System.nanoTime(), cpu0 = processCpuNanos();
        JobExecutionResult result = env.execute("identity scale bench");
        double secs = (System.nanoTime() - t0) / 1e9, cpu = (processCpuNanos() - cpu0) / 1e9;
        Long sides = result.getAccumulatorResult(CountNamed.SIDES);
        Long named = result.getAccumulatorResult(CountNamed.NAMED);
        System.out.printf(Locale.ROOT, "pipeline (MiniCluster, parallelism %d): %,d events (%,d definitions, %,d binds,"
                + " %,d flows) in %.1f s wall = %,.0f events/s end to end incl. job start; process CPU %.1f s ="
                + " %,.0f events per CPU-second; %,d sides out, %,d attributed to a named VM%n",
                parallelism, 3L * vms, vms, vms, vms, secs, 3L * vms / secs, cpu, 3L * vms / cpu, sides, named);
        if (named == null || named != vms) throw new IllegalStateException("expected every flow attributed, got " + named);
    }

    /** Event i of the bench stream: definitions first, then binds, then one flow per VM. */
    static final class EventOf implements MapFunction<Long, NormalizedEvent> {
        private static final long serialVersionUID = 1L;
        private final int vms;

        EventOf(int vms) {
            this.vms = vms;
        }

        @Override
        public NormalizedEvent map(Long i) {
            int v = (int) (i % vms);
            return switch ((int) (i / vms)) {
                case 0 -> definition(T0 - 60_000, v);
                case 1 -> binding(BindingAction.BIND, T0 + v, ip(v), mac(v));
                default -> flow(T0 + 600_000 + v, ip(v));
            };
        }
    }

    /** Counts sides and sides attributed to a named VM (Flink accumulators, read after the job). */
    static final class CountNamed extends RichMapFunction<AttributedEvent, AttributedEvent> {
        private static final long serialVersionUID = 1L;
        static final String SIDES = "sides", NAMED = "named";
        private transient LongCounter sides, named;

        @Override
        public void open(OpenContext ctx) {
            sides = getRuntimeContext().getLongCounter(SIDES);
            named = getRuntimeContext().getLongCounter(NAMED);
        }

        @Override
        public AttributedEvent map(AttributedEvent a) {
            sides.add(1);
            if (a.getSide().getAttributed() && a.getSide().getVm() != null && a.getSide().getVm().getName() != null) {
                named.add(1);
            }
            return a;
        }
    }

    // ---- events

    static String ip(int v) {
        int n = v + 1;
        return "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
    }

    static String mac(int v) {
        return String.format(Locale.ROOT, "52:54:00:%02x:%02x:%02x", (v >> 16) & 255, (v >> 8) & 255, v & 255);
    }

    static String uuid(int v) {
        return String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", v);
    }

    private static NormalizedEvent envelope(String format, long time, long line, Object body) {
        SourceRef src = new SourceRef("file", "bench-" + format, -1, -1L, line);
        String raw = Hashing.sha256Hex(format + line);
        return NormalizedEvent.newBuilder().setEventId(Hashing.eventId(src, raw, 0)).setFormat(format).setSource(src)
                .setRawSha256(raw).setEventTime(time).setBody(body).build();
    }

    static NormalizedEvent binding(BindingAction action, long t, String ip, String mac) {
        AddressBinding b = AddressBinding.newBuilder().setAction(action).setAddress(ip).setMac(mac)
                .setHostname("vm-" + ip).setInterfaceName("virbr0").build();
        return envelope("dnsmasq-dhcp", t, t * 4 + action.ordinal(), b);
    }

    static NormalizedEvent definition(long t, int v) {
        VmDefinition d = VmDefinition.newBuilder().setUuid(uuid(v)).setName("vm-" + v).setPlatform("libvirt")
                .setNics(List.of(Nic.newBuilder().setMac(mac(v)).setNetwork("default").build())).build();
        return envelope("libvirt-domxml", t, v, d);
    }

    static NormalizedEvent flow(long t, String ip) {
        NetworkFlow f = NetworkFlow.newBuilder().setProto("tcp").setSrcIp(ip).setSrcPort(40000).setDstIp("198.51.100.7")
                .setDstPort(443).setStartTime(t - 1000).setEndTime(t).setSrcBytes(1000).setDstBytes(20000).build();
        return envelope("zeek-conn", t, t, f);
    }
}
