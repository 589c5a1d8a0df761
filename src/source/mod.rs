//! Opens a bundle (directory, tar, tar.gz, or a single file) and streams each regular file to a
//! visitor. Nothing is extracted to disk; the kind of input is told by magic bytes, not by name.

mod archive;
mod dir;
mod limits;
mod path;

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
}

impl Input {
    /// How the input is named in reports and messages.
    pub fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Bytes { name, .. } | Input::Files { name, .. } => name.clone(),
        }
    }
}

/// What a bundle argument turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SourceKind {
    Directory,
    Tar,
    TarGz,
    /// A file that is not an archive: read as a one-file bundle (a pasted `kubectl` output).
    /// A gzip stream that turns out not to hold a tar archive is read the same way.
    SingleFile,
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

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Tells what `path` holds by looking at it, not at its name.
pub(crate) fn sniff(path: &Path) -> Result<SourceKind, Error> {
    let fail = |message: String| input_error(path, message);
    let meta = std::fs::metadata(path).map_err(|e| fail(describe_io(&e)))?;
    if meta.is_dir() {
        return Ok(SourceKind::Directory);
    }
    if !meta.is_file() {
        return Err(fail("not a regular file or directory".into()));
    }
    let mut head = Vec::with_capacity(512);
    File::open(path)
        .and_then(|f| f.take(512).read_to_end(&mut head))
        .map_err(|e| fail(describe_io(&e)))?;
    if head.starts_with(&GZIP_MAGIC) {
        return Ok(SourceKind::TarGz);
    }
    if archive::is_tar_header(&head) {
        return Ok(SourceKind::Tar);
    }
    Ok(SourceKind::SingleFile)
}

/// Reads the bundle at `path`, handing every regular file to `visitor`. Member names are
/// prefixed with `prefix` when several bundles go into one inventory.
pub(crate) fn walk(
    path: &Path,
    prefix: Option<&str>,
    limits: &Limits,
    visitor: &mut dyn Visitor,
) -> Result<WalkStats, Error> {
    let kind = sniff(path)?;
    let used = Arc::new(AtomicU64::new(0));
    let mut sink = Prefixing {
        prefix,
        inner: visitor,
    };
    let open = || File::open(path).map_err(|e| input_error(path, describe_io(&e)));
    let stats = match kind {
        SourceKind::Directory => dir::walk(path, limits, &used, &mut sink)?,
        SourceKind::Tar => {
            let reader = limits::Budgeted::new(
                BufReader::with_capacity(1 << 20, open()?),
                limits.max_total_bytes,
                used.clone(),
            );
            archive::walk_tar(path, reader, limits, &mut sink)?
        }
        SourceKind::TarGz => {
            let decoder =
                flate2::read::MultiGzDecoder::new(BufReader::with_capacity(1 << 20, open()?));
            let reader = limits::Budgeted::new(decoder, limits.max_total_bytes, used.clone());
            archive::walk_gz(path, reader, limits, &mut sink)?
        }
        SourceKind::SingleFile => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "input".into());
            let member = BundlePath::from_parts(vec![name]);
            let mut reader = limits::Budgeted::new(open()?, limits.max_total_bytes, used.clone());
            sink.visit(&member, &mut reader)
                .map_err(|e| input_error(path, describe_io(&e)))?;
            WalkStats {
                files: 1,
                bytes: used.load(std::sync::atomic::Ordering::Relaxed),
            }
        }
    };
    Ok(stats)
}

/// Reads a bundle that is already in memory (named `name` in messages): a gzip stream, a tar
/// archive or one file, told apart by magic bytes like `walk`. Used for in-memory bundles and
/// by the fuzz targets.
pub(crate) fn walk_bytes(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    visitor: &mut dyn Visitor,
) -> Result<WalkStats, Error> {
    let used = Arc::new(AtomicU64::new(0));
    let path = Path::new(name);
    if bytes.starts_with(&GZIP_MAGIC) {
        let decoder = flate2::read::MultiGzDecoder::new(bytes);
        let reader = limits::Budgeted::new(decoder, limits.max_total_bytes, used);
        archive::walk_gz(path, reader, limits, visitor)
    } else if archive::is_tar_header(bytes) {
        let reader = limits::Budgeted::new(bytes, limits.max_total_bytes, used);
        archive::walk_tar(path, reader, limits, visitor)
    } else {
        let mut reader = limits::Budgeted::new(bytes, limits.max_total_bytes, used);
        let member = BundlePath::from_parts(vec![name.to_string()]);
        visitor
            .visit(&member, &mut reader)
            .map_err(|e| input_error(path, describe_io(&e)))?;
        Ok(WalkStats {
            files: 1,
            bytes: bytes.len() as u64,
        })
    }
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
