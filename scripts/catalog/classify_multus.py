#!/usr/bin/env python3
"""Classification of catalog/multus.yaml (k8snetworkplumbingwg/multus-cni): hand-written rule table, first match wins
(see classify_common.py); shared fall-backs in classify_k8s_defaults.py.

Multus meta-plugin: its CNI ADD errors reach users inside `Failed to create pod sandbox: ...
error adding pod ... to CNI network "multus-cni-network": plugin type="multus-shim" ...` and
as `Multus: [ns/pod/uid:net]: error adding container to network ...`. A failed ADD of the
default or a secondary network is pod_network_failure; the delegate plugin's text inside
says more.

    python3 scripts/catalog/classify_multus.py            # classify unclassified entries
    python3 scripts/catalog/classify_multus.py --dry-run
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


R('pod_network_failure', r'^error adding container to network %q: %v$', 'Multus delegate (default or secondary network) CNI ADD failed: the pod sandbox gets no network; the delegate error inside says why')
R('pod_network_failure', r'^error configuring pod \[%s/%s\] networking: %v$', 'multus-daemon failed the pod network setup (thick plugin); inner error says which delegate')
R('benign', r'\(on del\)|on CNI DEL', 'readiness wait on CNI DEL: teardown path')
R('pod_network_failure', r'still waiting for readinessindicatorfile', 'the default network (cluster CNI) is not ready on this node: Multus refuses to add pods')
R('pod_network_failure', r'^cannot find a network-attachment-definition \(%s\) in namespace \(%s\): %v$|^getNetDelegate: cannot find network: %v$|^GetNetworkDelegates: namespace isolation enabled, annotation violates permission', 'the NetworkAttachmentDefinition requested by the pod is missing/not allowed')
R('pod_network_failure', r'^(DelegateAdd|delegateAdd): cannot set %q interface name to %q: %v$|^validateIfName: interface name %s already exists$|^(DelegateAdd|delegateAdd): failed to parse (mac|IP) address %q$', 'secondary interface cannot be created in the pod (name clash / bad MAC or IP request)')
R('pod_network_failure', r'^CheckAPIReadyNow: Daemon not reachable over socketfile|^failed to send CNI request: %v$|^failed to find the primary CNI plugin|^could not find a plugin configuration in %s$|^failed to find the cluster master CNI plugin', 'multus-shim cannot reach multus-daemon / no primary CNI configuration on the node: pod networking cannot be set up')
R('pod_network_failure', r'^getKubernetesDelegate: failed to get (a ResourceClient instance|resourceMap from ResourceClient|resourceMap from DRA client)|^GetPodResourceMap: claim %s has no device allocation$', 'the device (SR-IOV VF) allocated to the pod cannot be resolved for its network')
R('wrapper', r"^CNI request failed with status %v: '%s'$|^CmdAdd \(shim\): %v$", 'shim envelope of the daemon error; the inner text decides')
R('benign', None, 'Normal event (interface added)', kind='event', reason=r'^AddedInterface$')
R('benign', r'DEL|[Dd]elete|GC command|STATUS command|StatusNetwork|ConfStatus|CheckNetwork|ConflistCheck|DelegateCheck|ConflistStatus', 'CNI DEL/CHECK/STATUS/GC paths: not the ADD that keeps a pod without network')
R('benign', None, 'installer/cert/kubeconfig tooling', path=r'cmd/(install_multus|cert-approver|kubeconfig_generator|thin_entrypoint|config-generation)|pkg/cmdutils|kubeconfig\.go|exec_chroot')

classify_k8s_defaults.add_defaults(R)

if __name__ == '__main__':
    classify_common.main('multus', RULES)
