#!/usr/bin/env python3
"""Bootstrap classification of catalog/containerd.yaml (hand-written rule table; see classify_common.py).

containerd's CRI plugin is what kubelet talks to: its returned errors become the pod events of a
stuck VM's virt-launcher pod (`Failed to create pod sandbox: rpc error: code = Unknown desc =
failed to setup network for sandbox ...`, `Error: failed to create containerd task: failed to
create shim task: OCI runtime create failed: runc create failed: ...`, `Failed to pull image
...: failed to pull and unpack image ...: failed to extract layer ...`). The chain is read from
the inside out: each step is an envelope (`wrapper`) except the steps whose own words prove a
cause:
  * the CRI name reservation and the shim/runtime machinery itself failing -> container_runtime_failure
  * a pull that failed (`failed to pull and unpack image`, registry auth/denied, no platform)
    -> image_pull_failure; the inner text may name a more specific cause (DNS -> node network)
  * layer/blob integrity failures (`failed to extract layer`, wrong diff id, commit digest or
    size mismatch) -> image_cache_corruption
  * CNI setup/teardown of the pod sandbox -> pod_network_failure
  * LSM profiles missing on the node (AppArmor / seccomp not supported, profile not found,
    SELinux relabel) -> security_policy_denial
Checkpoint/restore, stats, streaming (exec/attach/port-forward), image push, config validation
and the mount manager are benign for a VM stuck on its node.

    python3 scripts/catalog/classify_containerd.py            # classify unclassified entries
    python3 scripts/catalog/classify_containerd.py --dry-run
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classify_common  # noqa: E402

RULES = []


def R(*a, **kw):
    classify_common.R(RULES, *a, **kw)


# --- the envelopes of every container start / sandbox / pull failure (inner text decides)
R('wrapper', r'^failed to (create|start|restore|wait for) containerd task( %q)?: %w$|^failed to create shim task( after downgrading)?: %w$|^OCI runtime (create|start|exec|restore|killall|pause|resume) failed: %v$|^failed to create containerd container: %w$|^failed to (create|start) sandbox( container task)? %q: %w$|^failed to start sandbox container task %q: %w$', 'CRI/shim envelope of a container or sandbox start ("failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: ..."): the innermost runc/OS error decides (exec not found, mount source missing, permission denied, OOM); the runtime is only the messenger')
R('wrapper', r'^failed to (unpack image on snapshotter %s|prepare extraction snapshot %q|get sandbox image %q|mount image volume|unpack image volume|generate (apparmor|seccomp) spec opts|init selinux options %\+v|create network namespace for sandbox %q)', 'pull/unpack/spec step envelope: the inner error decides (no space left on device, layer digest, profile not found)')

R('wrapper', None, 'CRI call log line ("RunPodSandbox for ... failed", "StartContainer for ... failed"): the error is in its logrus error= field, matched in turn', path=r'cri/instrument/')
R('wrapper', r'err is %v - status is %q', 'carries the sandbox start error')

# --- container_runtime_failure: the runtime machinery itself
R('container_runtime_failure', r'^failed to reserve (container|sandbox) name %q', 'CRI name reservation failed: an earlier CreateContainer/RunPodSandbox for the same pod is still in progress or stuck in containerd (slow/blocked runtime, typically disk I/O or a hung shim); the kubelet keeps retrying')
R('container_runtime_failure', r'^failed to start shim: %w$|^runtime %q binary not installed %q: %w$|^failed to find a suitable socket directory for shim|^failed to create TTRPC connection: %w$|^no runtimes available to create task service$|^failed to load existing shims for task manager$', 'containerd cannot start or reach the runtime shim (binary missing, socket, ttrpc): the runtime itself is broken on this node')
R('container_runtime_failure', r'^failed to find runtime handler %q$|^failed to get sandbox runtime: %w$', 'the pod\'s RuntimeClass handler is not configured in containerd on this node (runtime configuration)')
R('container_runtime_failure', r'^server is not initialized yet$', 'containerd\'s CRI plugin is not serving yet (containerd restarting or stuck initializing): kubelet calls fail with Unavailable')
R('container_runtime_failure', r'does not support d_type\. If the backing filesystem is xfs', 'the overlay snapshotter cannot work on this node\'s filesystem (xfs without ftype=1): every image unpack fails')
R('container_runtime_failure', r'^huge pages limits are specified but hugetlb cgroup controller is missing', 'a hugepages pod (VM with hugepages) cannot be created: the node\'s hugetlb cgroup controller is missing (node/runtime configuration)')

# --- image pulls
R('image_pull_failure', r'^failed to pull and unpack image %q: %w$|^failed to pull image %q: %w$', 'the CRI pull of an image failed on this node (ErrImagePull); the inner text may be more specific: DNS/dial -> node_network_failure, layer digest/EOF -> image_cache_corruption, no space left -> node_storage_insufficient')
R('image_pull_failure', r'^pull access denied, repository does not exist or may require authorization|^failed to resolve reference %q: %w$|^failed to (fetch (oauth|anonymous) token|authorize( redirect)?): %w$|^%w: no basic auth credentials$|^failed to handle basic auth because missing username or secret$', 'the registry refused or could not resolve the image reference (not found / unauthorized / token fetch failed)')
R('image_pull_failure', r'^no match for platform in manifest( %v)?: %w$|^manifest list/index references to blobs and/or manifests are missing in your target registry|media type %q is no longer supported since containerd v2\.[01], please rebuild the image|^media-type: schema 1 not supported$|^unable to fetch descriptor \(%s\) which reports content size of zero', 'the image in the registry cannot be pulled by this node (no variant for the node platform, missing blobs, Docker schema 1 image no longer supported)')

# --- image cache / layer integrity
R('image_cache_corruption', r'^failed to extract layer ', 'a layer could not be extracted into the snapshotter (truncated/corrupt blob: unexpected EOF, digest mismatch); alt: node_storage_insufficient when the inner text says no space left on device')
R('image_cache_corruption', r'^wrong diff id( %q)? calculated on extraction|^unexpected commit (digest|size) ', 'the downloaded blob or extracted layer does not match its digest/size: corrupt download or local content store')

# --- pod network (CNI)
R('pod_network_failure', r'^failed to (setup|destroy) network for sandbox %q: %w$|^cni config not initialized$', 'the CNI plugin failed to set up (or tear down) the pod sandbox network, or no CNI config is installed on the node (FailedCreatePodSandBox with CNI errors)')
R('consequence', r'^sandbox network namespace %q is not fully closed$', 'sandbox removal waits for its network namespace: the CNI teardown failed earlier', of='pod_network_failure')
R('benign', r'^failed to load cni during init, please check CRI plugin status', 'logged at every containerd start before the CNI daemonset installs its config')

# --- security profiles
R('security_policy_denial', r'^apparmor profile not found %s$|^apparmor is not supported$|^seccomp is not supported$', 'the pod asks for an AppArmor/seccomp profile this node does not have or support')
R('security_policy_denial', r'^relabel %q with %q failed: %w$', 'SELinux relabel of a mounted host path failed')

R('consequence', r'^sandbox container %q is not running$', 'the pod sandbox died before its containers could be created; its own failure is elsewhere')

# --- benign: features not involved in a stuck VM
R('benign', None, 'checkpoint/restore, stats/metrics, streaming (exec/attach/port-forward), NRI hooks, push, fuzz/test helpers, CRI config validation, the mount manager, userns/idmap: not a cause of a VM stuck on its node', path=r'checkpoint|restore_opts|_stats|stats_|streaming|portforward|/fuzz|pusher\.go|referrers\.go|/config/|cri/config|core/mount/manager|mount_idmapped|snapshotter_opts|install\.go|tartest|resourcequantity|container_execsync|container_attach|container_exec\.go|container_update_resources|sandbox_update_resources|schema1/|bandwidth')
R('benign', r'deprecated|Deprecated|falling back|fallback|skipping|skip it|ignored|retry after|will retry|already registered|maybe created from v1\.x|not implemented|is not supported$|ignoring', 'degraded/retried/ignored operation, logged on healthy nodes too')

# --- generic wrappers and defaults
R('wrapper', r'^%[vsw]$|^%[+]v$|^%[vw]: %[vsw]$|^%w; %w$|^%s: %w$|^%w: %s$', 'default: the message is the inner error (dynamic); match it in turn')
R('wrapper', r'(: ?|, |err:? |error:? |Reason: |\. |; |-> |\()%[-+#]?[vsqw]\)?\.?\s*$|%[vw]$|\(%v\)$|\(stderr: %q\)$|err: %w$', 'default: outer text is generic, the inner %v/%w error decides')


if __name__ == '__main__':
    classify_common.main('containerd', RULES)
