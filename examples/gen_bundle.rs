//! Writes a large, realistic must-gather as .tar.gz for benchmarks: N VMs across nodes and
//! namespaces, launcher and virt-handler logs in KubeVirt's JSON format with kubelet
//! timestamps, and a share of stuck VMs with real failure signals (image pull, volume mount,
//! OOM, a node under disk pressure).
//!
//!     cargo run --release --example gen_bundle -- --vms 2000 --log-mb 1100 -o big.tar.gz
//!
//! The output is the same for the same arguments (a fixed-seed generator, fixed mtimes).

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};

use flate2::Compression;
use flate2::write::GzEncoder;

struct Args {
    vms: usize,
    log_mb: usize,
    out: String,
}

fn args() -> Args {
    let mut a = Args {
        vms: 2000,
        log_mb: 1100,
        out: "big.tar.gz".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--vms" => a.vms = value.parse().expect("--vms N"),
            "--log-mb" => a.log_mb = value.parse().expect("--log-mb N"),
            "-o" | "--output" => a.out = value,
            other => panic!("unknown flag {other}"),
        }
    }
    a
}

/// xorshift64*: deterministic and good enough for picking messages.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const ROOT: &str = "must-gather.local.7700112233445566778";
const IMAGE: &str = "quay-io-kubevirt-must-gather-sha256-0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c";
/// Collection time: 2025-01-20T12:00:00Z.
const COLLECTED: i64 = 1_737_374_400;

fn ts(secs: i64, micros: u32) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // 2025-01-20 is day 20108 since the epoch; the generator stays within January 2025.
    let day_of_month = 20 + (days - 20_108);
    format!(
        "2025-01-{day_of_month:02}T{:02}:{:02}:{:02}.{micros:06}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

struct Tar<W: Write> {
    inner: tar::Builder<W>,
}

impl<W: Write> Tar<W> {
    fn add(&mut self, path: &str, data: &[u8]) {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(COLLECTED as u64);
        header.set_cksum();
        self.inner
            .append_data(&mut header, format!("{ROOT}/{IMAGE}/{path}"), data)
            .expect("write tar member");
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Fault {
    None,
    ImagePull,
    Mount,
    Oom,
    DiskPressure,
}

const INFO_MESSAGES: &[&str] = &[
    "Processing event {ns}/{vm}",
    "Synchronizing the VirtualMachineInstance",
    "Domain is in state Running reason Unknown",
    "Updating cluster config from KubeVirt to resource version 91823",
    "kubevirt.io/domain {ns}_{vm} is in state Running",
    "guest agent is connected",
    "Fetching guest info: 8 filesystems, 2 interfaces",
    "Detected domain with UUID 5e3c1b2a-9d7f-4c1e-8a2b-{vmid}",
];

fn launcher_log(
    rng: &mut Rng,
    ns: &str,
    vm: &str,
    vmid: &str,
    bytes: usize,
    fault: Fault,
) -> Vec<u8> {
    let mut out = String::with_capacity(bytes + 1024);
    let start = COLLECTED - 6 * 3600;
    let mut t = start;
    let head = [
        "Collected all requested hook sidecar sockets",
        "Connecting to libvirt daemon: qemu+unix:///session?socket=/var/run/libvirt/virtqemud-sock",
        "Connecting to libvirt daemon failed: virError(Code=38, Domain=7, Message='Failed to connect socket to '/var/run/libvirt/virtqemud-sock': No such file or directory')",
        "Connected to libvirt daemon",
        "Registered libvirt event notify callback",
        "Marked as ready",
    ];
    for msg in head {
        let stamp = ts(t, 0);
        let _ = writeln!(
            out,
            "{stamp} {{\"component\":\"virt-launcher\",\"level\":\"info\",\"msg\":\"{}\",\"pos\":\"libvirt.go:524\",\"timestamp\":\"{stamp}\"}}",
            msg.replace('"', "\\\"")
        );
    }
    let step = (6 * 3600 * 300 / bytes.max(1)).max(1) as i64;
    while out.len() < bytes {
        t += step.min(5);
        let micros = (rng.next() % 1_000_000) as u32;
        let stamp = ts(t.min(COLLECTED - 1), micros);
        let msg = INFO_MESSAGES[rng.below(INFO_MESSAGES.len())]
            .replace("{ns}", ns)
            .replace("{vm}", vm)
            .replace("{vmid}", vmid);
        let _ = writeln!(
            out,
            "{stamp} {{\"component\":\"virt-launcher\",\"kind\":\"\",\"level\":\"info\",\"msg\":\"{msg}\",\"name\":\"{vm}\",\"namespace\":\"{ns}\",\"pos\":\"manager.go:{}\",\"timestamp\":\"{stamp}\",\"uid\":\"{vmid}\"}}",
            900 + rng.below(400)
        );
    }
    if fault == Fault::Oom {
        let stamp = ts(COLLECTED - 400, 0);
        let _ = writeln!(
            out,
            "{stamp} {{\"component\":\"virt-launcher\",\"level\":\"info\",\"msg\":\"Reaped pid 87 with status 9\",\"pos\":\"virt-launcher-monitor.go:198\",\"timestamp\":\"{stamp}\"}}"
        );
    }
    out.into_bytes()
}

fn main() {
    let a = args();
    let file = File::create(&a.out).unwrap_or_else(|e| panic!("{}: {e}", a.out));
    let gz = GzEncoder::new(BufWriter::with_capacity(1 << 20, file), Compression::fast());
    let mut tar = Tar {
        inner: tar::Builder::new(gz),
    };
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let nodes = (a.vms / 50).max(2);
    let namespaces = (a.vms / 100).max(1);
    let handler_share = a.log_mb * (1 << 20) / 5;
    let launcher_bytes = (a.log_mb * (1 << 20) - handler_share) / a.vms.max(1);
    let handler_bytes = handler_share / nodes;

    // must-gather writes its timestamp file at the root, twice.
    let stamp = "2025-01-20 11:58:40.100000000 +0000 UTC m=+0.051\n2025-01-20 12:00:00.000000000 +0000 UTC m=+80.120\n";
    tar.inner
        .append_data(
            &mut {
                let mut h = tar::Header::new_gnu();
                h.set_size(stamp.len() as u64);
                h.set_mode(0o644);
                h.set_mtime(COLLECTED as u64);
                h.set_cksum();
                h
            },
            format!("{ROOT}/timestamp"),
            stamp.as_bytes(),
        )
        .unwrap();

    let disk_pressure_node = 7 % nodes;
    for n in 0..nodes {
        let name = format!("worker-{n:03}");
        let pressure = n == disk_pressure_node;
        let node = format!(
            "apiVersion: v1\nkind: Node\nmetadata:\n  labels:\n    kubernetes.io/hostname: {name}\n    kubevirt.io/schedulable: \"true\"\n  name: {name}\n  uid: 7d000000-0000-4000-8000-{n:012}\nspec: {{}}\nstatus:\n  allocatable:\n    cpu: \"64\"\n    devices.kubevirt.io/kvm: 1k\n    memory: 256Gi\n  conditions:\n  - lastHeartbeatTime: \"2025-01-20T11:59:30Z\"\n    lastTransitionTime: \"{}\"\n    message: {}\n    reason: {}\n    status: \"{}\"\n    type: DiskPressure\n  - lastHeartbeatTime: \"2025-01-20T11:59:30Z\"\n    lastTransitionTime: \"2025-01-10T08:00:00Z\"\n    message: kubelet is posting ready status\n    reason: KubeletReady\n    status: \"True\"\n    type: Ready\n",
            if pressure {
                "2025-01-20T10:40:00Z"
            } else {
                "2025-01-10T08:00:00Z"
            },
            if pressure {
                "kubelet has disk pressure"
            } else {
                "kubelet has no disk pressure"
            },
            if pressure {
                "KubeletHasDiskPressure"
            } else {
                "KubeletHasNoDiskPressure"
            },
            if pressure { "True" } else { "False" },
        );
        tar.add(
            &format!("cluster-scoped-resources/core/nodes/{name}.yaml"),
            node.as_bytes(),
        );
    }

    // virt-handler: one pod per node, with a log.
    let mut handlers = String::from("apiVersion: v1\nkind: PodList\nitems:\n");
    for n in 0..nodes {
        let pod = format!("virt-handler-{n:05}");
        let _ = write!(
            handlers,
            "- apiVersion: v1\n  kind: Pod\n  metadata:\n    labels:\n      kubevirt.io: virt-handler\n    name: {pod}\n    namespace: openshift-cnv\n    uid: 7e000000-0000-4000-8000-{n:012}\n  spec:\n    nodeName: worker-{n:03}\n  status:\n    containerStatuses:\n    - name: virt-handler\n      ready: true\n      restartCount: 0\n      state:\n        running:\n          startedAt: \"2025-01-10T08:00:00Z\"\n    phase: Running\n"
        );
        let mut log = String::with_capacity(handler_bytes + 1024);
        let mut t = COLLECTED - 6 * 3600;
        while log.len() < handler_bytes {
            t += 1;
            let stamp = ts(t.min(COLLECTED - 1), (rng.next() % 1_000_000) as u32);
            let vm = rng.below(a.vms);
            let _ = writeln!(
                log,
                "{stamp} {{\"component\":\"virt-handler\",\"kind\":\"\",\"level\":\"info\",\"msg\":\"Processing event ns-{:03}/vm-{vm:05}\",\"name\":\"vm-{vm:05}\",\"namespace\":\"ns-{:03}\",\"pos\":\"vm.go:1690\",\"timestamp\":\"{stamp}\",\"uid\":\"7a000000-0000-4000-8000-{vm:012}\"}}",
                vm % namespaces,
                vm % namespaces
            );
        }
        tar.add(
            &format!(
                "namespaces/openshift-cnv/pods/{pod}/virt-handler/virt-handler/logs/current.log"
            ),
            log.as_bytes(),
        );
    }
    tar.add(
        "namespaces/openshift-cnv/core/pods.yaml",
        handlers.as_bytes(),
    );

    for ns_i in 0..namespaces {
        let ns = format!("ns-{ns_i:03}");
        let mut vms =
            String::from("apiVersion: kubevirt.io/v1\nkind: VirtualMachineList\nitems:\n");
        let mut vmis =
            String::from("apiVersion: kubevirt.io/v1\nkind: VirtualMachineInstanceList\nitems:\n");
        let mut pods = String::from("apiVersion: v1\nkind: PodList\nitems:\n");
        let mut pvcs = String::from("apiVersion: v1\nkind: PersistentVolumeClaimList\nitems:\n");
        let mut events = String::from("apiVersion: v1\nkind: EventList\nitems:\n");
        for vm_i in (ns_i..a.vms).step_by(namespaces) {
            let vm = format!("vm-{vm_i:05}");
            let vmid = format!("{vm_i:012}");
            let pod = format!("virt-launcher-{vm}-{:05x}", vm_i * 7919 % 0xfffff);
            // One VM in 40 of each fault; every other "7" lands on the node under disk pressure.
            let fault = match vm_i % 40 {
                1 => Fault::ImagePull,
                2 => Fault::Mount,
                5 => Fault::Oom,
                7 if (vm_i / 40) % 2 == 0 => Fault::DiskPressure,
                _ => Fault::None,
            };
            let node_index = if fault == Fault::DiskPressure {
                disk_pressure_node
            } else {
                vm_i % nodes
            };
            let node = format!("worker-{node_index:03}");
            let status = match fault {
                Fault::None => "Running",
                Fault::ImagePull => "ImagePullBackOff",
                Fault::Oom => "CrashLoopBackOff",
                Fault::Mount | Fault::DiskPressure => "Starting",
            };
            let since = if fault == Fault::None {
                "2025-01-20T06:00:00Z"
            } else {
                "2025-01-20T11:10:00Z"
            };
            let _ = write!(
                vms,
                "- apiVersion: kubevirt.io/v1\n  kind: VirtualMachine\n  metadata:\n    creationTimestamp: \"2025-01-19T06:00:00Z\"\n    name: {vm}\n    namespace: {ns}\n    uid: 7b000000-0000-4000-8000-{vmid}\n  spec:\n    runStrategy: Always\n    template:\n      spec:\n        volumes:\n        - name: rootdisk\n          persistentVolumeClaim:\n            claimName: {vm}-root\n  status:\n    conditions:\n    - lastTransitionTime: \"{since}\"\n      status: \"{}\"\n      type: Ready\n    printableStatus: {status}\n",
                if fault == Fault::None {
                    "True"
                } else {
                    "False"
                }
            );
            let _ = write!(
                vmis,
                "- apiVersion: kubevirt.io/v1\n  kind: VirtualMachineInstance\n  metadata:\n    creationTimestamp: \"{since}\"\n    name: {vm}\n    namespace: {ns}\n    uid: 7a000000-0000-4000-8000-{vmid}\n  status:\n    nodeName: {node}\n    phase: {}\n",
                if fault == Fault::None {
                    "Running"
                } else {
                    "Scheduling"
                }
            );
            let (waiting, last) = match fault {
                Fault::ImagePull => (
                    "      state:\n        waiting:\n          message: Back-off pulling image \"registry.example.com/vms/disk:9\"\n          reason: ImagePullBackOff\n",
                    "",
                ),
                Fault::Oom => (
                    "      state:\n        waiting:\n          reason: CrashLoopBackOff\n",
                    "      lastState:\n        terminated:\n          exitCode: 137\n          reason: OOMKilled\n",
                ),
                Fault::Mount | Fault::DiskPressure => (
                    "      state:\n        waiting:\n          reason: ContainerCreating\n",
                    "",
                ),
                Fault::None => (
                    "      state:\n        running:\n          startedAt: \"2025-01-20T06:00:10Z\"\n",
                    "",
                ),
            };
            let _ = write!(
                pods,
                "- apiVersion: v1\n  kind: Pod\n  metadata:\n    creationTimestamp: \"{since}\"\n    labels:\n      kubevirt.io: virt-launcher\n      kubevirt.io/created-by: 7a000000-0000-4000-8000-{vmid}\n      kubevirt.io/domain: {vm}\n    name: {pod}\n    namespace: {ns}\n    uid: 7c000000-0000-4000-8000-{vmid}\n  spec:\n    nodeName: {node}\n  status:\n    containerStatuses:\n    - name: compute\n      ready: {}\n      restartCount: {}\n{last}{waiting}    phase: {}\n",
                fault == Fault::None,
                if fault == Fault::Oom { 6 } else { 0 },
                if fault == Fault::None || fault == Fault::Oom {
                    "Running"
                } else {
                    "Pending"
                }
            );
            let _ = write!(
                pvcs,
                "- apiVersion: v1\n  kind: PersistentVolumeClaim\n  metadata:\n    name: {vm}-root\n    namespace: {ns}\n    uid: 7f000000-0000-4000-8000-{vmid}\n  spec:\n    volumeName: pvc-7f000000-0000-4000-8000-{vmid}\n  status:\n    phase: Bound\n"
            );
            let event = match fault {
                Fault::ImagePull => Some((
                    "Failed",
                    String::from(
                        "Failed to pull image \\\"registry.example.com/vms/disk:9\\\": rpc error: code = NotFound desc = failed to pull and unpack image \\\"registry.example.com/vms/disk:9\\\": failed to resolve reference \\\"registry.example.com/vms/disk:9\\\": registry.example.com/vms/disk:9: not found",
                    ),
                )),
                Fault::Mount => Some((
                    "FailedMount",
                    format!(
                        "MountVolume.SetUp failed for volume \\\"pvc-7f000000-0000-4000-8000-{vmid}\\\" : rpc error: code = DeadlineExceeded desc = context deadline exceeded"
                    ),
                )),
                _ => None,
            };
            if let Some((reason, message)) = event {
                let _ = write!(
                    events,
                    "- apiVersion: v1\n  count: 14\n  involvedObject:\n    kind: Pod\n    name: {pod}\n    namespace: {ns}\n  kind: Event\n  lastTimestamp: \"2025-01-20T11:58:00Z\"\n  message: \"{message}\"\n  metadata:\n    name: {pod}.181c{vmid}\n    namespace: {ns}\n    uid: 7e100000-0000-4000-8000-{vmid}\n  reason: {reason}\n  source:\n    component: kubelet\n  type: Warning\n"
                );
            }
            let log = launcher_log(&mut rng, &ns, &vm, &vmid, launcher_bytes, fault);
            tar.add(
                &format!("namespaces/{ns}/pods/{pod}/compute/compute/logs/current.log"),
                &log,
            );
        }
        tar.add(
            &format!("namespaces/{ns}/kubevirt.io/virtualmachines.yaml"),
            vms.as_bytes(),
        );
        tar.add(
            &format!("namespaces/{ns}/kubevirt.io/virtualmachineinstances.yaml"),
            vmis.as_bytes(),
        );
        tar.add(&format!("namespaces/{ns}/core/pods.yaml"), pods.as_bytes());
        tar.add(
            &format!("namespaces/{ns}/core/persistentvolumeclaims.yaml"),
            pvcs.as_bytes(),
        );
        tar.add(
            &format!("namespaces/{ns}/core/events.yaml"),
            events.as_bytes(),
        );
    }
    let gz = tar.inner.into_inner().expect("finish tar");
    gz.finish().expect("finish gzip").flush().expect("flush");
    eprintln!(
        "wrote {} ({} VMs, {} nodes, ~{} MB of logs)",
        a.out, a.vms, nodes, a.log_mb
    );
}
