package io.peerwatch.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.common.Formats;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default scenario really contains what its truth says, visible in the logs themselves. */
class ScenarioTruthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Scenario scenario;
    private static ScenarioTruth truth;
    private static Map<String, List<String>> lines;
    private static List<JsonNode> conns;

    @BeforeAll
    static void generate() {
        scenario = ScenarioGenerator.generateDefault();
        truth = scenario.truth();
        lines = scenario.lines();
        conns = new ArrayList<>();
        for (String l : lines.get(Formats.ZEEK_CONN)) conns.add(json(l));
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long startMillis(JsonNode c) {
        return Math.round(c.get("ts").asDouble() * 1000);
    }

    private static long endMillis(JsonNode c) {
        return Math.round((c.get("ts").asDouble() + c.path("duration").asDouble(0)) * 1000);
    }

    private static boolean involves(JsonNode c, String ip) {
        return c.get("id.orig_h").asText().equals(ip) || c.get("id.resp_h").asText().equals(ip);
    }

    @Test
    void defaultEstateHasAFewHypervisorsAndDozensOfVmsWithDistinctIdentities() {
        assertThat(scenario.hypervisors()).hasSize(3);
        assertThat(scenario.vms()).hasSize(36);
        assertThat(scenario.vms().stream().map(ScenarioVm::uuid).distinct()).hasSize(36);
        assertThat(scenario.vms().stream().map(ScenarioVm::mac).distinct()).hasSize(36);
        assertThat(scenario.vms().stream().map(ScenarioVm::name).distinct()).hasSize(36);
        // only the reuser shares an address, with the VM it took it from
        assertThat(scenario.vms().stream().map(ScenarioVm::ip).distinct()).hasSize(35);
        assertThat(scenario.vms().stream().map(ScenarioVm::role)).contains(Role.DESKTOP, Role.APP, Role.BUILD, Role.DB, Role.BACKUP,
                Role.FILES, Role.WWW, Role.TURN);
    }

    @Test
    void reusedAddressIsReleasedByTheFirstVmBeforeTheSecondVmGetsIt() {
        ScenarioTruth.AddressReuse reuse = truth.addressReuse();
        String ip = reuse.ip();
        assertThat(reuse.releasing().ip()).isEqualTo(ip);
        assertThat(reuse.reusing().ip()).isEqualTo(ip);
        assertThat(reuse.releasing().uuid()).isNotEqualTo(reuse.reusing().uuid());
        assertThat(reuse.releasing().hypervisor()).isEqualTo(reuse.reusing().hypervisor());
        List<String> dhcp = lines.get(Formats.DNSMASQ_DHCP).stream().filter(l -> l.contains(" " + ip + " ")).toList();
        int firstAck = indexOf(dhcp, "DHCPACK(virbr0) " + ip + " " + reuse.releasing().mac());
        int release = indexOf(dhcp, "DHCPRELEASE(virbr0) " + ip + " " + reuse.releasing().mac());
        int secondAck = indexOf(dhcp, "DHCPACK(virbr0) " + ip + " " + reuse.reusing().mac() + " " + reuse.reusing().name());
        assertThat(firstAck).isNotNegative().isLessThan(release);
        assertThat(release).isLessThan(secondAck);
        assertThat(reuse.releaseMillis()).isLessThan(reuse.rebindMillis());
        List<String> events = lines.get(Formats.LIBVIRT_EVENT);
        int stopped = indexOf(events, "for domain '" + reuse.releasing().name() + "': Stopped Shutdown");
        int defined = indexOf(events, "for domain '" + reuse.reusing().name() + "': Defined Added");
        int booted = indexOf(events, "for domain '" + reuse.reusing().name() + "': Started Booted");
        assertThat(stopped).isNotNegative().isLessThan(defined);
        assertThat(defined).isLessThan(booted);
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(fragment)) return i;
        return -1;
    }

    @Test
    void trafficOfTheReusedAddressBelongsToWhoeverHeldItAtTheTime() {
        ScenarioTruth.AddressReuse reuse = truth.addressReuse();
        List<JsonNode> withIp = conns.stream().filter(c -> involves(c, reuse.ip())).toList();
        long before = withIp.stream().filter(c -> endMillis(c) < reuse.releaseMillis()).count();
        long after = withIp.stream().filter(c -> startMillis(c) > reuse.rebindMillis()).count();
        assertThat(before).isGreaterThan(100);
        assertThat(after).isGreaterThan(100);
        // nothing uses the address while nobody holds it
        assertThat(withIp).allSatisfy(c -> assertThat(endMillis(c) < reuse.releaseMillis() || startMillis(c) > reuse.rebindMillis())
                .as(c.toString()).isTrue());
    }

    @Test
    void bitTorrentVmFansOutToAtLeastTwentyDistinctPeersFromOneLocalPortWithinTwoMinutes() {
        ScenarioTruth.BitTorrent bt = truth.bittorrent();
        String ip = bt.vm().ip();
        long from = bt.firstPeerTrafficMillis();
        Set<String> tcp = new HashSet<>();
        Set<String> udp = new HashSet<>();
        long firstPeerFlow = Long.MAX_VALUE;
        for (JsonNode c : conns) {
            boolean out = c.get("id.orig_h").asText().equals(ip) && c.get("id.orig_p").asInt() == bt.localPort();
            boolean in = c.get("id.resp_h").asText().equals(ip) && c.get("id.resp_p").asInt() == bt.localPort();
            if (!out && !in) continue;
            String peer = out ? c.get("id.resp_h").asText() : c.get("id.orig_h").asText();
            int peerPort = out ? c.get("id.resp_p").asInt() : c.get("id.orig_p").asInt();
            if (peerPort == 6881 && Set.of(truth.bittorrent().trackerIp()).contains(peer)) continue;
            boolean bootstrap = out && peerPort == 6881 && startMillis(c) < from;
            if (bootstrap || peer.startsWith("239.")) continue;
            firstPeerFlow = Math.min(firstPeerFlow, startMillis(c));
            if (startMillis(c) < from + 120_000) (c.get("proto").asText().equals("tcp") ? tcp : udp).add(peer);
        }
        assertThat(firstPeerFlow).isEqualTo(from);
        Set<String> all = new HashSet<>(tcp);
        all.addAll(udp);
        assertThat(all).hasSizeGreaterThanOrEqualTo(20);
        assertThat(tcp).isNotEmpty();
        assertThat(udp).isNotEmpty();
    }

    @Test
    void bitTorrentVmContactsATrackerAndTheDhtBootstrapNode() {
        ScenarioTruth.BitTorrent bt = truth.bittorrent();
        assertThat(bt.trackerHost()).startsWith("tracker.");
        List<JsonNode> dns = lines.get(Formats.ZEEK_DNS).stream().map(ScenarioTruthTest::json)
                .filter(d -> d.get("id.orig_h").asText().equals(bt.vm().ip())).toList();
        assertThat(dns).anySatisfy(d -> assertThat(d.get("query").asText()).isEqualTo(bt.trackerHost()));
        assertThat(dns).anySatisfy(d -> assertThat(d.get("query").asText()).isEqualTo("router.bittorrent.com"));
        List<JsonNode> announces = lines.get(Formats.ZEEK_HTTP).stream().map(ScenarioTruthTest::json)
                .filter(h -> h.get("uri").asText().startsWith("/announce?info_hash=")).toList();
        assertThat(announces).isNotEmpty().allSatisfy(h -> {
            assertThat(h.get("id.orig_h").asText()).isEqualTo(bt.vm().ip());
            assertThat(h.get("uri").asText()).contains("&peer_id=" + bt.peerIdPrefix()).contains("&port=" + bt.localPort());
        });
        assertThat(announces.get(0).get("uri").asText()).contains("event=started");
        assertThat(announces.get(announces.size() - 1).get("uri").asText()).contains("event=stopped");
        String router = dns.stream().filter(d -> d.get("query").asText().equals("router.bittorrent.com")).findFirst().orElseThrow()
                .get("answers").get(0).asText();
        assertThat(conns).anySatisfy(c -> {
            assertThat(c.get("id.resp_h").asText()).isEqualTo(router);
            assertThat(c.get("id.resp_p").asInt()).isEqualTo(6881);
            assertThat(c.get("id.orig_p").asInt()).isEqualTo(bt.localPort());
        });
    }

    @Test
    void bitTorrentVmUploadsSubstantiallyDuringItsSession() {
        ScenarioTruth.BitTorrent bt = truth.bittorrent();
        long up = 0;
        for (JsonNode c : conns) {
            if (startMillis(c) < bt.sessionStartMillis() || startMillis(c) > bt.sessionEndMillis()) continue;
            if (c.get("id.orig_h").asText().equals(bt.vm().ip())) up += c.path("orig_bytes").asLong(0);
            if (c.get("id.resp_h").asText().equals(bt.vm().ip())) up += c.path("resp_bytes").asLong(0);
        }
        assertThat(up).isGreaterThan(500_000_000L);
    }

    @Test
    void backupGoesToTheSameTargetEveryNightInsideItsWindow() {
        ScenarioTruth.Backup b = truth.backup();
        assertThat(b.runStartsMillis()).hasSize(2);
        for (long run : b.runStartsMillis()) {
            long bytes = conns.stream()
                    .filter(c -> c.get("id.orig_h").asText().equals(b.vm().ip()) && c.get("id.resp_h").asText().equals(b.targetIp())
                            && c.get("id.resp_p").asInt() == b.targetPort())
                    .filter(c -> startMillis(c) >= run && endMillis(c) < run + 7_200_000L)
                    .mapToLong(c -> c.get("orig_bytes").asLong()).sum();
            assertThat(bytes).isEqualTo(b.bytesPerRun());
            java.time.LocalTime at = java.time.LocalTime.ofNanoOfDay(Math.floorMod(run, 86_400_000L) * 1_000_000L);
            assertThat(at).isBetween(b.windowStartUtc(), b.windowEndUtc());
        }
    }

    @Test
    void exfiltrationIsFiveTimesTheHourlyBaselineToADestinationNeverSeenBefore() {
        ScenarioTruth.Exfiltration x = truth.exfiltration();
        String ip = x.vm().ip();
        long toNew = 0;
        long baselineHour = 0;
        for (JsonNode c : conns) {
            if (!c.get("id.orig_h").asText().equals(ip)) continue;
            if (c.get("id.resp_h").asText().equals(x.destinationIp())) {
                assertThat(startMillis(c)).isGreaterThanOrEqualTo(x.startMillis());
                toNew += c.get("orig_bytes").asLong();
            } else if (startMillis(c) >= x.startMillis() - 7_200_000L && startMillis(c) < x.startMillis() - 3_600_000L) {
                baselineHour += c.path("orig_bytes").asLong(0);
            }
        }
        // payload plus a few hundred bytes of TLS handshake per connection
        assertThat(toNew).isBetween(x.bytes(), x.bytes() + 10_000);
        assertThat(baselineHour).isBetween(x.baselineUploadBytesPerHour() * 7 / 10, x.baselineUploadBytesPerHour() * 13 / 10);
        assertThat(toNew).isGreaterThanOrEqualTo(5 * baselineHour);
    }

    @Test
    void lookalikesServeManyDistinctPeersOnOneLocalPort() {
        assertThat(truth.lookalikes()).extracting(ScenarioVm::role).containsExactly(Role.WWW, Role.TURN);
        for (ScenarioVm vm : truth.lookalikes()) {
            Set<String> clients = new HashSet<>();
            for (JsonNode c : conns) if (c.get("id.resp_h").asText().equals(vm.ip())) clients.add(c.get("id.orig_h").asText());
            assertThat(clients).as(vm.name()).hasSizeGreaterThan(100);
        }
    }
}
