#!/usr/bin/env python3
"""Classification of catalog/ceph-csi.yaml (ceph/ceph-csi): hand-written rule table, first match wins
(see classify_common.py); shared fall-backs in classify_k8s_defaults.py.

Ceph RBD / CephFS / NFS CSI driver. NodeStage maps the RBD image (`rbd map`) or mounts
CephFS and formats/mounts it: those failures reach users inside `MountVolume.MountDevice
failed ... rpc error: code = Internal desc = <msg>` -> pvc_mount_failure. Not reaching the
Ceph cluster -> storage_backend_unreachable only where the text says so (go-ceph's own
`rados: ret=-110, Connection timed out` is not in this repository). Controller-side
(provisioning, snapshots, replication, KMS, fencing) errors are wrappers or benign.

    python3 scripts/catalog/classify_ceph_csi.py            # classify unclassified entries
    python3 scripts/catalog/classify_ceph_csi.py --dry-run
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


R('storage_backend_unreachable', r'^failed to establish cluster connection: %v$', 'the node plugin cannot connect to the Ceph cluster (monitors unreachable or auth rejected); alt pvc_mount_failure')
R('storage_backend_unreachable', r'^health-check has not responded for %f seconds$', 'the mounted CephFS volume stopped responding to the health checker (MDS/OSD unreachable from the node)')
R('volume_attach_timeout', r'^rbd image %s is still being used$', 'before mapping, the RBD image still has a watcher: it is still mapped by another node (previous node never released it); Multi-Attach-like')
R('pvc_mount_failure', r'Check dmesg logs if required\.$|^rbd: map (failed with error|error)|^nfs: failed to mount %q to %q|^ceph-fuse failed: %s$|^no ceph mounters found on system$|^staging path %s for volume %s is not a mountpoint$|^failed to bind-mount|^failed to run mkfs|^unsupported krbd Feature|^cannot map image %s it is not primary$|^corrupted mount detected in %q: %v$|^failed to create mountPath:%s with error', 'NodeStage/NodePublish (rbd map / mount / mkfs) of the volume failed on the node')
R('consequence', r'^cephfs: (mount problem detected when publishing|mountpoint problem detected when staging)', 'FUSE mount found broken (ceph-fuse died, usually after the plugin restarted); the driver tries to recover', of='pvc_mount_failure')
R('consequence', r'^empty monitor list for cluster ID \(%s\) in config$|^missing configuration for cluster ID %q$|^error fetching configuration for cluster ID %q: %w$', 'ceph-csi config map has no (or no monitors for this) cluster ID: every stage/provision for it fails; fix the config')
R('wrapper', r'^error generating volume %s: %v$|^failed to connect to volume %s: %v$', 'NodeStage envelope; the connection/decoding error inside decides')
R('benign', None, 'key management (KMS) provider errors: encryption setup, not reachability of Ceph', path=r'internal/kms/')
R('benign', None, 'CSI-Addons (fencing, replication, reclaim space, key rotation, volume groups): not in a VM start path', path=r'internal/csi-addons/')
R('benign', r'snapshot|clone|mirror|replicat|resync|quiesce|group|flatten|trash|omap|journal|reservation|reftracker|fscrypt|passphrase|encrypt|LUKS|metadata|KMS|DEK|stripe|objectSize|feature|logfile|cephLogStrategy|PID limit|expand|resize|sparsify', 'provisioning/snapshot/encryption/journal internals: not what keeps a VM stuck on its node')

classify_k8s_defaults.add_defaults(R)

if __name__ == '__main__':
    classify_common.main('ceph-csi', RULES)
