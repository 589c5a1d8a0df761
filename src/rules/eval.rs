//! Evaluates rules against one VM and the objects linked to it, collecting the evidence lines
//! that make each signal hold.

use super::compile::Rule;
use super::schema::*;
use crate::evidence::{Evidence, sets};
use crate::inventory::links::VmLinks;
use crate::inventory::{
    Condition, ConditionStatus, Inventory, LogFile, Origin, Pod, VirtualMachine,
    VirtualMachineInstance,
};
use crate::stuck::state_of;

/// Evidence lines kept per signal; the rest are counted, not listed.
const MAX_PER_SIGNAL: usize = 3;

/// One VM and everything linked to it.
pub struct VmContext<'a> {
    pub inv: &'a Inventory,
    pub links: &'a VmLinks,
    pub vm: &'a VirtualMachine,
    pub vmi: Option<&'a VirtualMachineInstance>,
}

/// A rule that holds for a VM, with its evidence.
#[derive(Debug, Clone)]
pub struct Hit {
    pub evidence: Vec<Evidence>,
    /// Matching lines beyond those listed.
    pub more: usize,
}

impl<'a> VmContext<'a> {
    pub fn new(inv: &'a Inventory, links: &'a VmLinks) -> Self {
        VmContext {
            inv,
            links,
            vm: &inv.vms[links.vm],
            vmi: links.vmi.map(|i| &inv.vmis[i]),
        }
    }

    /// Whether `rule` holds for this VM, with the evidence if it does.
    pub fn evaluate(&self, rule: &Rule) -> Option<Hit> {
        let m = &rule.def.matcher;
        let mut evidence = Vec::new();
        for s in &m.all {
            let found = self.signal(s);
            if found.is_empty() {
                return None;
            }
            evidence.extend(found);
        }
        if !m.any.is_empty() {
            let mut any = false;
            for s in &m.any {
                let found = self.signal(s);
                any |= !found.is_empty();
                evidence.extend(found);
            }
            if !any {
                return None;
            }
        }
        if m.not.iter().any(|s| !self.signal(s).is_empty()) {
            return None;
        }
        evidence.sort();
        evidence.dedup_by(|a, b| a.file == b.file && a.line == b.line);
        let total = evidence.len();
        // Keep the listing short, but keep one line of every file that matched.
        let mut shown: Vec<Evidence> = Vec::new();
        for e in evidence {
            let per_file = shown.iter().filter(|s| s.file == e.file).count();
            if per_file < MAX_PER_SIGNAL {
                shown.push(e);
            }
        }
        Some(Hit {
            more: total - shown.len(),
            evidence: shown,
        })
    }

    fn signal(&self, s: &Signal) -> Vec<Evidence> {
        match s {
            Signal::Event(x) => self.events(x),
            Signal::Log(x) => self.logs(x),
            Signal::NodeCondition(x) => self.node_condition(x),
            Signal::Node(x) => self.node(x),
            Signal::Container(x) => self.containers(x),
            Signal::Pod(x) => self.pod(x),
            Signal::VmiCondition(x) => self.vmi_condition(x),
            Signal::Vmi(x) => self.vmi_facts(x),
            Signal::VmState(x) => self.vm_state(x),
            Signal::VolumeAttachment(x) => self.volume_attachments(x),
            Signal::Pvc(x) => self.pvcs(x),
            Signal::DataVolume(x) => self.data_volumes(x),
            Signal::Migration(x) => self.migrations(x),
            Signal::HotplugVolume(x) => self.hotplug(x),
            Signal::Handler(x) => self.handler(x),
            Signal::Domain(x) => self.domains(x),
        }
    }

    fn cite(&self, origin: Origin, key: &str, value: Option<&str>, what: String) -> Evidence {
        Evidence::in_object(self.inv, origin, |l| sets(l, key, value), what)
    }

    fn events(&self, x: &EventSignal) -> Vec<Evidence> {
        let idx = match x.about {
            About::Vm => &self.links.events,
            About::Node => &self.links.node_events,
        };
        idx.iter()
            .map(|&i| &self.inv.events[i])
            .filter(|e| x.reason.as_ref().is_none_or(|r| r.is_match(&e.reason)))
            .filter(|e| x.message.as_ref().is_none_or(|m| m.is_match(&e.message)))
            .filter(|e| x.kind.as_ref().is_none_or(|k| *k == e.kind))
            .filter(|e| !x.unless.as_ref().is_some_and(|u| u.is_match(&e.message)))
            .map(|e| {
                let times = if e.count > 1 {
                    format!(" (x{})", e.count)
                } else {
                    String::new()
                };
                let what = format!(
                    "event {}{times} on {} {}",
                    e.reason, e.involved.kind, e.involved.name
                );
                let o = e.origin;
                if o.start == o.end {
                    // A describe table row: the row is the evidence.
                    let text = self.inv.line_text(o.file, o.line).unwrap_or("");
                    Evidence::new(self.inv, o.file, o.line, text, what)
                } else {
                    self.cite(o, "message", None, what)
                }
                .at(e.last_seen)
            })
            .collect()
    }

    fn logs(&self, x: &LogSignal) -> Vec<Evidence> {
        let idx = match x.component {
            LogSource::VirtLauncher => &self.links.launcher_logs,
            LogSource::VirtHandler => &self.links.handler_logs,
            LogSource::Qemu => &self.links.qemu_logs,
            LogSource::Node => &self.links.node_logs,
        };
        let name = &self.vm.metadata.name;
        let mut out = Vec::new();
        for &i in idx {
            let log: &LogFile = &self.inv.logs[i];
            for line in &log.lines {
                if !x.pattern.is_match(&line.text) {
                    continue;
                }
                if !x.levels.is_empty() && !line.level.is_some_and(|l| x.levels.contains(&l)) {
                    continue;
                }
                if x.unless.as_ref().is_some_and(|u| u.is_match(&line.text)) {
                    continue;
                }
                if x.mentions_vm && !line.text.contains(name.as_str()) {
                    continue;
                }
                let what = format!(
                    "{} log{}",
                    log.pod
                        .as_deref()
                        .or(log.vm.as_deref())
                        .or(log.node.as_deref())
                        .unwrap_or("unknown"),
                    if log.previous { " (previous run)" } else { "" }
                );
                out.push(
                    Evidence::new(self.inv, log.file, line.number, &line.text, what)
                        .at(line.timestamp),
                );
            }
        }
        out
    }

    fn node_object(&self) -> Option<&crate::inventory::Node> {
        self.links.node_object.map(|i| &self.inv.nodes[i])
    }

    fn conditions(
        &self,
        conditions: &[Condition],
        origin: Origin,
        x: &ConditionSignal,
        owner: &str,
    ) -> Vec<Evidence> {
        conditions
            .iter()
            .filter(|c| x.kind.is_match(&c.kind))
            .filter(|c| x.status.as_deref().is_none_or(|s| status_is(c.status, s)))
            .filter(|c| x.reason.as_ref().is_none_or(|r| r.is_match(&c.reason)))
            .filter(|c| x.message.as_ref().is_none_or(|m| m.is_match(&c.message)))
            .filter(|c| !x.unless.as_ref().is_some_and(|u| u.is_match(&c.message)))
            .map(|c| {
                let what = format!("{owner} condition {}={:?} ({})", c.kind, c.status, c.reason);
                // The condition's `type:` line in YAML, or its row in a describe table.
                let row = format!("{} ", c.kind);
                Evidence::in_object(
                    self.inv,
                    origin,
                    |l| sets(l, "type", Some(&c.kind)) || l.trim_start().starts_with(&row),
                    what,
                )
                .at(c.last_transition_time)
            })
            .collect()
    }

    fn node_condition(&self, x: &ConditionSignal) -> Vec<Evidence> {
        let Some(node) = self.node_object() else {
            return Vec::new();
        };
        self.conditions(
            &node.status.conditions,
            node.origin,
            x,
            &format!("node {}", node.metadata.name),
        )
    }

    fn node(&self, x: &NodeSignal) -> Vec<Evidence> {
        let Some(node) = self.node_object() else {
            return Vec::new();
        };
        let name = &node.metadata.name;
        let mut out = Vec::new();
        let mut all = true;
        if let Some(want) = x.unschedulable {
            all &= node.spec.unschedulable == want;
            if node.spec.unschedulable == want && want {
                out.push(self.cite(
                    node.origin,
                    "unschedulable",
                    None,
                    format!("node {name} is cordoned"),
                ));
            }
        }
        if let Some(p) = &x.taint {
            match node.spec.taints.iter().find(|t| p.is_match(&t.key)) {
                Some(t) => out.push(Evidence::in_object(
                    self.inv,
                    node.origin,
                    |l| l.contains(&t.key),
                    format!("node {name} taint {}:{}", t.key, t.effect),
                )),
                None => all = false,
            }
        }
        if let Some(p) = &x.has_label {
            match node.metadata.labels.iter().find(|(k, _)| p.is_match(k)) {
                Some((k, v)) => out.push(Evidence::in_object(
                    self.inv,
                    node.origin,
                    |l| l.contains(k.as_str()),
                    format!("node {name} label {k}={v}"),
                )),
                None => all = false,
            }
        }
        if let Some(p) = &x.lacks_label {
            if node.metadata.labels.keys().any(|k| p.is_match(k)) {
                all = false;
            } else {
                out.push(self.cite(
                    node.origin,
                    "labels",
                    None,
                    format!("node {name} has no label matching {}", p.as_str()),
                ));
            }
        }
        if let Some(res) = &x.lacks_allocatable {
            let present = node.status.allocatable.get(res).is_some_and(|v| {
                let text = match v {
                    serde_yaml::Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other).unwrap_or_default(),
                };
                !matches!(text.trim(), "0" | "")
            });
            if present {
                all = false;
            } else {
                out.push(self.cite(
                    node.origin,
                    "allocatable",
                    None,
                    format!("node {name} has no allocatable {res}"),
                ));
            }
        }
        if all { out } else { Vec::new() }
    }

    fn launcher_pods(&self) -> impl Iterator<Item = &Pod> {
        self.links.launcher_pods.iter().map(|&i| &self.inv.pods[i])
    }

    fn containers(&self, x: &ContainerSignal) -> Vec<Evidence> {
        let mut out = Vec::new();
        for pod in self.launcher_pods() {
            let statuses = pod
                .status
                .container_statuses
                .iter()
                .chain(&pod.status.init_container_statuses);
            for c in statuses {
                if x.name.as_deref().is_some_and(|n| n != c.name) {
                    continue;
                }
                if x.not_ready && c.ready {
                    continue;
                }
                if x.min_restarts.is_some_and(|m| c.restart_count < m) {
                    continue;
                }
                let states: Vec<(&str, &crate::inventory::ContainerState)> = match x.state {
                    ContainerStateKind::Current => vec![("state", &c.state)],
                    ContainerStateKind::Last => vec![("lastState", &c.last_state)],
                    ContainerStateKind::Any => {
                        vec![("state", &c.state), ("lastState", &c.last_state)]
                    }
                };
                for (label, st) in states {
                    let (reason, message, exit) = match (&st.waiting, &st.terminated) {
                        (Some(w), _) => (w.reason.as_str(), w.message.as_str(), None),
                        (None, Some(t)) => {
                            (t.reason.as_str(), t.message.as_str(), Some(t.exit_code))
                        }
                        _ => continue,
                    };
                    if x.reason.as_ref().is_some_and(|r| !r.is_match(reason)) {
                        continue;
                    }
                    if x.message.as_ref().is_some_and(|m| !m.is_match(message)) {
                        continue;
                    }
                    if x.exit_code.is_some_and(|code| exit != Some(code)) {
                        continue;
                    }
                    let what = format!(
                        "pod {} container {} {label}: {reason}{}",
                        pod.metadata.name,
                        c.name,
                        exit.map(|e| format!(" (exit code {e})"))
                            .unwrap_or_default()
                    );
                    out.push(Evidence::in_object(
                        self.inv,
                        pod.origin,
                        |l| {
                            sets(l, "reason", Some(reason))
                                || l.trim_start().starts_with("Reason:") && l.contains(reason)
                        },
                        what,
                    ));
                }
            }
        }
        out
    }

    fn pod(&self, x: &PodSignal) -> Vec<Evidence> {
        if x.missing {
            if self.links.launcher_pods.is_empty() && self.vmi.is_some() {
                let what = "no virt-launcher pod for the VMI in the bundle".to_string();
                return vec![self.cite(
                    self.vmi.map(|v| v.origin).unwrap_or(self.vm.origin),
                    "phase",
                    None,
                    what,
                )];
            }
            return Vec::new();
        }
        self.launcher_pods()
            .filter(|p| x.phase.as_ref().is_none_or(|r| r.is_match(&p.status.phase)))
            .filter(|p| {
                x.reason
                    .as_ref()
                    .is_none_or(|r| r.is_match(&p.status.reason))
            })
            .filter(|p| {
                x.message
                    .as_ref()
                    .is_none_or(|m| m.is_match(&p.status.message))
            })
            .map(|p| {
                let what = format!("pod {} phase {}", p.metadata.name, p.status.phase);
                let key = if x.message.is_some() {
                    "message"
                } else if x.reason.is_some() {
                    "reason"
                } else {
                    "phase"
                };
                Evidence::in_object(
                    self.inv,
                    p.origin,
                    |l| sets(l, key, None) || l.starts_with("Status:"),
                    what,
                )
            })
            .collect()
    }

    fn vmi_condition(&self, x: &ConditionSignal) -> Vec<Evidence> {
        let Some(vmi) = self.vmi else {
            return Vec::new();
        };
        self.conditions(
            &vmi.status.conditions,
            vmi.origin,
            x,
            &format!("VMI {}", vmi.metadata.name),
        )
    }

    fn vmi_facts(&self, x: &VmiSignal) -> Vec<Evidence> {
        let Some(vmi) = self.vmi else {
            return Vec::new();
        };
        let s = &vmi.status;
        let ok = x.phase.as_ref().is_none_or(|p| p.is_match(&s.phase))
            && x.reason.as_ref().is_none_or(|r| r.is_match(&s.reason))
            && x.deleting
                .is_none_or(|d| d == vmi.metadata.deletion_timestamp.is_some());
        if !ok {
            return Vec::new();
        }
        let key = if x.deleting == Some(true) {
            "deletionTimestamp"
        } else if x.reason.is_some() {
            "reason"
        } else {
            "phase"
        };
        let what = format!(
            "VMI {} phase {}{}",
            vmi.metadata.name,
            s.phase,
            if s.reason.is_empty() {
                String::new()
            } else {
                format!(" reason {}", s.reason)
            }
        );
        vec![self.cite(vmi.origin, key, None, what)]
    }

    fn vm_state(&self, x: &VmStateSignal) -> Vec<Evidence> {
        let state = state_of(self.vm);
        if !x.any_of.iter().any(|s| s == state.as_str()) {
            return Vec::new();
        }
        vec![self.cite(
            self.vm.origin,
            "printableStatus",
            None,
            format!("VM printable status {}", state.as_str()),
        )]
    }

    fn volume_attachments(&self, x: &VolumeAttachmentSignal) -> Vec<Evidence> {
        self.links
            .volume_attachments
            .iter()
            .map(|&i| &self.inv.volume_attachments[i])
            .filter(|va| x.attached.is_none_or(|a| a == va.status.attached))
            .filter_map(|va| {
                let err = va
                    .status
                    .attach_error
                    .as_ref()
                    .or(va.status.detach_error.as_ref());
                if let Some(p) = &x.error {
                    let e = err?;
                    if !p.is_match(&e.message) {
                        return None;
                    }
                }
                let what = format!(
                    "VolumeAttachment {} on node {}",
                    va.metadata.name, va.spec.node_name
                );
                let key = if x.error.is_some() {
                    "message"
                } else {
                    "attached"
                };
                Some(
                    self.cite(va.origin, key, None, what)
                        .at(err.and_then(|e| e.time)),
                )
            })
            .collect()
    }

    fn pvcs(&self, x: &PhaseSignal) -> Vec<Evidence> {
        self.links
            .pvcs
            .iter()
            .map(|&i| &self.inv.pvcs[i])
            .filter(|p| x.phase.is_match(&p.status.phase))
            .map(|p| {
                self.cite(
                    p.origin,
                    "phase",
                    None,
                    format!("PVC {} phase {}", p.metadata.name, p.status.phase),
                )
            })
            .collect()
    }

    fn data_volumes(&self, x: &DataVolumeSignal) -> Vec<Evidence> {
        let mut out = Vec::new();
        for &i in &self.links.data_volumes {
            let dv = &self.inv.data_volumes[i];
            if x.phase
                .as_ref()
                .is_some_and(|p| !p.is_match(&dv.status.phase))
            {
                continue;
            }
            let what = format!("DataVolume {} phase {}", dv.metadata.name, dv.status.phase);
            match &x.message {
                Some(m) => {
                    if let Some(c) = dv.status.conditions.iter().find(|c| m.is_match(&c.message)) {
                        let msg = c.message.clone();
                        out.push(Evidence::in_object(
                            self.inv,
                            dv.origin,
                            |l| {
                                sets(l, "message", None)
                                    && l.contains(msg.split('\n').next().unwrap_or(""))
                            },
                            what,
                        ));
                    }
                }
                None => out.push(self.cite(dv.origin, "phase", None, what)),
            }
        }
        out
    }

    fn migrations(&self, x: &MigrationSignal) -> Vec<Evidence> {
        let mut out = Vec::new();
        if let Some(p) = &x.phase {
            // Only the newest migration tells the present: an old failure that a later
            // migration fixed is history.
            for &i in self.links.migrations.iter().take(1) {
                let m = &self.inv.migrations[i];
                if p.is_match(&m.status.phase) {
                    out.push(self.cite(
                        m.origin,
                        "phase",
                        None,
                        format!("migration {} phase {}", m.metadata.name, m.status.phase),
                    ));
                }
            }
        }
        if x.vmi_failed == Some(true)
            && let Some(vmi) = self.vmi
            && vmi
                .status
                .migration_state
                .as_ref()
                .is_some_and(|s| s.failed)
        {
            out.push(self.cite(
                vmi.origin,
                "failed",
                Some("true"),
                format!("VMI {} migrationState.failed", vmi.metadata.name),
            ));
        }
        out
    }

    fn hotplug(&self, x: &HotplugSignal) -> Vec<Evidence> {
        let Some(vmi) = self.vmi else {
            return Vec::new();
        };
        vmi.status
            .volume_status
            .iter()
            .filter(|v| v.hotplug_volume.is_some())
            .filter(|v| x.phase.as_ref().is_none_or(|p| p.is_match(&v.phase)))
            .filter(|v| x.reason.as_ref().is_none_or(|r| r.is_match(&v.reason)))
            .filter(|v| x.message.as_ref().is_none_or(|m| m.is_match(&v.message)))
            .map(|v| {
                let what = format!("hotplug volume {} phase {} {}", v.name, v.phase, v.reason);
                let key = if x.message.is_some() {
                    "message"
                } else if x.reason.is_some() {
                    "reason"
                } else {
                    "phase"
                };
                let value = match key {
                    "message" => v.message.as_str(),
                    "reason" => v.reason.as_str(),
                    _ => v.phase.as_str(),
                };
                self.cite(vmi.origin, key, Some(value), what)
            })
            .collect()
    }

    fn handler(&self, x: &HandlerSignal) -> Vec<Evidence> {
        let Some(node) = self.links.node.as_deref() else {
            return Vec::new();
        };
        let handlers: Vec<&Pod> = self
            .links
            .handler_pods
            .iter()
            .map(|&i| &self.inv.pods[i])
            .collect();
        if x.missing {
            if handlers.is_empty() && self.inv.links.handlers_collected {
                let what = format!("no virt-handler pod on node {node} (other nodes have one)");
                let origin = self
                    .node_object()
                    .map(|n| n.origin)
                    .or(self.vmi.map(|v| v.origin))
                    .unwrap_or(self.vm.origin);
                return vec![self.cite(origin, "name", Some(node), what)];
            }
            return Vec::new();
        }
        handlers
            .into_iter()
            .filter(|p| {
                let unready = p.status.phase != "Running"
                    || p.status.container_statuses.iter().any(|c| !c.ready);
                (!x.not_ready || unready)
                    && x.min_restarts.is_none_or(|m| {
                        p.status
                            .container_statuses
                            .iter()
                            .any(|c| c.restart_count >= m)
                    })
            })
            .map(|p| {
                let restarts: u32 = p
                    .status
                    .container_statuses
                    .iter()
                    .map(|c| c.restart_count)
                    .max()
                    .unwrap_or(0);
                let what = format!(
                    "virt-handler pod {} phase {} restarts {restarts}",
                    p.metadata.name, p.status.phase
                );
                let key = if x.min_restarts.is_some() {
                    "restartCount"
                } else {
                    "ready"
                };
                self.cite(p.origin, key, None, what)
            })
            .collect()
    }

    fn domains(&self, x: &DomainSignal) -> Vec<Evidence> {
        let mut out = Vec::new();
        for &i in &self.links.domains {
            let d = &self.inv.domains[i];
            let Some(text) = self.inv.file(d.file).text.as_deref() else {
                continue;
            };
            if let Some((n, line)) = text
                .lines()
                .enumerate()
                .find(|(_, l)| x.pattern.is_match(l))
            {
                out.push(Evidence::new(
                    self.inv,
                    d.file,
                    n as u32 + 1,
                    line,
                    format!("domain XML of {}", d.name),
                ));
            }
        }
        out
    }
}

fn status_is(status: ConditionStatus, want: &str) -> bool {
    matches!(
        (status, want),
        (ConditionStatus::True, "True")
            | (ConditionStatus::False, "False")
            | (ConditionStatus::Unknown, "Unknown")
    )
}
