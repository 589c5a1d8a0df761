//! Command line of vmstuck-analyze: read bundles, find stuck VMs, rank their causes, print
//! the report; and `rules list|explain|test` for the rule set.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use vmstuck_analyze::inventory;
use vmstuck_analyze::progress::Progress;
use vmstuck_analyze::report::{self, Format};
use vmstuck_analyze::rules::{self, RuleSet};
use vmstuck_analyze::source::Limits;
use vmstuck_analyze::{rank, stuck};

/// Explains, from a collected KubeVirt cluster dump, why VMs are stuck on their node.
#[derive(Debug, Parser)]
#[command(
    version,
    about,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    /// Bundles to read: a directory, a .tar or a .tar.gz/.tgz (told by content), or single
    /// `kubectl` output files. Several are read into one inventory.
    #[arg(required = true, value_name = "BUNDLE")]
    bundles: Vec<PathBuf>,

    /// Only this VM (`namespace/name`): its diagnosis if it is stuck, else a note that it is not.
    #[arg(long, value_name = "NS/NAME")]
    vm: Option<String>,

    /// Exit with status 1 when a stuck VM's most severe cause is at least this severe (a stuck VM
    /// with no cause found counts as `warning`, the alert's own severity).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<rules::Severity>,

    /// Report format.
    #[arg(long, value_enum, default_value = "md")]
    format: Format,

    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// More rules: every `*.yaml` in DIR, added to the built-in ones (same file name replaces).
    #[arg(long, value_name = "DIR", global = true)]
    rules: Option<PathBuf>,

    /// Stop reading once this many bytes have been decompressed (guards against gzip bombs).
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_total_bytes)]
    max_bytes: u64,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Work with the rule set.
    #[command(subcommand)]
    Rules(RulesCommand),
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// One line per rule: id, cause, severity, summary.
    List,
    /// A rule's documentation, signals and their sources.
    Explain {
        /// The rule id (its file name without `.yaml`).
        id: String,
    },
    /// Run every rule's embedded tests.
    Test,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Rules(cmd)) => rules_command(cmd, &cli),
        None => analyse(&cli),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn load_rules(cli: &Cli) -> Result<RuleSet, String> {
    rules::load(cli.rules.as_deref())
}

fn analyse(cli: &Cli) -> Result<ExitCode, String> {
    let rule_set = load_rules(cli)?;
    let limits = Limits {
        max_total_bytes: cli.max_bytes,
        ..Limits::default()
    };
    let mut progress = Progress::to_terminal();
    let inv =
        inventory::load_with_progress(&cli.bundles, &limits, rule_set.line_filter(), &mut progress)
            .map_err(|e| e.to_string())?;
    progress.step("finding stuck VMs and ranking their causes");
    let mut stuck = stuck::find(&inv);
    let selection = match &cli.vm {
        Some(wanted) => Some(select(&inv, &mut stuck, wanted)?),
        None => None,
    };
    let diagnoses = rank::diagnose(&inv, &stuck, &rule_set);
    progress.done();
    let inputs: Vec<String> = cli
        .bundles
        .iter()
        .map(|b| b.display().to_string())
        .collect();
    let mut report = report::build(&inputs, &inv, &stuck, &diagnoses, &rule_set);
    report.selection = selection;
    let text = report::render(&report, cli.format)?;
    emit(cli, &text)?;
    let failed = cli
        .fail_on
        .is_some_and(|level| report.vms.iter().any(|vm| vm.severity >= level));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Keeps only the VM named `namespace/name`; an unknown VM is an error.
fn select(
    inv: &inventory::Inventory,
    stuck: &mut Vec<stuck::StuckVm>,
    wanted: &str,
) -> Result<report::model::Selection, String> {
    let (ns, name) = wanted
        .split_once('/')
        .ok_or_else(|| format!("--vm {wanted}: expected namespace/name"))?;
    let vm = inv
        .vms
        .iter()
        .position(|v| v.metadata.namespace == ns && v.metadata.name == name)
        .ok_or_else(|| {
            format!(
                "--vm {wanted}: no such VM in the bundle ({} VMs seen)",
                inv.vms.len()
            )
        })?;
    stuck.retain(|s| s.vm == vm);
    Ok(report::model::Selection {
        vm: wanted.to_string(),
        stuck: !stuck.is_empty(),
        state: stuck::state_of(&inv.vms[vm]),
    })
}

fn emit(cli: &Cli, text: &str) -> Result<(), String> {
    match &cli.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| format!("{}: cannot write the report: {e}", path.display())),
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            match out.write_all(text.as_bytes()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write the report: {e}"))
                }
                _ => Ok(()),
            }
        }
    }
}

fn rules_command(cmd: &RulesCommand, cli: &Cli) -> Result<ExitCode, String> {
    let set = load_rules(cli)?;
    match cmd {
        RulesCommand::List => {
            let mut out = String::new();
            for r in &set.rules {
                out.push_str(&format!(
                    "{:<40} {:<28} {:<8} {}\n",
                    r.def.id,
                    r.cause.id(),
                    r.def.severity.as_str(),
                    r.def.summary
                ));
            }
            emit(cli, &out)?;
            Ok(ExitCode::SUCCESS)
        }
        RulesCommand::Explain { id } => {
            let rule = set.get(id).ok_or_else(|| {
                format!("no rule `{id}`; `vmstuck-analyze rules list` shows the ids")
            })?;
            emit(cli, &report::explain(rule))?;
            Ok(ExitCode::SUCCESS)
        }
        RulesCommand::Test => {
            let outcomes = rules::selftest::run(&set);
            let failed: Vec<_> = outcomes.iter().filter(|o| !o.passed).collect();
            for o in &failed {
                eprintln!("FAIL {} / {}: {}", o.rule, o.test, o.detail);
            }
            println!(
                "rules: {} passed, {} failed",
                outcomes.len() - failed.len(),
                failed.len()
            );
            Ok(if failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}
