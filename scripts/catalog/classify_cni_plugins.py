#!/usr/bin/env python3
"""Classification of catalog/cni-plugins.yaml (containernetworking/plugins): hand-written rule table, first match wins
(see classify_common.py); shared fall-backs in classify_k8s_defaults.py.

Reference CNI plugins (bridge, macvlan, ipvlan, host-device, vlan, tap, ptp, host-local /
static / dhcp IPAM, meta plugins). Their ADD errors reach users inside `Failed to create pod
sandbox: ... networkPlugin cni failed to set up pod ... network: <msg>` or through Multus.
Address exhaustion and failures to create/move the pod interface are pod_network_failure;
CHECK/DEL texts and configuration validation are benign.

    python3 scripts/catalog/classify_cni_plugins.py            # classify unclassified entries
    python3 scripts/catalog/classify_cni_plugins.py --dry-run
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


R('pod_network_failure', r'^no IP addresses available in range set: %s$|^requested IP address %s is not available in range set %s$|has been allocated to %s, duplicate allocation is not allowed$|^failed to allocate for range %d: %v$|^failed to allocate all requested IPs:', 'IPAM cannot give the pod an address (range exhausted / requested IP taken)')
R('pod_network_failure', r"^DHCP server NACK'd own offer$|^DHCP server did not renew lease$|^error dialing DHCP daemon: %v$|^DHCP option Subnet Mask not found in DHCPACK$", 'DHCP IPAM failed (daemon not running on the node / server refused)')
R('pod_network_failure', r'^failed to make veth pair: %v$|^container veth name (provided \(%v\)|\(%q\) peer provided \(%q\)) already exists$|^failed to find a unique veth name$|^failed to (find|move) host device|^error with host device: %v$|^failed to move link %v$|^failed to create (bridge %q|vlan|macvlan|ipvlan|tap|dummy): %v$|^failed to connect %q to bridge %v: %v$|^failed to setup hairpin mode|^failed to set tap %s as a port of bridge|^link %s has address %s in DADFAILED state$|^link %s still has tentative addresses after %d seconds$|^bridge port in error state: %s$|^failed to setup spoof-check: %v$|^failed to add IP addr %v to %q: %v$|^failed to add route .%v via %v dev %v|^IPAM plugin returned missing IP config$|^failed to execute IPAM delegate: %v$|^failed to setup (default native )?vlan tag on interface|^unable to set up nftables rules for port mappings|^unable to setup DNAT: %v$|^faild to create vlan gateway|^runtime config DeviceID %s not found or unsupported$|^failed to find device name for pci address %s$|^failed to move %q (to container ns|\(host: %q\) to container NS): %v$|^failed to set bridge addr: %v$|^failed to enable forwarding: %v$|^could not add IP address (%s )?to %q: %v$|^%q already exists but is not a bridge$', 'CNI ADD could not create/move/configure the pod interface or its addresses/routes')
R('pod_network_failure', r'^failed to find network devices at %q$|^failed to find network device in path %s$|^no net directory under pci device %s$|^neither iptables nor ip6tables is usable$', 'host-device cannot find the netdev of the requested PCI device (VF bound to another driver) / portmap has no usable iptables: CNI ADD fails')
R('benign', r"doesn't match|does not match|not found in (routing table|iptables)|[Ee]xpected (Route|rule)|^Error: |prevResult|should not be in (host namespace|sandbox)|is expected to be in a sandbox|not of type|^Interface name|is down$|^Several htb|^Number of htb|^Unexpected class|^Failed to find qdisc$|^CNI created|^CNI veth created|^Unable to obtain veth peer", 'CNI CHECK verification texts (a healthy pod re-checked) and prevResult plumbing')
R('benign', r'must be|cannot set|should be configured|^invalid|^incorrect|is required|^unrecognized|^unknown|^Invalid|not allowed|too small|overlap|mixed address families|empty range set|^no IP ranges specified|missing .ipam. key|CIDR notation|^got |expected to have|^MasqMarkBit|^Cannot specify|^if (rate|burst)|burst cannot|chained plugin|not supported', 'configuration validation (the NetworkAttachmentDefinition / CNI config is wrong)')

classify_k8s_defaults.add_defaults(R)

if __name__ == '__main__':
    classify_common.main('cni-plugins', RULES)
