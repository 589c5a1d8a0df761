#!/usr/bin/env python3
"""Classification of catalog/ovn-kubernetes.yaml (ovn-org/ovn-kubernetes): hand-written rule table, first match wins
(see classify_common.py); shared fall-backs in classify_k8s_defaults.py.

OVN-Kubernetes (go-controller). The CNI side (pkg/cni, ovnkube-node) waits for the pod
annotation written by ovnkube-controller and for ovn-controller to bind the OVS port; its
errors reach users inside `Failed to create pod sandbox: ... error adding container to
network "ovn-kubernetes": CNI request failed with status 400: '[ns/pod uid] ... '`. Failures
to annotate/allocate IPs/add the logical port (pkg/ovn, pkg/allocator, clustermanager) are
the controller side of the same pod_network_failure. Node gateway, egress, services,
policies and DB internals are defaults (wrapper/benign).

    python3 scripts/catalog/classify_ovn_kubernetes.py            # classify unclassified entries
    python3 scripts/catalog/classify_ovn_kubernetes.py --dry-run
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


P = r'go-controller/pkg/cni/'
R('wrapper', r'^failure in plugging pod interface: %v\n  %q$|^cannot find OpenFlow port for OVS interface: %s, error: %v $', 'ADD-path envelope whose format spans lines / ends in a space (its matcher needs the newline or the trailing space, lost when the message is shown on one line): the inner error and the ovs-vsctl output decide', path=P)
R('pod_network_failure', r'^failed to get pod annotation: %v$|^%s waiting for annotations: %w$|^%[sv] waiting for OVS port binding|^failed to configure pod interface: %v$|^failure in plugging pod interface: %v|^OVS port %s was added for (iface-id|NAD)|^timed out waiting for pod after 1s: %v$|^failed in cmdAdd while getting|^missing primary user defined network NAD for namespace|^missing network annotation with primary role|^failed looking for (ovn pod annotations|primary network (annotation|name)) for nad|^failed to get one netdevice interface per', 'OVN CNI ADD failed: pod annotation never came / OVS port not bound by ovn-controller / interface plumbing failed', path=P)
R('pod_network_failure', r'^failed to add IP addr %s to %s: %v$|gateway route|^failed to add pod route %v via %v: %v$|^failed to set MTU on %s: %v$|^failed to move device %\+v to netns: %q$|^failed to lookup (vf )?device %v: %q$|^VFIO not supported for device %s$|^failed to add mac address %s to %s: %v$|^failed to set up interface %s: %v$|^failed to set host veth txqlen|^failed to find host veth interface|^cannot find OpenFlow port for OVS interface', 'pod interface plumbing in the pod/host namespace failed during CNI ADD', path=P)
R('pod_network_failure', r'^failed to send CNI request: %v$|^failed to get CNI Result from pod interface info|^failed to create pod request: %v$', 'ovnkube CNI shim cannot reach the ovnkube-node CNI server or build the request: the pod gets no network', path=P)
R('wrapper', r"^CNI request failed with status %v: '%s'$|^failed to read CNI result: %v$", 'shim envelope; the server error inside decides', path=P)
R('benign', r'^pod deleted before sandbox|^canceled old pod sandbox$|^pod OVN annotations (changed|deleted or invalid)$|is no longer active \(probably due to a subsequent CNI ADD\)', 'sandbox superseded or pod deleted while waiting: normal churn', path=P)
R('pod_network_failure', r"^couldn't allocate IPs: %s for pod: %s on switch: %s error: %v$|^failed to allocate (new )?IPs(?! for node)|^failed to get PodAnnotation for %s/%s/%s, cluster manager might have not allocated it yet$|^Failed to add logical port %\+v to switch %s: %v$|^failed to add logical port of Pod %s/%s for NAD %s: %w$|^unable to ensure pod annotation: %v$|^unable to ensure IPs allocated for already annotated pod|^cannot allocate a static IP request with IPAM for pod|^\[%s\] failed to locate existing logical port|^\[%s\] unable to find logical switch %s in NBDB$|^failed to get node logical switch for logical port", 'ovnkube-controller/cluster-manager could not allocate the pod IP / create its logical switch port / write the pod annotation: the CNI side then times out waiting')
R('consequence', r'ovsdb-server managing OVN_(Northbound|Southbound) is not in contact with a majority of its cluster|^failed to initialize libovsdb (NB|SB) client|^error when trying to initialize libovsdb (NB|SB) client', 'OVN databases unavailable: new pods cannot be wired; see the OVN DB pods', of='pod_network_failure')
R('benign', None, 'egress IP/QoS/firewall/service, network policy and admin policy handling: not a pod network setup failure', path=r'egress|admin_network_policy|network_policy|/services/|unidling|policy|anp|banp|ovnkube-trace|multicast|hybrid|dns')
R('benign', None, 'Normal event (progress)', kind='event', reason=r'^NeedPods$')

classify_k8s_defaults.add_defaults(R)

if __name__ == '__main__':
    classify_common.main('ovn-kubernetes', RULES)
