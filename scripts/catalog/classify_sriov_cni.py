#!/usr/bin/env python3
"""Classification of catalog/sriov-cni.yaml (k8snetworkplumbingwg/sriov-cni): hand-written rule table, first match wins
(see classify_common.py); shared fall-backs in classify_k8s_defaults.py.

SR-IOV CNI: CNI ADD moves the allocated VF into the pod and configures it; its errors
reach users through Multus (`error adding container to network "<sriov net>": ...`).
Failures to find, lock, move or configure the VF are pod_network_failure; DEL/reset paths
are benign.

    python3 scripts/catalog/classify_sriov_cni.py            # classify unclassified entries
    python3 scripts/catalog/classify_sriov_cni.py --dry-run
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


R('pod_network_failure', r"^SRIOV-CNI failed to configure VF %q$|^failed to set up (pod interface|IPAM plugin type) %q from the device %q: %v$|^pci address %s is already allocated$|^LoadConf\(\): (failed to get VF information|VF pci addr is required|the VF %s does not have a interface name or a dpdk driver|failed to detect if VF)|^setupVF failed|^failed to move (IF|%q to tempNS|interface %q to target namespace)|^failed to set vf %d|^error getting VF netdevice|^failed to find interface with any of the possible names|^failed to get original vf information|^time out while waiting to acquire exclusive lock|^failed to (find|lookup) vf|^failed to lookup master|^failed to rename host device|^failed to down vf device|^error setting (container|temp) (interface|IF) name|^error bringing interface up in container ns|^error setting up interface in container namespace|^unable to get VF ID with PF|^PF network device not found$|symbolic link .*virtfn|^failed to read the virtfn|^failed to (open|read) the sriov_numfs|^IPAM plugin returned missing IP config$|^failed to set (netlink )?MAC address to %s|^error: %v\. Failed to get VF netdevice", 'SR-IOV VF allocation/configuration failed during CNI ADD: the pod gets no SR-IOV interface')
R('benign', r'GARP|Gratuitous ARP|Neighbor Advertisement|NA message|AF_PACKET|AF_INET6|ICMPv6|multicast hops|arp_notify|ndisc_notify|optimistic_dad|altname', 'post-setup announcements / tunables: failures do not keep the pod without its VF')

classify_k8s_defaults.add_defaults(R)

if __name__ == '__main__':
    classify_common.main('sriov-cni', RULES)
