#!/usr/bin/env python3
"""Classification of catalog/sriov-dp.yaml (k8snetworkplumbingwg/sriov-network-device-plugin): hand-written rule table, first match wins
(see classify_common.py); shared fall-backs in classify_k8s_defaults.py.

SR-IOV network device plugin: advertises VF pools to kubelet and allocates VFs to pods.
When it cannot register with kubelet the VF resource disappears from the node and the VM's
launcher pod cannot be admitted with its SR-IOV network.

    python3 scripts/catalog/classify_sriov_dp.py            # classify unclassified entries
    python3 scripts/catalog/classify_sriov_dp.py --dry-run
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classify_common  # noqa: E402
import classify_k8s_defaults  # noqa: E402

RULES = []


def R(*a, **kw):
    classify_common.R(RULES, *a, **kw)


R('pod_network_failure', r'^%s device plugin unable (connect to|to register with) Kubelet : %v$', 'the SR-IOV device plugin is not registered with the kubelet of this node: its VF pool is not allocatable, pods asking for it stay Pending / fail admission; alt launcher_not_ready')
R('pod_network_failure', r'^GetDeviceSpecs\(\): error getting vfio device file for device', 'the VF bound to vfio-pci has no /dev/vfio device: the pod cannot be given the VF')
R('benign', r'^most likely Kubelet restarted$|Already allocated\.$', 'kubelet restart noticed (re-registration follows) / duplicate device skipped')

classify_k8s_defaults.add_defaults(R)

if __name__ == '__main__':
    classify_common.main('sriov-dp', RULES)
