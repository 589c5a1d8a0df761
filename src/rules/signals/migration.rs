//! `migration`: the VMI's newest VirtualMachineInstanceMigration, or the VMI's own migration
//! state.

use serde::Deserialize;

use super::SignalKind;
use crate::evidence::Evidence;
use crate::rules::context::VmContext;
use crate::rules::pattern::Exact;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MigrationSignal {
    /// Phase of the VMI's newest VirtualMachineInstanceMigration, e.g. `Failed`.
    pub(crate) phase: Option<Exact>,
    /// The VMI's `status.migrationState.failed` is true.
    pub(crate) vmi_failed: Option<bool>,
    pub(crate) source: String,
}

impl SignalKind for MigrationSignal {
    fn source(&self) -> &str {
        &self.source
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let mut out = Vec::new();
        if let Some(p) = &self.phase {
            // Only the newest migration tells the present: an old failure that a later
            // migration fixed is history.
            for &i in ctx.links.migrations.iter().take(1) {
                let m = &ctx.inv.migrations[i];
                if p.is_match(&m.status.phase) {
                    out.push(
                        ctx.cite(
                            m.origin,
                            "phase",
                            None,
                            format!("migration {} phase {}", m.metadata.name, m.status.phase),
                        )
                        .quoting(
                            &format!("migration {} phase {}", m.metadata.name, m.status.phase),
                            None,
                        ),
                    );
                }
            }
        }
        if self.vmi_failed == Some(true)
            && let Some(vmi) = ctx.vmi
            && vmi
                .status
                .migration_state
                .as_ref()
                .is_some_and(|s| s.failed)
        {
            let state = vmi.status.migration_state.as_ref();
            let quote = state.map_or(String::new(), |s| {
                let mut q = format!(
                    "migrationState failed: true, from {} to {}",
                    s.source_node, s.target_node
                );
                if !s.abort_status.is_empty() {
                    q.push_str(&format!(", abortStatus {}", s.abort_status));
                }
                q
            });
            out.push(
                ctx.cite(
                    vmi.origin,
                    "failed",
                    Some("true"),
                    format!("VMI {} migrationState.failed", vmi.metadata.name),
                )
                .quoting(&quote, None),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::eval;

    fn migration(name: &str, created: &str, phase: &str) -> String {
        format!(
            "apiVersion: kubevirt.io/v1\nkind: VirtualMachineInstanceMigration\nmetadata: {{name: {name}, namespace: vms, uid: {name}, creationTimestamp: \"{created}\"}}\nspec: {{vmiName: testvm}}\nstatus: {{phase: {phase}}}\n"
        )
    }

    #[test]
    fn only_the_newest_migration_counts() {
        let old = migration("mig-old", "2024-05-01T09:00:00Z", "Failed");
        let new = migration("mig-new", "2024-05-01T09:40:00Z", "Succeeded");
        let files = [("mg/a.yaml", old.as_str()), ("mg/b.yaml", new.as_str())];
        assert!(eval("migration: {phase: Failed, source: t}", &files).is_empty());
        let files = [("mg/a.yaml", old.as_str())];
        let got = eval("migration: {phase: Failed, source: t}", &files);
        assert_eq!(got[0].what, "migration mig-old phase Failed");
    }
}
