#!/usr/bin/env python3
"""Bootstrap classification of catalog/kubelet.yaml (hand-written rule table; see classify_common.py).

The kubelet is where a VM's launcher pod meets its node: volumes are attached and mounted
(operationexecutor, CSI, mount-utils), images pulled, containers created through the CRI,
resources admitted (device/CPU/memory/topology managers) and pods evicted. Messages are
classed by the cause they prove; the operationexecutor envelopes ("MountVolume.SetUp failed
for volume %q : <err>") are what the runbook calls a mount failure, so they carry
pvc_mount_failure, and the inner error (a CSI driver not registered, a mount(8) output) is
matched in turn. Rules were written while reading the entries file by file (first match wins).

    python3 scripts/catalog/classify_kubelet.py            # classify unclassified entries
    python3 scripts/catalog/classify_kubelet.py --dry-run
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classify_common  # noqa: E402

RULES = []


def R(*a, **kw):
    classify_common.R(RULES, *a, **kw)


OE = r'pkg/volume/util/operationexecutor/'

# ============================================================== envelopes first
R('wrapper', r'^(Error|Allocate failed due to %v, which is unexpected|Update plugin resources failed due to %v, which is unexpected\.|GeneralPredicates failed due to %v, which is unexpected\.|Unexpected error while attempting to recover from admission failure): ?%v\.?$',
  'admission / container-start envelope; the inner error decides')
R('wrapper', r'due to %v, which is unexpected\.?$', 'admission envelope (device/topology/predicate plugin error inside); the inner error decides')
R('consequence', r'^back-off %s restarting failed container=%s pod=%s$', 'CrashLoopBackOff error text: the container\'s own error (its log/termination message) decides')
R('wrapper', r'^Failed to create pod sandbox: %v$', 'RunPodSandbox envelope: CNI errors inside -> pod_network_failure, runtime errors -> container_runtime_failure')
R('wrapper', r'^Unable to get pod sandbox status: %v$|^Failed to prepare dynamic resources: %v$|^Internal Pre(Create|Start)Container hook failed: %v$', 'CRI/DRA envelope; the inner error decides')
R('wrapper', r'^(unable to ensure pod container exists|failed to ensure that the pod: %v cgroups exist and are correctly applied|error making pod data directories|error killing pod|pod cannot be run|error determining status): %[vsw]$', 'kubelet sync envelope; the inner error decides')
R('wrapper', r'^%s is not healthy: %v$', 'runtime health envelope ("PLEG is not healthy: ..."); the inner text decides')
R('wrapper', r'^Failed to inspect image %q: %v$', 'image inspect envelope; the runtime error inside decides')
R('wrapper', r'^container %q in pod %q is waiting to start: %v$', 'kubectl logs answer for a waiting container; the waiting reason inside decides')
R('wrapper', r'^(error processing PVC %s/%s|failed to fetch PVC from API server|failed to fetch PV %s from API server): %v$', 'volume populator envelope: the API error inside decides (a missing PVC reads "not found")')

# --- operationexecutor templates: "<op> failed for volume %q (UniqueName...) : <err>"
R('volume_attach_timeout', r'^(AttachVolume\.Attach|MountVolume\.WaitForAttach|MapVolume\.WaitForAttach) failed for volume %q %v$',
  'FailedAttachVolume / WaitForAttach: the volume never became attached to the node (VolumeAttachment); alt storage_backend_unreachable when the inner error is a CSI ControllerPublish timeout')
R('consequence', r'^Volume not attached according to node status for volume %q %v$',
  'kubelet waits for the attach/detach controller: logged during every attach for a few seconds; persistent means the attach did not complete', of='volume_attach_timeout', path=OE)
R('consequence', r'^Volume has not been added to the list of VolumesInUse in the node', 'transient step of every controller attach; persistent only when attach is stuck', of='volume_attach_timeout')
R('wrapper', r'^(MountVolume\.(SetUp|MountDevice|NewMounter initialization|FindPluginBySpec|NodeAffinity check|MountOptionSupport check|GetDeviceMountPath|Setup failed while expanding volume|GetDeviceMountPath failed for expansion)|MapVolume(\.(SetUpDevice|MapPodDevice|MapBlockVolume|NewBlockVolumeMapper initialization|FindMapperPluginBySpec|NodeAffinity check|EvalHostSymlinks|GetGlobalMapPath))?) failed',
  'FailedMount / FailedMapVolume envelope: the error after the volume name decides (healthy pods show it too, for a projected token volume whose "object ... not registered"); the hand-written pvc-mount rules read the FailedMount event', path=OE)
R('wrapper', r'^(UnmountVolume\.TearDown|UnmountDevice|UnmapVolume\.(UnmapBlockVolume|UnmapPodDevice)|UnmapDevice(\.TearDownDevice)?) failed for volume %q %v$',
  'volume teardown envelope: the inner error decides the storage side', path=OE)
R('pvc_mount_failure', r'^volume uses the ReadWriteOncePod access mode and is already in use by another pod$', 'RWOP volume already mounted by another pod: this pod cannot mount it')
R('pvc_mount_failure', r'^the device mount path %q is still mounted by other references|^the device %q is still referenced from other Pods', 'device still in use at teardown: unmount/unmap blocked')
R('wrapper', r'^(operationExecutor\.\w+ failed \(controllerAttachDetachEnabled %v\)|volumeHandler\.UnmountVolumeHandler for UnmountVolume failed|operationExecutor\.ExpandInUseVolume failed) for volume %q %v$', 'reconciler envelope around the operation error; the operation text decides')
R('benign', r'^(\w+\.)?Mark\w+ failed|^MountDevice\.Mark|^MarkDeviceAsUnmounted failed', 'actual-state-of-world bookkeeping after an operation (internal)', path=OE)
R('benign', r'NodeExpand|[Ee]xpand|resize', 'online volume expansion: does not keep a VM from running (FileSystemResizeFailed is reported on the PVC)', path=r'pkg/volume/util/(operationexecutor|resize_util)')
R('wrapper', r'^(DetachVolume|UnmountVolume|UnmountDevice|UnmapVolume|UnmapDevice|VerifyControllerAttachedVolume|VolumesAreAttached|AttachVolume|GetDeviceMountPath|GetDeviceMountRefs check|error cleaning subPath mounts|PathIsDevice|DeviceOpened)\b.* for volume %q %v$',
  'volume operation envelope without a mount/attach failure of its own; the inner error decides', path=OE)

# --- volume manager: waiting for attach/mount
R('volume_attach_timeout', r'^Unable to attach or mount volumes: %v$', 'FailedMount "Unable to attach or mount volumes: unmounted volumes=[...]: timed out waiting for the condition": the pod\'s volumes were not attached/mounted in time; the earlier MountVolume/AttachVolume event names the failing step (pvc_mount_failure when it is a mount)')
R('volume_attach_timeout', r'^unmounted volumes=%v, unattached volumes=%v', 'the inner text of "Unable to attach or mount volumes": volumes still unattached/unmounted when the wait timed out')
R('consequence', r'^mounted volumes=%v: %[sw]$', 'pod termination waits for its volumes to be unmounted (teardown stuck); the Unmount* error decides', of='pvc_mount_failure')
R('benign', r'^Unable to attach or mount volumes for pod; skipping pod$', 'log twin of the FailedMount event with the error in the err= field', kind='log')
R('pvc_mount_failure', r'^PVC is being deleted$|^PVC is not bound$|^PVC has empty pvc\.Spec\.VolumeName$|but it has a nil pv\.Spec\.ClaimRef|does not point to claim\.UID', 'the pod\'s PVC is not (or no longer) bound to a PV: the kubelet will not mount it (PVC Pending/Lost)')
R('pvc_mount_failure', r'waiting for unmount of volume %q, because it is already mounted to a different pod with a different SELinux label|^conflicting SELinux labels of volume', 'volume mounted with another pod\'s SELinux label: cannot be mounted for this pod (alt security_policy_denial)')
R('benign', r'SELinux|please report this error', 'SELinux mount-option bookkeeping / bug report hint', path=r'pkg/kubelet/volumemanager/')

# --- CSI
R('storage_backend_unreachable', r'^driver name %s not found in the list of registered CSI drivers$', 'the CSI node plugin is not registered with this kubelet (driver pod down on the node)')
R('volume_attach_timeout', r'^timed out waiting for external-attacher of %v CSI driver to %v volume %v$|^attachdetachment timeout for volume %v$', 'the CSI external-attacher did not attach the volume in time (VolumeAttachment not attached)')
R('volume_attach_timeout', r'^volume %v is not attached for volume attachment %v$', 'VolumeAttachment reports attached=false')
R('consequence', r'^volume attachment (is being|has been) deleted$|^volume attachment watch channel had been closed$', 'VolumeAttachment removed/watch lost while waiting for attach', of='volume_attach_timeout')
R('wrapper', r'^volume %v has GET error for volume attachment %v: %v$|^watch error:%v for volume %v$', 'VolumeAttachment API error; inner decides')
R('consequence', r'^CSINode is not yet initialized$|^failed to initialize CSINode: %v$|^Failed to initialize CSINode: %v$', 'kubelet could not publish CSINode (API problem at startup); CSI mounts wait for it', of='storage_backend_unreachable')
R('benign', r'^error (adding|updating|uninstalling|removing|getting|while)|^failed (to parse|while trying)|^detected topology value collision|attach limit', 'CSI node-info bookkeeping; a driver that failed to register shows as "not found in the list of registered CSI drivers"', path=r'pkg/volume/csi/nodeinfomanager/')

# --- mount-utils: mount(8) output
R('pvc_mount_failure', r'^[Mm]ount failed: %v\s+Mounting command: %s\s+Mounting arguments: %s\s+Output: %s', 'mount(8) failed; its output (after "Output:") names the reason (e.g. NFS server unreachable -> storage_backend_unreachable, wrong fs type)')
R('pvc_mount_failure', r'^unmount failed: %v\s+Unmounting arguments: %s\s+Output: %s$', 'umount(8) failed: teardown blocked, pod stays Terminating')
R('pvc_mount_failure', r'^format of disk %q failed: type:', 'mkfs of the volume failed before mount')
R('pvc_mount_failure', r'^fsck on device %s failed with error %v, output: %v$', 'fsck of the volume failed before mount (filesystem damaged)')
R('consequence', r'^Potential stale file handle detected', 'stale NFS handle: the backend export changed or went away', of='storage_backend_unreachable')
R('benign', r"^'fsck' not found on system|^Configured to mount disk %s as %s but current format is %s|^Warning: |^Could not determine if disk %q is formatted|GetMountRefs found corrupted mount", 'informational warning of the mount helper')

# --- volume plugins (configmap, secret, projected, hostPath, emptyDir, local)
R('benign', r'references non-existent (config|secret) key|^Couldn.t get (configMap|secret)|^cannot setup projected volume|ClusterTrustBundle', 'a configMap/secret volume refers to missing data (user configuration); the FailedMount envelope is the mount failure', path=r'pkg/volume/(configmap|secret|projected|downwardapi)/')
R('consequence', r'^hostPath type check failed: %s is not a', 'hostPath volume does not have the declared type on this node; the FailedMount envelope says mount failed')
R('security_policy_denial', r'^failed to set selinux label for %q: %v$', 'SELinux relabel of a hostPath volume failed')
R('benign', r'^orphaned pod %q found|^Orphaned pod found|^Failed to remove orphaned pod|^There were many similar errors|^volumes subdir was found after it was removed$|^Failed cleaning up orphaned', 'orphaned pod directory cleanup: routine noise on healthy nodes')

# ============================================================== admission / resources
R('node_resource_exhaustion', r"^Node didn't have enough resource: %s, requested: %d, used: %d, capacity: %d$", 'kubelet admission rejected the pod (OutOf<resource>): the node has not enough allocatable left (ephemeral-storage variant: node_storage_insufficient)')
R('consequence', r'^Predicate %s failed(: %s)?$', 'kubelet admission predicate failed (NodeAffinity after the node lost its kubevirt.io/schedulable label = virt-handler down; taints); the predicate name decides')
R('node_resource_exhaustion', r'^Resources cannot be allocated with Topology locality$', 'TopologyAffinityError: not enough CPUs/memory/devices on one NUMA node for the pod (alt hardware_incompatibility when the node can never satisfy it)')
R('node_resource_exhaustion', r'^not enough cpus available to satisfy request|^SMT Alignment Error: not enough free physical CPUs', 'CPU manager cannot allocate the dedicated CPUs the launcher asks for (UnexpectedAdmissionError)')
R('consequence', r'^SMT Alignment Error: requested %d cpus not multiple cpus per core', 'VM CPU count vs the kubelet full-pcpus-only policy: the pod is rejected on this node (configuration)')
R('node_resource_exhaustion', r'^\[memorymanager\] failed to get the default NUMA affinity, no NUMA nodes with enough memory is available$', 'memory manager: no NUMA node has the memory (hugepages) the pod requests')
R('consequence', r'^requested number of devices unavailable for %s\. Requested: %d, Available: %d$', 'device plugin resource exhausted on the node; which one is in %s: devices.kubevirt.io/kvm -> kvm_unavailable, devices.kubevirt.io/tun|vhost-net -> node/KubeVirt device plugin, GPUs/SR-IOV -> capacity')
R('consequence', r'^(no healthy devices present; cannot allocate unhealthy devices|previously allocated devices are no longer healthy; cannot allocate unhealthy devices|cannot allocate unregistered device|can.t allocate unregistered device) %s$|^unknown Device Plugin %s$', 'device plugin resource unhealthy/unregistered (KubeVirt\'s device plugins live in virt-handler: kvm/tun/vhost-net); the resource name decides')
R('consequence', r'^Failed to admit pod as the .kubernetes\.io/os. label|^Failed to admit pod as the OS field|^Kubelet cannot get node info\.$', 'kubelet admission rejected the pod (node/os mismatch, node info not ready)')
R('security_policy_denial', r'^Cannot enforce AppArmor: %v$', 'AppArmor profile cannot be enforced: pod rejected')

# --- eviction
R('node_resource_exhaustion', r'^The node was low on resource: %v\. $|^The node had condition: %v\. $|^Threshold quantity: %v, available: %v\. $|^Container %s was using %s, (which exceeds its request of %s|request is %s, has larger consumption of %v)\. $',
  'eviction message: the kubelet evicted the pod because the node ran out of a resource (memory; ephemeral-storage/nodefs/imagefs -> node_storage_insufficient, named in the message)')
R('node_resource_exhaustion', r'^Attempting to reclaim %s$', 'EvictionThresholdMet: the node crossed an eviction threshold (memory; ephemeral-storage/nodefs -> node_storage_insufficient)')
R('launcher_resource_limits', r'^Container %s exceeded its local ephemeral storage limit %q\. $|^Pod ephemeral local storage usage exceeds the total limit of containers %s\. $|^Usage of EmptyDir volume %q exceeds the limit %q\. $', 'the pod exceeded its own ephemeral-storage/emptyDir limit and was evicted')
R('node_resource_exhaustion', r'^kubelet has insufficient (memory|PID) available$', 'node condition MemoryPressure/PIDPressure True')
R('node_storage_insufficient', r'^kubelet has disk pressure$', 'node condition DiskPressure True')
R('benign', r'^kubelet has (sufficient (memory|PID) available|no disk pressure)$|posting ready status', 'healthy node condition')
R('node_storage_insufficient', r'^[Ff]ailed to garbage collect required amount of images', 'image GC cannot free enough disk: the image filesystem is full')
R('benign', None, 'eviction configuration / notifier internals', path=r'pkg/kubelet/eviction/(helpers|memory_threshold|threshold_notifier)')

# ============================================================== images
R('image_pull_failure', r'^Failed to pull image %q: %v$|^Back-off pulling image %q$|^Container image %q is not present with pull policy of Never$|^Failed to pull image$', 'image pull failed on this node (ErrImagePull / ImagePullBackOff); the inner error can prove more (DNS/dial -> node_network_failure, no space left -> node_storage_insufficient)')
R('image_pull_failure', r'^(ImagePullBackOff|ErrImagePull|ErrImageNeverPull|RegistryUnavailable)$', 'the waiting reason of a container whose image cannot be pulled')
R('consequence', r'^pull QPS exceeded$', 'kubelet pull throttling (registryPullQPS); persistent only with many pulls', of='image_pull_failure')
R('image_pull_failure', r'is waiting to start: (image can.t be pulled|trying and failing to pull image)$', 'kubectl logs answer for a container stuck on its image pull')
R('consequence', r'^(ImageInspectError|InvalidImageName)$', 'image reference invalid / cannot be inspected (spec or runtime); the event message decides')
R('benign', r'default image tag|parse image reference|Unable to retrieve some image pull secrets', 'image reference / pull secret lookup (spec); the pull itself reports failures')

# ============================================================== runtime / PLEG / node status
R('container_runtime_failure', r'^pleg was last seen active %v ago; threshold is %v$', 'PLEG is not healthy: the runtime did not answer relist in time (containerd/CRI-O hung)')
R('consequence', r'^pleg has yet to be successful$', 'PLEG not started yet (kubelet start); persistent means the runtime is not answering', of='container_runtime_failure')
R('container_runtime_failure', r'^container runtime is down$|^container runtime not ready: %v$|^detected running containers after a successful KillPod, CRI violation', 'the CRI runtime is down / not ready (node Ready=False)')
R('container_runtime_failure', r'^Container runtime did not kill the pod within specified grace period\.$', 'the runtime failed to stop the pod\'s containers: pod stuck Terminating')
R('container_runtime_failure', r'^CreateContainerError$', 'container waiting reason when the runtime fails to create it (the event message carries the runtime error)')
R('container_runtime_failure', r'^runtime api version is not supported$', 'kubelet and container runtime CRI versions do not match')
R('consequence', r'^timeout waiting to kill pod$|^container runtime status check may not have completed yet$|^pod sandbox status is nil$', 'runtime slow/unanswered; persistent means the runtime is unhealthy', of='container_runtime_failure')
R('node_network_failure', r'^container runtime network not ready: %v$', 'NetworkReady=false: the node\'s network plugin (CNI) is not ready, the node reports Ready=False (alt node_not_ready; the rule node-network-unavailable reads it the same way)')
R('consequence', r'^network is not ready: %v$', 'pod not started because the node network (CNI) is not ready', of='node_network_failure')
R('node_network_failure', r'^update node status exceeds retry count$|^Unable to update node status$', 'kubelet cannot post its node status to the API server (the rule node-kubelet-api-unreachable reads it the same way); the node turns NotReady/Unknown (alt node_not_ready)')
R('node_not_ready', r'^Node not becoming ready in time after startup$', 'the kubelet started but its node did not turn Ready')
R('consequence', r'^Error updating node status, will retry', 'one failed node-status update; repeated -> the node cannot reach the API server', of='node_network_failure')
R('benign', r'^Node %s status is now: %s$', 'node status event for every transition (NodeReady as well as NodeNotReady): the status word decides')
R('consequence', r'^(CreateContainerConfigError|PreCreateHookError|PreStartHookError|PostStartHookError)$|^PostStartHook failed$|^PreStopHook failed$', 'container waiting/hook reason; the event message decides (config error, hook failure)')
R('consequence', r'^Back-off restarting failed container', 'CrashLoopBackOff: the container\'s own error (its log/termination message) decides')
R('consequence', r'^Pod sandbox changed, it will be killed and re-created\.$', 'the pod sandbox was lost (node reboot, runtime restart); repeated means the runtime keeps losing it')
R('security_policy_denial', r"^container has runAsNonRoot and image will run as root|^container's runAsUser breaks non-root policy|^container has runAsNonRoot and image has non-numeric user", 'pod security context (runAsNonRoot) rejects the image user: CreateContainerConfigError')

# --- probes
R('launcher_not_ready', r'^%s probe failed: %s$', 'readiness/liveness/startup probe failed (Unhealthy): for the launcher pod the compute container is not ready')
R('consequence', r'^%s probe errored: %v$', 'probe could not run (exec/connection error); the container is not answering', of='launcher_not_ready')
R('benign', r'^%s probe warning: %s$', 'probe succeeded with a warning (HTTP redirect)')

# --- structured logs whose error is in the err= field
R('container_runtime_failure', r'^Container runtime not ready$', 'kubelet: the CRI runtime reports RuntimeReady=false (err= names it)', kind='log')
R('node_network_failure', r'^Container runtime network not ready$', 'kubelet: NetworkReady=false, the node\'s network plugin (CNI) is not ready and the node reports NotReady (alt node_not_ready)', kind='log')
R('consequence', r'^Container runtime sanity check failed$|^Container runtime status is nil$', 'runtime status call failed; persistent -> runtime down', of='container_runtime_failure', kind='log')
R('consequence', r'^network is not ready$|^network state unknown$', 'pod not started while the node network (CNI) is not ready', of='node_network_failure')
R('node_storage_insufficient', r'^Image garbage collection failed multiple times in a row$', 'image GC keeps failing: the image filesystem cannot be freed (disk full)', kind='log')
R('consequence', r'^Unable to generate topology hints: requested number of devices unavailable$', 'device plugin resource exhausted for the pod; the resource name (err/keys) decides', kind='log')
R('benign', r'^Image garbage collection failed once|^Eviction manager: (cannot evict a critical pod|eviction thresholds have been met, but no pods are active)', 'startup / informational', kind='log')
R('wrapper', None, 'default: klog.ErrorS / logr Error: the error is in the err= field, which must be matched in turn', kind='log', call=r'ErrorS$|^(logger|log|klog\.FromContext\(\))\.Error$')

# ============================================================== areas unrelated to a stuck VM
R('benign', None, 'Dynamic Resource Allocation / CDI device names: not used by KubeVirt VMs on a node in these releases', path=r'pkg/kubelet/cm/(dra|util/cdi)/')
R('benign', None, 'kubelet startup configuration / validation (flags, policies, checkpoints, cgroup setup)', path=r'pkg/kubelet/cm/(cpumanager/(policy_options|state|topology)|cpuset|memorymanager/state|topologymanager/(policy_options|bitmask|numa_info)|containermap)')
R('benign', r'^(iptables-|invalid root|pod logs root|invalid sync|KubeDeps|unknown configmap|failed to initialize|create (user namespace|health)|rootDirectory|error creating|error configuring|failed to create directory|failed to set permissions|failed to start OOM|Failed to start|Kubelet failed to get node info|Failed to initialize internal modules|Failed to ensure|nodeIP |node IP|runtime handlers are not set|the handler %q is not known|Starting kubelet|[Cc]group v1 support|cgroup v2 is being used|unsupported cgroup version|Housekeeping|housekeeping|sync Loop took|Skipping pod synchronization|Update channel is closed|Kubelet does not support|Invalid operation type|Failed cleaning pods|Unable to (construct|register|reconcile)|Error getting|Node does not have NodeReady|Error updating pod CIDR|failed to update pod CIDR|Pod CIDR update|Failed to set some node status|Failed (deleting|creating) a mirror|No need to create a mirror|Unable to register mirror|Failed to wait until node|Failed creating a mirror|Encountered error when deleting mirror|Failed to create an oomWatcher)',
  'kubelet startup, housekeeping, mirror pods and node registration bookkeeping', path=r'pkg/kubelet/kubelet(_node_status|_network|_network_linux|_getters|_linux|_pods)?\.go')
R('benign', r'^(Keys \[%s\] from the EnvFrom|Kubelet detected an IPv%s node IP|hostname for pod|Hostname for pod|pod (Hostname|Subdomain)|error parsing line|invalid line|error retrieving additional|mismatched subuids|nil pod\.spec\.enableServiceLinks|services have not yet been read|couldn.t (get|find)|container %q in pod %q is (not available|terminated)|previous terminated container|pod %q cannot be found|mirror pod %q does not have|container not found|container %s not found|pod %s not found|pod not found|Pod attempted illegal phase|resource allocation not found|Missing runtime resources|unknown recursive|volume %q requested recursive|recursive read-only|failed to resolve recursive|invalid MountPropagation|failed to get list of pods that still exist|Error listing containers|Error on creating dir|failed to look up the runtime handler|Unknown runtime handler)',
  'pod spec rendering / kubectl logs / housekeeping on the kubelet side (spec errors or transient lookups)', path=r'pkg/kubelet/kubelet_pods\.go')
R('benign', None, 'container log rotation / parsing (kubectl logs path)', path=r'pkg/kubelet/kuberuntime/logs/')
R('benign', None, 'container/sandbox/image garbage collection', path=r'pkg/kubelet/kuberuntime/kuberuntime_gc\.go')
R('benign', r'HostProcess|supplementalGroupsPolicy|swap|in-place|resize|Resize|resource configuration|podResources\.|memory limit less than current|updateContainerResources|UpdateContainerResources|cannot generate resources config|GetPodCgroup|set cgroup config', 'swap / in-place pod resize / Windows HostProcess handling: not involved in a stuck VM')
R('benign', r'recycler|[Rr]ecycl', 'PV recycler (deprecated): not on the VM path')
R('benign', None, 'filesystem quota / disk usage metrics', path=r'pkg/volume/util/(fsquota|fs)/|pkg/volume/metrics_')
R('benign', None, 'volume plugin registry / flexvolume (not used by KubeVirt VMs)', path=r'pkg/volume/(plugins\.go|flexvolume/|csimigration/|validation/)')

# ============================================================== generic wrappers and defaults
R('wrapper', r'^%[vsw]$|^%[+]v$|^%v: %v$|^%s: %w$|^%v %+v start failed in pod %v: %v: %s$', 'default: the message is the inner error (dynamic); match it in turn')
R('wrapper', r'(: ?|, |err:? |error:? |err=|with: |with |caused by: |Reason: |with error: |\. |; |-> |\()%[-+#]?[vsqw]\)?\.?\s*$|%[vw]$|\(%v\)$|, output: %[sq]$|output: %s$', 'default: outer text is generic, the inner %v/%w error decides')


if __name__ == '__main__':
    classify_common.main('kubelet', RULES)
