//! Command line of vmstuck-analyze: read bundles, find stuck VMs, rank their causes, print
//! the report; `read`, `batch`, `rules ...`, `completions` and `man` (in `commands/`). The
//! clap types live in the binary only; the library takes plain options.

mod commands;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use vmstuck_analyze::baseline::{self, Baseline};
use vmstuck_analyze::listing;
use vmstuck_analyze::progress::Terminal;
use vmstuck_analyze::report::{self, Format, Report};
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
pub(crate) struct Cli {
    /// Bundles to read: a directory, an archive (tar, gzip, xz, zstd, bzip2, zip; told by
    /// content), or single `kubectl` output files; `-` reads one from standard input.
    #[arg(required = true, value_name = "BUNDLE")]
    bundles: Vec<PathBuf>,

    /// Only this VM (`namespace/name`): its diagnosis if it is stuck, else a note that it is not.
    #[arg(long, value_name = "NS/NAME")]
    vm: Option<String>,

    /// Exit with status 1 when a stuck VM's most severe cause is at least this severe (a stuck VM
    /// with no cause found counts as `warning`, the alert's own severity); one line on standard
    /// error says why.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<SeverityArg>,

    /// With --fail-on, count running VMs whose operation is stuck (a hotplugged volume, a
    /// migration, syncs, a pause) too; the alert does not count them.
    #[arg(long, requires = "fail_on")]
    include_running: bool,

    /// Causes this baseline file (`--write-baseline`) knows do not count for `--fail-on`.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,

    /// Write every cause found to FILE, as the baseline of later runs.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,

    /// Leave this rule out (may be given several times).
    #[arg(long, value_name = "ID", global = true)]
    ignore_rule: Vec<String>,

    /// Report format; by default the `-o` file's extension (.md, .html, .json, .sarif, .xml),
    /// else Markdown.
    #[arg(long, value_parser = format_parser())]
    format: Option<Format>,

    /// The command the next steps use: `oc` on OpenShift.
    #[arg(long, value_enum, default_value = "kubectl", value_name = "TOOL")]
    cli: CliArg,

    /// A report the size of a ticket comment: the summary table and each VM's top cause.
    #[arg(long)]
    summary: bool,

    /// Add the runbook's general diagnosis and mitigation steps (once, for every VM).
    #[arg(long)]
    runbook: bool,

    /// Write the report (for `batch`, its JSON lines) to this file instead of standard output.
    #[arg(short, long, value_name = "FILE", global = true)]
    pub(crate) output: Option<PathBuf>,

    /// More rules: every `*.yaml` (or `.yml`) in DIR, added to the built-in ones (the same file
    /// name replaces one); DIR's `causes.yaml` may declare causes of its own.
    #[arg(long, value_name = "DIR", global = true)]
    pub(crate) rules: Option<PathBuf>,

    /// Stop reading once this many bytes have been decompressed (guards against gzip bombs).
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_total_bytes, global = true)]
    pub(crate) max_bytes: u64,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum CliArg {
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
    /// Analyse many bundles, a few at a time: every entry of each DIR is a bundle. One JSON
    /// line per bundle (its verdict) and per reported VM or node goes to standard output (or
    /// `-o`), a summary table to standard error. With `--expect`, standard output gets one line
    /// per bundle compared with its expectations instead, and the exit status is 1 on a change.
    Batch {
        /// Directories whose entries are bundles (a file given is one bundle); entries named
        /// `*.expect.yaml` are expectations, not bundles.
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// Bundles analysed at once; memory is that of this many analyses.
        #[arg(long, default_value_t = 2)]
        jobs: usize,
        /// Compare each bundle with its expectations (`expect.yaml` inside a directory bundle,
        /// else `<bundle>.expect.yaml` beside it): one line per bundle, `pass`, `changed` or
        /// `new`, then the totals; exit 1 when any bundle changed.
        #[arg(long, conflicts_with = "write_expect")]
        expect: bool,
        /// Record each bundle's answers as its expectations (after the comparison with the
        /// old ones is printed); an acceptable set of causes that still holds is kept.
        #[arg(long)]
        write_expect: bool,
        /// With --expect, write JUnit XML to FILE: a test suite per bundle, a test case per
        /// bundle and VM, failed with the expected and the new top cause.
        #[arg(long, value_name = "FILE", requires = "expect")]
        junit: Option<PathBuf>,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    Man,
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
pub(crate) enum RulesCommand {
    /// One line per rule: id, cause, severity, summary.
    List,
    /// A rule's documentation, signals and their sources.
    Explain {
        /// The rule id (its file name without `.yaml`).
        id: String,
    },
    /// Run the rules' embedded tests: every rule's, or one rule's.
    Test {
        /// Only this rule's tests.
        id: Option<String>,
    },
    /// Write a skeleton rule `ID.yaml` (with a fires and a quiet test) into the `--rules`
    /// directory, or the current one.
    New {
        /// The new rule's id (its file name).
        id: String,
        /// The cause it points at (`rules causes` lists them).
        #[arg(long)]
        cause: String,
    },
    /// The cause ids rules may name, with how many rules and signals each has.
    Causes,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Rules(cmd)) => commands::rules::run(cmd, &cli),
        Some(Command::Read { bundles, json }) => read_command(bundles, *json, &cli),
        Some(Command::Batch {
            dirs,
            jobs,
            expect,
            write_expect,
            junit,
        }) => {
            let checks = commands::batch::Checks {
                expect: *expect,
                write_expect: *write_expect,
                junit: junit.as_deref(),
            };
            commands::batch::run(dirs, *jobs, checks, &cli)
        }
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "vmstuck-analyze", &mut std::io::stdout());
            Ok(ExitStatus::Done)
        }
        Some(Command::Man) => commands::man(<Cli as clap::CommandFactory>::command()),
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
    refuse_overwriting_inputs(cli.output.as_deref(), &cli.bundles)?;
    refuse_overwriting_inputs(cli.write_baseline.as_deref(), &cli.bundles)?;
    let mut opts = Options::new(cli.bundles.iter().map(|p| input(p)).collect());
    opts.vm = cli.vm.clone();
    opts.rules = Some(Arc::new(load_rules(cli)?));
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
    let report = Report::for_cli(&analysis, layout.cli);
    let format = cli
        .format
        .or_else(|| cli.output.as_deref().and_then(format_of_path))
        .unwrap_or(Format::Md);
    emit(
        cli.output.as_deref(),
        &report::render_with(&report, format, &layout)?,
    )?;
    if let Some(path) = &cli.write_baseline {
        write_atomically(path, Baseline::of(&report).to_json().as_bytes()).map_err(|e| {
            Error::new(ErrorKind::Output, "cannot write the baseline")
                .at(path)
                .because(e)
        })?;
    }
    let Some(level) = cli.fail_on else {
        return Ok(ExitStatus::Done);
    };
    let known = cli.baseline.as_deref().map(Baseline::read).transpose()?;
    let reasons = baseline::failures(&report, level.into(), known.as_ref(), cli.include_running);
    if reasons.is_empty() {
        return Ok(ExitStatus::Done);
    }
    let more = if reasons.len() > 3 {
        format!(" and {} more", reasons.len() - 3)
    } else {
        String::new()
    };
    eprintln!(
        "--fail-on {}: {}{more}",
        Severity::from(level).as_str(),
        reasons[..reasons.len().min(3)].join("; ")
    );
    Ok(ExitStatus::Failed)
}

/// Writes a temporary file beside `path`, flushed to disk, then renames it over `path`: a
/// kill or a full disk leaves the previous file whole, never a truncated one.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let path = match std::fs::metadata(path) {
        // A device or a pipe (`-o /dev/null`, `-o /dev/stdout`) is written as it is: a rename
        // would put a plain file in its place.
        Ok(m) if !m.is_file() => {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(path)?
                .write_all(bytes);
        }
        // Through a symbolic link, the file it points to is replaced and the link stays.
        Ok(_) => std::fs::canonicalize(path)?,
        Err(_) => path.to_path_buf(),
    };
    let path = path.as_path();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// An output file may not be one of the inputs: `-o bundle.tar.gz` would destroy the
/// evidence.
pub(crate) fn refuse_overwriting_inputs(
    output: Option<&Path>,
    inputs: &[PathBuf],
) -> Result<(), Error> {
    let Some(out) = output.and_then(|o| std::fs::canonicalize(o).ok()) else {
        return Ok(());
    };
    for input in inputs {
        if std::fs::canonicalize(input).is_ok_and(|i| i == out) {
            return Err(Error::new(
                ErrorKind::Usage,
                "-o names an input; refusing to write the report over it",
            )
            .at(input));
        }
    }
    Ok(())
}

/// `-` is standard input; anything else a path.
fn input(path: &Path) -> Input {
    if path.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::Path(path.to_path_buf())
    }
}

/// The report format a file name asks for by its extension.
fn format_of_path(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let ext = name.rsplit('.').next()?;
    Format::from_name(match ext {
        "md" | "markdown" => "md",
        "html" | "htm" => "html",
        "json" if name.ends_with(".sarif.json") => "sarif",
        "json" => "json",
        "sarif" => "sarif",
        "xml" => "junit",
        _ => return None,
    })
}

fn read_command(bundles: &[PathBuf], json: bool, cli: &Cli) -> Result<ExitStatus, Error> {
    let inputs: Vec<Input> = bundles.iter().map(|p| input(p)).collect();
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

/// Writes `text` to `output` (atomically: a temporary file beside it, renamed into place) or
/// to standard output. No control character but line feeds and tabs gets out: bundle text
/// must not drive a terminal.
pub(crate) fn emit(output: Option<&Path>, text: &str) -> Result<(), Error> {
    let text = &report::strip_controls(text);
    let cannot = || Error::new(ErrorKind::Output, "cannot write the report");
    match output {
        Some(path) => {
            write_atomically(path, text.as_bytes()).map_err(|e| cannot().at(path).because(e))
        }
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

/// The rule set: built-in, `--rules DIR`, less `--ignore-rule`s.
pub(crate) fn load_rules(cli: &Cli) -> Result<RuleSet, Error> {
    let set = rules::load(cli.rules.as_deref())?;
    if cli.ignore_rule.is_empty() {
        return Ok(set);
    }
    Ok(set.without(&cli.ignore_rule)?)
}
