#!/usr/bin/env python3
"""Classification of catalog/csi-provisioner-lib.yaml (kubernetes-sigs/sig-storage-lib-external-provisioner): hand-written rule table, first match wins
(see classify_common.py); shared fall-backs in classify_k8s_defaults.py.

The provisioning controller library: it writes the ProvisioningFailed events on PVCs
(`failed to provision volume with StorageClass %q: %v` up to v11, the bare error after);
the CreateVolume error inside decides.

    python3 scripts/catalog/classify_csi_provisioner_lib.py            # classify unclassified entries
    python3 scripts/catalog/classify_csi_provisioner_lib.py --dry-run
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


R('wrapper', r'^failed to provision volume with StorageClass %q: %v$', 'ProvisioningFailed envelope (PVC stays Pending); the driver CreateVolume error inside decides')
R('wrapper', r'^Volume provisioning failed with infeasible error\. Retries will be delayed\. %v$|^Error creating provisioned PV object for claim %s: %v\. Deleting the volume\.$|^failed to get target node: %v$', 'ProvisioningFailed envelope; the inner error decides')
R('consequence', r'^Giving up syncing claim|^Error creating provisioned PV object for claim\. Deleting the volume\.$', 'provisioning of the claim failed repeatedly; the PVC stays Pending', of='pvc_mount_failure')
R('benign', r'^Error cleaning provisioned volume for claim', 'cleanup of a half-created volume failed (orphan left behind); not what keeps the VM down')
R('consequence', r'^storageClass %q not found$', 'the PVC names a StorageClass that does not exist: it stays Pending', of='pvc_mount_failure')
R('benign', r'Retrying syncing (claim|volume)|^Leaderelection lost|cannot be used together with|^cannot call option functions|DNS|dns|kube-dns|coredns', 'retry notice / controller options / helper')

classify_k8s_defaults.add_defaults(R)

if __name__ == '__main__':
    classify_common.main('csi-provisioner-lib', RULES)
