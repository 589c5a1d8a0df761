#!/usr/bin/env python3
"""Classification of catalog/csi-resizer.yaml (kubernetes-csi/external-resizer): hand-written rule table, first match wins
(see classify_common.py); shared fall-backs in classify_k8s_defaults.py.

Volume expansion and VolumeAttributesClass modification: neither keeps a running VM's
volume from being attached or mounted; failures are benign or wrappers here.

    python3 scripts/catalog/classify_csi_resizer.py            # classify unclassified entries
    python3 scripts/catalog/classify_csi_resizer.py --dry-run
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


R('consequence', r'^Failed to create CSI client$|^Get driver name failed$|^get driver name failed: %v$|^failed to connect to CSI driver: %v$|^failed probing CSI driver: %v$', 'the sidecar cannot talk to its CSI driver (driver container down); the driver pod says why')
R('benign', r'resiz|expan|modif|VAC|VolumeAttributesClass', 'volume expansion / modification: not what keeps a VM stuck on its node')

classify_k8s_defaults.add_defaults(R)

if __name__ == '__main__':
    classify_common.main('csi-resizer', RULES)
