#!/usr/bin/env python3
"""Bootstrap classification of catalog/crio.yaml (hand-written rule table; see classify_common.py).

CRI-O's returned errors become the pod events of a stuck VM's virt-launcher pod
(`Failed to create pod sandbox: rpc error: code = Unknown desc = failed to create pod network
sandbox ...`, `Error: error reserving ctr name ... for id ...: name is reserved`,
`Error: container create failed: ...`) and its own journal holds its logs. As for containerd, a
chain is read from the inside out; CRI-O's own words give a cause when they name it:
  * name reservation conflicts, "kubelet may be retrying requests that are timing out in CRI-O
    due to system load", conmon/pinns failing, runtime handler missing, cgroup driver mismatch
    -> container_runtime_failure
  * CNI setup/teardown of the pod sandbox -> pod_network_failure
  * pulls that fail -> image_pull_failure; artifact layer digest mismatch -> image_cache_corruption
  * AppArmor/seccomp profile missing or refusing, SELinux relabel -> security_policy_denial
Checkpoint/restore, stats/metrics, streaming, NRI, Kata (runtime_vm), rootless and user
namespace validation and configuration parsing are benign for a VM stuck on its node.

    python3 scripts/catalog/classify_crio.py            # classify unclassified entries
    python3 scripts/catalog/classify_crio.py --dry-run
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classify_common  # noqa: E402

RULES = []


def R(*a, **kw):
    classify_common.R(RULES, *a, **kw)


# --- envelopes
R('wrapper', r'^container (create|restore) failed: %s$|^failed to (create|start) container( %s)?: %w$|^error reading container \(probably exited\) json message: %w$|^failed to mount container %s\(%s\): %w$|^creating pod sandbox with name %q: %w$|^(failed to )?mount (storage|image): %w$|^applying apparmor profile to container %s: %w$|^failed to get init label: %w$|^setup seccomp: %w$', 'CRI-O/conmon envelope of a create/start failure: the runtime\'s (runc/crun) own error text follows and decides')

# --- container_runtime_failure
R('container_runtime_failure', r'^error reserving (ctr|pod) name %s for id %s: %w$|^failed to get ID of (container|pod) with reserved name|^pod sandbox with name %q already exists$', 'CRI name reservation conflict: an earlier CreateContainer/RunPodSandbox for the same pod is still in progress in CRI-O (slow or blocked runtime, often storage I/O); the kubelet keeps retrying')
R('container_runtime_failure', r'^kubelet may be retrying requests that are timing out in CRI-O due to system load|^waited too long for request to timeout or %s %s to be created$', 'CRI-O is too slow to answer within the kubelet\'s timeout (system load, slow storage): requests pile up')
R('container_runtime_failure', r'^failed to pin namespaces %v: %s %w$|^create container timeout$|^Container creation timeout \(%v\)$|^Conmon for container %s is stopped, although the container is running$|^conmon process has gone because the start time changed$|^failed to add conmon to (systemd|cgroupfs) sandbox cgroup: %w$', 'pinns/conmon (CRI-O\'s namespace pinner and container monitor) failed or the runtime did not create the container in time: the runtime machinery itself')
R('container_runtime_failure', r'^failed to find runtime handler %s from runtime list %v$|^default_runtime set to %q, but no runtime entry table|^cri-o configured with (systemd|cgroupfs) cgroup manager, but', 'runtime configuration: the pod\'s RuntimeClass handler is not configured, or CRI-O and the kubelet disagree on the cgroup driver')
R('container_runtime_failure', r'^fs\.may_detach_mounts sysctl: expected 1', 'node setting makes container stop/removal fail with "device or resource busy"')
R('consequence', r'^Detected process \(%d\) (blocked in uninterruptible sleep|in state %s blocked) for more than', 'a container process is stuck in the kernel (D state, usually storage I/O): the container cannot be stopped until the I/O returns')
R('consequence', r'^container create failed$|^Container creation failed$', 'the runtime reported a create failure without details; the runtime/conmon log says why')

# --- network
R('pod_network_failure', r'^failed to create pod network (sandbox|for sandbox) %s\(%s\): %w$|^failed to destroy network for pod sandbox %s\(%s\): %w$|^network teardown failed for pod sandbox %s\(%s\): %w$|^CNI plugin unhealthy beyond grace period', 'the CNI plugin failed to set up or tear down the pod sandbox network (FailedCreatePodSandBox with CNI errors), or stays unhealthy on the node')
R('benign', r'^CNI plugin not yet initialized|^CNI plugin status check failed, will report unhealthy after grace period|Garbage collect stale network resources', 'logged during CRI-O start-up before the CNI plugin is ready, and retried')

# --- images
R('image_pull_failure', r'^unable to pull image or OCI artifact: pull image err: %w|^unable to pull image: %w$|^short name mode is enforcing, but image name %s returns ambiguous list$', 'the pull of an image failed on this node (ErrImagePull); the inner text may be more specific (DNS/dial -> node_network_failure, manifest unknown/unauthorized)')
R('image_cache_corruption', r'^sha256 mismatch between real layer bytes', 'a downloaded layer does not match its manifest digest: corrupt download or cache')
R('consequence', r'^image (with ID %q|%q with ID %q|%q) not present in image store$|^image %q does not exist locally$', 'the image is not (or no longer) in local storage: pulled image garbage-collected or never pulled; see the pull events', of='image_pull_failure')

# --- security
R('security_policy_denial', r'^config provided AppArmor profile %q not loaded$|^installing default AppArmor profile %q failed$', 'AppArmor: the requested (or CRI-O default) profile is not loaded / cannot be installed on this node')
R('security_policy_denial', r'^seccomp is not enabled, cannot run with custom profile$|^unable to load local profile %q: %w$|^Seccomp blocked syscall', 'seccomp: the pod\'s localhost profile is missing on the node, seccomp is unavailable, or the notifier caught a blocked syscall')
R('security_policy_denial', r'^relabel failed %s: %w$', 'SELinux relabel of a volume/host path failed')
R('launcher_resource_limits', r'^set memory limit %d too low; should be at least %d', 'the container memory limit is below the runtime\'s minimum: the pod\'s resources must be raised')

# --- benign
R('benign', None, 'checkpoint/restore, stats/metrics, streaming (exec/attach/port-forward), NRI, Kata VM runtime, rootless, OCI artifacts, config parsing/validation, inspect: not a cause of a VM stuck on its node', path=r'checkpoint|restore|stats|metrics|portforward|container_exec|container_attach|nri|runtime_vm|rootless|ociartifact|pkg/config/|internal/config/(blockio|rdt|migrate|ulimits|capabilities|device|node)|inspect\.go|version\.go|useragent|container_reopen_log|container_update_resources')
R('benign', r'deprecated|Skipping|skipping|ignoring|falling back|Falling back|probably retrying|will retry|already|Forcing|has no effect|Unable to write|timed out\. Killing|now ready and will be provided', 'degraded/retried/ignored operation, logged on healthy nodes too')
R('benign', r'unclean shutdown$', 'CRI-O checks/repairs/wipes its storage after an unclean shutdown (node crash): recovery, images are pulled again')

# --- generic wrappers and defaults
R('wrapper', r'^%[vsw]$|^%[+]v$|^%[vw]: %[vsw]$|^%w; %w$|^%s: %w$|^%w: %s$', 'default: the message is the inner error (dynamic); match it in turn')
R('wrapper', r'(: ?|, |err:? |error:? |\. |; |-> |\()%[-+#]?[vsqw]\)?\.?\s*$|%[vw]$|\(%v\)$|%s %w$|\(%w\)$|err: %q$', 'default: outer text is generic, the inner %v/%w error decides')


if __name__ == '__main__':
    classify_common.main('crio', RULES)
