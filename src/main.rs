//! Command line of vmstuck-analyze: read bundles, find stuck VMs, rank their causes, print
//! the report; and `rules list|explain|test` for the rule set. The clap types live here only;
//! the library takes plain options.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use vmstuck_analyze::listing;
use vmstuck_analyze::progress::Terminal;
use vmstuck_analyze::report::{self, Format};
use vmstuck_analyze::rules::{self, RuleSet, Severity};
use vmstuck_analyze::source::{Input, Limits};
use vmstuck_analyze::{Error, ErrorKind, ExitStatus, Options};

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
    fail_on: Option<SeverityArg>,

    /// Report format.
    #[arg(long, default_value = "md", value_parser = format_parser())]
    format: Format,

    /// The command the next steps use: `oc` on OpenShift.
    #[arg(long, value_enum, default_value = "kubectl", value_name = "TOOL")]
    cli: CliArg,

    /// A report the size of a ticket comment: the summary table and each VM's top cause.
    #[arg(long)]
    summary: bool,

    /// Add the runbook's general diagnosis and mitigation steps (once, for every VM).
    #[arg(long)]
    runbook: bool,

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

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CliArg {
    Kubectl,
    Oc,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SeverityArg {
    Info,
    Warning,
    Critical,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Critical => Severity::Critical,
        }
    }
}

/// `--format` takes the names the library's formats give themselves, so a new format needs
/// nothing here.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Format::ALL.iter().map(|f| f.name()))
        .map(|name: String| Format::from_name(&name).unwrap_or(Format::Md))
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Work with the rule set.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// List what each file was read as (its format, the objects, events and log lines taken
    /// from it) without diagnosing: a check that pasted files were understood. Keeps every
    /// log line in memory, so it is meant for pasted files and small bundles.
    Read {
        /// Bundles or files, as for the analysis.
        #[arg(required = true, value_name = "BUNDLE")]
        bundles: Vec<PathBuf>,
        /// One JSON document instead of the table.
        #[arg(long)]
        json: bool,
    },
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
    /// The cause ids rules may name, with how many rules and signals each has.
    Causes,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Rules(cmd)) => rules_command(cmd, &cli),
        Some(Command::Read { bundles, json }) => read_command(bundles, *json, &cli),
        None => analyse(&cli),
    };
    let status = match result {
        Ok(status) => status,
        Err(e) => {
            eprintln!("error: {e}");
            ExitStatus::from(&e)
        }
    };
    ExitCode::from(status.code())
}

fn analyse(cli: &Cli) -> Result<ExitStatus, Error> {
    let mut opts = Options::paths(&cli.bundles);
    opts.vm = cli.vm.clone();
    opts.rules_dir = cli.rules.clone();
    opts.limits.max_total_bytes = cli.max_bytes;
    opts.progress = Arc::new(Terminal::stderr());
    let analysis = vmstuck_analyze::analyse(&opts)?;
    let layout = report::Options {
        cli: match cli.cli {
            CliArg::Kubectl => report::Cli::Kubectl,
            CliArg::Oc => report::Cli::Oc,
        },
        summary: cli.summary,
        runbook: cli.runbook,
    };
    let report = analysis.report_for(layout.cli);
    emit(
        cli.output.as_deref(),
        &report::render_with(&report, cli.format, &layout)?,
    )?;
    let failed = cli
        .fail_on
        .is_some_and(|level| report.fails_on(level.into()));
    Ok(if failed {
        ExitStatus::Failed
    } else {
        ExitStatus::Done
    })
}

fn read_command(bundles: &[PathBuf], json: bool, cli: &Cli) -> Result<ExitStatus, Error> {
    let inputs: Vec<Input> = bundles.iter().cloned().map(Input::Path).collect();
    let limits = Limits {
        max_total_bytes: cli.max_bytes,
        ..Limits::default()
    };
    let files = listing::list(&inputs, &limits)?;
    let text = if json {
        serde_json::to_string_pretty(&files)
            .map_err(|e| Error::new(ErrorKind::Render, "cannot write the listing").because(e))?
            + "\n"
    } else {
        listing::render(&files)
    };
    emit(cli.output.as_deref(), &text)?;
    Ok(ExitStatus::Done)
}

fn emit(output: Option<&Path>, text: &str) -> Result<(), Error> {
    let cannot = || Error::new(ErrorKind::Output, "cannot write the report");
    match output {
        Some(path) => std::fs::write(path, text).map_err(|e| cannot().at(path).because(e)),
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            match out.write_all(text.as_bytes()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(cannot().because(e)),
                _ => Ok(()),
            }
        }
    }
}

fn load_rules(cli: &Cli) -> Result<RuleSet, Error> {
    rules::load(cli.rules.as_deref())
}

fn rules_command(cmd: &RulesCommand, cli: &Cli) -> Result<ExitStatus, Error> {
    let set = load_rules(cli)?;
    match cmd {
        RulesCommand::List => {
            let mut out = String::new();
            for r in set.rules() {
                out.push_str(&format!(
                    "{:<40} {:<28} {:<8} {}\n",
                    r.id(),
                    r.cause().id(),
                    r.severity().as_str(),
                    r.summary()
                ));
            }
            emit(cli.output.as_deref(), &out)?;
            Ok(ExitStatus::Done)
        }
        RulesCommand::Explain { id } => {
            let rule = set.get(id).ok_or_else(|| {
                Error::new(
                    ErrorKind::Usage,
                    format!("no rule `{id}`; `vmstuck-analyze rules list` shows the ids"),
                )
            })?;
            emit(cli.output.as_deref(), &report::explain(rule))?;
            Ok(ExitStatus::Done)
        }
        RulesCommand::Causes => {
            let mut out = format!(
                "{:<30} {:>5} {:>7}  {}\n",
                "cause", "rules", "signals", "title"
            );
            for cause in vmstuck_analyze::cause::Cause::ALL {
                let rules: Vec<_> = set.rules().filter(|r| r.cause() == *cause).collect();
                let signals: usize = rules.iter().map(|r| r.evidence_signals()).sum();
                out.push_str(&format!(
                    "{:<30} {:>5} {:>7}  {}\n",
                    cause.id(),
                    rules.len(),
                    signals,
                    cause.title()
                ));
            }
            let counts: Vec<String> = set
                .pattern_counts()
                .iter()
                .map(|(kind, n)| format!("{kind} {n}"))
                .collect();
            out.push_str(&format!(
                "\nlog patterns, one automaton per kind of log: {}\n",
                counts.join(", ")
            ));
            emit(cli.output.as_deref(), &out)?;
            Ok(ExitStatus::Done)
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
                ExitStatus::Done
            } else {
                ExitStatus::Failed
            })
        }
    }
}
