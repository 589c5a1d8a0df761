#!/usr/bin/env python3
"""Classification of catalog/csi-nfs.yaml (kubernetes-csi/csi-driver-nfs): hand-written rule table, first match wins
(see classify_common.py); shared fall-backs in classify_k8s_defaults.py.

NFS CSI driver: NodePublishVolume mounts the NFS export on the node (its errors reach users
as `MountVolume.SetUp failed ... rpc error: code = X desc = <msg>`); CreateVolume mounts the
server to create a subdirectory (ProvisioningFailed).

    python3 scripts/catalog/classify_csi_nfs.py            # classify unclassified entries
    python3 scripts/catalog/classify_csi_nfs.py --dry-run
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


R('storage_backend_unreachable', r'^mount volume %s to %s timeout after %ds$', 'the NFS mount did not return within the timeout: the NFS server is not answering from this node; alt pvc_mount_failure')
R('consequence', r'^NodePublishVolume: detected stale mount at %s, attempting remount$', 'stale NFS handle (server restarted or export changed); the driver remounts', of='storage_backend_unreachable')
R('pvc_mount_failure', r'^failed to unmount stale mount %s: %v$', 'NodePublishVolume cannot clear a stale NFS mount: the pod volume cannot be set up')
R('wrapper', r'^failed to mount (nfs server|src nfs server|dst nfs server|snapshot nfs server)', 'controller-side mount of the NFS server during provisioning/snapshot; the mount error inside decides')
R('benign', r'snapshot|archive|tar header|packing|unpacking|symlink|timestamps|destination|subdirector|baseDir|subDir|directory traversal|escapes base|too deep|OnDelete|mountPermissions|volume stats|metrics|transform', 'snapshot/archive/provisioning internals and validation')

classify_k8s_defaults.add_defaults(R)

if __name__ == '__main__':
    classify_common.main('csi-nfs', RULES)
