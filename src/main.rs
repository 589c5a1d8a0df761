//! Command line of vmstuck-analyze: read bundles, find stuck VMs, print the report.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use vmstuck_analyze::inventory::{self, KeepAll};
use vmstuck_analyze::report::{self, Format};
use vmstuck_analyze::source::Limits;
use vmstuck_analyze::stuck;

/// Explains, from a collected KubeVirt cluster dump, why VMs are stuck on their node.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Bundles to read: a directory, a .tar or a .tar.gz/.tgz (told by content), or single
    /// `kubectl` output files. Several are read into one inventory.
    #[arg(required = true, value_name = "BUNDLE")]
    bundles: Vec<PathBuf>,

    /// Report format.
    #[arg(long, value_enum, default_value = "md")]
    format: Format,

    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Stop reading once this many bytes have been decompressed (guards against gzip bombs).
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_total_bytes)]
    max_bytes: u64,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<(), String> {
    let limits = Limits {
        max_total_bytes: cli.max_bytes,
        ..Limits::default()
    };
    let inv = inventory::load(&cli.bundles, &limits, &KeepAll).map_err(|e| e.to_string())?;
    let stuck = stuck::find(&inv);
    let inputs: Vec<String> = cli
        .bundles
        .iter()
        .map(|b| b.display().to_string())
        .collect();
    let report = report::build(&inputs, &inv, &stuck);
    let text = report::render(&report, cli.format)?;
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
