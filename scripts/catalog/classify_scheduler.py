#!/usr/bin/env python3
"""Bootstrap classification of catalog/scheduler.yaml (hand-written rule table; see classify_common.py).

What matters of kube-scheduler for a VM stuck on its node is the FailedScheduling message of a
launcher pod (a restarted VM, a migration target, a hotplug attachment pod): "0/5 nodes are
available: 2 Insufficient memory, 3 node(s) had untolerated taint {...}. preemption: ...". Each
plugin reason (ErrReason... constants, `Insufficient cpu`, NewStatus texts) is an entry of kind
`condition` (it lands in the PodScheduled condition message and the event); the FitError
envelope is a wrapper. A reason proves a cause only when it names it (a cordoned node, no memory
left, a PV on another zone); spec constraints (affinity, spread, ports) are consequences.

    python3 scripts/catalog/classify_scheduler.py            # classify unclassified entries
    python3 scripts/catalog/classify_scheduler.py --dry-run
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classify_common  # noqa: E402

RULES = []


def R(*a, **kw):
    classify_common.R(RULES, *a, **kw)


P = r'pkg/scheduler/framework/plugins/'

# ============================================================== the FailedScheduling envelope
R('wrapper', r'^0/%v nodes are available', 'FitError envelope "0/N nodes are available: <count> <reason>, ...": each plugin reason inside is matched in turn')
R('wrapper', r'^ ?%v\.?$|^%v %v$', 'default: a fragment of the FitError text (the reasons histogram)')
R('wrapper', r'^node\(s\) didn.t satisfy plugin\(?s?\)? %v$', 'names the rejecting plugins only; their reasons decide')

# ============================================================== plugin reasons
R('node_resource_exhaustion', r'^Insufficient (cpu|memory)$', 'NodeResourcesFit: no node has the CPU/memory the launcher pod requests left (allocatable minus requests)')
R('node_storage_insufficient', r'^Insufficient ephemeral-storage$', 'NodeResourcesFit: no node has the ephemeral storage the pod requests')
R('consequence', r'^Insufficient %v$', 'NodeResourcesFit for an extended resource named in %v: devices.kubevirt.io/kvm -> kvm_unavailable (node without /dev/kvm or virt-handler device plugin), hugepages-* -> node_resource_exhaustion, GPUs/SR-IOV -> capacity; the rendered name decides')
R('node_resource_exhaustion', r'^Too many pods$', 'NodeResourcesFit: the nodes are at their max-pods')
R('node_not_ready', r'^node\(s\) were unschedulable$', 'NodeUnschedulable: nodes cordoned (maintenance/drain) or not ready')
R('consequence', r'^node\(s\) had untolerated taint \{%s: %s\}$|^node\(s\) had taints that the pod didn.t tolerate$|^node\(s\) had untolerated taint\(s\)$', 'TaintToleration: node.kubernetes.io/not-ready|unreachable -> node_not_ready, unschedulable -> cordoned, custom taints -> cluster policy; the rendered taint decides')
R('consequence', r'^node\(s\) had unknown conditions$', 'node object missing from the scheduler snapshot / unknown condition')
R('consequence', r"^node\(s\) didn.t match Pod.s node affinity/selector$|^node\(s\) didn.t match scheduler-enforced node affinity$",
  'NodeAffinity: no node carries the labels the pod selects; for a launcher these include KubeVirt\'s CPU model/feature and kubevirt.io/schedulable labels (hardware_incompatibility or virt_handler_failure), but the message alone does not tell which selector failed')
R('consequence', r'^node\(s\) didn.t (satisfy existing pods anti-affinity rules|match pod (anti-)?affinity rules|match pod topology spread constraints)|^node\(s\) didn.t (have free ports|match the requested node name)|^pod affinity terms conflict$',
  'scheduling constraints of the pod spec (affinity, spread, host ports, nodeName): no node satisfies them')
R('pvc_mount_failure', r'^node\(s\) didn.t find available persistent volumes to bind$|^pod has unbound immediate PersistentVolumeClaims$|^node\(s\) unavailable due to one or more pvc\(s\) bound to non-existent pv\(s\)$',
  'VolumeBinding: the pod\'s PVC cannot be bound (no matching PV / provisioner, or its PV is gone): PVC Pending/Lost')
R('pvc_mount_failure', r'^node\(s\) (had volume node affinity conflict|didn.t match PersistentVolume.s node affinity|had no available volume zone)$',
  'the pod\'s PV is pinned to nodes/zones that cannot run the pod (local PV on another node, zonal disk)')
R('pvc_mount_failure', r'ReadWriteOncePod access mode', 'VolumeRestrictions: the RWOP PVC is already used by another pod')
R('node_storage_insufficient', r'^node\(s\) did not have enough free storage$', 'VolumeBinding storage capacity: the CSI storage reachable from the nodes has no room for the PVC (alt pvc_mount_failure: the PVC stays Pending)')
R('consequence', r'^node\(s\) exceed max volume count$|^node\(s\) had no available disk$', 'NodeVolumeLimits / in-tree disk conflict: the nodes cannot attach more volumes; the VM\'s volume count vs the CSI attach limit')
R('pvc_mount_failure', r'^persistentvolumeclaim %q (bound to non-existent persistentvolume %q|is being deleted)$|^provisioning failed for PVC %q$|^failed to find storage class %q$|^no class for claim %q$',
  'VolumeBinding PreFilter/PreBind: the PVC is bound to a missing PV, being deleted, has no (existing) storage class, or provisioning failed: the pod cannot be scheduled with it')
R('consequence', r'^ClaimRef got reset for pv %q$|^selectedNode annotation reset for PVC %q$', 'PV/PVC binding was undone while the pod waited (provisioner or PV controller rejected it); retried', of='pvc_mount_failure')
R('consequence', r'^waiting for ephemeral volume controller to create the persistentvolumeclaim', 'generic ephemeral volume PVC not created yet (transient; persistent -> controller/quota)')
R('storage_backend_unreachable', r'^%s CSI driver is not installed on the node$', 'NodeVolumeLimits: the node\'s CSINode does not list the PVC\'s CSI driver (node plugin not registered there)')
R('consequence', r'^no nodes available to schedule pods$', 'the scheduler sees no nodes at all (all removed/not ready)', of='node_not_ready')

# --- PostFilter (preemption) suffixes present on every FailedScheduling
R('benign', r'^No preemption victims found for incoming pod$|^Preemption is not helpful for scheduling$|^no candidate node for preemption$|^waiting for the preemption for this pod to be finished$|^preemption: ',
  'preemption outcome appended to every FailedScheduling message; the filter reasons decide')
R('benign', r'preempting to accommodate a higher priority pod|^Kube-scheduler: preempting$|^Preempted by (a )?pod', 'priority preemption: a lower-priority pod was evicted by design (not a node fault)')
R('benign', r'^(PersistentVolumeClaim had no name|PersistentVolumeClaim had no pv name and storageClass name|PersistentVolume had no name|VolumeBindingMode not set for StorageClass %q)$', 'VolumeZone validation of the PVC/StorageClass objects (configuration)')
R('benign', r'^waiting for scheduling gates: %v$|^one or more plugins asked to wait', 'scheduling gates / permit wait: intentional hold')
R('benign', r'^Successfully assigned %v/%v to %v$|^skip schedule deleting pod', 'normal scheduling progress')

# ============================================================== areas unrelated to a stuck VM
R('benign', None, 'Dynamic Resource Allocation / gang scheduling / declared node features: not used by KubeVirt launcher pods here', path=P + r'(dynamicresources|gangscheduling|nodedeclaredfeatures)/')
R('benign', None, 'scheduler internals: cache, queue, API dispatcher, assume cache, profiles, extenders, framework runtime', path=r'pkg/scheduler/(backend|internal|util|profile|framework/runtime|framework/api_calls|framework/parallelize|framework/cycle_state|extender|scheduler\.go|eventhandlers)')
R('benign', r'not signable|signature', 'pod signatures for batch scheduling (internal)')

# ============================================================== generic wrappers and defaults
R('wrapper', r'^%[vsw]$|^%[+]v$|^%v: %v$', 'default: the message is the inner error (dynamic); match it in turn')
R('wrapper', r'(: ?|, |err:? |error:? |with: |Reason: |with error: |\. |; |-> |\()%[-+#]?[vsqw]\)?\.?\s*$|%[vw]$|\(%v\)$', 'default: outer text is generic, the inner %v/%w error decides')
R('wrapper', None, 'default: structured log; the error is in the err= field, which must be matched in turn', kind='log', call=r'ErrorS$|[Ll]ogger(V)?\.Error$|klog\.FromContext')


if __name__ == '__main__':
    classify_common.main('scheduler', RULES)
