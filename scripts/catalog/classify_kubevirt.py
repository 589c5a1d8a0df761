#!/usr/bin/env python3
"""Bootstrap classification of catalog/kubevirt.yaml (hand-written rule table).

Applies an ordered table of hand-written rules (first match wins) to entries whose class is
`unclassified`; entries already classified (by hand or an earlier run) are never touched.
Rules were written while reading every extracted entry file by file; `why` says why. Rules
named "default:" are the fall-backs (no cause-specific wording); their `why` starts with
"default:" so they can be told apart and reviewed.

    python3 scripts/catalog/classify_kubevirt.py            # classify unclassified entries
    python3 scripts/catalog/classify_kubevirt.py --dry-run  # print what would change
"""
from __future__ import annotations

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classify_common  # noqa: E402

RULES = []


def R(*a, **kw):
    classify_common.R(RULES, *a, **kw)


# ============================================================== explicit, cause-proving (first)
# --- envelopes that carry the real error: always wrappers, whatever words they contain
R('wrapper', r'^server error\. command %s failed: %q$', 'cmd-client envelope of every launcher command error (<=v1.8); match the inner text')
R('wrapper', r'^command %s failed with %s: %w$', 'cmd-client envelope (main 2026); match the inner text')
R('wrapper', r'^Synchronizing the VirtualMachineInstance failed\.$', 'virt-handler sync envelope; the error is in the log "reason" field')
R('wrapper', r'^Failed to sync vmi$', 'virt-launcher SyncVMI envelope; the libvirt/QEMU error is in the "reason" field (domain define/start failures land here)')
R('wrapper', r'^Error creating pod: %v$', 'pod create API error envelope (quota -> launcher_resource_limits, PodSecurity -> security_policy_denial)')
R('wrapper', r'^failed to create virtual machine pod: %v$', 'Synchronized=False FailedCreate envelope; the API error decides')
R('wrapper', r'^failed to create vmi migration target pod: %v$', 'target pod create envelope; the API error decides (quota, PodSecurity)')
R('wrapper', r'^failed to render launch manifest', 'manifest render envelope (inner e.g. "didn\'t find PVC")')
R('wrapper', r'^Defining the VirtualMachineInstance failed\.$', 'libvirt define error in the "reason" field decides (XML error, already exists, CPU model)')
R('wrapper', r'^Failed to start VirtualMachineInstance with flags', 'libvirt CreateWithFlags error in the "reason" field decides (QEMU start failure, CPU feature, KVM)')
R('wrapper', r'^(Conversion failed\.|failed to generate libvirt domain from VMI spec|pre start setup for VirtualMachineInstance failed\.)$', 'launcher start-path envelope; inner error decides')


# --- review fixes (second pass over the defaults)
R('libvirt_failure', r'^failed to connect to virtqemud: %v$', 'virt-launcher panics: cannot connect to its virtqemud (libvirt daemon in the pod)')
R('hotplug_failure', r'^failed to hot-plug (SR-IOV interfaces|host-devices)|^failed to update (Guest Memory|vCPUs)', 'device/CPU/memory hotplug failed')
R('migration_failure', r'^failed to finalize migration: %v$', 'migration finalization on the target failed')
R('benign', r'guest time|^Stopping VM$|^Starting VM( as receiver)?$|local minima|^unreachable$|^Unknown object$', 'guest time sync / progress text / internal assertion')
R('hardware_incompatibility', r'^Migration cannot proceed since no node is suitable to run the required CPU model|host-model cpu that is included in ObsoleteCPUModels', 'no node offers the VM\'s CPU model/features (or the host-model is obsolete)')
R('consequence', r'^cannot start the VM since it has the manual recovery required', 'VM needs manual recovery after a failed post-copy migration', of='migration_failure')
R('consequence', r'^VMI is missing the Ready condition$', 'VM-level restatement of the VMI state', kind='condition')
R('consequence', r'^VMI is marked for eviction$', 'drain/eviction requested; if no migration follows see migration_failure', kind='condition')
R('consequence', r'^SELinux context not set on VMI status$', 'launcher never reported its SELinux context (launcher not running yet)', of='launcher_not_ready')
R('consequence', r'^Failed to delete (virtual machine pod|WaitForFirstConsumer temporary pod) %s$', 'pod delete API call failed; the API/webhook error decides')
R('consequence', r'^backoff migrating vmi', 'migration retried with backoff after earlier failures', of='migration_failure')
R('migration_failure', r'^the vmi migrated to an unknown host$|^the domain was never observed on the taget after the migration', 'migration result inconsistent (log of the same event)')
R('consequence', r'^virt-launcher reached an irrecoverable error\.', 'launcher gave up; the preceding launcher error decides')
R('consequence', r'^target migration listener is not up for this vmi$|^waiting for target to publish migration ports$', 'migration target not ready yet; persistent = migration stuck', of='migration_failure')
R('node_network_failure', r"^\S+ present but doesn't have an IP$|^no IP found on \S+$", 'dedicated migration network interface of virt-handler has no IP (node network / NAD)')
R('consequence', r'^kernel artifacts verification failed$', 'kernel-boot container artifacts not mounted (container not running)', of='launcher_not_ready')
R('consequence', r'^(no file found in folder %s, no disk present|more than one file found in folder %s, only one disk is allowed)$|^could not determine disk file in', 'containerDisk/ImageVolume image has no or several disk files: bad image content (not a node cause)')
R('pod_network_failure', r'^failed to allocate SR-IOV PCI address for network', 'SR-IOV VF for the network not allocated to the pod')
# ============================================================== areas unrelated to a VM stuck on a node
R('benign', None, 'feature not involved in a VM getting stuck on a node (snapshot/restore/export/clone/backup/pool/replicaset/admission)', path=r'pkg/storage/(snapshot|export|cbt|admitters|memorydump|nbdclient|oci)/|pkg/virt-controller/watch/(clone|pool|replicaset|snapshot|export|backup)/|pkg/virt-launcher/virtwrap/storage/(backup|backup_tunnel|cbt|nbd_client|memoryDump)|pkg/virt-handler/(cbt\.go|rest/)|pkg/virt-controller/watch/(workload-updater|topology|dra|descheduler)/|pkg/virt-launcher/virtwrap/(agent-poller|access-credentials|agent)/|pkg/virt-handler/(ksm|dmetrics-manager|vsock)|pkg/virt-handler/ksm\.go|pkg/virt-launcher/virtwrap/plugins/cel/|cmd/virt-launcher-monitor/.*istio|pkg/storage/backend-storage/.*(label|patch)')
# --- image cache / container disk content
R('image_cache_corruption', r'^checksum mismatch$|^checksum error for (volume|kernel image|initrd image)', 'container disk content differs from the digest recorded at start: corrupt/replaced local image; alt: tag re-pushed (use digests)')
R('image_cache_corruption', r'^Aborting migration as the source and target containerdisks/kernelboot do not match$', 'target node has different container-disk bits than the source: local image cache (or a moved tag); migration is the stage, not the cause')
R('image_cache_corruption', r'^invalid image in containerDisk %v: %v$', 'qemu-img rejects the disk inside the containerDisk image (corrupt layer); alt: image built wrong')
R('launcher_not_ready', r'^(containerdisk %s|kernelboot container) still not ready after one minute$', 'container-disk container of the launcher pod not running; typically its image is not pulled (check ErrImagePull: image_pull_failure)')
R('consequence', r'^waiting for containerdisks$|^disk container is gone$|^cannot compute checksums as containerdisk/kernelboot containers seem to have been terminated$|^missing checksum$|^checksum missing for', 'container-disk container not (or no longer) running; see its container state', of='launcher_not_ready')

# --- launcher pod / command socket
R('launcher_not_ready', r'^No command socket(dir)? (found )?for vmi|^No pod dir found for vmi|^Found multiple sockets for vmi', 'launcher cmd socket missing: compute container not started or crashed')
R('launcher_not_ready', r'^unable to create virt-launcher client connection: %v$', 'virt-handler cannot reach the launcher command server; inner text may be more specific')
R('launcher_not_ready', r'detected unresponsive virt-launcher command socket|^Can not update a VirtualMachineInstance with unresponsive command server\.$|^Domain has Unknown status \(virt-launcher unreachable\)|preserving domain with Unknown status|^Unable to mark vmi as unresponsive socket', 'launcher command server unresponsive')
R('launcher_not_ready', r'^failed to detect isolation for launcher pod', 'virt-handler cannot find the launcher process/socket in the pod (compute container not running); vocabulary also lists container_runtime_failure')
R('launcher_not_ready', r'^Failed to start virt-launcher cmd server$|^failed to connect to cmd server: %v$|^could not check cmd server version', 'launcher command server did not come up')
R('launcher_not_ready', r'^(virt-launcher pod has not yet been scheduled|virt-launcher pod is missing the Ready condition)$', 'VMI Ready=False from the launcher pod state', kind='condition')
R('consequence', r'^Guest VM is not reported as running$', 'Ready=False GuestNotRunning: normal for seconds at start; when it persists the launcher/QEMU start failed elsewhere', of='launcher_not_ready', kind='condition')
R('consequence', r'^timed out waiting for domain to be defined$', 'virt-launcher never got SyncVMI from virt-handler; look at handler sync errors (virt_handler_failure or the sync error)')
R('consequence', r'^dirty virt-launcher shutdown: exit-code %d$', 'launcher exited non-zero; the reason is in earlier launcher/QEMU lines')
R('consequence', r'^received early exit signal$', 'launcher asked to exit before the domain started (pod deleted or failed)')

# --- security
R('security_policy_denial', r'it needs a privileged namespace to run', 'PodSecurity admission: namespace lacks the privileged label needed by the launcher pod')
R('security_policy_denial', r'selinux context to|^error relabeling (file|required files)|^failed to install (virt-launcher selinux )?policy|could not find .semodule. binary|SELinux context for %s|^VMI (is missing|has invalid) SELinux context|^could not retrieve pid %d selinux label', 'SELinux relabel/policy/context failure')
R('security_policy_denial', r'^Failed to install Kubevirt Seccomp profile', 'seccomp profile could not be installed on the node')
R('security_policy_denial', r'Not authorized to create DataVolume|not authorized to create DataVolume', 'RBAC denial (not SELinux): the VM owner may not create the DataVolume; nearest runbook cause')
R('benign', r'^Permissive mode, ignoring|continuing since selinux is permissive', 'permissive SELinux: logged and ignored')

# --- KVM / hypervisor device
R('kvm_unavailable', r'kvm not present and emulation is not allowed|^hardware emulation device .%s. not present|^failed to stat hypervisor device|something happened during opening kvm file|^MSHV not present$|file ownership for /dev/kvm', '/dev/kvm (hypervisor device) missing in the launcher/node; alt: nested_virtualization on a VM node')
R('kvm_unavailable', r"^device '%s' is not present, the device plugin can't expose it\.$", 'device plugin cannot find /dev/kvm (or tun/vhost-net): node lacks the virtualization device; check which device')
R('kvm_unavailable', r"In-kernel virtio-net device emulation '/dev/vhost-net' not present", 'vhost-net device missing on the node (kernel module); same mitigation family as /dev/kvm')
R('benign', r'^VM running with software emulation', 'informational condition (cross-arch emulation requested)', kind='condition')

# --- hardware / CPU model
R('hardware_incompatibility', r'host-model cpu mode is not supported|does not allow migration with host-model|does not contain lab(a|e)l "[^"]*" with information|^unable to locate host cpu model|node-labeller could not load (host dom capabilities|supported features)', 'node CPU model / capabilities do not support the requested CPU mode')
R('hardware_incompatibility', r'^EFI OVMF roms missing for booting in EFI mode|does not support the Secure Boot setting', 'requested firmware/confidential-computing mode not supported by this node/launcher build')
R('hardware_incompatibility', r'requires SMMUv3 on the host|^IOMMUFD not supported on this node|requires PCIe placement support on architecture', 'host lacks the required hardware feature')
R('hardware_incompatibility', r"^Unable to use '%s' cache mode, file system where %s is stored does not support direct I/O$", 'the storage filesystem lacks O_DIRECT for the requested cache mode (storage compatibility)')
R('hardware_incompatibility', r'^required emulator binary not found', 'requested guest architecture has no emulator on this node/launcher')

# --- node network (migration traffic between nodes)
R('node_network_failure', r'^unable to create outbound leg of proxy to host$|^error encountered copying data (to outbound|into inbound) connection$', 'migration proxy cannot reach/keep the connection to the other node (node-to-node network); inner error in "reason"')

# --- pod network
R('benign', r'^(bridge interface is not enabled in kubevirt-config|slirp interface is deprecated)|^no Slirp network binding plugin image is set', 'admission-time validation / informational default')
R('migration_failure', r'^cannot migrate VMI which does not use masquerade', 'VMI not migratable (binding): evacuation cannot move it off the node')
R('benign', r'^Migration failed due to being canceled$|^Migration failed because vmi does not exist\.$|^Migration failed vmi shutdown during migration\.$|^Unable to migrate vmi because vmi is shutdown\.$|^vmi does not exist$', 'migration ended by user cancel / VMI stop: not a failure cause')
R('consequence', r'^VirtualMachineInstance is aborting migration\.$', 'abort in progress after a migration failure/timeout', of='migration_failure')
R('benign', r'^(Created|Deleted) (attachment pod|hotplug trigger pod)|^Created migration target pod|^Deleted canceled target pod', 'Normal progress event')
R('pod_network_failure', r'virt-launcher crashed due to a network error|^preparing the pod network failed|^failed to configure vmi network|^failed to configure pod network|^setup failed|^failed setup pod network|^failed plugging phase[12]|pod link \(%s\) is missing|MY_POD_IP doesn.?t exists?|network-status annotation is not present|^failed to (find network-status entry|associate pci-address|find device-info/pci-address)|SR-IOV network|no SR-IOV networks to PCI-Address mapping|requires Multus meta-cni|no gateway address found in routes|less than 4 addresses on network|network attachment definition|network binding plugin|configuration for network bindi|preparation for networks %v cannot be restarted|network preparation cannot be restarted|network %s preparation cannot be restarted|failed to set up (tun|vhost-net) device', 'pod network / binding setup failed inside the launcher pod')
R('pod_network_failure', r'DHCP|dhcp', 'in-pod DHCP server for the guest failed', path=r'pkg/network/')
R('pod_network_failure', r'tap device|bridge|nat rules|ip nat|ip forwarding|routing of local|arp_ignore|mac learning|TX offload|tx offload|dummy interface|rename interface|link (up|down)|bring link|passt|nftable|nfrule|ping group|unprivilegedPortStart|setup link|add IP address|delete IP address|mac source link|type collision on link|ipv%s is configured|ipv[46] is configured|address for interface|ip address for|a link for interface|routes for', 'pod network plumbing (bridge/tap/NAT/passt) failed in the launcher pod', path=r'pkg/network/')
R('hotplug_failure', r'libvirt failed to (attach|detach) interface|libvirt failed to set link state|hot\{un\}plug network interfaces|failed unplug pod networks', 'NIC hotplug/unplug failed')

# --- libvirt
R('libvirt_failure', r'^Connection to libvirt lost\.?$|^cannot connect to libvirt daemon|^Listening to libvirt events failed|^failed to start (virtqemud|virtlogd)$|^(virtqemud|virtlogd) exited, restarting$|callback with libvirt$|^Libvirt reconnect, domain', 'libvirt daemon in the launcher pod lost/restarted/unreachable (a single restart on shutdown is noise)')
R('consequence', r'^Re-registered domain and agent callbacks for new connection$', 'printed after a libvirt reconnect', of='libvirt_failure')

# --- domain definition
R('domain_definition_conflict', r"had to delete stale domain \(UID %s\) that didn't match current VMI|^detected stale domain from ghost record$|ghost record when entry already exists with differing", 'stale domain/ghost record of an earlier VMI with the same name')
R('domain_definition_conflict', r'^spec and domain have different disks count$|^disk %s: spec has (DataStore )?file source but domain is missing it$', 'domain XML does not match the VMI spec')
R('domain_definition_conflict', r'^No space left on the root PCI bus\.$|insufficient bus numbers for NUMA-aligned PCIe topology', 'domain cannot be built: PCI topology exhausted by the VM definition (not node disk space)')

# --- QEMU
R('qemu_process_failure', r'^The VirtualMachineInstance crashed\.$', 'domain stopped with reason crashed (QEMU died); alt launcher_resource_limits when the compute container was OOMKilled')
R('qemu_process_failure', r'^no QEMU process found under process %d child processes$', 'launcher has no QEMU child')
R('qemu_process_failure', r'^Unable to stop qemu with libvirt$|^Unable to kill PID %d$', 'QEMU does not die on shutdown: hung (D state, often on storage I/O)')
R('storage_backend_unreachable', r'^VMI was paused, (low-level IO error detected|IO error)$|^VM Paused due to IO error at the volume', 'QEMU paused the guest on a disk I/O error: storage backend; alt node_storage_insufficient/thin pool full')
R('node_storage_insufficient', r'^VM Paused due to not enough space on volume', 'ENOSPC on the volume backing the disk (the volume or the node filesystem holding it is full)')
R('benign', r'^VMI was paused by (user|the migration monitor)$', 'intentional pause (user / post-copy migration monitor)')

# --- migration
R('migration_failure', r'^Live migration (stuck|failed)|^live migration stuck|^Aborting migration: (stuck|not completed)|^aborting migration: %s$|Live migration abort detected|^migration failed with error|MigrateToURI3|^Received a live migration error|^failed to start post-?copy migration|^failed to start post migration|^migration abort timed out waiting for libvirt$|^failed to abort migration$|^failed to cancel migration$|^migration monitor failed|^failed to finalize migration$|^Failed to migrate vmi$|^Failed to prepare migration target pod$|^syncing migration target failed|^failed to handle (post sync )?migration proxy|^Failed to update target node qemu memory limits during live migration$', 'live migration failed/aborted/stuck')
R('migration_failure', r'migration uid %s failed|^The VirtualMachineInstance migrated to unknown host\.$|domain was never observed on the target|decentralized migration failed|^Migration failed (because|vmi shutdown|due to)|^Migration target pod was removed|migration state was (cleared|taken over)|^source node reported migration failed$|reported migration failed$|shutdown during migration|^target pod disappeared during migration$|^vmi migration state cleared during migration$|migration state was taken over by another migration object|^Migration timeout waiting for utility volumes|^Migration target pod for VMI \[%s/%s\] is currently unschedulable\.$|pending pod timeout period|^Unable to migrate vmi because vmi is shutdown\.$|VirtualMachineInstance is aborting migration\.', 'migration failed (controller/handler view)')
R('migration_failure', r'^cannot migrate VMI|^cannot migrate the VM(I)?[.:]|EvictionStrategy is set but vmi is not migratable|^VirtualMachineInstance is not migrateable$|^cannot migrate the volumes as the VMI isn|is RWO and not included in the migration volumes|^can not proceed with the migration when no reproducible image digest|^cannot migration VMI until|^cannot migrate VMI until|^unsupporting gpu type for migration|^the migrating vmi should only have one vGPU|vGPU live migration', 'VMI not migratable: evacuation/drain cannot move it off the node')
R('benign', r'another migration job is (in progress|running)|inelgible for migration because another|ont eligible for migration because another job', 'concurrency guard: the other migration decides')

# --- hotplug
R('hotplug_failure', r'hotplug volume|hotplug disk|hotplug mount|^waiting for hotplug mount$|^unable to find source disk image path for pod|^unable to find hotplug mounted directories|hotplugged disks|^Unable to hotplug|^Unable to trigger hotplug population|hotplug population trigger pod|attachment pod|^utility volume %s references PVC %s which does not exist$', 'volume hotplug failed (attachment pod or node-side mount)')
R('hotplug_failure', r'^failed to (detach|attach) host-devices?|^failed to detach hostdev|^failed to wait for host-devices detach|^failed to encode \(xml\) host-?dev', 'host-device hotplug failed')
R('hotplug_failure', r'^memory hotplug failed|^failed to update guest memory$|^failed to change vCPUs$|^Failed update VMI (vCPUs|guest memory)$|^(number of requested VCPUS|amount of requested guest memory).*exceeds|^(attaching|detaching|updating) (virtio-mem )?device$|^marshalling (attached|detached|updated) disk failed$|^marshalling target virtio-mem failed$|^Error encountered while handling (volume hotplug requests|declarative hotplug volumes|CPU change request)|^error encountered while handling memory hotplug requests', 'CPU/memory/disk hotplug failed')
R('benign', r'^another (CPU|memory) hotplug is in progress$|hotplug is not allowed while VMI is migrating$|^hot-plug host-devices is in progress$|^VirtualMachineInstance (paused|unpaused|reset|soft rebooted)$', 'API-level refusal / normal operation')

# --- PVC / DataVolume
R('pvc_mount_failure', r'^PVC pending$|^PVC %s/%s does not exist, waiting|^didn.t find PVC|^claim %s not found$|^backend storage PVC lost$|^pvc %s not found in namespace|without backend-storage PVC|^no (default )?storage class|^storage class %s not found$|backend VM storage requires a backend storage class|^no backend PVC when there should be one$|^no non-terminating PVCs? found$|^Source PVC %s not available|^neither found block device nor regular file for volume|^found %v, but it.s not a (block device|regular file)$|^Error determining if volume is ready|^target PVC not found for migration|^no backend-storage PVC found in VMI volume status$', 'PVC missing/pending/lost or not presented to the launcher pod')
R('consequence', r'^DataVolume %s is in Failed phase$|^DataVolume %s failed to import disk image$', 'DataVolume import failed; the CDI importer log says why (DNS/dial -> node_network_failure, 404/unauthorized -> image_pull_failure)')
R('wrapper', r'^DataVolume %s importer (has stopped running|is not running) due to an error', 'carries the importer pod\'s error')
R('launcher_resource_limits', r'^DataVolume %s exceeds quota limits$', 'namespace ResourceQuota blocks the DataVolume/PVC')
R('launcher_resource_limits', r'^failed to guarantee pod resources$', 'launcher pod did not get Guaranteed QoS (LimitRange/mutating webhook changed its resources) for dedicated CPUs')

# --- virt-handler / components
R('virt_handler_failure', r'^Domain notify server (exited unexpectedly|reached max consecutive failures)|^Unexpected err encountered with Domain Notify aggregation server$|^notify server exited with error$', 'virt-handler domain notify server down: handler stops seeing domain events')
R('virt_handler_failure', r'virt-handler (on node %s )?is not responsive|virt-handler is not present, there are orphaned vmis', 'virt-handler heartbeat missing / no handler on the node (alt: node_not_ready when the whole node is down)')
R('virt_handler_failure', r'^Error (searching for namespace|preparing the certificate manager|constructing migration tls config)|^exiting due to error$', 'virt-handler cannot start', path=r'cmd/virt-handler/')
R('virt_handler_failure', r"^Can't patch node %s$|^Failed to set node %s unschedulable$", 'virt-handler heartbeat cannot patch its node (handler-to-API problem); alt node_network_failure', path=r'heartbeat')

# --- virt-api (admission webhooks and subresources: what `kubectl`/`virtctl` print back)
R('migration_failure', r'^in-flight migration detected\. Active migration job', 'a migration of the VMI never ended: virt-api refuses a new one while it is in flight', path=r'pkg/virt-api/')
R('migration_failure', r'^VM recovery required: Volume migration failed', 'a volume migration failed and left volumes on inconsistent targets; the VM cannot start until it is fixed', path=r'pkg/virt-api/')
R('consequence', r'^cannot update( CPU sockets)? while (another CPU change|VMI migration) is in progress', 'an update refused while a migration or CPU change is under way', of='migration_failure', path=r'pkg/virt-api/')
R('consequence', r'^(unable to add volume since )?a remove volume request for volume \[%s\] already exists and is still being processed$', 'a hotplug request refused while an earlier one is still being processed', of='hotplug_failure', path=r'pkg/virt-api/')
R('wrapper', r'^Cannot migrate VMI, Reason: %s, Message: %s$', 'the migration admitter quotes the VMI condition that forbids migrating; that text decides', path=r'pkg/virt-api/')
R('benign', r'.', 'default: virt-api REST/webhook validation or programming error; not a node-side cause', path=r'pkg/virt-api/')

R('benign', r'istio|Screenshot|screenshot|SEV|launch measu|guest agent|guest info|user list|file systems|fsfreeze|freeze|VNC|serial console|USB|usbredir|VSOCK|vsock|backup|Backup|RedefineCheckpoint|checkpoint info|memory dump|Memory dump|Dump vmi memory|dirty rate|DownwardMetrics|downwardMetrics|ksm|KSM|tsc|TSC', 'auxiliary feature (console, agent, freeze, backup, stats); not a cause of a stuck VM')
R('benign', r'QEMU agent|agent not configured|GuestPanicked|Guest panic', 'guest agent / guest OS state, not a node-side cause')

# ============================================================== generic wrappers and defaults
R('wrapper', r'^%[vsw]$', 'default: the message is the inner error (dynamic); match it in turn')
R('wrapper', r'(: ?|, |err:? |error:? |Reason: |with error: |\. |; |-> |\()%[-+#]?[vsqw]\)?\.?\s*$|%[vw]$|\(%v\)$|, output: %s$|err: %v, output: %s$|%v: .%v.$|%v : %v$', 'default: outer text is generic, the inner %v/%w error decides')



if __name__ == '__main__':
    classify_common.main('kubevirt', RULES)
