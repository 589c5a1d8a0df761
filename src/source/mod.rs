//! Opens a bundle (directory, tar, tar.gz, or a single file) and streams each regular file to a
//! visitor. Nothing is extracted to disk; the kind of input is told by magic bytes, not by name.

mod admission;
mod archive;
mod codec;
mod dir;
mod limits;
mod members;
mod path;
mod zip;

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::diagnostics::Warning;
use crate::error::{Error, ErrorKind};
pub use limits::Limits;
pub(crate) use path::BundlePath;

/// One thing to analyse.
#[derive(Debug, Clone)]
pub enum Input {
    /// A directory, a tar or compressed tar, or a single file on disk (told by content).
    Path(PathBuf),
    /// Bytes in memory, told apart like a file on disk. `name` stands for the path in messages.
    Bytes { name: String, bytes: Vec<u8> },
    /// Files in memory, as (path inside the bundle, content), each read like a bundle member.
    Files {
        name: String,
        files: Vec<(String, String)>,
    },
    /// A bundle piped to standard input (`-`), streamed like a file; a zip is read whole
    /// first, since its index sits at its end.
    Stdin,
}

impl Input {
    /// How the input is named in reports and messages.
    pub fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Bytes { name, .. } | Input::Files { name, .. } => name.clone(),
            Input::Stdin => "-".to_string(),
        }
    }
}

/// Receives each regular file of a bundle, in the order the bundle stores them.
pub(crate) trait Visitor {
    /// `reader` yields the member's bytes. An error from it is a read error of the bundle
    /// itself and should be returned unchanged; problems with the content are the visitor's own.
    fn visit(&mut self, path: &BundlePath, reader: &mut dyn Read) -> io::Result<()>;
    fn warn(&mut self, warning: Warning);
}

/// A bundle that cannot be read at all.
pub(crate) fn input_error(path: impl AsRef<Path>, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Input, message).at(path)
}

/// Counts of what a walk saw.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WalkStats {
    pub(crate) files: u64,
    pub(crate) bytes: u64,
}

/// Reads the bundle at `path`, handing every regular file to `visitor`. What the bundle is
/// (a directory, a zip, a tar, a compressed tar or file, one plain file) is told by its
/// content, never its name. Member names are prefixed with `prefix` when several bundles go
/// into one inventory.
pub(crate) fn walk(
    path: &Path,
    prefix: Option<&str>,
    limits: &Limits,
    visitor: &mut dyn Visitor,
) -> Result<WalkStats, Error> {
    let fail = |e: io::Error| input_error(path, describe_io(&e));
    let meta = std::fs::metadata(path).map_err(fail)?;
    let used = Arc::new(AtomicU64::new(0));
    let mut prefixed = Prefixing::new(prefix, visitor);
    let mut sink = members::Unpacking::new(&mut prefixed, limits, Arc::clone(&used));
    if meta.is_dir() {
        return dir::walk(path, limits, &used, &mut sink);
    }
    if !meta.is_file() {
        return Err(input_error(path, "not a regular file or directory"));
    }
    let mut file = File::open(path).map_err(fail)?;
    let mut head = Vec::with_capacity(8);
    (&mut file).take(8).read_to_end(&mut head).map_err(fail)?;
    if zip::is_zip(&head) {
        return zip::walk(
            path,
            File::open(path).map_err(fail)?,
            limits,
            &used,
            &mut sink,
        );
    }
    let reader = io::Cursor::new(head).chain(BufReader::with_capacity(1 << 20, file));
    archive::walk_stream(path, &file_name(path), reader, limits, &used, &mut sink)
}

/// Reads a bundle that is already in memory (named `name` in messages), told apart by its
/// content like `walk`.
pub(crate) fn walk_bytes(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    visitor: &mut dyn Visitor,
) -> Result<WalkStats, Error> {
    let used = Arc::new(AtomicU64::new(0));
    let path = Path::new(name);
    let mut sink = members::Unpacking::new(visitor, limits, Arc::clone(&used));
    if zip::is_zip(bytes) {
        return zip::walk(path, io::Cursor::new(bytes), limits, &used, &mut sink);
    }
    archive::walk_stream(path, name, bytes, limits, &used, &mut sink)
}

/// Reads a bundle from a stream (standard input), told apart by its content like `walk`.
pub(crate) fn walk_reader(
    name: &str,
    mut reader: impl Read,
    limits: &Limits,
    visitor: &mut dyn Visitor,
) -> Result<WalkStats, Error> {
    let fail = |e: io::Error| input_error(Path::new(name), describe_io(&e));
    let mut head = Vec::with_capacity(8);
    (&mut reader).take(8).read_to_end(&mut head).map_err(fail)?;
    if zip::is_zip(&head) {
        let mut all = head;
        reader
            .take(limits.max_total_bytes)
            .read_to_end(&mut all)
            .map_err(fail)?;
        return walk_bytes(name, &all, limits, visitor);
    }
    let used = Arc::new(AtomicU64::new(0));
    let mut sink = members::Unpacking::new(visitor, limits, Arc::clone(&used));
    let stream = io::Cursor::new(head).chain(BufReader::with_capacity(1 << 20, reader));
    archive::walk_stream(Path::new(name), name, stream, limits, &used, &mut sink)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "input".into())
}

/// Adds the bundle prefix to member names on their way to the visitor.
pub(crate) struct Prefixing<'a> {
    prefix: Option<&'a str>,
    inner: &'a mut dyn Visitor,
}

impl<'a> Prefixing<'a> {
    pub(crate) fn new(prefix: Option<&'a str>, inner: &'a mut dyn Visitor) -> Self {
        Prefixing { prefix, inner }
    }
}

impl Visitor for Prefixing<'_> {
    fn visit(&mut self, path: &BundlePath, reader: &mut dyn Read) -> io::Result<()> {
        match self.prefix {
            // A plain file given as an input is its own only member: `dir/x.txt`, not
            // `dir/x.txt/x.txt`.
            Some(prefix)
                if path.parts().len() == 1
                    && prefix.rsplit('/').next() == Some(path.file_name()) =>
            {
                self.inner
                    .visit(&BundlePath::from_parts(Vec::new()).prefixed(prefix), reader)
            }
            Some(prefix) => self.inner.visit(&path.prefixed(prefix), reader),
            None => self.inner.visit(path, reader),
        }
    }

    fn warn(&mut self, mut warning: Warning) {
        if let Some(prefix) = self.prefix {
            warning.path = format!("{prefix}/{}", warning.path);
        }
        self.inner.warn(warning)
    }
}

/// An I/O error in words a user can act on.
pub(crate) fn describe_io(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::UnexpectedEof => "the data ends early (truncated?)".into(),
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput => {
            format!("corrupt data ({err})")
        }
        _ => err.to_string(),
    }
}
