package io.peerwatch.incidents.lifecycle;

import io.peerwatch.common.Hashing;
import io.peerwatch.incidents.IncidentConfig;
import io.peerwatch.incidents.evidence.MerkleDigest;
import io.peerwatch.incidents.response.ResponseGuide;
import io.peerwatch.schema.Assessment;
import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.Detection;
import io.peerwatch.schema.EvidenceDigest;
import io.peerwatch.schema.EvidenceProof;
import io.peerwatch.schema.EvidenceRef;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.IncidentActivity;
import io.peerwatch.schema.LeakScope;
import io.peerwatch.schema.PeerVolume;
import io.peerwatch.schema.Signal;
import io.peerwatch.schema.TimelineEntry;
import io.peerwatch.schema.VmRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.state.MapState;

/**
 * How detections add up to an incident: figures are summed once per raw record, lists are bounded, and the
 * emitted revision is derived (top peers, evidence digest and proofs, assessment, response).
 */
final class IncidentAggregation {
    static final String CATEGORY_P2P = "p2p-filesharing";
    private static final int MAX_TAGS = 32;
    private static final int MAX_ATTRIBUTE = 1024;

    private final IncidentConfig cfg;
    private final Incident inc;
    private final LifecycleState ls;
    private final MapState<String, PeerStats> peers;
    private final MapState<String, EvidenceRef> evidence;

    IncidentAggregation(IncidentConfig cfg, Incident inc, LifecycleState ls, MapState<String, PeerStats> peers,
                        MapState<String, EvidenceRef> evidence) {
        this.cfg = cfg;
        this.inc = inc;
        this.ls = ls;
        this.peers = peers;
        this.evidence = evidence;
    }

    /** The deterministic finding id: the same VM, category and activity start give the same id in live and replay. */
    static String findingUid(String vmKey, String category, long firstActivityStart) {
        return Hashing.sha256HexOf("peerwatch-finding-v1", vmKey, category, Long.toString(firstActivityStart));
    }

    /** A new incident from the first detection of an activity (figures are added by {@link #absorb}). */
    static Incident start(Detection d) {
        String uid = findingUid(d.getVmKey(), d.getCategory(), d.getFirstSeen());
        return Incident.newBuilder()
                .setFindingUid(uid)
                .setActivity(IncidentActivity.CREATE)
                .setRevision(0)
                .setCategory(d.getCategory())
                .setPatternId(d.getPatternId())
                .setPatternVersion(d.getPatternVersion())
                .setTitle(d.getTitle() == null ? "" : d.getTitle())
                .setSeverity(Severity.normalize(d.getSeverity()))
                .setConfidence(0)
                .setFirstSeen(d.getFirstSeen())
                .setLastSeen(d.getLastSeen())
                .setEmittedAt(d.getLastSeen())
                .setVmKey(d.getVmKey())
                .setVm(d.getVm() == null ? null : VmRef.newBuilder(d.getVm()).build())
                .setAttribution(d.getBinding() == null ? null : BindingRef.newBuilder(d.getBinding()).build())
                .setLeakScope(LeakScope.newBuilder().build())
                .setEvidenceDigest(EvidenceDigest.newBuilder().setAlgorithm(MerkleDigest.ALGORITHM).build())
                .setAssessment(new Assessment("suspicious", ""))
                .setInvestigationId("PW-" + uid.substring(0, 12).toUpperCase(Locale.ROOT))
                .build();
    }

    void absorb(Detection d) throws Exception {
        inc.setFirstSeen(Math.min(inc.getFirstSeen(), d.getFirstSeen()));
        inc.setLastSeen(Math.max(inc.getLastSeen(), d.getLastSeen()));
        if (Severity.rank(d.getSeverity()) > Severity.rank(inc.getSeverity())) inc.setSeverity(Severity.normalize(d.getSeverity()));
        ls.baseConfidence = Math.max(ls.baseConfidence, clamp01(d.getConfidence()));
        mergeVm(d.getVm());
        if (inc.getAttribution() == null && d.getBinding() != null) inc.setAttribution(BindingRef.newBuilder(d.getBinding()).build());
        if (inc.getTitle().isBlank() && d.getTitle() != null && !d.getTitle().isBlank()) inc.setTitle(d.getTitle());
        if (d.getExpectedReason() == null || d.getExpectedReason().isBlank()) {
            ls.allExpected = false;
        } else if (ls.expectedReason == null) {
            ls.expectedReason = bound(d.getExpectedReason());
        }
        for (Signal s : d.getSignals()) absorb(s);
        inc.setConfidence(confidence(ls.baseConfidence, inc.getSignalKinds().size()));
    }

    private void absorb(Signal s) throws Exception {
        Set<String> kinds = new TreeSet<>(inc.getSignalKinds());
        kinds.add(s.getKind());
        inc.setSignalKinds(new ArrayList<>(kinds));

        if (inc.getTimeline().size() < cfg.maxTimeline()) {
            List<TimelineEntry> tl = new ArrayList<>(inc.getTimeline());
            tl.add(new TimelineEntry(s.getTime(), s.getKind(), Summaries.signal(s)));
            inc.setTimeline(tl);
        } else {
            ls.timelineDropped++;
        }

        LeakScope scope = inc.getLeakScope();
        Map<String, String> attrs = s.getAttributes();
        addBounded(scope.getInfoHashes(), attrs.get("infoHash"), cfg.maxInfoHashes(), true, scope::setInfoHashes);
        addBounded(scope.getTrackerHosts(), attrs.get("trackerHost"), cfg.maxTrackerHosts(), true, scope::setTrackerHosts);
        if (scope.getClientProcess() == null && attrs.get("process") != null) scope.setClientProcess(bound(attrs.get("process")));
        if (scope.getClientCommandLine() == null && attrs.get("commandLine") != null) scope.setClientCommandLine(bound(attrs.get("commandLine")));

        // bytes are counted once per raw record: overlapping matches repeat the same flows
        boolean fresh = s.getEvidence().isEmpty();
        for (EvidenceRef e : s.getEvidence()) {
            if (evidence.contains(e.getEventId())) continue;
            fresh = true;
            if (ls.evidenceCount < cfg.maxEvidenceLeaves()) {
                evidence.put(e.getEventId(), EvidenceRef.newBuilder(e).build());
                ls.evidenceCount++;
            } else {
                ls.evidenceDropped++;
            }
        }
        if (s.getRemoteIp() == null && s.getCount() > 1) ls.maxFanOut = Math.max(ls.maxFanOut, s.getCount());
        boolean toPeer = s.getRemoteIp() != null && !s.getRemoteIp().isBlank() && !attrs.containsKey("trackerHost");
        PeerStats peer = toPeer ? peer(s) : null;
        if (!fresh) return;
        long out = Math.max(0, s.getBytesOut());
        long in = Math.max(0, s.getBytesIn());
        scope.setBytesOutTotal(scope.getBytesOutTotal() + out);
        if (toPeer) {
            scope.setBytesOutToPeers(scope.getBytesOutToPeers() + out);
            scope.setBytesInFromPeers(scope.getBytesInFromPeers() + in);
            if (peer != null) {
                peer.bytesOut += out;
                peer.bytesIn += in;
                if (!s.getEvidence().isEmpty() && out > peer.topEvidenceBytes) {
                    peer.topEvidenceBytes = out;
                    peer.topEvidenceId = s.getEvidence().get(0).getEventId();
                }
                peers.put(peer.ip, peer);
            }
        }
    }

    /** The peer's running figures, registering it while under the cap; null when the cap is reached. */
    private PeerStats peer(Signal s) throws Exception {
        String ip = bound(s.getRemoteIp());
        PeerStats p = peers.get(ip);
        if (p != null) return p;
        if (ls.peerCount >= cfg.maxTrackedPeers()) {
            ls.peersCapped = true;
            return null;
        }
        p = new PeerStats(ip, s.getRemotePort());
        ls.peerCount++;
        peers.put(ip, p);
        return p;
    }

    private void mergeVm(VmRef v) {
        if (v == null) return;
        if (inc.getVm() == null) {
            inc.setVm(VmRef.newBuilder(v).build());
            return;
        }
        VmRef m = inc.getVm();
        if (m.getUuid() == null) m.setUuid(v.getUuid());
        if (m.getName() == null) m.setName(v.getName());
        if (m.getInstanceId() == null) m.setInstanceId(v.getInstanceId());
        if ("unknown".equals(m.getPlatform())) m.setPlatform(v.getPlatform());
        if (m.getHypervisorHost() == null) m.setHypervisorHost(v.getHypervisorHost());
        if (m.getNetwork() == null) m.setNetwork(v.getNetwork());
        if (m.getMac() == null) m.setMac(v.getMac());
        if (m.getOwner() == null) m.setOwner(v.getOwner());
        if (m.getTenant() == null) m.setTenant(v.getTenant());
        for (Map.Entry<String, String> t : new java.util.TreeMap<>(v.getTags()).entrySet()) {
            if (m.getTags().size() >= MAX_TAGS) break;
            m.getTags().putIfAbsent(t.getKey(), t.getValue());
        }
    }

    private static void addBounded(List<String> list, String value, int max, boolean lower,
                                   java.util.function.Consumer<List<String>> set) {
        if (value == null || value.isBlank()) return;
        String v = bound(lower ? value.trim().toLowerCase(Locale.ROOT) : value.trim());
        if (list.contains(v) || list.size() >= max) return;
        List<String> copy = new ArrayList<>(list);
        copy.add(v);
        set.accept(copy);
    }

    private static String bound(String s) {
        return s == null || s.length() <= MAX_ATTRIBUTE ? s : s.substring(0, MAX_ATTRIBUTE);
    }

    private static double clamp01(double c) {
        return Double.isNaN(c) ? 0 : Math.max(0, Math.min(1, c));
    }

    /**
     * Confidence grows with independent signal kinds: the strongest detection's confidence, each further kind
     * removing a fifth of the remaining doubt; capped at 0.99 because nothing here is certain.
     */
    static double confidence(double base, int kinds) {
        double c = 1 - (1 - base) * Math.pow(0.8, Math.max(0, kinds - 1));
        return Math.round(Math.min(0.99, c) * 1000) / 1000.0;
    }

    static int distinctPeers(LifecycleState ls) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(ls.peerCount, ls.maxFanOut));
    }

    static Assessment assessment(Incident inc, LifecycleState ls) {
        if (ls.allExpected && ls.expectedReason != null) {
            return new Assessment("expected", "Looks expected: " + ls.expectedReason
                    + ". Confirm with the VM owner; no containment needed if confirmed.");
        }
        String kinds = String.join(", ", inc.getSignalKinds());
        if (ls.expectedReason != null) {
            return new Assessment("suspicious", "Part of the activity matched an expectation (" + ls.expectedReason
                    + ") but other detections did not; matched signals: " + kinds + ".");
        }
        return new Assessment("suspicious", "No allowlisted destination, maintenance window or known backup explains it; "
                + "matched signals: " + kinds + ".");
    }

    /** True when the incident changed enough since the last emitted revision to be worth an UPDATE. */
    static boolean materialChange(IncidentConfig cfg, Incident inc, LifecycleState ls) {
        LeakScope s = inc.getLeakScope();
        return inc.getSignalKinds().size() > ls.emittedKinds
                || Severity.rank(inc.getSeverity()) > ls.emittedSeverity
                || s.getInfoHashes().size() > ls.emittedInfoHashes
                || s.getTrackerHosts().size() > ls.emittedTrackers
                || (s.getClientProcess() != null && !ls.emittedClient)
                || !assessment(inc, ls).getVerdict().equals(ls.emittedVerdict)
                || grew(s.getBytesOutTotal(), ls.emittedBytesOut, cfg.materialGrowth())
                || grew(distinctPeers(ls), ls.emittedPeers, cfg.materialGrowth());
    }

    private static boolean grew(long now, long before, double fraction) {
        return now > before && (before == 0 || now - before >= Math.max(1, (long) Math.ceil(before * fraction)));
    }

    /** Notes the figures of what was just emitted, for the next materiality check. */
    static void remember(Incident emitted, LifecycleState ls) {
        LeakScope s = emitted.getLeakScope();
        ls.lastEmittedAt = emitted.getEmittedAt();
        ls.nextRevision = emitted.getRevision() + 1;
        ls.emittedBytesOut = s.getBytesOutTotal();
        ls.emittedPeers = s.getDistinctPeers();
        ls.emittedKinds = emitted.getSignalKinds().size();
        ls.emittedInfoHashes = s.getInfoHashes().size();
        ls.emittedTrackers = s.getTrackerHosts().size();
        ls.emittedSeverity = Severity.rank(emitted.getSeverity());
        ls.emittedClient = s.getClientProcess() != null;
        ls.emittedVerdict = emitted.getAssessment().getVerdict();
    }

    /** The revision to emit: a deep copy of the working incident with everything derived filled in. */
    static Incident snapshot(IncidentConfig cfg, Incident inc, LifecycleState ls, MapState<String, PeerStats> peers,
                             MapState<String, EvidenceRef> evidence, IncidentActivity activity, long emittedAt) throws Exception {
        Incident out = Incident.newBuilder(inc).build();
        out.setActivity(activity);
        out.setRevision(ls.nextRevision);
        out.setEmittedAt(emittedAt);
        if (out.getTitle().isBlank()) out.setTitle(defaultTitle(out));

        List<PeerStats> ranked = new ArrayList<>();
        for (PeerStats p : peers.values()) ranked.add(p);
        ranked.sort(Comparator.comparingLong((PeerStats p) -> -p.bytesOut).thenComparing(p -> p.ip));
        List<PeerVolume> top = new ArrayList<>();
        for (PeerStats p : ranked.subList(0, Math.min(cfg.maxTopPeers(), ranked.size()))) {
            top.add(new PeerVolume(p.ip, p.port, p.bytesOut, p.bytesIn));
        }
        LeakScope scope = out.getLeakScope();
        scope.setTopPeers(top);
        scope.setDistinctPeers(distinctPeers(ls));
        scope.setDurationMs(Math.max(0, out.getLastSeen() - out.getFirstSeen()));
        scope.setUpperBound(true);
        scope.setStatement(Summaries.upperBoundStatement(out, ls, cfg));

        List<EvidenceRef> all = new ArrayList<>();
        for (EvidenceRef e : evidence.values()) all.add(e);
        MerkleDigest digest = MerkleDigest.over(all);
        out.setEvidenceDigest(digest.toAvro());
        Set<String> listedIds = new LinkedHashSet<>();
        List<EvidenceRef> leaves = digest.leaves();
        for (int i = 0; i < Math.min(cfg.maxFirstEvidence(), leaves.size()); i++) listedIds.add(leaves.get(i).getEventId());
        int significant = 0;
        for (PeerStats p : ranked) {
            if (significant >= cfg.maxSignificantEvidence()) break;
            if (p.topEvidenceId != null && evidence.contains(p.topEvidenceId) && listedIds.add(p.topEvidenceId)) significant++;
        }
        List<EvidenceRef> listed = new ArrayList<>();
        for (String id : listedIds) listed.add(evidence.get(id));
        listed.sort(io.peerwatch.incidents.evidence.EvidenceLeaf.ORDER);
        List<EvidenceProof> proofs = new ArrayList<>();
        for (EvidenceRef e : listed) proofs.add(digest.proof(e.getEventId()));
        out.setEvidence(listed);
        out.setEvidenceProofs(proofs);

        List<TimelineEntry> tl = new ArrayList<>(out.getTimeline());
        tl.sort(Comparator.comparingLong(TimelineEntry::getTime).thenComparing(TimelineEntry::getKind)
                .thenComparing(TimelineEntry::getSummary));
        if (ls.timelineDropped > 0) {
            tl.add(new TimelineEntry(out.getLastSeen(), "more", ls.timelineDropped + " more matched signals not listed"));
        }
        out.setTimeline(tl);
        out.setAssessment(assessment(out, ls));
        out.setResponse(ResponseGuide.steps(out.getVm(), out.getAttribution(), out.getFindingUid(), cfg.quarantineGroup()));
        return out;
    }

    static String defaultTitle(Incident i) {
        String who = i.getVm() != null && i.getVm().getName() != null ? i.getVm().getName() : i.getVmKey();
        return CATEGORY_P2P.equals(i.getCategory()) ? "Peer-to-peer file sharing (BitTorrent) from VM " + who
                : "Abnormal upload volume from VM " + who;
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
