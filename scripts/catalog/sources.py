"""Per-source table of the message catalog: one entry per upstream repository.

To add a source, add a dict here (and, for a non-Go source, an extractor module with the
same `extract(src, consts)` / `collect_consts(...)` interface as golang.py).

  repo         owner/name on GitHub (recorded in the catalog header)
  prefix       id prefix of its entries (kv-, cdi-, ...)
  extractor    module name in this directory
  paths        trees scanned for messages (files with `suffix`, tests/vendor/generated skipped)
  const_paths  extra trees read only to resolve string constants (reasons, formats)
  default_refs refs used when --refs is not given
  suffix       file name ending of the scanned files (a `*` in a path makes it a pattern)
  const_suffix (optional) file name ending of const_paths files, when it differs
  upstream     (optional) for a distribution/vendored mirror: the real project and the
               upstream version of each ref (written as the header's `# Upstream:` line)
  other_mirrors (optional) ref -> owner/name of a second mirror the ref is read from (the
               generator takes several comma-separated --git-dir; each ref comes from the
               first that has it)
"""

SKIP_FILE_PATTERNS = [
    r'_test\.go$', r'(^|/)tests?/', r'(^|/)vendor/', r'\.pb\.go$', r'zz_generated', r'generated_mock',
    r'(^|/)fake/', r'_mock\.go$', r'(^|/)testutils?/', r'(^|/)testing/',
]

SOURCES = {
    'kubevirt': {
        'repo': 'kubevirt/kubevirt',
        'prefix': 'kv',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['pkg/virt-handler', 'pkg/virt-launcher', 'pkg/virt-controller', 'pkg/storage',
                  'pkg/network', 'cmd/virt-launcher', 'cmd/virt-launcher-monitor', 'cmd/virt-handler'],
        'const_paths': ['staging/src/kubevirt.io/api/core/v1', 'pkg/controller',
                        'pkg/virt-controller/watch/common', 'pkg/util/migrations'],
        'default_refs': ['v0.59.0', 'v1.0.0', 'v1.2.0', 'v1.4.0', 'v1.6.0', 'v1.8.0', 'v1.9.0', 'main'],
    },
    'cdi': {
        'repo': 'kubevirt/containerized-data-importer',
        'prefix': 'cdi',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['pkg/importer', 'pkg/uploadserver', 'pkg/controller/datavolume', 'pkg/controller/import-controller.go',
                  'pkg/controller/upload-controller.go', 'pkg/controller/util.go', 'pkg/controller/populators', 'pkg/controller/common',
                  'pkg/image', 'cmd/cdi-importer', 'cmd/cdi-uploadserver'],
        'const_paths': ['staging/src/kubevirt.io/containerized-data-importer-api/pkg/apis/core/v1beta1',
                        'pkg/common', 'pkg/controller', 'pkg/controller/common'],
        'default_refs': ['v1.56.0', 'v1.57.0', 'v1.59.0', 'v1.61.0', 'v1.63.0', 'v1.65.0', 'v1.66.0', 'main'],
    },
    'libvirt': {
        'repo': 'Avenger-285714/libvirt_deepin',
        'prefix': 'lv',
        'extractor': 'clang',
        'suffix': '.c',
        'paths': ['src/qemu', 'src/conf/domain_conf.c', 'src/conf/domain_validate.c', 'src/conf/cpu_conf.c',
                  'src/conf/domain_postparse.c', 'src/conf/numa_conf.c', 'src/conf/storage_source_conf.c',
                  'src/conf/capabilities.c', 'src/conf/virdomainjob.c', 'src/conf/virdomainobjlist.c', 'src/storage_file/storage_source.c', 'src/cpu/cpu.c', 'src/cpu/cpu_x86.c', 'src/cpu/cpu_map.c',
                  'src/security', 'src/util/vircgroup*.c', 'src/util/virfile.c', 'src/util/virprocess.c',
                  'src/util/virhostdev.c', 'src/util/virpci.c', 'src/util/virnetdev*.c', 'src/util/virhostmem.c',
                  'src/util/virmdev.c', 'src/util/virnuma.c', 'src/util/vircommand.c', 'src/util/virhostcpu.c',
                  'src/hypervisor'],
        'const_paths': ['src/util/virerror.c'],
        'default_refs': ['9.8.0-1', '018b52c4', '10.7.0-3deepin2'],
        'upstream': {'repo': 'libvirt/libvirt',
                     'versions': {'9.8.0-1': 'v9.8.0', '018b52c4': 'v10.4.0', '10.7.0-3deepin2': 'v10.7.0'}},
    },
    'qemu': {
        'repo': 'cyanea-bt/qemu-8-patched',
        'prefix': 'qemu',
        'extractor': 'clang',
        'suffix': '.c',
        'paths': ['accel/kvm', 'target/i386/kvm', 'target/i386/cpu.c', 'target/i386/sev.c',
                  'block/file-posix.c', 'block/qcow2*.c', 'block/raw-format.c', 'block/nbd.c', 'block/io.c',
                  'block.c', 'blockdev.c', 'monitor', 'migration', 'hw/vfio',
                  'system/physmem.c', 'system/vl.c', 'system/memory.c', 'softmmu/physmem.c', 'softmmu/vl.c',
                  'softmmu/memory.c', 'backends/hostmem*.c', 'util/oslib-posix.c', 'chardev/char-socket.c',
                  'hw/net/virtio-net.c', 'hw/block/virtio-blk.c', 'net/tap*.c'],
        'const_paths': [],
        # v7.1.0 from deepin's packaging (upstream sources, deepin's patches unapplied in debian/)
        'default_refs': ['1%7.1+dfsg-2deepin', '72e141c8'],
        'other_mirrors': {'1%7.1+dfsg-2deepin': 'Avenger-285714/qemu-deepin'},
        'upstream': {'repo': 'qemu/qemu',
                     'versions': {'1%7.1+dfsg-2deepin': 'v7.1.0', '72e141c8': 'v8.2.4'}},
    },
    'crun': {
        'repo': 'containers/crun',
        'prefix': 'crun',
        'extractor': 'clang',
        'suffix': '.c',
        'paths': ['src/libcrun'],
        'const_paths': [],
        'default_refs': ['1.8.7', '1.15', '1.21', '1.29.1'],
    },
}
