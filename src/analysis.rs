//! The one entry point: `analyse` runs the whole pipeline (source -> inventory -> stuck ->
//! engine -> rank -> diagnosis) for the command line and for every test alike.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnosis::{self, Collection, Diagnosis, Overview};
use crate::diagnostics::Warning;
use crate::error::{Error, ErrorKind};
use crate::inventory::VmState;
use crate::inventory::links::VmLinks;
use crate::inventory::{self, Inventory};
use crate::progress::{Progress, Silent};
use crate::rules::{self, RuleSet};
use crate::source::{Input, Limits};
use crate::stuck::{self, StuckVm};
use crate::{engine, rank};

/// What to analyse and how.
#[derive(Clone)]
#[allow(missing_debug_implementations)] // `progress` is a trait object
pub struct Options {
    pub inputs: Vec<Input>,
    /// Only this VM (`namespace/name`).
    pub vm: Option<String>,
    /// More rules: a directory of rule files added to the built-in ones.
    pub rules_dir: Option<PathBuf>,
    /// Rules already loaded (tests that analyse many bundles load them once); when set,
    /// `rules_dir` is not read.
    pub rules: Option<Arc<RuleSet>>,
    pub limits: Limits,
    pub progress: Arc<dyn Progress>,
}

impl Options {
    pub fn new(inputs: Vec<Input>) -> Options {
        Options {
            inputs,
            vm: None,
            rules_dir: None,
            rules: None,
            limits: Limits::default(),
            progress: Arc::new(Silent),
        }
    }

    /// Bundles on disk.
    pub fn paths(paths: impl IntoIterator<Item = impl Into<PathBuf>>) -> Options {
        Options::new(paths.into_iter().map(|p| Input::Path(p.into())).collect())
    }
}

/// The VM asked for with `--vm`, and whether it is stuck.
#[derive(Debug, Clone, Serialize)]
pub struct Selection {
    /// `namespace/name`.
    pub vm: String,
    pub stuck: bool,
    /// Its printable status.
    pub state: VmState,
}

/// The outcome of a run: what was read and the diagnosis of every stuck VM, per collection.
#[derive(Debug)]
pub struct Analysis {
    pub(crate) inputs: Vec<String>,
    /// Usually one; several when the input holds several must-gathers (`collections`).
    pub(crate) collections: Vec<Collection>,
    pub(crate) rules: Arc<RuleSet>,
    pub(crate) selection: Option<Selection>,
    /// The run as a whole: verdict, shared node causes, counts (`diagnosis::Overview`).
    pub(crate) overview: Overview,
}

impl Analysis {
    /// Problems met while reading, kept and shown in the report.
    pub fn warnings(&self) -> Vec<&Warning> {
        self.collections
            .iter()
            .flat_map(|c| &c.inventory.warnings)
            .collect()
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }
}

/// Reads the inputs, finds the stuck VMs and diagnoses each.
pub fn analyse(opts: &Options) -> Result<Analysis, Error> {
    let rules = match &opts.rules {
        Some(set) => Arc::clone(set),
        None => Arc::new(rules::load(opts.rules_dir.as_deref())?),
    };
    let progress = &*opts.progress;
    let inventories = inventory::load(&opts.inputs, &opts.limits, rules.line_filter(), progress)?;
    let nothing_read = inventories.iter().all(|inv| {
        !inv.files
            .iter()
            .any(|f| matches!(f.kind, inventory::FileKind::Read(_)))
    });
    if nothing_read {
        return Err(nothing_read_error(&opts.inputs, &inventories));
    }
    progress.step("finding stuck VMs and ranking their causes");
    let mut selection: Option<Selection> = None;
    let mut collections = Vec::new();
    for inv in inventories {
        // Stuck by the alert's definition, then VMs known only from other objects.
        let mut subjects = stuck::find(&inv);
        // Running VMs with a stuck operation: diagnosed alike, reported apart.
        let mut running = stuck::operations::find(&inv, &subjects);
        subjects.extend(stuck::unproven(&inv));
        if let Some(wanted) = &opts.vm {
            match select(&inv, &mut subjects, &mut running, wanted)? {
                Some(found) => selection = Some(found),
                None => {
                    subjects.clear();
                    running.clear();
                }
            }
        }
        let diagnoses = diagnose_vms(&inv, subjects, &rules);
        let operations = diagnose_vms(&inv, running, &rules);
        let nodes = if opts.vm.is_some() {
            Vec::new()
        } else {
            let mut nodes = diagnose_nodes(&inv, &rules, &diagnoses, &operations);
            nodes.extend(diagnose_unplaced(
                &inv,
                &rules,
                &diagnoses,
                &operations,
                &nodes,
            ));
            nodes
        };
        collections.push(Collection {
            inventory: inv,
            diagnoses,
            operations,
            nodes,
        });
    }
    if let Some(wanted) = &opts.vm
        && selection.is_none()
    {
        let seen: usize = collections.iter().map(|c| c.inventory.vms.len()).sum();
        return Err(Error::new(
            ErrorKind::Usage,
            format!("--vm {wanted}: no such VM in the bundle ({seen} VMs seen)"),
        ));
    }
    progress.done();
    Ok(Analysis {
        inputs: opts.inputs.iter().map(Input::name).collect(),
        overview: Overview::of(&collections),
        collections,
        rules,
        selection,
    })
}

/// The rules run on each VM, their causes ranked and diagnosed. An inferred VM that looks
/// healthy and has nothing against it is not worth a section, and is left out.
fn diagnose_vms(inv: &Inventory, subjects: Vec<StuckVm>, rules: &RuleSet) -> Vec<Diagnosis> {
    let mut found = engine::run(inv, subjects, rules);
    found.retain(|(s, f)| {
        s.alert.is_some() || !s.operations.is_empty() || !f.is_empty() || !s.state.looks_healthy()
    });
    diagnosis::diagnose(inv, rank::rank(inv, found))
}

/// The one-line error for an input in which no file was of any format the tool reads.
fn nothing_read_error(inputs: &[Input], inventories: &[Inventory]) -> Error {
    let files: usize = inventories.iter().map(|i| i.files.len()).sum();
    let names: Vec<String> = inputs.iter().map(Input::name).collect();
    let what = if files == 0 {
        "holds no files".to_string()
    } else {
        format!(
            "holds {files} file(s): no Kubernetes or KubeVirt object, kubectl output or log in a form the tool reads, and no line that any rule's message matches"
        )
    };
    Error::new(
        ErrorKind::NothingRead,
        format!("{what}; nothing to analyse"),
    )
    .at(names.join(", "))
}

/// Node-level causes on the nodes no reported VM links to: a pasted `describe node` or
/// kubelet journal with no VM in it still says what is wrong with the node.
fn diagnose_nodes(
    inv: &Inventory,
    rules: &RuleSet,
    diagnoses: &[Diagnosis],
    operations: &[Diagnosis],
) -> Vec<diagnosis::NodeDiagnosis> {
    // An input that names no VM is diagnosed as one whole.
    if diagnoses.is_empty() && operations.is_empty() {
        let whole = &inv.links.everything;
        let findings = engine::run_on(inv, &[whole], rules);
        return diagnosis::diagnose_nodes(
            inv,
            findings
                .into_iter()
                .map(|f| (whole, rank::rank_alone(f), diagnosis::Scope::Input))
                .collect(),
        );
    }
    let covered: BTreeSet<&str> = diagnoses
        .iter()
        .chain(operations)
        .filter_map(|d| inv.links.vms[d.stuck.vm].node.as_deref())
        .collect();
    let subjects: Vec<&VmLinks> = inv
        .links
        .nodes
        .iter()
        // Node logs that name no node went to the reported VMs.
        .filter(|n| {
            n.node
                .as_deref()
                .is_some_and(|name| !covered.contains(name))
        })
        .collect();
    let findings = engine::run_on(inv, &subjects, rules);
    diagnosis::diagnose_nodes(
        inv,
        subjects
            .into_iter()
            .zip(findings)
            .map(|(links, f)| (links, rank::rank_alone(f), diagnosis::Scope::Node))
            .collect(),
    )
}

/// The causes shown by lines whose message the catalog knows but that no reported VM or node
/// took (a virt-handler line naming no VM in a bundle of several, a pasted journal line of an
/// unknown node): a known message is never dropped in silence.
fn diagnose_unplaced(
    inv: &Inventory,
    rules: &RuleSet,
    diagnoses: &[Diagnosis],
    operations: &[Diagnosis],
    nodes: &[diagnosis::NodeDiagnosis],
) -> Option<diagnosis::NodeDiagnosis> {
    // An input that names no VM was looked at as one whole already.
    if diagnoses.is_empty() && operations.is_empty() {
        return None;
    }
    let cited: BTreeSet<(&str, u64)> = diagnoses
        .iter()
        .chain(operations)
        .flat_map(|d| &d.causes)
        .chain(nodes.iter().flat_map(|n| &n.causes))
        .flat_map(|c| &c.findings)
        .flat_map(|f| &f.evidence)
        .map(|e| (e.file.as_str(), e.line))
        .collect();
    let catalog_rules: Vec<Arc<rules::Rule>> = rules
        .rules
        .iter()
        .filter(|r| r.reads_catalog())
        .cloned()
        .collect();
    let whole = &inv.links.everything;
    let mut findings = engine::run_rules(inv, whole, &catalog_rules);
    for f in &mut findings {
        f.evidence
            .retain(|e| !cited.contains(&(e.file.as_str(), e.line)));
        f.more_evidence = 0;
    }
    findings.retain(|f| !f.evidence.is_empty());
    diagnosis::diagnose_nodes(
        inv,
        vec![(
            whole,
            rank::rank_alone(findings),
            diagnosis::Scope::Unplaced,
        )],
    )
    .pop()
}

/// Keeps only the VM named `namespace/name`, when this collection has it.
fn select(
    inv: &Inventory,
    stuck: &mut Vec<StuckVm>,
    running: &mut Vec<StuckVm>,
    wanted: &str,
) -> Result<Option<Selection>, Error> {
    let (ns, name) = wanted.split_once('/').ok_or_else(|| {
        Error::new(
            ErrorKind::Usage,
            format!("--vm {wanted}: expected namespace/name"),
        )
    })?;
    let Some(vm) = inv
        .vms
        .iter()
        .position(|v| v.metadata.namespace == ns && v.metadata.name == name)
    else {
        return Ok(None);
    };
    stuck.retain(|s| s.vm == vm);
    running.retain(|s| s.vm == vm);
    Ok(Some(Selection {
        vm: wanted.to_string(),
        stuck: stuck.iter().any(|s| s.alert.is_some()),
        state: inv.vms[vm].state(),
    }))
}
