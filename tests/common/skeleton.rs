//! A neutral must-gather to put pasted artifacts in: three healthy worker nodes, KubeVirt's
//! virt-handler on each, and one healthy running VM with its launcher, in the layout
//! openshift/oc's must-gather and kubevirt/must-gather write (see fixtures/bundles/*/README.md
//! for the sources of the layout). Nothing in it is stuck or wrong, so whatever the analysis
//! finds comes from the artifacts.

/// The directory artifacts go in, inside the image directory.
pub(crate) const ATTACHMENTS: &str = "case-attachments";

const ROOT: &str = "must-gather.local.4242424242424242424";
const IMAGE: &str = "quay-io-kubevirt-must-gather-sha256-0000000000000000000000000000000000000000000000000000000000000000";

fn node(index: usize, name: &str) -> String {
    format!(
        r#"apiVersion: v1
kind: Node
metadata:
  labels:
    kubernetes.io/hostname: {name}
    kubevirt.io/schedulable: "true"
    node-role.kubernetes.io/worker: ""
  name: {name}
  uid: 5e1e7000-0000-4000-8000-00000000000{index}
spec: {{}}
status:
  allocatable:
    cpu: "32"
    devices.kubevirt.io/kvm: 1k
    devices.kubevirt.io/tun: 1k
    memory: 128Gi
  conditions:
  - lastHeartbeatTime: "2026-01-15T11:59:00Z"
    lastTransitionTime: "2025-12-01T08:00:00Z"
    message: kubelet has sufficient memory available
    reason: KubeletHasSufficientMemory
    status: "False"
    type: MemoryPressure
  - lastHeartbeatTime: "2026-01-15T11:59:00Z"
    lastTransitionTime: "2025-12-01T08:00:00Z"
    message: kubelet has no disk pressure
    reason: KubeletHasNoDiskPressure
    status: "False"
    type: DiskPressure
  - lastHeartbeatTime: "2026-01-15T11:59:00Z"
    lastTransitionTime: "2025-12-01T08:00:00Z"
    message: kubelet is posting ready status
    reason: KubeletReady
    status: "True"
    type: Ready
"#
    )
}

fn handler(index: usize, node: &str) -> String {
    format!(
        r#"- apiVersion: v1
  kind: Pod
  metadata:
    labels:
      kubevirt.io: virt-handler
    name: virt-handler-sk{index}xx
    namespace: openshift-cnv
    ownerReferences:
    - apiVersion: apps/v1
      kind: DaemonSet
      name: virt-handler
      uid: 5e1e7000-0000-4000-8000-000000000099
    uid: 5e1e7000-0000-4000-8000-00000000010{index}
  spec:
    nodeName: {node}
  status:
    containerStatuses:
    - name: virt-handler
      ready: true
      restartCount: 0
      state:
        running:
          startedAt: "2025-12-01T08:05:00Z"
    phase: Running
"#
    )
}

const VM: &str = r#"apiVersion: kubevirt.io/v1
items:
- apiVersion: kubevirt.io/v1
  kind: VirtualMachine
  metadata:
    creationTimestamp: "2025-12-02T09:00:00Z"
    name: healthy-vm
    namespace: skeleton-vms
    uid: 5e1e7000-0000-4000-8000-000000000201
  spec:
    runStrategy: Always
  status:
    conditions:
    - lastProbeTime: null
      lastTransitionTime: "2025-12-02T09:01:00Z"
      status: "True"
      type: Ready
    created: true
    printableStatus: Running
    ready: true
kind: VirtualMachineList
"#;

const VMI: &str = r#"apiVersion: kubevirt.io/v1
items:
- apiVersion: kubevirt.io/v1
  kind: VirtualMachineInstance
  metadata:
    creationTimestamp: "2025-12-02T09:00:05Z"
    name: healthy-vm
    namespace: skeleton-vms
    uid: 5e1e7000-0000-4000-8000-000000000202
  status:
    conditions:
    - lastProbeTime: null
      lastTransitionTime: "2025-12-02T09:01:00Z"
      status: "True"
      type: Ready
    nodeName: skel-worker-0
    phase: Running
kind: VirtualMachineInstanceList
"#;

const LAUNCHER: &str = r#"apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    creationTimestamp: "2025-12-02T09:00:06Z"
    labels:
      kubevirt.io: virt-launcher
      kubevirt.io/created-by: 5e1e7000-0000-4000-8000-000000000202
      vm.kubevirt.io/name: healthy-vm
    name: virt-launcher-healthy-vm-sk0a1
    namespace: skeleton-vms
    uid: 5e1e7000-0000-4000-8000-000000000203
  spec:
    nodeName: skel-worker-0
  status:
    containerStatuses:
    - name: compute
      ready: true
      restartCount: 0
      state:
        running:
          startedAt: "2025-12-02T09:00:40Z"
    phase: Running
kind: PodList
"#;

/// The usual start-up lines of a healthy launcher, as in rules/_testbase.yaml.
const LAUNCHER_LOG: &str = r#"2025-12-02T09:00:40.100000000Z {"component":"virt-launcher","level":"info","msg":"Collected all requested hook sidecar sockets","pos":"manager.go:86","timestamp":"2025-12-02T09:00:40.100000Z"}
2025-12-02T09:00:40.800000000Z {"component":"virt-launcher","level":"info","msg":"Connected to libvirt daemon","pos":"libvirt.go:540","timestamp":"2025-12-02T09:00:40.800000Z"}
2025-12-02T09:00:41.100000000Z {"component":"virt-launcher","level":"info","msg":"Marked as ready","pos":"virt-launcher.go:75","timestamp":"2025-12-02T09:00:41.100000Z"}
"#;

/// The skeleton's files, with `artifacts` (name, content) under `ATTACHMENTS`.
pub(crate) fn must_gather(artifacts: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    let base = format!("{ROOT}/{IMAGE}");
    let nodes = ["skel-worker-0", "skel-worker-1", "skel-worker-2"];
    let mut files: Vec<(String, Vec<u8>)> = vec![(
        format!("{ROOT}/timestamp"),
        b"2026-01-15 12:00:00.000000000 +0000 UTC m=+0.05\n2026-01-15 12:04:10.000000000 +0000 UTC m=+250.1\n"
            .to_vec(),
    )];
    for (i, n) in nodes.iter().enumerate() {
        files.push((
            format!("{base}/cluster-scoped-resources/core/nodes/{n}.yaml"),
            node(i, n).into_bytes(),
        ));
    }
    let handlers: String = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| handler(i, n))
        .collect();
    files.push((
        format!("{base}/namespaces/openshift-cnv/core/pods.yaml"),
        format!("apiVersion: v1\nitems:\n{handlers}kind: PodList\n").into_bytes(),
    ));
    let vms = format!("{base}/namespaces/skeleton-vms");
    files.push((format!("{vms}/kubevirt.io/virtualmachines.yaml"), VM.into()));
    files.push((
        format!("{vms}/kubevirt.io/virtualmachineinstances.yaml"),
        VMI.into(),
    ));
    files.push((format!("{vms}/core/pods.yaml"), LAUNCHER.into()));
    files.push((
        format!("{vms}/pods/virt-launcher-healthy-vm-sk0a1/compute/compute/logs/current.log"),
        LAUNCHER_LOG.into(),
    ));
    for (name, content) in artifacts {
        files.push((format!("{base}/{ATTACHMENTS}/{name}"), content.clone()));
    }
    files
}
