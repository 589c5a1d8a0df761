#!/usr/bin/env python3
"""Classification of catalog/csi-provisioner.yaml (kubernetes-csi/external-provisioner): hand-written rule table, first match wins
(see classify_common.py); shared fall-backs in classify_k8s_defaults.py.

Provisioning failures leave the PVC Pending (ProvisioningFailed events, written by the
controller library, see csi-provisioner-lib.yaml); the driver's CreateVolume error inside
decides. Only topology errors, which say the driver is missing on the node the VM was
scheduled to, get a cause.

    python3 scripts/catalog/classify_csi_provisioner.py            # classify unclassified entries
    python3 scripts/catalog/classify_csi_provisioner.py --dry-run
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


R('pvc_mount_failure', r'^CSINode for selected node %q not found$|^topology labels from selected node %v does not match topology keys from CSINode %v$|^no topology key found for node %s$|^error getting CSINode for selected node %q: %v$', 'WaitForFirstConsumer PVC stays Pending: the CSI driver is not registered (no CSINode/topology) on the node the VM was scheduled to; alt storage_backend_unreachable')
R('consequence', r'^timed out waiting to become PVC owner$|^PVC was replaced$', 'provisioning of this PVC handed over/abandoned; the PVC state decides')
R('consequence', r'dataSource not bound|DataSource %s must have a status of Bound|DataSource %s is currently being deleted|snapshot %s (is not Ready|not bound|is being deleted|is currently being deleted)|snapshot handle %s is not available', 'clone/restore source not ready: the new PVC stays Pending until it is', of='pvc_mount_failure')
R('consequence', r'^Failed to (connect to|probe) the CSI driver|^Failed to get the CSI driver name', 'the sidecar cannot talk to its CSI driver (driver container down): provisioning stops; the driver pod says why')
R('benign', r'^persistentvolume %s is still attached to node %s$', 'PV deletion waits for detach (teardown)')
R('benign', r'expected .* got %T -> ignoring it|Capacity Controller', 'storage capacity tracking internals')
R('benign', None, 'Normal event (progress)', kind='event', reason=r'^Provisioning$')

classify_k8s_defaults.add_defaults(R)

if __name__ == '__main__':
    classify_common.main('csi-provisioner', RULES)
