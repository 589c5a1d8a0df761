//! `catalog`: a message that the catalog classifies as showing the rule's cause, wherever it
//! is linked to the VM: the message of an event about it or its node, a VMI condition, a
//! line of its logs (virt-handler and virt-controller lines must name the VM, as they serve
//! every VM), or pasted text. The catalog's own automaton decides; the signal only walks the
//! VM's texts and cites what matched, with the upstream file that writes the message.

use serde::Deserialize;

use super::{SignalError, SignalKind};
use crate::catalog::{self, Catalog, Entry};
use crate::cause::Cause;
use super::condition::one_line;
use super::event::cite_event;
use crate::evidence::{Evidence, sets};
use crate::inventory::log::names;
use crate::rules::context::VmContext;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CatalogSignal {
    /// The cause id whose catalog entries count.
    pub(crate) cause: String,
    pub(crate) source: String,
}

/// Why a `catalog` signal cannot work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogSignalError {
    /// Its `cause` is no cause the catalog classifies messages as.
    UnknownCause(String),
    /// The catalog built into the tool does not load (a bug of the build).
    Unreadable(String),
}

impl std::fmt::Display for CatalogSignalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CatalogSignalError::UnknownCause(c) => {
                write!(f, "`{c}` is not a cause the catalog classifies messages as")
            }
            CatalogSignalError::Unreadable(why) => write!(f, "the catalog does not load: {why}"),
        }
    }
}

impl CatalogSignal {
    fn cause(&self) -> Option<Cause> {
        Cause::from_id(&self.cause)
    }

    /// The entry of the cause that one text holds, if any; the text is searched once per
    /// subject, whichever cause asks first (`VmContext::catalog_seen`).
    fn shows<'c>(&self, ctx: &VmContext, catalog: &'c Catalog, text: &str) -> Option<&'c Entry> {
        let cause = self.cause()?;
        let mut seen = ctx.catalog_seen.borrow_mut();
        let ids = seen
            .entry(text.into())
            .or_insert_with(|| catalog.matching_ids(text));
        ids.iter()
            .map(|&i| catalog.entry(i))
            .find(|e| e.class == catalog::Class::Cause(cause))
    }
}

/// Whether a line of a log that serves every VM (virt-handler, virt-controller) is about
/// the VM `name`: it names it, or names no VM in a bundle of one VM (`alone`).
fn about_vm(line: &str, name: Option<&str>, alone: bool) -> bool {
    name.is_some_and(|n| names(line, n)) || (alone && !line.contains("\"name\":"))
}

/// How the report names where a message comes from.
fn written_by(entry: &Entry) -> String {
    format!("message of {}", entry.written_by())
}

impl SignalKind for CatalogSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn catalog_cause(&self) -> Option<Cause> {
        self.cause()
    }

    fn check(&self) -> Result<(), SignalError> {
        let catalog =
            catalog::embedded().map_err(|e| CatalogSignalError::Unreadable(e.to_string()))?;
        match self.cause() {
            Some(cause) if catalog.classifies(cause) => Ok(()),
            _ => Err(CatalogSignalError::UnknownCause(self.cause.clone()).into()),
        }
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let Ok(catalog) = catalog::embedded() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for &i in ctx.links.events.iter().chain(&ctx.links.node_events) {
            let e = &ctx.inv.events[i];
            let Some(entry) = self.shows(ctx, catalog, &e.message) else {
                continue;
            };
            let what = format!("event {}, {}", e.reason, written_by(entry));
            out.push(
                cite_event(ctx, e, what)
                    .quoting(&e.message, None)
                    .at(e.last_seen),
            );
        }
        if let Some(vmi) = ctx.vmi {
            for c in &vmi.status.conditions {
                if let Some(entry) = self.shows(ctx, catalog, &c.message) {
                    let what = format!("VMI condition {}, {}", c.kind, written_by(entry));
                    // Cited at its `type:` line in YAML, or its row in a describe table.
                    let row = format!("{} ", c.kind);
                    let at = |l: &str| sets(l, "type", Some(&c.kind)) || l.trim_start().starts_with(&row);
                    out.push(
                        Evidence::in_object(ctx.inv, vmi.origin, at, what)
                            .quoting(&one_line(c), None)
                            .at(c.last_transition_time),
                    );
                }
            }
        }
        out.extend(self.in_logs(ctx, catalog));
        out
    }
}

impl CatalogSignal {
    fn in_logs(&self, ctx: &VmContext, catalog: &Catalog) -> Vec<Evidence> {
        let l = ctx.links;
        // virt-handler and virt-controller serve every VM: their lines must name this one (or
        // name none, in a bundle of one VM).
        let shared = [&l.handler_logs, &l.controller_logs];
        let own = [&l.launcher_logs, &l.qemu_logs, &l.node_logs, &l.text_logs];
        let name = ctx.vm.map(|vm| vm.metadata.name.as_str());
        // A line that names no VM at all is this VM's when the bundle knows no other; an
        // input that names no VM, looked at as one whole, takes every line.
        let alone = ctx.inv.vms.len() <= 1;
        let whole = std::ptr::eq(ctx.links, &ctx.inv.links.everything);
        let logs = own
            .iter()
            .flat_map(|idx| idx.iter().map(|&i| (i, false)))
            .chain(shared.iter().flat_map(|idx| idx.iter().map(|&i| (i, true))));
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for (i, must_name) in logs {
            if !seen.insert(i) {
                continue;
            }
            let log = &ctx.inv.logs[i];
            for line in &log.lines {
                if must_name && !whole && !about_vm(&line.text, name, alone) {
                    continue;
                }
                // A JSON line's strings are escaped in its text: match what it says.
                let said = line.said();
                let Some(entry) = self.shows(ctx, catalog, &said) else {
                    continue;
                };
                let owner = log
                    .pod
                    .as_deref()
                    .or(log.vm.as_deref())
                    .or(log.node.as_deref())
                    .unwrap_or("pasted");
                let what = format!("{owner} log, {}", written_by(entry));
                out.push(
                    Evidence::new(ctx.inv, log.file, line.number, &line.text, what)
                        .quoting(&said, None)
                        .at(line.timestamp),
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base_path, eval};
    use crate::catalog::{self, Class};
    use crate::cause::Cause;

    /// Every cause the catalog classifies a message as is read by one built-in rule, and that
    /// rule's `source` names every data file that holds the cause (scripts/catalog/rules.py
    /// keeps them in step).
    #[test]
    fn every_cause_of_the_catalog_has_a_rule_that_names_its_files() {
        let rules = crate::rules::load(None).unwrap();
        let catalog = catalog::embedded().unwrap();
        for cause in Cause::ALL {
            let files: std::collections::BTreeSet<&str> = catalog
                .entries()
                .iter()
                .filter(|e| e.class == Class::Cause(*cause) && e.matcher.is_some())
                .map(|e| e.file)
                .collect();
            let readers: Vec<&str> = rules
                .rules()
                .flat_map(|r| r.signals())
                .filter(|s| s.kind().catalog_cause() == Some(*cause))
                .map(|s| s.kind().source())
                .collect();
            if files.is_empty() {
                assert!(readers.is_empty(), "{cause:?}: a catalog rule but no entry");
                continue;
            }
            assert_eq!(readers.len(), 1, "{cause:?}: {readers:?} (run scripts/catalog/rules.py)");
            for file in files {
                assert!(
                    readers[0].contains(&format!("catalog/{file}")),
                    "{cause:?}: the rule's source does not name catalog/{file} (run scripts/catalog/rules.py)"
                );
            }
        }
    }

    #[test]
    fn a_handler_line_with_a_catalog_message_of_the_cause_is_evidence() {
        let path = base_path("virt-handler/logs/current.log");
        // kubevirt/kubevirt pkg/virt-handler (the catalog's hotplug entry), naming the VM.
        let log = r#"2024-05-01T09:41:00.000000000Z {"component":"virt-handler","level":"error","msg":"failed to mount hotplug volumes","name":"testvm","namespace":"vms","reason":"Unable to trigger hotplug population, claim disk-1 not found","timestamp":"2024-05-01T09:41:00.000000Z"}
2024-05-01T09:42:00.000000000Z {"component":"virt-handler","level":"error","msg":"x","name":"othervm","namespace":"vms","reason":"Unable to trigger hotplug population, claim disk-2 not found","timestamp":"2024-05-01T09:42:00.000000Z"}
"#;
        let got = eval(
            "catalog: {cause: hotplug_failure, source: t}",
            &[(&path, log)],
        );
        assert_eq!(got.iter().map(|e| e.line).collect::<Vec<_>>(), vec![1]);
        assert!(got[0].what.contains("kubevirt/kubevirt"), "{}", got[0].what);
        let other = eval("catalog: {cause: kvm_unavailable, source: t}", &[(&path, log)]);
        assert!(other.is_empty());
    }
}
