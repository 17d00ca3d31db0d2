package io.peerwatch.bench.detect;

import io.peerwatch.common.Hashing;
import io.peerwatch.detect.DetectConfig;
import io.peerwatch.detect.DetectPipeline;
import io.peerwatch.detect.signal.PeerContact;
import io.peerwatch.schema.AttributedEvent;
import io.peerwatch.schema.Direction;
import io.peerwatch.schema.DnsQuery;
import io.peerwatch.schema.NetworkFlow;
import io.peerwatch.schema.NormalizedEvent;
import io.peerwatch.schema.Signal;
import io.peerwatch.schema.SourceRef;
import io.peerwatch.schema.VmRef;
import io.peerwatch.schema.VmSide;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Throughput of the detect stage alone (signals + volume baselines + every CEP pattern) over generated attributed
 * events of many VMs (default 10k): mostly benign traffic (web on 443, DNS, service calls), a few BitTorrent
 * swarms and a look-alike server per hundred VMs. Runs {@link DetectPipeline} on a local MiniCluster with
 * live-style watermarks, once per parallelism given, and prints events/s, events per CPU-second of the process,
 * the signals and detections, and the serialized size of one tracked peer contact.
 * Run: {@code java -cp <bench classpath> io.peerwatch.bench.detect.DetectBench [--vms N] [--events N] [--parallelism P,...]}
 */
public final class DetectBench {
    private static final long T0 = Instant.parse("2026-11-09T00:00:00Z").toEpochMilli();

    private DetectBench() {}

    public static void main(String[] args) throws Exception {
        int vms = 10_000;
        int events = 1_000_000;
        List<Integer> parallelisms = new ArrayList<>(List.of(1, 2));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--vms" -> vms = Integer.parseInt(args[++i]);
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--parallelism" -> {
                    parallelisms.clear();
                    for (String p : args[++i].split(",")) parallelisms.add(Integer.parseInt(p.strip()));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--vms N, --events N, --parallelism P[,P...])");
            }
        }
        System.out.printf(Locale.ROOT, "detect bench: %,d VMs, %,d attributed events%n", vms, events);
        System.out.printf(Locale.ROOT, "peer contact state: %d bytes per tracked peer (serialized POJO)%n",
                peerContactBytes(new Generator(vms).map(0L)));
        for (int p : parallelisms) run(vms, events, p);
    }

    static void run(int vms, long events, int parallelism) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        // generated inside the source (not shipped in the job graph); each split's events rise in time
        DataStream<AttributedEvent> in = env.fromSource(new DataGeneratorSource<>(new Generator(vms), events,
                        new AvroTypeInfo<>(AttributedEvent.class)),
                WatermarkStrategy.<AttributedEvent>forBoundedOutOfOrderness(java.time.Duration.ofSeconds(5))
                        .withTimestampAssigner((e, ts) -> e.getEvent().getEventTime()), "generated attributed events");
        DetectConfig cfg = DetectConfig.defaults();
        DataStream<Signal> signals = DetectPipeline.signals(in, cfg);
        signals.map(new Count<>("signals")).sinkTo(new DiscardingSink<>());
        DetectPipeline.detections(signals, cfg).map(new Count<>("detections")).sinkTo(new DiscardingSink<>());
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        OperatorCpu detectCpu = new OperatorCpu("detect:");
        detectCpu.start();
        JobExecutionResult r;
        try {
            r = env.execute("detect-bench-p" + parallelism);
        } finally {
            detectCpu.finish();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        long sig = r.getAccumulatorResult("signals");
        long det = r.getAccumulatorResult("detections");
        System.out.printf(Locale.ROOT, "parallelism %d: %,d events in %.1f s = %,.0f events/s wall; %,.0f events per CPU-second"
                + " (process, includes generating the events); %,d signals, %,d detections%n", parallelism, events, secs,
                events / secs, cpu > 0 ? events / cpu : Double.NaN, sig, det);
        System.out.printf(Locale.ROOT, "  detect operators alone (signals, volume, CEP; task threads named 'detect:'): %.1f CPU-s"
                + " = %,.0f events per CPU-second of detect%n", detectCpu.seconds(), events / detectCpu.seconds());
    }

    /**
     * CPU time of the task threads whose name contains a marker, sampled while the job runs (a finished thread's
     * time is no longer readable, so the last sample counts; the error is at most one sampling period).
     */
    static final class OperatorCpu extends Thread {
        private final String marker;
        private final java.util.Map<Long, Long> cpuByThread = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile boolean running = true;

        OperatorCpu(String marker) {
            super("operator-cpu-sampler");
            this.marker = marker;
            setDaemon(true);
        }

        @Override
        public void run() {
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            while (running) {
                for (var info : mx.dumpAllThreads(false, false)) {
                    if (info != null && info.getThreadName().contains(marker)) {
                        long c = mx.getThreadCpuTime(info.getThreadId());
                        if (c > 0) cpuByThread.merge(info.getThreadId(), c, Math::max);
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void finish() throws InterruptedException {
            running = false;
            join(2000);
        }

        double seconds() {
            return cpuByThread.values().stream().mapToLong(Long::longValue).sum() / 1e9;
        }
    }

    /** Counts records into an accumulator (the job's result carries it). */
    static final class Count<T> extends RichMapFunction<T, T> {
        private static final long serialVersionUID = 1L;
        private final String name;
        private transient LongCounter counter;

        Count(String name) { this.name = name; }

        @Override
        public void open(OpenContext ctx) {
            counter = new LongCounter();
            getRuntimeContext().addAccumulator(name, counter);
        }

        @Override
        public T map(T value) {
            counter.add(1);
            return value;
        }
    }

    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }

    private static long peerContactBytes(AttributedEvent sample) throws Exception {
        SerializerConfigImpl c = new SerializerConfigImpl();
        c.setGenericTypes(false);
        TypeSerializer<PeerContact> ser = TypeInformation.of(PeerContact.class).createSerializer(c);
        PeerContact p = new PeerContact();
        p.firstSeen = T0;
        p.lastSeen = T0;
        p.localPort = 51413;
        p.remotePort = 40000;
        p.protoMask = PeerContact.TCP;
        NormalizedEvent e = sample.getEvent();
        p.evidence = io.peerwatch.schema.EvidenceRef.newBuilder().setEventId(e.getEventId()).setFormat(e.getFormat())
                .setSource(e.getSource()).setRawSha256(e.getRawSha256()).setEventTime(e.getEventTime()).setSummary("tcp 10.0.0.1:51413 <-> 198.51.100.1:40000 out 300 B in 700 B").build();
        DataOutputSerializer out = new DataOutputSerializer(512);
        ser.serialize(p, out);
        return out.length();
    }

    // ---- generated traffic: event i at T0 + 10 ms * i, VMs drawn from a seeded random per index

    /** Event number i, computed from i alone (so parallel source splits agree with a single one). */
    static final class Generator implements GeneratorFunction<Long, AttributedEvent> {
        private static final long serialVersionUID = 1L;
        private final int vms;

        Generator(int vms) { this.vms = vms; }

        @Override
        public AttributedEvent map(Long index) {
            long i = index;
            SplittableRandom r = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
            long t = T0 + i * 10L;
            int vm = r.nextInt(vms);
            String vmKey = "vm-" + vm;
            int kind = vm % 100; // 1 % BitTorrent clients, 1 % public servers, the rest benign clients
            double x = r.nextDouble();
            if (kind == 0) {
                int peer = r.nextInt(5000);
                return flow(vmKey, vm, t, x < 0.5 ? "tcp" : "udp", x < 0.5 ? 40000 + r.nextInt(20000) : 51413,
                        ip(1_000_000 + peer), 1025 + (peer * 7919) % 60000, 300 + r.nextInt(20000), 700 + r.nextInt(2000), false);
            } else if (kind == 1) {
                return flow(vmKey, vm, t, "tcp", 443, ip(2_000_000 + r.nextInt(100_000)), 30000 + r.nextInt(30000),
                        20_000 + r.nextInt(200_000), 1500, true);
            } else if (x < 0.1) {
                return dns(vmKey, vm, t, "host" + r.nextInt(1000) + ".example.com");
            } else if (x < 0.2) {
                return flow(vmKey, vm, t, "tcp", 40000 + r.nextInt(20000), ip(3_000_000 + r.nextInt(50)), 5432, 2000, 40_000, false);
            }
            return flow(vmKey, vm, t, x < 0.3 ? "udp" : "tcp", 40000 + r.nextInt(20000), ip(4_000_000 + r.nextInt(20_000)), 443,
                    1000 + r.nextInt(5000), 10_000 + r.nextInt(500_000), false);
        }
    }

    private static String ip(int n) {
        return (20 + (n >>> 24) % 180) + "." + ((n >>> 16) & 0xff) + "." + ((n >>> 8) & 0xff) + "." + (1 + (n & 0xff) % 250);
    }

    private static String localIp(int vm) {
        return "10." + ((vm >>> 16) & 0xff) + "." + ((vm >>> 8) & 0xff) + "." + (1 + vm % 250);
    }

    private static NormalizedEvent event(String format, long t, Object body, String discriminator) {
        String raw = Hashing.sha256Hex(discriminator);
        return NormalizedEvent.newBuilder().setEventId(Hashing.sha256HexOf(format, Long.toString(t), raw)).setFormat(format)
                .setSource(SourceRef.newBuilder().setKind("kafka").setName("bench").setPartition(0).setOffset(t).setLine(-1).build())
                .setRawSha256(raw).setEventTime(t).setNetworkScope("default").setSensor(null).setBody(body).build();
    }

    private static VmRef vmRef(String vmKey) {
        return VmRef.newBuilder().setUuid(vmKey).setName(vmKey).setPlatform("libvirt").setTags(Map.of()).build();
    }

    private static AttributedEvent flow(String vmKey, int vm, long t, String proto, int localPort, String remote, int remotePort,
                                        long out, long in, boolean inbound) {
        String local = localIp(vm);
        NetworkFlow f = NetworkFlow.newBuilder().setProto(proto)
                .setSrcIp(inbound ? remote : local).setSrcPort(inbound ? remotePort : localPort)
                .setDstIp(inbound ? local : remote).setDstPort(inbound ? localPort : remotePort)
                .setStartTime(t - 2000).setEndTime(t).setSrcBytes(inbound ? in : out).setDstBytes(inbound ? out : in)
                .setSrcPackets(4).setDstPackets(4).build();
        VmSide side = VmSide.newBuilder().setAttributed(true).setVmKey(vmKey).setVm(vmRef(vmKey))
                .setDirection(inbound ? Direction.INBOUND : Direction.OUTBOUND).setLocalIp(local).setLocalPort(localPort)
                .setRemoteIp(remote).setRemotePort(remotePort).setBytesOut(out).setBytesIn(in).setPacketsOut(4).setPacketsIn(4).build();
        return new AttributedEvent(event("zeek-conn", t, f, vmKey + t + remote + localPort), side);
    }

    private static AttributedEvent dns(String vmKey, int vm, long t, String query) {
        String local = localIp(vm);
        DnsQuery q = DnsQuery.newBuilder().setSrcIp(local).setSrcPort(50000).setDstIp("10.0.0.2").setDstPort(53).setQuery(query).build();
        VmSide side = VmSide.newBuilder().setAttributed(true).setVmKey(vmKey).setVm(vmRef(vmKey)).setDirection(Direction.OUTBOUND)
                .setLocalIp(local).setLocalPort(50000).setRemoteIp("10.0.0.2").setRemotePort(53).build();
        return new AttributedEvent(event("zeek-dns", t, q, vmKey + t + query), side);
    }

}
