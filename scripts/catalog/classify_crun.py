#!/usr/bin/env python3
"""Bootstrap classification of catalog/crun.yaml (hand-written rule table; see classify_common.py).

crun is the OCI runtime CRI-O (and some containerd setups) use to create the virt-launcher
pod's containers. Its errors reach the node as `OCI runtime error: crun: <message>` in the
kubelet's CreateContainerError / RunContainerError events and journal; `crun_make_error`
texts are printed `<format>: <strerror>` when an errno is attached. Most of them name a
syscall and a path and only the strerror (and the path) tells what went wrong: they are
`benign` here, because no cause can be read from the crun wording alone; the few that name a
cause (LSM, seccomp, memory limit, systemd/hook failures) get it.

    python3 scripts/catalog/classify_crun.py            # classify unclassified entries
    python3 scripts/catalog/classify_crun.py --dry-run
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
R('wrapper', None, 'crun_error_wrap: prefixes the inner crun error, which decides', call=r'crun_error_wrap')
R('wrapper', r'^%s(: %s)?$|^%s: %s: %s$', 'default: the message is the inner text')
# --- causes
R('security_policy_denial', r'^(AppArmor|SELinux) is not initialized correctly$', 'the container asks for an AppArmor/SELinux label the node\'s LSM cannot apply: the container is not created')
R('security_policy_denial', r'^seccomp \(SECCOMP_SET_MODE_FILTER\)', 'the seccomp profile of the container cannot be installed (kernel refused the filter)')
R('launcher_resource_limits', r'^cannot set the memory limit lower than its current usage$', 'memory limit update below the container\'s usage (in-place resize of the launcher pod)')
R('container_runtime_failure', r'^systemd failed to install eBPF device filter|^error `%s` systemd unit `%s`: got `%s`|^error executing hook `%s` \(exit code: %d\)$', 'the runtime could not set the container up through systemd (scope unit / device filter) or an OCI hook failed: a node runtime problem')
# --- features unrelated to a VM on a node
R('benign', r'krun|wasm|wasmer|wasmedge|wasmtime|spin|criu|CRIU|checkpoint|restore|nitro|awsnitro|\bsev\b|virgl|gpu requested|mono|libkrun|nested virtualization', 'runtime handlers/features not used by virt-launcher pods (krun, wasm, CRIU checkpoint/restore)')
R('benign', None, 'default: syscall/config error whose cause is in its strerror or path, not in the crun wording')


if __name__ == '__main__':
    classify_common.main('crun', RULES, min_key=18)
