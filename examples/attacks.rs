//! Writes one hostile bundle to standard output as a .tar.gz stream, for the memory
//! benchmark (`bench/attacks.sh`): a shipped fixture with one attack member added. Nothing is
//! built whole in memory or on disk; each attack member is generated as it is compressed.
//!
//!     cargo run --release --example attacks -- matching-lines 1024 | vmstuck-analyze -
//!
//! Attacks (the size is in MiB, or a count of items for `big-list`):
//! - `matching-lines MiB`: a virt-launcher log made of a line a rule keeps, repeated.
//! - `long-name MiB`: a VirtualMachine whose name is that long.
//! - `long-field MiB`: an Event whose message is that long.
//! - `newline-describe MiB`: a `kubectl describe` text padded with empty lines.
//! - `big-list N`: a `kind: List` of N Events.
//! - `non-ascii-paste MiB`: pasted text whose lines hold non-ASCII characters (which once
//!   pushed the prefilter onto a slow automaton with a state of hundreds of megabytes).

use std::io::{self, Read, Write};
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;

/// The fixture the attack is added to: a stuck VM with a known cause, so the report has work.
const FIXTURE: &str = "fixtures/bundles/image-pull-backoff";
const ROOT: &str = "must-gather.attack";

/// Yields `head`, then `unit` repeated until `len` bytes in all, then `tail`.
struct Repeat {
    parts: Vec<u8>,
    head_left: usize,
    unit: Vec<u8>,
    body_left: u64,
    at: usize,
    tail: Vec<u8>,
    tail_at: usize,
}

impl Repeat {
    fn new(head: &str, unit: &str, body: u64, tail: &str) -> Repeat {
        Repeat {
            parts: head.as_bytes().to_vec(),
            head_left: head.len(),
            unit: unit.as_bytes().to_vec(),
            body_left: body,
            at: 0,
            tail: tail.as_bytes().to_vec(),
            tail_at: 0,
        }
    }

    fn len(&self) -> u64 {
        self.head_left as u64 + self.body_left + self.tail.len() as u64
    }
}

impl Read for Repeat {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.head_left > 0 {
            let start = self.parts.len() - self.head_left;
            let n = buf.len().min(self.head_left);
            buf[..n].copy_from_slice(&self.parts[start..start + n]);
            self.head_left -= n;
            return Ok(n);
        }
        if self.body_left > 0 {
            let mut n = 0;
            while n < buf.len() && self.body_left > 0 {
                let take = (self.unit.len() - self.at)
                    .min(buf.len() - n)
                    .min(self.body_left as usize);
                buf[n..n + take].copy_from_slice(&self.unit[self.at..self.at + take]);
                self.at = (self.at + take) % self.unit.len();
                self.body_left -= take as u64;
                n += take;
            }
            return Ok(n);
        }
        let n = buf.len().min(self.tail.len() - self.tail_at);
        buf[..n].copy_from_slice(&self.tail[self.tail_at..self.tail_at + n]);
        self.tail_at += n;
        Ok(n)
    }
}

fn add(tar: &mut tar::Builder<impl Write>, path: &str, mut data: impl Read, len: u64) {
    let mut header = tar::Header::new_gnu();
    header.set_size(len);
    header.set_mode(0o644);
    header.set_mtime(1_700_000_000);
    header.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut header, path, &mut data)
        .expect("writing the tar stream");
}

fn add_fixture(tar: &mut tar::Builder<impl Write>, dir: &Path, under: &str) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("the fixture is there (run from the repository root)")
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = format!("{under}/{}", path.file_name().unwrap().to_string_lossy());
        if path.is_dir() {
            add_fixture(tar, &path, &name);
        } else if !name.ends_with("README.md") && !name.ends_with("expect.yaml") {
            let bytes = std::fs::read(&path).unwrap();
            add(tar, &name, bytes.as_slice(), bytes.len() as u64);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (attack, size) = match (args.next(), args.next().and_then(|s| s.parse::<u64>().ok())) {
        (Some(a), Some(s)) => (a, s),
        _ => {
            eprintln!("usage: attacks ATTACK SIZE   (see the comment at the top of attacks.rs)");
            std::process::exit(2);
        }
    };
    let mib = size << 20;
    let out = GzEncoder::new(io::BufWriter::new(io::stdout().lock()), Compression::fast());
    let mut tar = tar::Builder::new(out);
    add_fixture(&mut tar, Path::new(FIXTURE), ROOT);
    let ns = format!("{ROOT}/namespaces/attack");
    let member = match attack.as_str() {
        "matching-lines" => (
            format!("{ns}/pods/virt-launcher-victim-abcde/compute/compute/logs/current.log"),
            Repeat::new(
                "",
                "2024-05-01T10:00:00.000000000Z {\"component\":\"virt-launcher\",\"level\":\"error\",\
                 \"msg\":\"internal error: process exited while connecting to monitor: Could not \
                 access KVM kernel module: No such file or directory\",\"timestamp\":\
                 \"2024-05-01T10:00:00.000000Z\"}\n",
                mib,
                "",
            ),
        ),
        "long-name" => (
            format!("{ns}/kubevirt.io/virtualmachines/custom/victim.yaml"),
            Repeat::new(
                "apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: ",
                "v",
                mib,
                "\n  namespace: attack\nstatus:\n  printableStatus: Starting\n",
            ),
        ),
        "long-field" => (
            format!("{ns}/core/events.yaml"),
            Repeat::new(
                "apiVersion: v1\nkind: Event\nmetadata:\n  name: e1\n  namespace: attack\n\
                 reason: Failed\ntype: Warning\ninvolvedObject:\n  kind: Pod\n  name: victim\n\
                 message: ",
                "m",
                mib,
                "\n",
            ),
        ),
        "newline-describe" => (
            format!("{ROOT}/describe-victim.txt"),
            Repeat::new(
                "Name:         victim\nNamespace:    attack\nAPI Version:  kubevirt.io/v1\n\
                 Kind:         VirtualMachineInstance\n",
                "\n",
                mib,
                "Events:\n  Type    Reason   Age   From   Message\n  ----    ------   ----  ----   -------\n",
            ),
        ),
        "big-list" => {
            let item = "- apiVersion: v1\n  kind: Event\n  metadata:\n    name: victim.17a\n    \
                        namespace: attack\n  reason: BackOff\n  type: Warning\n  involvedObject:\n    \
                        kind: Pod\n    name: virt-launcher-victim-abcde\n  message: Back-off \
                        restarting failed container\n  lastTimestamp: \"2024-05-01T10:00:00Z\"\n";
            (
                format!("{ns}/core/events.yaml"),
                Repeat::new(
                    "apiVersion: v1\nkind: List\nitems:\n",
                    item,
                    size * item.len() as u64,
                    "",
                ),
            )
        }
        "non-ascii-paste" => (
            format!("{ROOT}/pasted-notes.txt"),
            Repeat::new(
                "",
                "  name: \"\u{fffd}caf\u{e9} \u{2026}\"\n    message: volume not found \u{2014} retrying\n",
                mib,
                "",
            ),
        ),
        other => {
            eprintln!("unknown attack {other}");
            std::process::exit(2);
        }
    };
    let (path, data) = member;
    let len = data.len();
    add(&mut tar, &path, data, len);
    tar.into_inner()
        .and_then(|gz| gz.finish())
        .and_then(|mut w| w.flush())
        .expect("writing the stream");
}
