#!/usr/bin/env python3
"""Bootstrap classification of catalog/libvirt.yaml (hand-written rule table; see classify_common.py).

libvirt (virtqemud in the virt-launcher pod) reports its errors back to virt-launcher, which
logs them in the `reason` of its JSON lines and copies them into VMI conditions; its own log
(`error : qemuFoo:123 : <message>`) lands in the compute container log too. A `format` is the
message as printed: the prefix of its error code (`internal error: `, `unsupported
configuration: `...) + the text + `: <strerror>` for system errors. Matchers hold the text
without the code prefix.

Most of libvirt's messages are XML parsing / validation / API misuse / programming errors:
they are `benign` (a VM rejected at define time is a spec error, not a node cause) unless a
rule below says otherwise. Rules are keyed on the file (`at`) and the wording, first match
wins.

    python3 scripts/catalog/classify_libvirt.py            # classify unclassified entries
    python3 scripts/catalog/classify_libvirt.py --dry-run
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classify_common  # noqa: E402

RULES = []


def R(*a, **kw):
    classify_common.R(RULES, *a, **kw)


# ============================================================== envelopes (first)
R('wrapper', r"unable to execute QEMU command '%s': %s$|^internal error: unable to execute QEMU command '%s'$", 'QEMU refused a monitor command; the QEMU text after it decides (blockdev-add/device_add -> hotplug_failure, migrate -> migration_failure)')
R('wrapper', r"^operation failed: job '%s' failed: %s$|^operation failed: migration of disk %s failed: %s$", 'migration job envelope; QEMU\'s reason follows (see migration_failure entries)')
R('wrapper', r'^internal error: (%s: )?%s$|^%s: %s$|^operation failed: %s$|^invalid argument: %s$|^Requested operation is not valid: %s$', 'default: the message is the inner text')

# ============================================================== causes
# --- QEMU process
R('qemu_process_failure', r"QEMU unexpectedly closed the monitor|process exited while connecting to monitor|End of file from qemu monitor|^Unable to (read from|write to) monitor|Error while processing monitor IO|QEMU monitor was closed|Invalid file descriptor while waiting for monitor|Process exited prior to exec", 'QEMU died or closed its monitor (at start: the QEMU stderr that follows says why, e.g. KVM, memory, CPU); alt libvirt_failure when virtqemud itself is broken')
R('qemu_process_failure', r'cannot acquire state change lock \(held by monitor=%s\)$', 'a monitor command never returned: QEMU is hung (job held by the monitor); alt libvirt_failure')
R('qemu_process_failure', r'^internal error: guest unexpectedly quit$|guest crashed while connecting to the guest agent', 'QEMU exited under libvirt (crash/kill) while an operation was running')
R('launcher_resource_limits', r'locked memory limit for libvirtd probably needs to be raised', 'cgroup v2 device BPF map needs more locked memory than the daemon\'s memlock limit')
R('hardware_incompatibility', r'^VFIO device assignment is not available on this platform', 'no VFIO/IOMMU on this node: host devices cannot be passed through', path=r'src/util/virpci')
R('qemu_process_failure', r'^Failed to terminate process %d with SIG%s', 'QEMU does not die on SIGTERM/SIGKILL (stuck in the kernel, e.g. D state on storage or a device)')
# --- libvirt daemon
R('benign', r'cannot acquire state change lock \(held by agent=%s\)$', 'a guest-agent job (GetGuestInfo, fsfreeze) holds the lock: KubeVirt polls the agent, and a guest whose agent is slow shows this on healthy runs; the monitor and job forms say more')
R('libvirt_failure', r'cannot acquire state change lock', 'libvirt domain job lock held past the timeout (or job queue full): the daemon is wedged on this domain; a job held by the monitor alone is qemu_process_failure')
R('libvirt_failure', r'^failed to connect to monitor socket: %s$', 'virtqemud cannot connect to the QEMU monitor socket it created (socket never appeared or refused); alt qemu_process_failure when QEMU died at start')
# --- KVM / hardware
R('kvm_unavailable', r'Domain requires KVM, but it is not available', '/dev/kvm missing in the launcher (kvm module not loaded, virtualization off in BIOS, or no device plugin); on a VM node see nested_virtualization')
R('hardware_incompatibility', r"guest CPU doesn't match specification|Host CPU does not provide required features|Host CPU provides forbidden feature|Host CPU does not strictly match guest CPU|^host CPU vendor does not match required CPU vendor|CPU model %s is not supported by hypervisor$", 'the node CPU cannot provide the requested CPU model/features', path=r'src/cpu/')
R('hardware_incompatibility', r"host doesn't support (paravirtual spinlocks|passthrough of host PCI devices|VFIO PCI passthrough|legacy PCI passthrough)|^unsupported configuration: host doesn't support", 'the node lacks a hardware/kernel capability the domain asks for (IOMMU/VFIO, pv spinlocks)')
R('hardware_incompatibility', r'invariant TSC|TSC frequency', 'the node CPU cannot give the requested TSC frequency/invtsc (migration target or start)', path=r'src/qemu/qemu_process')
# --- domain definition
R('domain_definition_conflict', r"^operation failed: domain '%s' (is already defined|already exists) with uuid %s$|domain with name '%s' already exists|unexpected domain %s already exists", 'a domain of the same name/UUID is already defined in this libvirt (stale domain of an earlier run)')
R('benign', r"domain '%s' is already (active|being started|being removed)", 'a concurrent start/stop of the same domain (KubeVirt retries)')
# --- security
R('security_policy_denial', r'unable to set (socket )?security context|Unable to set SELinux context|unable create new SELinux label|unable to set SELinux security context|unable to set AppArmor profile|cannot load AppArmor profile|cannot update AppArmor profile|error calling aa_change_profile|^unable to set user and group to|Unable to relabel directory tree|Unable to label files under|Failed to set security context for monitor', 'SELinux/AppArmor/DAC labelling or profile change refused (policy denial or read-only/unsupported filesystem)')
R('security_policy_denial', r'^cannot execute binary %s: %s$', 'exec of QEMU/helper refused (EACCES: SELinux/AppArmor/noexec; ENOENT would mean a broken launcher image)')
# --- storage
R('pvc_mount_failure', r"^Cannot access (storage|backing) file '%s'", 'the disk image path is missing/unreadable in the launcher pod (PVC or hotplug volume not mounted; Permission denied -> security_policy_denial)')
# --- resource limits
R('launcher_resource_limits', r'cannot limit locked memory|Unable to change max memlock limit|Failed to adjust locked memory limit|Unable to reset maximum locked memory', 'memlock rlimit of QEMU cannot be raised (VFIO/SR-IOV/mlock need it; the launcher lacks the capability or limit)')
# --- pod network
R('pod_network_failure', r'Unable to create tap device|Unable to open %s, is tun module loaded|tun module|Unable to get tap device|^Unable to set (tap|MTU|MAC)|Unable to add bridge|Unable to create macvtap|Unable to open tap device|Unable to set vhost', 'tap/macvtap/bridge device setup for the VM NIC failed inside the pod', path=r'src/util/virnetdev|src/qemu/qemu_interface|src/hypervisor/domain_interface')
# --- hotplug
R('hotplug_failure', r'attach|detach|hotplug|hot-plug|hot plug|unplug|device_del|device_add|removal', 'device hot(un)plug failed (the VM may be left with a half-attached device)', path=r'src/qemu/qemu_hotplug\.c', kind='error')
R('consequence', r'^Unable to (remove|reset).*(after failed|on hotplug fail)', 'cleanup after a failed hotplug', of='hotplug_failure', path=r'src/qemu/qemu_(hotplug|block)\.c')
# --- migration
R('benign', r'^operation aborted: |canceled by client|cancelled by client', 'migration cancelled by the client (KubeVirt abort/cancel), not a failure cause')
R('migration_failure', r'^operation failed: (Lost connection to destination host|job .%s. (unexpectedly failed|failed in post-copy phase|failed due to I/O error|is not active)|migration of disk %s failed)|failed during post-copy|tunnelled migration failed|migration tunnel', 'live migration failed (job failed, connection to the target lost)', path=r'src/qemu/qemu_migration')
R('migration_failure', r'migrat|cookie|destination|NBD|nbd|tunnel|post-?copy|URI', 'libvirt refused or failed a migration step (domain not migratable in this configuration, cookie/URI/storage problems during a migration KubeVirt started)', path=r'src/qemu/qemu_migration', kind='error')

# ============================================================== benign areas
R('benign', r'guest agent|QEMU agent|agent (command|socket|IO)|qemu agent', 'guest agent: not a node-side cause')
R('benign', r'snapshot|checkpoint|backup|blockjob|block job|block copy|blockcopy|block commit|\bpivot\b|dump|screenshot|managed ?save|save image|saved image', 'feature not involved in a VM stuck on a node (snapshot/backup/block jobs/dump/save)')
R('benign', None, 'XML parse/format error: the domain spec is rejected at define time (a spec problem, reported by KubeVirt as a define failure), not a node cause', path=r'src/conf/(domain_conf|cpu_conf|numa_conf|domain_postparse|capabilities|storage_source_conf)\.c')
R('benign', None, 'domain validation: the spec asks for something this QEMU/libvirt does not do (rejected at define/start, not a node cause)', path=r'src/conf/domain_validate\.c|src/qemu/qemu_validate\.c')
R('benign', r'^(XML error|unsupported configuration|invalid argument|argument unsupported|Operation not supported|this function is not supported|configuration file syntax error|Requested operation is not valid): ', 'default: validation/API misuse error without cause-specific wording')
R('benign', r'^internal error: ', 'default: internal/programming error without cause-specific wording')
# --- remaining envelopes: a strerror-suffixed system error whose text names only a file or syscall
R('wrapper', r'^%s(: %s)?$', 'default: the message is the inner text')


if __name__ == '__main__':
    classify_common.main('libvirt', RULES, min_key=18)
