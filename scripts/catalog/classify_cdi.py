#!/usr/bin/env python3
"""Bootstrap classification of catalog/cdi.yaml (hand-written rule table; see classify_common.py).

CDI matters to a stuck VM through its DataVolumes: a VM whose DV never populates (import,
upload, clone) never gets its launcher pod started. Messages are classed by the cause they
prove, not by the stage: a registry 401/404 is image_pull_failure, a dial/DNS error (matched
in the inner text) is node_network_failure, a corrupt download is image_cache_corruption.

    python3 scripts/catalog/classify_cdi.py            # classify unclassified entries
    python3 scripts/catalog/classify_cdi.py --dry-run
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classify_common  # noqa: E402

RULES = []


def R(*a, **kw):
    classify_common.R(RULES, *a, **kw)


# --- envelopes
R('wrapper', r'^Unable to process data: %v$', 'importer termination message envelope (copied into the DV Running condition); match the inner text')
R('wrapper', r'^Unable to (obtain information about data source|transfer source data to (scratch space|target directory|target file)|convert source data to target format|resize disk image to requested size|apply delta to base image): %v$', 'importer data-processor phase envelope; inner error decides')
R('wrapper', r'^HTTP request errored: %v$', 'HTTP transport error envelope (inner: dial tcp/i-o timeout/no such host -> node_network_failure; x509 -> certificate config)')
R('wrapper', r'^(Failed to read registry image|Error retrieving image|Could not parse image|Could not create image reference): %v$', 'registry import envelope (inner: manifest unknown/unauthorized -> image_pull_failure, dial/DNS -> node_network_failure)')

# --- image pull / source not available
R('image_pull_failure', r'^failed to pull image: %s$', 'CDI ImagePullFailed text: the registry image of the import (or the importer\'s image) could not be pulled')
R('image_pull_failure', r'expected status code (200|%d), got %d', 'HTTP source answered non-200 (404 not found / 401-403 unauthorized): the source image is not available to this importer')
R('image_pull_failure', r'manifest image architecture: .* doesn.t match requested architecture', 'image has no variant for the requested architecture (the "no matching manifest" pull failure)')
R('consequence', r'^Failed to find VM disk image file in the container image$|^bootc image detected|^image (file does not exist in image directory|directory (does not exist|contains more than one file|contains another directory))|^image file does has no name$|^Cannot locate image file|^no disk image found in tar$', 'the image pulled has no (or several) disk files: bad image content, not a node cause')

# --- corruption / checksum
R('image_cache_corruption', r'^checksum mismatch$|^checksum validation failed: %w$|^%w: expected %s:%s, calculated %s:%s$', 'downloaded image does not match its checksum (corrupt/partial download or cache)')
R('image_cache_corruption', r'^(Error reading layer|Could not read layer)(: %v)?$', 'image layer unreadable during extraction (corrupt blob; alt: connection dropped mid-stream)')
R('image_cache_corruption', r'^Image %s is invalid because it has invalid backing file %s$', 'qemu-img finds a broken backing-file reference in the downloaded image')
R('consequence', r'^Invalid format %s for image %s$', 'image format not accepted by CDI: bad image content, not a node cause')

# --- PVC / storage class / binding
R('pvc_mount_failure', r'storage class( %s)? not found|unable to retrieve storage class|^no storage class match|has empty storage class name|no accessMode|missing accessMode|cannot get access mode from StorageProfile|no matching accessMode|^no target storage defined$|^cannot get (source|target) pvc storage class$', 'the DV cannot render/bind its PVC (storage class / StorageProfile access modes): PVC never created or stays Pending')
R('pvc_mount_failure', r'bound to unexpected (claim|PV)|^PV %s claimRef is nil$|Could not rebind to target PVC|^requested PV is too small$|^storageClassName does not match$|^incompatible (volumeMode|accessMode)$|^the volume is marked for deletion|marked for deletion$|already exists and is not managed by DataVolume', 'PV/PVC binding of the DV fails or the target PVC is owned/deleted elsewhere')
R('pvc_mount_failure', r'^pod %s/%s using PersistentVolumeClaim %s$', 'another pod holds the target PVC: the import/upload pod cannot start (RWO in use)')
R('pvc_mount_failure', r'^(source PVC not found|no source PVC provided|snapshot source does not exist)$', 'clone source missing')
R('consequence', r'A larger PVC is required|larger than the reported available storage|Available space less than requested size', 'DV/PVC too small for the image (DV spec), not a node cause')
R('consequence', r'^scratch space required and none found$', 'scratch PVC not provisioned (storage class / quota): see the scratch PVC state', of='pvc_mount_failure')
R('consequence', r'^(import into %s failed|Upload into %s failed)$|^Error starting pod', 'import/upload pod failed; its termination message / pod events say why')

R('pvc_mount_failure', r'^PVC %s lost$', 'DV Bound condition: the PVC is Lost (its PV is gone)')
R('pvc_mount_failure', r"^The source %s %s doesn't exist$", 'clone source missing: the target DV never populates')
R('consequence', r'^Failed to import into PVC %s$|^Cloning from %s/%s into %s/%s failed$', 'DV condition/event restating an importer/clone failure; the pod termination message decides')
R('wrapper', r'^Size-detection pod failed due to %s$|^The clone doesn.t meet the validation requirements: %s$', 'carries the inner reason')
# --- benign: features and validation
R('benign', r'^No CSI drivers were found: External population not supported$|^AnyVolumeDataSource feature gate is not enabled|^In tree storage class does not support snapshot/clone$', 'feature not available in this cluster: CDI falls back or the DV spec is invalid (config)')
R('benign', None, 'clone/snapshot/token handling; not a node-side cause (its inner errors are matched separately)', path=r'clone|token')
R('benign', r'the (arm64|arrch64|s390x) architecture does not support VDDK|insecure TLS|No certificate directory provided|No certs in|Unable to collect cert|Unexpected content type', 'configuration notice / unsupported platform for VDDK')
R('benign', r'(Import|Upload) Successful|Successfully (imported|uploaded)|created successfully|Size-detection pod created|is paused$|retained in Lost state', 'Normal progress')

# --- generic wrappers and defaults
R('wrapper', r'failed, stderr:|failed output is:|execution failed: %s: %s', 'qemu-img/nbdkit command failure: its stderr (inner) decides (e.g. no space left, I/O error)')
R('wrapper', r'^%[vsw]$|^%[+]v$|^%v: %v$|^%w: %v$|^%s: %s$|^%s, %s$|^%v, %s$|^%s %s$', 'default: the message is the inner error (dynamic); match it in turn')
R('wrapper', r'(: ?|, |err:? |error:? |Reason: |with error: |\. |; |-> |\()%[-+#]?[vsqw]\)?\.?\s*(\\n)?\s*$|%[vw]$|\(%v\)$|, output: %s$|%v: .%v.$|%v : %v$|\n%s\n%s$|: \n%s\n$', 'default: outer text is generic, the inner %v/%w error decides')


if __name__ == '__main__':
    classify_common.main('cdi', RULES)
