package io.peerwatch.detect.signal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.detect.TestEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FanoutAnalysisTest {
    static final SignalConfig CFG = SignalConfig.builder().minPeers(5).build();
    final Map<String, PeerContact> contacts = new LinkedHashMap<>();

    void contact(String ip, int localPort, int remotePort, int proto, long out, long in, long time) {
        PeerContact c = new PeerContact();
        c.firstSeen = time;
        c.lastSeen = time;
        c.localPort = localPort;
        c.remotePort = remotePort;
        c.protoMask = proto;
        c.bytesOut = out;
        c.bytesIn = in;
        c.lookalike = PortRules.lookalike(remotePort);
        c.originated = true;
        contacts.put(ip, c);
    }

    FanoutAnalysis analyse(long now) {
        return FanoutAnalysis.of(contacts.entrySet(), now, CFG, Set.of());
    }

    @Test
    void outboundConnectionsToManyPeersOnDiversePortsAreASwarm() {
        for (int i = 0; i < 6; i++) contact(TestEvents.peer(i), 50000 + i, TestEvents.peerPort(i), PeerContact.TCP, 300, 600, 1000);
        FanoutAnalysis a = analyse(2000);
        assertThat(a.peers).isEqualTo(6);
        assertThat(a.shape).isEqualTo("outbound");
        assertThat(a.tcpPeers).isEqualTo(6);
        assertThat(a.lookalike).isNull();
    }

    @Test
    void clientsOfOneServiceAreNotASwarmBecauseTheRemotePortRepeats() {
        for (int i = 0; i < 10; i++) contact(TestEvents.peer(i), 50000 + i, 9999, PeerContact.TCP, 300, 600, 1000);
        assertThat(analyse(2000).peers).isZero();
    }

    @Test
    void aServerOnOneHighTcpPortIsNotASwarm() {
        for (int i = 0; i < 20; i++) contact(TestEvents.peer(i), 9443, 40000 + i, PeerContact.TCP, 5000, 900, 1000);
        FanoutAnalysis a = analyse(2000);
        assertThat(a.peers).isZero();
        assertThat(a.dhtPeers).isZero();
    }

    @Test
    void oneLocalPortOverTcpAndUdpIsBitTorrentsListenPortShape() {
        for (int i = 0; i < 4; i++) contact(TestEvents.peer(i), 51413, TestEvents.peerPort(i), PeerContact.TCP, 2000, 900, 1000);
        for (int i = 4; i < 8; i++) contact(TestEvents.peer(i), 51413, TestEvents.peerPort(i), PeerContact.UDP, 300, 300, 1000);
        FanoutAnalysis a = analyse(2000);
        assertThat(a.shape).isEqualTo("tcp-udp-port");
        assertThat(a.sharedBtPort).isEqualTo(51413);
        assertThat(a.peers).isEqualTo(8);
    }

    @Test
    void smallUdpExchangesFromOnePortLookLikeDhtButMediaStreamsDoNot() {
        for (int i = 0; i < 7; i++) contact(TestEvents.peer(i), 6881, TestEvents.peerPort(i), PeerContact.UDP, 250, 400, 1000);
        FanoutAnalysis dht = analyse(2000);
        assertThat(dht.dhtPeers).isEqualTo(7);
        assertThat(dht.dhtPort).isEqualTo(6881);
        contacts.clear();
        for (int i = 0; i < 7; i++) contact(TestEvents.peer(i), 50000, TestEvents.peerPort(i), PeerContact.UDP, 2_000_000, 2_000_000, 1000);
        assertThat(analyse(2000).dhtPeers).as("large UDP flows (voice/video) are not DHT").isZero();
    }

    @Test
    void udpToEachPeerFromItsOwnPortIsVoiceOrVideoNotBitTorrent() {
        for (int i = 0; i < 8; i++) contact(TestEvents.peer(i), 50000 + i, TestEvents.peerPort(i), PeerContact.UDP, 300, 400, 1000);
        FanoutAnalysis a = analyse(2000);
        assertThat(a.peers).isZero();
        assertThat(a.dhtPeers).isZero();
    }

    @Test
    void aUdpServerAnsweringSmallQueriesIsNotDht() {
        for (int i = 0; i < 12; i++) {
            contact(TestEvents.peer(i), 28015, TestEvents.peerPort(i), PeerContact.UDP, 300, 100, 1000);
            contacts.get(TestEvents.peer(i)).originated = false;
        }
        assertThat(analyse(2000).dhtPeers).isZero();
    }

    @Test
    void dhtQueriesAmongAFewLargeUtpTransfersOnTheSamePortStillCount() {
        for (int i = 0; i < 6; i++) contact(TestEvents.peer(i), 6881, TestEvents.peerPort(i), PeerContact.UDP, 200, 350, 1000);
        for (int i = 6; i < 9; i++) contact(TestEvents.peer(i), 6881, TestEvents.peerPort(i), PeerContact.UDP, 9_000_000, 40_000, 1000);
        FanoutAnalysis a = analyse(2000);
        assertThat(a.dhtPeers).isEqualTo(6);
    }

    @Test
    void aNoticeableShareOfGnutellaPortsNamesTheLookalike() {
        for (int i = 0; i < 10; i++) contact(TestEvents.peer(i), 50000 + i, TestEvents.peerPort(i), PeerContact.TCP, 300, 600, 1000);
        contact("81.1.1.1", 50100, 6346, PeerContact.TCP, 600, 500, 1000);
        contact("81.1.1.2", 50101, 6346, PeerContact.TCP, 600, 500, 1000);
        FanoutAnalysis a = analyse(2000);
        assertThat(a.peers).as("look-alike contacts are not peers").isEqualTo(10);
        assertThat(a.lookalike).isEqualTo("gnutella");
        assertThat(a.lookalikeShare).isGreaterThan(0.1);
    }

    @Test
    void contactsOutsideTheWindowAreIgnored() {
        for (int i = 0; i < 6; i++) contact(TestEvents.peer(i), 50000 + i, TestEvents.peerPort(i), PeerContact.TCP, 300, 600, 0);
        assertThat(analyse(CFG.peerWindowMillis + 1).peers).isZero();
        assertThat(analyse(CFG.peerWindowMillis).peers).isEqualTo(6);
    }
}
