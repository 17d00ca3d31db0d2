package io.peerwatch.incidents.response;

import io.peerwatch.schema.BindingRef;
import io.peerwatch.schema.ResponseStep;
import io.peerwatch.schema.VmRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The commands that isolate a VM's network and preserve its evidence, for the VM's own platform and filled with
 * its own names. Every value that came from logs is quoted ({@link ShellQuote}, {@link PowerShellQuote}); where a
 * name is unsafe or ambiguous (control characters, wildcards) the platform's unique id is used instead.
 */
public final class ResponseGuide {
    private static final Pattern AWS_INSTANCE = Pattern.compile("i-[0-9a-f]{8,17}");
    private static final Pattern GLOB = Pattern.compile("[*?\\[\\]\\\\]");

    private ResponseGuide() {}

    /**
     * @param vm the VM (may be null when only an address is known)
     * @param binding the address binding used for attribution (may be null)
     * @param findingUid used to name snapshots and files so they can be traced back to the incident
     * @param quarantineGroup security group for cloud quarantine, e.g. {@code $PEERWATCH_QUARANTINE_SG}
     */
    public static List<ResponseStep> steps(VmRef vm, BindingRef binding, String findingUid, String quarantineGroup) {
        String tag = "peerwatch-" + shortId(findingUid);
        String platform = vm == null ? "unknown" : vm.getPlatform().toLowerCase(Locale.ROOT);
        List<ResponseStep> steps = new ArrayList<>();
        switch (platform) {
            case "libvirt" -> libvirt(vm, binding, tag, findingUid, steps);
            case "aws" -> aws(vm, tag, quarantineGroup, steps);
            case "hyperv" -> hyperv(vm, tag, steps);
            case "vsphere" -> vsphere(vm, tag, steps);
            case "openstack" -> openstack(vm, tag, quarantineGroup, steps);
            default -> { }
        }
        if (steps.isEmpty()) unknown(vm, binding, steps);
        return steps;
    }

    static String shortId(String findingUid) {
        String s = findingUid == null ? "" : findingUid.replaceAll("[^0-9a-fA-F]", "");
        return s.length() > 12 ? s.substring(0, 12) : (s.isEmpty() ? "incident" : s);
    }

    private static boolean clean(String name) {
        return name != null && !name.isBlank() && !ShellQuote.hasUnsafeCharacters(name);
    }

    private static String macOf(VmRef vm, BindingRef binding) {
        if (vm != null && vm.getMac() != null) return vm.getMac();
        return binding == null ? null : binding.getMac();
    }

    private static void libvirt(VmRef vm, BindingRef binding, String tag, String findingUid, List<ResponseStep> steps) {
        String dom = clean(vm.getName()) ? vm.getName() : vm.getUuid();
        if (dom == null) return;
        String virsh = vm.getHypervisorHost() != null && !vm.getHypervisorHost().isBlank()
                ? "virsh -c " + ShellQuote.quote("qemu+ssh://" + vm.getHypervisorHost() + "/system")
                : "virsh";
        String d = " --domain " + ShellQuote.quote(dom);
        String mac = macOf(vm, binding);
        if (mac != null) {
            steps.add(step("Isolate: take the VM's network link down (the VM keeps running, memory intact)",
                    virsh + " domif-setlink" + d + " --interface " + ShellQuote.quote(mac) + " --state down", "libvirt"));
        } else {
            steps.add(step("List the VM's interfaces (the MAC is not known)", virsh + " domiflist" + d, "libvirt"));
            steps.add(step("Isolate: take each interface's link down", virsh + " domif-setlink" + d
                    + " --interface \"$IFACE\" --state down", "libvirt"));
        }
        steps.add(step("Preserve: disk-only snapshot of all disks", virsh + " snapshot-create-as" + d + " --name " + tag
                + " --description " + ShellQuote.quote("peerwatch incident " + findingUid) + " --disk-only --atomic", "libvirt"));
        steps.add(step("Preserve: the domain definition", virsh + " dumpxml" + d + " > " + tag + "-domain.xml", "libvirt"));
    }

    private static void aws(VmRef vm, String tag, String quarantineGroup, List<ResponseStep> steps) {
        String id = vm.getInstanceId();
        if (id == null || id.isBlank()) return;
        String q = AWS_INSTANCE.matcher(id).matches() ? id : ShellQuote.quote(id);
        steps.add(step("Isolate: replace the instance's security groups with the quarantine group",
                "aws ec2 modify-instance-attribute --instance-id " + q + " --groups " + ShellQuote.quoteOrVariable(quarantineGroup), "aws"));
        steps.add(step("Preserve: snapshot every EBS volume of the instance",
                "for v in $(aws ec2 describe-instances --instance-ids " + q
                        + " --query 'Reservations[].Instances[].BlockDeviceMappings[].Ebs.VolumeId' --output text); do"
                        + " aws ec2 create-snapshot --volume-id \"$v\" --description " + tag + "; done", "aws"));
        steps.add(step("Preserve: the instance description",
                "aws ec2 describe-instances --instance-ids " + q + " > " + tag + "-instance.json", "aws"));
    }

    private static void hyperv(VmRef vm, String tag, List<ResponseStep> steps) {
        String host = vm.getHypervisorHost() != null && clean(vm.getHypervisorHost())
                ? " -ComputerName " + PowerShellQuote.quote(vm.getHypervisorHost()) : "";
        String select;
        if (clean(vm.getName())) {
            select = "Get-VM -Name " + PowerShellQuote.literalName(vm.getName()) + host;
        } else if (vm.getUuid() != null) {
            select = "Get-VM -Id " + PowerShellQuote.quote(vm.getUuid()) + host;
        } else {
            return;
        }
        steps.add(step("Isolate: disconnect the VM's network adapters", select + " | Disconnect-VMNetworkAdapter", "hyperv"));
        steps.add(step("Preserve: checkpoint the VM", select + " | Checkpoint-VM -SnapshotName " + PowerShellQuote.quote(tag), "hyperv"));
        steps.add(step("Preserve: the VM configuration", select + " | Select-Object * | Export-Clixml " + PowerShellQuote.quote(tag + "-vm.xml"), "hyperv"));
    }

    private static void vsphere(VmRef vm, String tag, List<ResponseStep> steps) {
        String sel;
        if (clean(vm.getName()) && !GLOB.matcher(vm.getName()).find()) {
            sel = "-vm " + ShellQuote.quote(vm.getName());
        } else if (vm.getUuid() != null) {
            sel = "-vm.uuid " + ShellQuote.quote(vm.getUuid());
        } else {
            return;
        }
        steps.add(step("List the VM's network devices", "govc device.ls " + sel + " 'ethernet-*'", "vsphere"));
        steps.add(step("Isolate: disconnect the network device (repeat for each ethernet-N listed)",
                "govc device.disconnect " + sel + " ethernet-0", "vsphere"));
        steps.add(step("Preserve: snapshot the VM", "govc snapshot.create " + sel + " " + tag, "vsphere"));
    }

    private static void openstack(VmRef vm, String tag, String quarantineGroup, List<ResponseStep> steps) {
        String server = vm.getUuid() != null ? vm.getUuid() : (clean(vm.getName()) ? vm.getName() : null);
        if (server == null) return;
        String s = ShellQuote.quote(server);
        steps.add(step("Record the server's current security groups", "openstack server show " + s + " -f value -c security_groups", "openstack"));
        steps.add(step("Isolate: add the quarantine security group",
                "openstack server add security group " + s + " " + ShellQuote.quoteOrVariable(quarantineGroup), "openstack"));
        steps.add(step("Isolate: remove each other security group listed above",
                "openstack server remove security group " + s + " \"$GROUP\"", "openstack"));
        steps.add(step("Preserve: image of the server", "openstack server image create --name " + tag + " " + s, "openstack"));
        steps.add(step("Preserve: snapshot each attached volume (ids from: openstack server show " + s + " -c volumes_attached)",
                "openstack volume snapshot create --force --volume \"$VOLUME_ID\" " + tag, "openstack"));
    }

    private static void unknown(VmRef vm, BindingRef binding, List<ResponseStep> steps) {
        String ip = binding == null ? null : binding.getAddress();
        if (ip != null && !ip.isBlank()) {
            String fam = ip.contains(":") ? "ip6" : "ip";
            steps.add(step("Platform unknown: block the VM's address at the network edge (Linux gateway with nftables)",
                    "nft add rule inet filter forward " + fam + " saddr " + ShellQuote.quote(ip) + " drop", "network"));
        }
        steps.add(step("Platform unknown: find the VM in your inventory and snapshot its disks before changing it", "", "manual"));
    }

    private static ResponseStep step(String action, String command, String platform) {
        return new ResponseStep(action, command, platform);
    }
}
