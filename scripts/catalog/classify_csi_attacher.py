#!/usr/bin/env python3
"""Classification of catalog/csi-attacher.yaml (kubernetes-csi/external-attacher): hand-written rule table, first match wins
(see classify_common.py); shared fall-backs in classify_k8s_defaults.py.

The attacher turns VolumeAttachments into ControllerPublishVolume calls; its failures reach
users as the VolumeAttachment's attachError and kube-controller-manager's
`AttachVolume.Attach failed for volume ... : rpc error: ...` (the inner driver text decides).

    python3 scripts/catalog/classify_csi_attacher.py            # classify unclassified entries
    python3 scripts/catalog/classify_csi_attacher.py --dry-run
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


R('wrapper', r'^failed to (attach|detach|mark as attached): %s$|^could not (save VolumeAttachment|mark as detached|add PersistentVolume finalizer): %s$', 'VolumeAttachment status envelope (attachError/detachError); the driver error inside decides')
R('storage_backend_unreachable', r'^CSINode %s does not contain driver %s$', 'the node has no registration of this CSI driver (its node plugin is not running/registered there): nothing can be attached or mounted on that node; alt pvc_mount_failure')
R('consequence', r'has attached status %v but actual state %v|attached status and actual state do not match', 'attacher found a VolumeAttachment whose status disagrees with the driver and requeues it', of='volume_attach_timeout')
R('consequence', r'^PersistentVolume %q is marked for deletion$', 'attach refused because the PV is being deleted')
R('consequence', r'^Failed to (connect to|probe) the CSI driver$|^Failed to get the CSI driver name$|^Failed to check if the CSI Driver supports|^Failed to controller capability check$', 'the sidecar cannot talk to its CSI driver (driver container down): attaches stop; the driver pod says why')
R('wrapper', r'^Error getting (VolumeAttachment|PersistentVolume)|^Failed to (reconcile|list|remove finalizer|create remove-finalizer)|^Error saving VolumeAttachment', 'API read/write envelope; the error is in its err field')

classify_k8s_defaults.add_defaults(R)

if __name__ == '__main__':
    classify_common.main('csi-attacher', RULES)
