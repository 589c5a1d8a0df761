"""Per-source table of the message catalog: one entry per upstream repository.

To add a source, add a dict here (and, for a non-Go source, an extractor module with the
same `extract(src, consts)` / `collect_consts(...)` interface as golang.py).

  repo         owner/name on GitHub (recorded in the catalog header)
  prefix       id prefix of its entries (kv-, cdi-, ...)
  extractor    module name in this directory
  paths        trees scanned for messages (files with `suffix`, tests/vendor/generated skipped)
  const_paths  extra trees read only to resolve string constants (reasons, formats)
  default_refs refs used when --refs is not given
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
}
