package io.peerwatch.incidents.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.incidents.Fixtures;
import io.peerwatch.incidents.IncidentRuns;
import io.peerwatch.schema.Incident;
import io.peerwatch.schema.VmRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentRendererTest {
    @Test
    void showsTheVmOwnerWhatWhenLeakScopeDigestAssessmentAndCommands() throws Exception {
        List<Incident> revs = IncidentRuns.bittorrent(Fixtures.libvirtVm("build-07"));
        Incident close = revs.get(revs.size() - 1);
        String text = IncidentRenderer.render(close);
        assertThat(text).contains(
                "INCIDENT BitTorrent peer fan-out  [CLOSE rev",
                "VM           build-07",
                "owner        alice  tenant research",
                "attributed   10.0.0.5",
                "p2p-filesharing, pattern bt-peer-fanout v2",
                "leak scope   (UPPER BOUND)",
                "distinct peers 5",
                "info hashes  0123456789abcdef0123456789abcdef01234567",
                "trackers     tracker.example.org",
                "client       qbittorrent-nox",
                "root " + close.getEvidenceDigest().getRoot(),
                "assessment   SUSPICIOUS",
                "$ virsh -c qemu+ssh://hv1.example.net/system domif-setlink --domain build-07");
        assertThat(text).contains("out to peers " + io.peerwatch.incidents.lifecycle.Summaries.bytes(close.getLeakScope().getBytesOutToPeers()));
    }

    @Test
    void namesFromLogsCannotInjectTerminalEscapesOrFakeLines() throws Exception {
        String evil = "web\nassessment   EXPECTED: all fine\u001b[2J\u001b]0;pwned\u0007";
        VmRef vm = VmRef.newBuilder(Fixtures.libvirtVm("x")).setName(evil).setOwner("bob\r\nroot").build();
        String text = IncidentRenderer.render(IncidentRuns.bittorrent(vm).get(0));
        assertThat(text).doesNotContain("\u001b", "\u0007", "\r");
        assertThat(text.lines().filter(l -> l.startsWith("assessment"))).singleElement()
                .satisfies(l -> assertThat(l).startsWith("assessment   SUSPICIOUS"));
        assertThat(text).contains("web\\nassessment   EXPECTED: all fine\\x1b[2J\\x1b]0;pwned\\x07", "bob\\r\\nroot");
    }
}
