#!/usr/bin/env python3
"""Bootstrap classification of catalog/runc.yaml (hand-written rule table; see classify_common.py).

runc is the OCI runtime under containerd and CRI-O: its errors reach a stuck VM's pod events
inside the CRI runtime's envelope (`failed to create containerd task: failed to create shim
task: OCI runtime create failed: runc create failed: unable to start container process: ...`).
Almost every runc format is a step name followed by the inner error (`%w`): a wrapper, whose
innermost text decides. A runc message gets a cause only when its own words name it: an LSM
(AppArmor / SELinux label / seccomp) refusing the container -> security_policy_denial, the init
process OOM-killed -> launcher_resource_limits, the runtime unable to reach systemd or create
the container's cgroup -> container_runtime_failure. Validation of the OCI spec, checkpoint /
restore (CRIU), rootless mode, Intel RDT and the runc CLI are benign for a KubeVirt node.

    python3 scripts/catalog/classify_runc.py            # classify unclassified entries
    python3 scripts/catalog/classify_runc.py --dry-run
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classify_common  # noqa: E402

RULES = []


def R(*a, **kw):
    classify_common.R(RULES, *a, **kw)


# --- the envelopes the CRI runtimes show in pod events
R('wrapper', r'^runc (create|run) failed: %w$|^exec failed: %w$|^unable to start container process: %w$|^runc init error\(s\): %w$|^error during container init: %w$|^unable to start init: %w$|^error (starting|executing|waiting on) setns process', 'runc command/start envelope (the "runc create failed: unable to start container process: ..." chain); the innermost error decides (exec: not found, permission denied, no such file, OOM)')
R('wrapper', r'\(possibly OOM-killed\)$', 'runc adds "possibly OOM-killed" when init died without a clear error; the memory limit is only a guess here (the pod status OOMKilled decides)')

# --- causes proved by the text itself
R('launcher_resource_limits', r'^container init was OOM-killed \(memory limit too low\?\)$', 'runc saw the container init process OOM-killed while starting: the container memory limit is too low for it (pod resources)')
R('security_policy_denial', r'^(unable to apply apparmor profile|apparmor failed to apply profile): %w$|^apparmor: config provided but apparmor not supported$', 'AppArmor: the profile requested for the container cannot be applied on this node (profile not loaded, or AppArmor disabled)')
R('security_policy_denial', r'^can.t set process label: %w$', 'SELinux: runc cannot set the container process label (policy refuses the type, or SELinux misconfigured on the node)')
R('security_policy_denial', r'^error loading seccomp filter( into kernel)?: %w$|^unable to init seccomp: %w$|^failed to connect with seccomp agent specified in the seccomp profile', 'seccomp: the container\'s seccomp profile could not be loaded (profile/kernel mismatch or seccomp agent missing)')
R('container_runtime_failure', r'^systemd not running on this host, cannot use systemd cgroups manager$', 'runtime configured with the systemd cgroup driver on a host without systemd: every container create fails (cgroup driver misconfiguration)')
R('container_runtime_failure', r'^failed to connect to dbus \(hint|^unable to start unit %q \(properties %\+v\): %w$|^error creating systemd unit `%s`: got `%s`$', 'runc cannot create the container\'s cgroup scope through systemd/dbus: the node\'s systemd or dbus is failing, not the pod')
R('container_runtime_failure', r'^cannot enter cgroupv2 %q with domain controllers -- it is in (an invalid state|%s mode)$', 'the pod\'s cgroup v2 subtree is in an invalid/threaded state: runtime/node cgroup hierarchy broken')

# --- benign: features not involved, validation, CLI, checkpoint
R('benign', None, 'checkpoint/restore (CRIU), Intel RDT, rootless user sessions, seccomp BPF patching internals: not a cause of a VM stuck on a node', path=r'criu|intelrdt|patchbpf|cgroups/systemd/user\.go|checkpoint\.go|restore\.go|dmz|notify_socket\.go')
R('benign', None, 'OCI spec / config validation: the CRI runtime generates the spec, a failure here is a programming or configuration error', path=r'configs/validate/|specconv/|libcontainer/configs/')
R('benign', None, 'runc command-line usage and state errors (wrong state, missing argument)', path=r'^(list|spec|start|delete|events|kill|ps|update|utils|pause|tty)\.go:')
R('benign', r'may fail if you don.t have the full access to cgroups|^Failed to remove cgroup|^unable to (get|reset) |DEPRECATED|deprecated|will retry|Continuing\.\.\.|ignoring|falling back|fallback|Ignored\.', 'warning about degraded or retried operation, logged on healthy nodes too')
R('benign', r'^container (does not exist|not running|not paused|paused|still running)$|^container with given ID already exists$|^invalid container ID format$|^cgroup not exist$', 'runc state errors (the CRI runtime retries or reports them in its own words)')

# --- generic wrappers and defaults
R('wrapper', r'^%[vsw]$|^%[+]v$|^%[vw]: %[vs]$|^%w; %w$|^%s: %w$|^%w: %s$', 'default: the message is the inner error (dynamic); match it in turn')
R('wrapper', r'(: ?|, |err:? |error:? |\. |; |-> |\()%[-+#]?[vsqw]\)?\.?\s*$|%[vw]$|%w%s$|\(%v\)$|%w, stdout: %s, stderr: %s$', 'default: outer text is generic, the inner %v/%w error decides')


if __name__ == '__main__':
    classify_common.main('runc', RULES)
