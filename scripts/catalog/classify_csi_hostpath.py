#!/usr/bin/env python3
"""Classification of catalog/csi-hostpath.yaml (kubernetes-csi/csi-driver-host-path): hand-written rule table, first match wins
(see classify_common.py); shared fall-backs in classify_k8s_defaults.py.

The hostpath CSI driver (test/demo driver). Node stage/publish errors are mount failures;
attach limits are attach failures.

    python3 scripts/catalog/classify_csi_hostpath.py            # classify unclassified entries
    python3 scripts/catalog/classify_csi_hostpath.py --dry-run
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


R('volume_attach_timeout', r"^Cannot attach any more volumes to this node \('%s'\)$|^ControllerPublishVolume must be called on volume '%s' before staging on node$", 'ControllerPublish refused / not done: the volume is not attached to the node')
R('pvc_mount_failure', r'^failed to mount (block )?device: %s at %s|^volume %q must be staged before publishing$|^volume uses SINGLE_NODE_SINGLE_WRITER access mode and is already mounted at a different target path$', 'node stage/publish (mount) of the volume failed')
R('benign', r'snapshot|startingToken|state file|capacity|metadata|block reader|dataRoot|driver name|node id|endpoint', 'driver internals / snapshot / capacity validation')

classify_k8s_defaults.add_defaults(R)

if __name__ == '__main__':
    classify_common.main('csi-hostpath', RULES)
