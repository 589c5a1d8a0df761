#!/usr/bin/env python3
"""Classification of catalog/csi-registrar.yaml (kubernetes-csi/node-driver-registrar): hand-written rule table, first match wins
(see classify_common.py); shared fall-backs in classify_k8s_defaults.py.

node-driver-registrar registers a CSI node plugin with the kubelet of its node. When it
fails, kubelet reports `driver name X not found in the list of registered CSI drivers` and
no volume of that driver can be staged on the node.

    python3 scripts/catalog/classify_csi_registrar.py            # classify unclassified entries
    python3 scripts/catalog/classify_csi_registrar.py --dry-run
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


R('storage_backend_unreachable', r'^Registration process failed with error|^[Ee]rror connecting to CSI driver|^[Hh]ealth check failed, registration socket does not exist$|^[Ee]rror retreiving CSI driver name', 'the CSI node plugin is not registered with the kubelet of this node (driver socket down / registration failed): volumes of that driver cannot be mounted here; alt pvc_mount_failure')
R('consequence', r'^[Hh]ealth check failed(: %\+v)?$|^Registration Server stopped serving', 'registrar health check failed; the registrar restarts and kubelet loses the driver', of='storage_backend_unreachable')
R('benign', r'socket|umask|kubelet-registration-path|--health-port|--http-endpoint|deprecated|LoggingConfiguration|probe file|invalid driver name', 'socket housekeeping / flag validation at start')

classify_k8s_defaults.add_defaults(R)

if __name__ == '__main__':
    classify_common.main('csi-registrar', RULES)
