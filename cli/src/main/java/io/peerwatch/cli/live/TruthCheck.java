package io.peerwatch.cli.live;

import io.peerwatch.schema.Incident;
import io.peerwatch.testkit.scenario.ScenarioTruth;
import io.peerwatch.testkit.scenario.ScenarioVm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run found compared with what the scenario planted: the BitTorrent VM must have a p2p-filesharing
 * incident; the nightly backup VM and the VM that reused the BitTorrent VM's address must have none (required).
 * Also reported, not required: the exfiltrating VM's abnormal-transfer-volume incident and the look-alike VMs
 * (public web server, TURN relay) staying clear of p2p-filesharing.
 */
public final class TruthCheck {
    public static final String P2P = "p2p-filesharing";

    public static final String VOLUME = "abnormal-transfer-volume";

    /** One line of the check; {@code required} lines decide whether the run passed. */
    public record Line(String what, boolean ok, String detail, boolean required) {
        Line(String what, boolean ok, String detail) {
            this(what, ok, detail, true);
        }

        Line informational() {
            return new Line(what, ok, detail, false);
        }
    }

    private TruthCheck() {}

    public static List<Line> check(ScenarioTruth truth, List<Incident> incidents) {
        List<Line> out = new ArrayList<>();
        ScenarioVm bt = truth.bittorrent().vm();
        List<Incident> btFound = about(incidents, bt).stream().filter(i -> P2P.equals(i.getCategory())).toList();
        out.add(new Line("BitTorrent VM " + bt.name() + " found", !btFound.isEmpty(),
                btFound.isEmpty() ? "no p2p-filesharing incident" : "incident " + btFound.get(0).getFindingUid()));
        ScenarioVm backup = truth.backup().vm();
        out.add(notFlagged("backup VM " + backup.name(), about(incidents, backup)));
        ScenarioVm reuser = truth.addressReuse().reusing();
        out.add(notFlagged("VM " + reuser.name() + " that reused " + truth.addressReuse().ip(), about(incidents, reuser)));
        if (truth.exfiltration() != null) {
            ScenarioVm x = truth.exfiltration().vm();
            List<Incident> found = about(incidents, x).stream().filter(i -> VOLUME.equals(i.getCategory())).toList();
            out.add(new Line("exfiltrating VM " + x.name() + " found", !found.isEmpty(),
                    found.isEmpty() ? "no abnormal-transfer-volume incident" : "incident " + found.get(0).getFindingUid()).informational());
        }
        for (ScenarioVm look : truth.lookalikes()) {
            List<Incident> p2p = about(incidents, look).stream().filter(i -> P2P.equals(i.getCategory())).toList();
            out.add(new Line("look-alike " + look.name() + " (" + look.role().name().toLowerCase(java.util.Locale.ROOT)
                    + ") not flagged as P2P", p2p.isEmpty(), p2p.isEmpty() ? "no p2p-filesharing incident"
                    : p2p.stream().map(Incident::getFindingUid).distinct().count() + " p2p-filesharing incident(s)").informational());
        }
        return out;
    }

    private static Line notFlagged(String what, List<Incident> about) {
        Map<String, String> byId = new LinkedHashMap<>();
        for (Incident i : about) byId.put(i.getFindingUid(), i.getCategory());
        return new Line(what + " not flagged", byId.isEmpty(), byId.isEmpty() ? "no incident" : "flagged: " + byId);
    }

    /** Incidents whose VM is this scenario VM (by libvirt UUID, instance id or vm key). */
    public static List<Incident> about(List<Incident> incidents, ScenarioVm vm) {
        List<Incident> out = new ArrayList<>();
        for (Incident i : incidents) {
            boolean same = vm.uuid().equalsIgnoreCase(i.getVmKey())
                    || (i.getVm() != null && (vm.uuid().equalsIgnoreCase(String.valueOf(i.getVm().getUuid()))
                    || vm.instanceId().equals(i.getVm().getInstanceId())));
            if (same) out.add(i);
        }
        return out;
    }

    /** True when every required line is ok. */
    public static boolean allOk(List<Line> lines) {
        return lines.stream().filter(Line::required).allMatch(Line::ok);
    }
}
