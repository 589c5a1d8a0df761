//! The command line as users run it: formats, output file, one VM, exit codes, and a clean
//! standard error when it is not a terminal.

use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vmstuck-analyze"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const EXAMPLE: &str = "fixtures/example.tar.gz";

#[test]
fn the_readme_example_prints_a_markdown_report_and_nothing_on_stderr() {
    let (code, out, err) = run(&[EXAMPLE]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("# VM stuck report"), "{out}");
    assert!(out.contains("## finance/erp-app-01"));
    assert!(out.contains("Volume attachment timeouts"));
    assert_eq!(err, "", "no progress output when stderr is not a terminal");
}

#[test]
fn every_format_and_the_output_file() {
    let dir = tempfile::tempdir().unwrap();
    for (format, starts) in [
        ("md", "# VM stuck report"),
        ("html", "<!DOCTYPE html>"),
        ("json", "{"),
    ] {
        let path = dir.path().join(format!("report.{format}"));
        let (code, out, _) = run(&[EXAMPLE, "--format", format, "-o", path.to_str().unwrap()]);
        assert_eq!(
            (code, out.as_str()),
            (Some(0), ""),
            "{format}: report goes to the file only"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(starts), "{format}: {}", &text[..40]);
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    let vm = &json["vms"][0];
    assert_eq!(vm["name"], "erp-app-01");
    assert_eq!(vm["causes"][0]["id"], "volume_attach_timeout");
    let evidence = &vm["causes"][0]["findings"][0]["evidence"][0];
    assert!(evidence["file"].as_str().unwrap().ends_with(".yaml"));
    assert!(evidence["line"].as_u64().unwrap() > 0);
}

#[test]
fn fail_on_sets_the_exit_status() {
    assert_eq!(
        run(&[EXAMPLE, "--fail-on", "critical"]).0,
        Some(1),
        "a critical cause is found"
    );
    assert_eq!(
        run(&["fixtures/bundles/healthy", "--fail-on", "info"]).0,
        Some(0),
        "nothing stuck"
    );
    let (code, _, err) = run(&["fixtures/bundles/healthy", "--fail-on", "fatal"]);
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn one_vm_only() {
    let (code, out, _) = run(&[EXAMPLE, "--vm", "finance/erp-web-01"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("VM `finance/erp-web-01` is not stuck: its state is **Running**"),
        "{out}"
    );
    let (code, _, err) = run(&[EXAMPLE, "--vm", "finance/nope"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err.trim(),
        "error: --vm finance/nope: no such VM in the bundle (2 VMs seen)"
    );
}

/// On a terminal, standard error shows progress (the final step line is drawn on every run,
/// however short); `script` gives the tool a pseudo-terminal.
#[test]
fn progress_is_shown_when_stderr_is_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI machines have script (util-linux)"
        );
        eprintln!("script not installed: terminal progress check skipped");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_vmstuck-analyze");
    let dir = tempfile::tempdir().unwrap();
    let (report, typescript) = (dir.path().join("report.md"), dir.path().join("typescript"));
    let out = Command::new("script")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "-qec",
            &format!("{bin} {EXAMPLE} -o {}", report.display()),
            &typescript.display().to_string(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(
        screen.contains("finding stuck VMs and ranking their causes"),
        "{screen:?}"
    );
}
