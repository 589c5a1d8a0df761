#!/usr/bin/env python3
"""Bootstrap classification of catalog/qemu.yaml (hand-written rule table; see classify_common.py).

QEMU runs in the virt-launcher compute container; what it prints on stderr
(`qemu-system-x86_64: <message>`, `qemu-kvm: ...`) ends up in the launcher log and, at start,
inside libvirt's `process exited while connecting to monitor: <stderr>` /
`QEMU unexpectedly closed the monitor (vm='...'): <stderr>`; errors of monitor commands come
back inside libvirt's `unable to execute QEMU command '%s': <message>`. `error_setg` texts are
returned errors (reported by whoever receives them), `error_report`/`warn_report`/`fprintf`
are logs. Most messages are option/property validation and programming errors: `benign`.

    python3 scripts/catalog/classify_qemu.py            # classify unclassified entries
    python3 scripts/catalog/classify_qemu.py --dry-run
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classify_common  # noqa: E402

RULES = []


def R(*a, **kw):
    classify_common.R(RULES, *a, **kw)


# ============================================================== envelopes
R('wrapper', r'^%s(: %s)?$|^%s: %s%s$', 'default: the message is the inner error')

# ============================================================== KVM
R('kvm_unavailable', r'^Could not access KVM kernel module', '/dev/kvm missing or not accessible in the launcher (module not loaded, no device plugin, permissions); on a VM node see nested_virtualization', path=r'accel/kvm/')
R('kvm_unavailable', r'^ioctl\(KVM_CREATE_VM\) failed', 'the kernel refuses to create a KVM VM (KVM module unusable: virtualization disabled/in use by another hypervisor; alt nested_virtualization)', path=r'accel/kvm/')
R('kvm_unavailable', r'^no accelerator found$|^No accelerator selected and no default accelerator available$', 'no accelerator could be initialised (KVM failed and no fallback)', path=r'system/vl\.c|softmmu/vl\.c')
R('qemu_process_failure', r'^KVM internal error\. Suberror|^error: kvm run failed|^KVM: unknown exit, hardware reason|^kvm_init_vcpu: .*failed|^Failed to (get|put) registers|KVM_SET_USER_MEMORY_REGION failed|^Enable kernel irqchip failed|^Create kernel irqchip failed', 'KVM stopped the vCPU or refused vCPU/memory setup: the QEMU process aborts or the guest stops', path=r'accel/kvm/')
# ============================================================== CPU model / host features
R('hardware_incompatibility', r"^Host doesn't support requested features$", 'enforce/check CPU: the host cannot provide the CPU features the VM asks for', path=r'target/i386/cpu\.c')
R('hardware_incompatibility', r'TSC frequency mismatch between VM|^Hyper-V %s is not supported by kernel$|^eVMCS version range|lbr-fmt value .* does not match the host value|is not supported by kernel', 'the node CPU/kernel lacks a feature the VM requests (TSC scaling, Hyper-V enlightenment, eVMCS, LBR)', path=r'target/i386/')
# ============================================================== memory
R('qemu_process_failure', r"^cannot set up guest memory '%s'", 'QEMU could not allocate/map the guest RAM (out of memory, hugepages exhausted or a memory backend failure); alt node_resource_exhaustion / launcher_resource_limits when the node or pod is short of memory', path=r'system/|softmmu/')
R('qemu_process_failure', r'^qemu_prealloc_mem: |^os_mem_prealloc', 'preallocation of guest memory failed (hugepages/memory not available)', path=r'util/oslib-posix\.c')
R('qemu_process_failure', r'^cannot bind memory to host NUMA nodes', 'guest memory cannot be bound to the requested host NUMA nodes (memory not available there)', path=r'backends/hostmem')
R('launcher_resource_limits', r'^locking memory failed$', '-overcommit mem-lock=on: mlock of guest memory failed (memlock limit of the launcher)', path=r'system/vl\.c|softmmu/vl\.c')
R('launcher_resource_limits', r'^VFIO_MAP_DMA failed', 'VFIO DMA mapping failed: usually the locked-memory limit of the launcher is too low for the guest RAM (alt: IOMMU mapping limit)', path=r'hw/vfio/')
R('launcher_resource_limits', r'possibly running out of DMA mappings', 'VFIO DMA mapping budget exhausted', path=r'hw/vfio/')
R('hardware_incompatibility', r'^failed to (open /dev/vfio/vfio|setup container for group)|^Failed to set iommu for container', 'VFIO/IOMMU not usable on this node for the assigned device', path=r'hw/vfio/')
# ============================================================== images
R('image_cache_corruption', r'^qcow2: (Image is corrupt|Marking image as corrupt)|^Image is corrupt|L[12] entry corrupted|table entry corrupted|corrupted subcluster allocation bitmap', 'the qcow2 disk image is corrupt (a damaged cached/imported image); alt pvc_mount_failure when the volume under it is faulty', path=r'block/qcow2')
R('qemu_process_failure', r'Image size is not a multiple of request alignment', 'QEMU refuses to open a disk image whose size is not a multiple of the block size, and exits at start (KubeVirt created such images on filesystem PVCs until its fix: kubevirt/kubevirt issue 6712, PR 6754); alt pvc_mount_failure for a block volume of an odd size', path=r'^block\.c:|^block/')
R('volume_attach_timeout', r'^Failed to get (shared )?"%s" lock', 'another process (a QEMU on another node or a stale one) holds the disk image lock: the volume is still in use elsewhere', path=r'block/file-posix\.c')
R('hardware_incompatibility', r'^Could not find working O_DIRECT alignment', 'the storage under the disk image does not support O_DIRECT (cache=none)', path=r'block/file-posix\.c')
# ============================================================== migration
R('benign', r'[Ss]napshot|VM state file|loading VM state|while vm is running|Record/replay|Path too long for VMState', 'savevm/loadvm snapshots (not live migration)', path=r'migration/savevm\.c')
R('benign', None, 'migration features KubeVirt does not use (COLO, RDMA, block migration, dirty rate, HMP, bitmap aliases) or capability validation', path=r'migration/(colo|rdma|block\.c|block-dirty-bitmap|dirtyrate|migration-hmp-cmds|options|exec|file)')
R('benign', r'deprecated|will be ignored|not (be )?supported|must be|only (be )?(used|supported)|can.t be used together|requires|is not set|is not enabled', 'migration option validation (rejected when requested)', path=r'migration/')
R('migration_failure', r'fail|error|unable|cannot|can.t|could not|invalid|unknown|mismatch|missing|unexpected|too (big|large|long|small)|bad |lost|closed|broken|abort|timeout|timed out|not match|does not|doesn.t|expected', 'live migration stream/state failed on the source or the target', path=r'migration/', kind='error')
R('migration_failure', r'fail|error|unable|cannot|can.t|could not|invalid|unknown|mismatch|missing|unexpected|bad |lost|closed|broken|abort|timeout|timed out|not match|does not|doesn.t|expected', 'live migration stream/state failed on the source or the target', path=r'migration/', kind='log')
R('migration_failure', r'^%s: (Failed (setting|loading|to load)|data_fd out of sync|SETUP STATE: EOS not found)', 'VFIO device state transfer failed during migration', path=r'hw/vfio/migration\.c')
# ============================================================== monitor / chardev
R('benign', None, 'QMP/HMP command handling: command validation errors returned to the caller (libvirt wraps them as "unable to execute QEMU command")', path=r'^monitor/')
# ============================================================== defaults
R('benign', None, 'default: option/property validation or programming error without cause-specific wording')


if __name__ == '__main__':
    classify_common.main('qemu', RULES, min_key=18)
