"""Per-source table of the message catalog: one entry per upstream repository.

To add a source, add a dict here (and, for a non-Go source, an extractor module with the
same `extract(src, consts)` / `collect_consts(...)` interface as golang.py).

  repo         owner/name on GitHub (recorded in the catalog header)
  prefix       id prefix of its entries (kv-, cdi-, ...)
  extractor    module name in this directory
  paths        trees scanned for messages (files with `suffix`, tests/vendor/generated skipped)
  const_paths  extra trees read only to resolve string constants (reasons, formats)
  default_refs refs used when --refs is not given
  skip         (optional) more file patterns skipped, beyond SKIP_FILE_PATTERNS
  dialect      (optional) call forms beyond the common set (golang._dialect_calls), with
               dialect_note describing them for the file header
  helpers      (optional) the project's own error constructors: name -> index of the format
               argument (multus cmdErr(k8sArgs, format, ...) -> 1); their calls are `error` entries
  suffix       file name ending of the scanned files (a `*` in a path makes it a pattern)
  const_suffix (optional) file name ending of const_paths files, when it differs
  upstream     (optional) for a distribution/vendored mirror: the real project and the
               upstream version of each ref (written as the header's `# Upstream:` line)
  other_mirrors (optional) ref -> owner/name of a second mirror the ref is read from (the
               generator takes several comma-separated --git-dir; each ref comes from the
               first that has it)

A path with a `*` names the matching files of one directory only (`*.go`: the root package).
Paths that do not exist at a ref are ignored, so one list can span a reorganisation
(containerd's pkg/cri -> internal/cri, runtime/v2 -> core/runtime/v2).
"""

SKIP_FILE_PATTERNS = [
    r'_test\.go$', r'(^|/)tests?/', r'(^|/)vendor/', r'\.pb\.go$', r'zz_generated', r'generated_mock',
    r'(^|/)fake/', r'_mock\.go$', r'(^|/)testutils?/', r'(^|/)testing/', r'(^|/)mocks/', r'(^|/)e2e/',
]

SOURCES = {
    'kubevirt': {
        'repo': 'kubevirt/kubevirt',
        'prefix': 'kv',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['pkg/virt-handler', 'pkg/virt-launcher', 'pkg/virt-controller', 'pkg/storage',
                  'pkg/network', 'pkg/virt-api', 'cmd/virt-launcher', 'cmd/virt-launcher-monitor', 'cmd/virt-handler'],
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
    'containerd': {
        'repo': 'containerd/containerd',
        'prefix': 'ctd',
        'extractor': 'golang',
        'suffix': '.go',
        # v1.7 layout first, then the v2 layout (core/, internal/, plugins/, client/)
        'paths': ['pkg/cri', 'runtime/v2', 'pkg/process', 'pkg/unpack', 'rootfs', 'content/*.go', 'content/local',
                  'remotes/*.go', 'remotes/docker', 'images/*.go', 'archive', 'diff/apply', 'snapshots/overlay',
                  'mount', 'services/tasks', '*.go',
                  'internal/cri', 'core/runtime/v2', 'cmd/containerd-shim-runc-v2', 'core/unpack', 'pkg/rootfs',
                  'core/content/*.go', 'plugins/content/local', 'core/remotes/*.go', 'core/remotes/docker',
                  'core/images/*.go', 'pkg/archive', 'core/diff/apply', 'plugins/diff/walking',
                  'plugins/snapshots/overlay', 'core/mount', 'plugins/services/tasks', 'client'],
        'const_paths': [],
        'skip': [r'(^|/)testsuite/', r'(^|/)integration/', r'_(windows|darwin|freebsd|solaris)\.go$',
                 r'(^|/)(windows|lcow)/', r'(^|/)bench/'],
        'dialect': {
            'log_methods': {'Warn': 'warning', 'Warnf': 'warning', 'Fatal': 'fatal', 'Fatalf': 'fatal'},
            'error_funcs': {'runtimeError': {'arg': 1, 'suffix': ': %v'},
                            'ToGRPCf': {'arg': 1, 'suffix': ': %v'}},
        },
        'dialect_note': 'logrus Warn/Warnf/Fatal/Fatalf (log.G(ctx)..., log.L...);'
                        ' runtimeError(err, "OCI runtime create failed") and errdefs/errgrpc.ToGRPCf(err, fmt, ...) stored as "<msg>: %v"',
        'default_refs': ['v1.7.0', 'v2.0.0', 'v2.1.0', 'v2.2.0', 'v2.3.0', 'main'],
    },
    'crio': {
        'repo': 'cri-o/cri-o',
        'prefix': 'crio',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['server', 'internal/oci', 'internal/storage', 'internal/config', 'internal/resourcestore',
                  'internal/lib', 'internal/factory', 'internal/runtimehandlerhooks', 'pkg'],
        'const_paths': [],
        'skip': [r'_(windows|darwin|freebsd|unsupported)\.go$', r'(^|/)mock'],
        'dialect': {
            'log_methods': {'Warn': 'warning', 'Warnf': 'warning', 'Fatal': 'fatal', 'Fatalf': 'fatal'},
            'ctx_first': True,
        },
        'dialect_note': 'internal/log Errorf/Warnf(ctx, "msg", ...) (message in the second argument);'
                        ' logrus Warn/Warnf/Fatal/Fatalf',
        'default_refs': ['v1.28.0', 'v1.30.0', 'v1.32.0', 'v1.34.0', 'v1.36.0', 'main'],
    },
    'runc': {
        'repo': 'opencontainers/runc',
        'prefix': 'runc',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['libcontainer', 'internal', '*.go'],
        'const_paths': [],
        'skip': [r'(^|/)integration/', r'_(windows|darwin|freebsd|solaris|unsupported)\.go$'],
        'dialect': {
            'log_methods': {'Warn': 'warning', 'Warnf': 'warning', 'Fatal': 'fatal', 'Fatalf': 'fatal'},
            'error_funcs': {'newSystemErrorWithCausef': {'arg': 1}, 'newSystemErrorWithCause': {'arg': 1}},
        },
        'dialect_note': 'logrus Warn/Warnf/Fatal/Fatalf; newSystemErrorWithCause(f)(err, "msg", ...) of runc <= v1.0',
        'default_refs': ['v1.1.9', 'v1.2.0', 'v1.3.0', 'v1.4.0', 'v1.5.0', 'main'],
    },

    # ---------------------------------------------------------------- CSI sidecars and drivers
    # Their errors reach users through kubelet / kube-controller-manager envelopes
    # (`AttachVolume.Attach failed ... rpc error: code = X desc = <msg>`, `MountVolume.MountDevice
    # failed ...`), provisioning events and VolumeAttachment status; status.Error(f) entries carry
    # the gRPC code in `reason`.
    'csi-attacher': {
        'repo': 'kubernetes-csi/external-attacher',
        'prefix': 'csiatt',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['pkg', 'cmd'],
        'const_paths': [],
        'default_refs': ['v4.3.0', 'v4.6.0', 'v4.8.0', 'v4.10.0', 'v4.12.0', 'master'],
    },
    'csi-provisioner': {
        'repo': 'kubernetes-csi/external-provisioner',
        'prefix': 'csiprov',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['pkg', 'cmd'],
        'const_paths': [],
        'default_refs': ['v3.5.0', 'v4.0.0', 'v5.1.0', 'v6.0.0', 'v6.3.0', 'master'],
    },
    # the provisioning controller library external-provisioner is built on: its ProvisioningFailed
    # events and `failed to provision volume with StorageClass %q: %v` (to v11)
    'csi-provisioner-lib': {
        'repo': 'kubernetes-sigs/sig-storage-lib-external-provisioner',
        'prefix': 'csiprovlib',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['controller', 'util'],
        'const_paths': [],
        'default_refs': ['v9.0.0', 'v10.0.0', 'v11.0.0', 'v13.0.0', 'master'],
    },
    'csi-registrar': {
        'repo': 'kubernetes-csi/node-driver-registrar',
        'prefix': 'csireg',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['pkg', 'cmd'],
        'const_paths': [],
        'default_refs': ['v2.8.0', 'v2.10.0', 'v2.12.0', 'v2.14.0', 'v2.17.0', 'master'],
    },
    'csi-resizer': {
        'repo': 'kubernetes-csi/external-resizer',
        'prefix': 'csires',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['pkg', 'cmd'],
        'const_paths': [],
        'default_refs': ['v1.8.0', 'v1.10.0', 'v1.12.0', 'v1.14.0', 'v2.2.0', 'master'],
    },
    'csi-nfs': {
        'repo': 'kubernetes-csi/csi-driver-nfs',
        'prefix': 'csinfs',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['pkg', 'cmd'],
        'const_paths': [],
        'default_refs': ['v4.3.0', 'v4.6.0', 'v4.9.0', 'v4.11.0', 'v4.13.0', 'master'],
    },
    'csi-hostpath': {
        'repo': 'kubernetes-csi/csi-driver-host-path',
        'prefix': 'csihp',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['pkg', 'cmd', 'internal'],
        'const_paths': [],
        'default_refs': ['v1.11.0', 'v1.13.0', 'v1.15.0', 'v1.17.0', 'v1.18.0', 'master'],
    },
    'ceph-csi': {
        'repo': 'ceph/ceph-csi',
        'prefix': 'cephcsi',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['internal', 'cmd'],
        'const_paths': [],
        'default_refs': ['v3.7.0', 'v3.8.0', 'v3.10.0', 'v3.12.0', 'devel'],
    },
    # ---------------------------------------------------------------- CNI
    # Their errors reach users inside `Failed to create pod sandbox: ... networkPlugin cni failed
    # to set up pod ... network: <msg>` and Multus's `[ns/pod/uid:net]: error adding container
    # to network ...`.
    'multus': {
        'repo': 'k8snetworkplumbingwg/multus-cni',
        'prefix': 'multus',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['pkg', 'cmd'],
        'const_paths': [],
        # cmdErr(k8sArgs, format, args...) / cmdPluginErr(k8sArgs, netName, format, args...)
        'helpers': {'cmdErr': 1, 'cmdPluginErr': 2},
        'default_refs': ['v3.9.3', 'v4.0.2', 'v4.1.0', 'v4.2.0', 'v4.3.0', 'master'],
    },
    'ovn-kubernetes': {
        'repo': 'ovn-org/ovn-kubernetes',
        'prefix': 'ovnk',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['go-controller/pkg/cni', 'go-controller/pkg/node', 'go-controller/pkg/util',
                  'go-controller/pkg/ovn', 'go-controller/pkg/allocator', 'go-controller/pkg/clustermanager',
                  'go-controller/pkg/kubevirt', 'go-controller/cmd'],
        'const_paths': ['go-controller/pkg/types'],
        'helpers': {'newAnnotationNotSetError': 0, 'newAnnotationAlreadySetError': 0,
                    'newGatewayInterfaceMismatchError': 0},
        # one tag only (v1.0.0): earlier points are master commits (2022-06, 2023-10)
        'default_refs': ['8910467a6697', '9ccf859d9816', 'v1.0.0', 'release-1.0', 'master'],
    },
    'sriov-cni': {
        'repo': 'k8snetworkplumbingwg/sriov-cni',
        'prefix': 'sriovcni',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['pkg', 'cmd'],
        'const_paths': [],
        'default_refs': ['v2.7.0', 'v2.8.0', 'v2.9.0', 'v2.10.0', 'master'],
    },
    'sriov-dp': {
        'repo': 'k8snetworkplumbingwg/sriov-network-device-plugin',
        'prefix': 'sriovdp',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['pkg', 'cmd'],
        'const_paths': [],
        'default_refs': ['v3.5.1', 'v3.6.2', 'v3.8.0', 'v3.11.0', 'master'],
    },
    'cni-plugins': {
        'repo': 'containernetworking/plugins',
        'prefix': 'cniplug',
        'extractor': 'golang',
        'suffix': '.go',
        'paths': ['plugins', 'pkg'],
        'const_paths': [],
        'default_refs': ['v1.3.0', 'v1.5.0', 'v1.6.0', 'v1.8.0', 'v1.9.1', 'main'],
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
