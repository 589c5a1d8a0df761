"""Per-source table of the message catalog: one entry per upstream repository.

To add a source, add a dict here (and, for a non-Go source, an extractor module with the
same `extract(src, consts)` / `collect_consts(...)` interface as golang.py).

  repo         owner/name on GitHub (recorded in the catalog header)
  prefix       id prefix of its entries (kv-, cdi-, ...)
  extractor    module name in this directory
  paths        trees scanned for messages (files with `suffix`, tests/vendor/generated skipped)
  const_paths  extra trees read only to resolve string constants (reasons, formats)
  default_refs refs used when --refs is not given
Optional, for a source read from a vendored copy or needing more than the default call forms:
  vendor_ok    True: `vendor/` is not skipped (the paths point into a vendored copy)
  private_consts_local  True: unexported (lower-case) constants resolve only inside their package
  skip         extra skip patterns (regex on the path) for this source only
  at_rewrite   [(prefix, replacement)]: `at` names the upstream path, not the vendored one
  upstream     {'repo', 'name', 'versions': {ref: upstream version}, 'note'}: written as the
               `# Upstream:` header lines when the mirror read is not the real upstream
  extract_opts options of golang.extract (helpers, message_fields, message_consts, status_calls,
               locals_shadow_consts)
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
            'name': 'k8s.io/kubernetes',
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
        'private_consts_local': True,
        'skip': [r'_windows\.go$', r'/apis/config/', r'/metrics/', r'/debugger/'],
        'paths': ['vendor/k8s.io/kubernetes/pkg/scheduler'],
        'const_paths': [],
        'at_rewrite': [('vendor/k8s.io/kubernetes/', '')],
        'upstream': {
            'repo': 'kubernetes/kubernetes',
            'name': 'k8s.io/kubernetes',
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
