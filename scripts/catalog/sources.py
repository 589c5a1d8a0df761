"""Per-source table of the message catalog: one entry per upstream repository.

To add a source, add a dict here (and, for a non-Go source, an extractor module with the
same `extract(src, consts)` / `collect_consts(...)` interface as golang.py).

  repo         owner/name on GitHub (recorded in the catalog header)
  prefix       id prefix of its entries (kv-, cdi-, ...)
  extractor    module name in this directory
  paths        trees scanned for messages (files with `suffix`, tests/vendor/generated skipped)
  const_paths  extra trees read only to resolve string constants (reasons, formats)
  default_refs refs used when --refs is not given
  suffix       file name ending of the scanned files
Optional:
  const_suffix file name ending of const_paths files, when it differs from `suffix`
  skip         more file patterns (regex on the path) skipped for this source, beyond
               SKIP_FILE_PATTERNS
  vendor_ok    True: `vendor/` is not skipped (the paths point into a vendored copy)
  private_consts_local  True: unexported (lower-case) constants resolve only inside their package
  at_rewrite   [(prefix, replacement)]: `at` names the upstream path, not the vendored one
  upstream     {'repo': owner/name, 'versions': {ref: upstream version}, 'note': text}: for a
               distribution or vendored copy, the real project and the upstream version of each
               ref, written as the header's `# Upstream: https://github.com/<repo> (<ref> =
               <version>, ...)` line (read by src/catalog/mod.rs), `note` (optional) as
               comment lines under it
  other_mirrors ref -> owner/name of a second mirror the ref is read from (the generator
               takes several comma-separated --git-dir; each ref comes from the first that has it)
  extract_opts options of the extractor's `extract(src, consts, opts)` (golang.extract documents
               them): call forms beyond the common set (log_methods, ctx_first, error_funcs),
               the project's own wrappers (helpers), messages outside calls (message_fields,
               message_consts, status_calls, message_assignments, error_method_literals) and
               locals_shadow_consts
  dialect_note what extract_opts' log_methods/ctx_first/error_funcs add, for the file header
               (`# Call forms beyond the common set ...`)

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
        'extract_opts': {
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
        'extract_opts': {
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
        'extract_opts': {
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
        'extract_opts': {'helpers': {'cmdErr': {'arg': 1}, 'cmdPluginErr': {'arg': 2}}},
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
        'extract_opts': {'helpers': {'newAnnotationNotSetError': {'arg': 0},
                                     'newAnnotationAlreadySetError': {'arg': 0},
                                     'newGatewayInterfaceMismatchError': {'arg': 0}}},
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

    # ---------------------------------------------------------------- Kubernetes (vendored copies)
    'kubelet': {
        # The kubernetes repository is too large for this session's mirror: its kubelet and volume
        # packages are read from the copy vendored by kubeedge (a lightly patched kubernetes fork
        # per kubeedge release, see `upstream`).
        'repo': 'kubeedge/kubeedge',
        'prefix': 'kl',
        'extractor': 'golang',
        'suffix': '.go',
        'vendor_ok': True,
        'private_consts_local': True,
        'skip': [r'_windows\.go$', r'_unsupported\.go$', r'(^|/)winstats/'],
        'paths': [
            'vendor/k8s.io/kubernetes/pkg/kubelet/volumemanager',
            'vendor/k8s.io/kubernetes/pkg/volume',
            'vendor/k8s.io/kubernetes/pkg/kubelet/eviction',
            'vendor/k8s.io/kubernetes/pkg/kubelet/lifecycle',
            'vendor/k8s.io/kubernetes/pkg/kubelet/cm',
            'vendor/k8s.io/kubernetes/pkg/kubelet/kuberuntime',
            'vendor/k8s.io/kubernetes/pkg/kubelet/images',
            'vendor/k8s.io/kubernetes/pkg/kubelet/events',
            'vendor/k8s.io/kubernetes/pkg/kubelet/pleg',
            'vendor/k8s.io/kubernetes/pkg/kubelet/nodestatus',
            'vendor/k8s.io/kubernetes/pkg/kubelet/prober',
            'vendor/k8s.io/kubernetes/pkg/kubelet/kubelet.go',
            'vendor/k8s.io/kubernetes/pkg/kubelet/kubelet_pods.go',
            'vendor/k8s.io/kubernetes/pkg/kubelet/kubelet_volumes.go',
            'vendor/k8s.io/kubernetes/pkg/kubelet/kubelet_node_status.go',
            'vendor/k8s.io/kubernetes/pkg/kubelet/kubelet_network.go',
            'vendor/k8s.io/kubernetes/pkg/kubelet/kubelet_network_linux.go',
            'vendor/k8s.io/kubernetes/pkg/kubelet/kubelet_resources.go',
            'vendor/k8s.io/kubernetes/pkg/kubelet/kubelet_getters.go',
            'vendor/k8s.io/kubernetes/pkg/kubelet/kubelet_linux.go',
            'vendor/k8s.io/kubernetes/pkg/kubelet/pod_workers.go',
            'vendor/k8s.io/kubernetes/pkg/kubelet/runtime.go',
            'vendor/k8s.io/kubernetes/pkg/kubelet/errors.go',
            'vendor/k8s.io/kubernetes/pkg/kubelet/active_deadline.go',
            'vendor/k8s.io/mount-utils',
        ],
        'const_paths': ['vendor/k8s.io/kubernetes/pkg/kubelet/events',
                        'vendor/k8s.io/kubernetes/pkg/kubelet/container',
                        'vendor/k8s.io/kubernetes/pkg/volume/util/types'],
        'at_rewrite': [('vendor/k8s.io/kubernetes/', ''),
                       ('vendor/k8s.io/mount-utils/', 'staging/src/k8s.io/mount-utils/')],
        'upstream': {
            'repo': 'kubernetes/kubernetes',
            'versions': {'v1.12.0': 'v1.22.6', 'v1.13.0': 'v1.23.15', 'v1.14.0': 'v1.24.14',
                         'v1.15.0': 'v1.26.7', 'v1.16.0': 'v1.27.7', 'v1.18.0': 'v1.29.6',
                         'v1.20.0': 'v1.30.7', 'v1.22.0': 'v1.31.12', 'master': 'v1.32.10'},
            'note': ('Read from kubeedge\'s vendor/ tree, which is kubeedge\'s lightly patched fork of each\n'
                     'kubernetes version (vendor/modules.txt: k8s.io/kubernetes => github.com/kubeedge/kubernetes\n'
                     '<version>-kubeedgeN; v1.14.0 replaces it with github.com/Shelley-BaoYue/kubernetes\n'
                     'v1.24.14-kubeedge1-test1). Only the packages kubeedge vendors are present.'),
        },
        'extract_opts': {
            'helpers': {
                # operationexecutor: "<op> failed for volume %q : <err>" (event, simple) and
                # "<op> failed for volume %q (UniqueName: %q) pod %q (UID: %q) : <err>" (log, detailed)
                'GenerateError': {'kind': 'error', 'template': '{} for volume %q %v', 'arg': 0},
                'GenerateErrorDetailed': {'kind': 'error', 'template': '{} for volume %q %v', 'arg': 0},
                # image manager: logIt(ref, eventtype, reason, prefix, msg, logFn)
                'logIt': {'event_msg_after_type': 3},
                # kuberuntime / prober: recordContainerEvent(pod, c, [id,] eventtype, reason, fmt, args...)
                'recordContainerEvent': {'event_msg_after_type': 2, 'printf': True},
                # kubelet node status: recordEvent(eventtype, reason, msg)
                'recordEvent': {'event_msg_after_type': 2},
            },
            'message_consts': r'\w*(?:Message|Msg)(?:Fmt)?|message',
            'locals_shadow_consts': True,
            'error_method_literals': True,
            # admission results: PodAdmitResult{Reason: ..., Message: ...}
            'message_fields': {'PodAdmitResult': 'Message'},
            # node conditions (MemoryPressure, DiskPressure, PIDPressure, Ready) set field by field
            'message_assignments': r'condition\.Message',
        },
        'default_refs': ['v1.14.0', 'v1.16.0', 'v1.18.0', 'v1.20.0', 'v1.22.0', 'master'],
    },
    'scheduler': {
        # kube-scheduler's framework and in-tree plugins, read from the copy vendored by
        # openshift-kni/scheduler-plugins (plain upstream k8s.io/kubernetes, no replace to a fork).
        'repo': 'openshift-kni/scheduler-plugins',
        'prefix': 'ks',
        'extractor': 'golang',
        'suffix': '.go',
        'vendor_ok': True,
        'private_consts_local': True,
        'skip': [r'_windows\.go$', r'/apis/config/', r'/metrics/', r'/debugger/'],
        'paths': ['vendor/k8s.io/kubernetes/pkg/scheduler'],
        # the API's reason constants (v1.PodReasonPreemptionByScheduler)
        'const_paths': ['vendor/k8s.io/api/core/v1'],
        'at_rewrite': [('vendor/k8s.io/kubernetes/', '')],
        'upstream': {
            'repo': 'kubernetes/kubernetes',
            'versions': {'release-4.12': 'v1.25.16', 'release-4.14': 'v1.27.16', 'release-4.16': 'v1.29.14',
                         'release-4.18': 'v1.30.10', 'release-4.20': 'v1.33.3', 'release-4.22': 'v1.34.7',
                         'master': 'v1.35.4'},
            'note': ('Read from openshift-kni/scheduler-plugins\' vendor/k8s.io/kubernetes (vendor/modules.txt;\n'
                     'no fork: k8s.io/kubernetes => k8s.io/kubernetes <version>).'),
        },
        'extract_opts': {
            # ErrReason... constants end up in the PodScheduled condition message and the
            # FailedScheduling event; `...Msg` (NoNodeAvailableMsg) as before
            'message_consts': r'[Ee]rrReason\w*|\w*Reason(?:Msg|Message)?\w*|\w*(?:Message|Msg)',
            'message_fields': {'InsufficientResource': 'Reason'},
            'status_calls': {'NewStatus': 1, 'AppendReason': 0},
            'locals_shadow_consts': True,
            'error_method_literals': True,
        },
        'default_refs': ['release-4.12', 'release-4.16', 'release-4.20', 'master'],
    },
}
