package io.peerwatch.detect.signal;

import static io.peerwatch.detect.TestEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.detect.TestEvents;
import io.peerwatch.schema.Signal;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventSignalsTest {
    private static List<Signal> of(io.peerwatch.schema.AttributedEvent e) {
        return EventSignals.from(e);
    }

    @Test
    void trackerAndDhtBootstrapLookupsAreSignalsOfTheAskingVm() {
        assertThat(of(TestEvents.dns("vm", at(0), "tracker.opentrackr.org"))).singleElement()
                .satisfies(s -> {
                    assertThat(s.getKind()).isEqualTo(SignalKinds.TRACKER_CONTACT);
                    assertThat(s.getAttributes()).containsEntry("evidence", "tracker-name").containsEntry("via", "dns");
                    assertThat(s.getEvidence()).singleElement().satisfies(ev -> assertThat(ev.getSummary()).contains("tracker.opentrackr.org"));
                });
        assertThat(of(TestEvents.dns("vm", at(0), "router.bittorrent.com."))).extracting(Signal::getKind).containsExactly(SignalKinds.DHT_BOOTSTRAP);
        assertThat(of(TestEvents.dns("vm", at(0), "tracker3.example.net"))).extracting(Signal::getKind).containsExactly(SignalKinds.TRACKER_CONTACT);
        // the resolver VM answering the same query is not the client
        assertThat(of(TestEvents.dnsAnswered("resolver", at(0), "router.bittorrent.com"))).isEmpty();
    }

    @Test
    void ordinaryNamesWithTrackerInThemAreNotTrackers() {
        assertThat(of(TestEvents.dns("vm", at(0), "issuetracker.google.com"))).isEmpty();
        assertThat(of(TestEvents.dns("vm", at(0), "mytracker.org"))).isEmpty();
        assertThat(of(TestEvents.dns("vm", at(0), "www.example.com"))).isEmpty();
    }

    @Test
    void httpAnnounceIsStrongTrackerEvidenceAndClientUserAgentsAreRecognised() {
        List<Signal> s = of(TestEvents.http("vm", at(0), "bt.example.org:6969",
                "/announce?info_hash=%12%34&peer_id=-qB4250-abcdefghijkl&port=6881&uploaded=0&event=started", "qBittorrent/4.2.5"));
        assertThat(s).extracting(Signal::getKind).containsExactlyInAnyOrder(SignalKinds.TRACKER_CONTACT, SignalKinds.CLIENT_USER_AGENT);
        Signal tracker = s.stream().filter(x -> x.getKind().equals(SignalKinds.TRACKER_CONTACT)).findFirst().orElseThrow();
        assertThat(tracker.getAttributes()).containsEntry("evidence", "announce").containsEntry("uri", "/announce");
        assertThat(tracker.getWeight()).isGreaterThan(0.9);
        assertThat(of(TestEvents.http("vm", at(0), "www.example.com", "/search?q=announce", "curl/8.0"))).isEmpty();
        assertThat(of(TestEvents.http("vm", at(0), "www.example.com", "/scrape.php?info_hash=abc", "Mozilla/5.0"))).hasSize(1);
    }

    @Test
    void tlsNamesOfTrackersCount() {
        assertThat(of(TestEvents.tls("vm", at(0), "tracker.example.org"))).extracting(Signal::getKind).containsExactly(SignalKinds.TRACKER_CONTACT);
        assertThat(of(TestEvents.tls("vm", at(0), "api.github.com"))).isEmpty();
    }

    @Test
    void sensorHintsSeparateBitTorrentFromOtherPeerToPeer() {
        assertThat(of(TestEvents.hint("vm", at(0), "bittorrent-dht", "dht-query", null, 6881)))
                .extracting(Signal::getKind).containsExactly(SignalKinds.DHT_ACTIVITY);
        assertThat(of(TestEvents.hint("vm", at(0), "p2p", "alert", "ET P2P BitTorrent peer sync", 51413)))
                .extracting(Signal::getKind).containsExactly(SignalKinds.DPI_P2P_HINT);
        assertThat(of(TestEvents.hint("vm", at(0), "p2p", "alert", "ET P2P Gnutella Connect", 6346)))
                .singleElement().satisfies(s -> {
                    assertThat(s.getKind()).isEqualTo(SignalKinds.P2P_LOOKALIKE);
                    assertThat(s.getAttributes()).containsEntry("lookalike", "gnutella");
                });
        assertThat(of(TestEvents.hint("vm", at(0), "tls", "alert", "ET POLICY Data transmission over TLS", 443))).isEmpty();
    }

    @Test
    void torrentClientProcessesAreRecognisedByImageOrTorrentArgument() {
        assertThat(of(TestEvents.process("vm", at(0), "/usr/bin/qbittorrent-nox", "qbittorrent-nox --webui-port=8080")))
                .singleElement().satisfies(s -> assertThat(s.getAttributes()).containsEntry("client", "qbittorrent-nox"));
        assertThat(of(TestEvents.process("vm", at(0), "C:\\Program Files\\uTorrent\\uTorrent.exe", null)))
                .singleElement().satisfies(s -> assertThat(s.getAttributes()).containsEntry("client", "utorrent"));
        assertThat(of(TestEvents.process("vm", at(0), "/usr/bin/aria2c", "aria2c magnet:?xt=urn:btih:0123456789abcdef"))).hasSize(1);
        assertThat(of(TestEvents.process("vm", at(0), "/usr/bin/aria2c", "aria2c https://example.com/file.iso"))).isEmpty();
        assertThat(of(TestEvents.process("vm", at(0), "/usr/bin/python3", "python3 app.py"))).isEmpty();
    }

    @Test
    void smallUdpExchangesWithATrackerPortAreWeakTrackerContacts() {
        assertThat(of(TestEvents.flow("vm", at(0), "udp", 41234, "198.51.100.9", 6969, 98, 320)))
                .singleElement().satisfies(s -> {
                    assertThat(s.getKind()).isEqualTo(SignalKinds.TRACKER_CONTACT);
                    assertThat(s.getAttributes()).containsEntry("evidence", "udp-tracker");
                    assertThat(s.getWeight()).isLessThan(0.5);
                });
        assertThat(of(TestEvents.flow("vm", at(0), "udp", 41234, "198.51.100.9", 6969, 900_000, 320))).as("bulk, not a tracker").isEmpty();
        assertThat(of(TestEvents.flow("vm", at(0), "tcp", 41234, "198.51.100.9", 6969, 98, 320))).isEmpty();
    }

    @Test
    void localPeerDiscoveryMulticastIsRecognisedOnBothAddressFamilies() {
        assertThat(of(TestEvents.flow("vm", at(0), "udp", 6771, "239.192.152.143", 6771, 120, 0)))
                .extracting(Signal::getKind).containsExactly(SignalKinds.LOCAL_PEER_DISCOVERY);
        assertThat(of(TestEvents.flow("vm", at(0), "udp", 6771, "ff15::efc0:988f", 6771, 120, 0)))
                .extracting(Signal::getKind).containsExactly(SignalKinds.LOCAL_PEER_DISCOVERY);
        assertThat(of(TestEvents.flow("vm", at(0), "udp", 1900, "239.255.255.250", 1900, 120, 0))).isEmpty();
    }
}
