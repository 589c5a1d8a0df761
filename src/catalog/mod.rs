//! The message catalog: the messages upstream components format (KubeVirt, CDI, ...),
//! extracted from their sources at several releases by `scripts/catalog/` and classified
//! once each (`catalog/*.yaml`, embedded at build time). It answers one question for the
//! layers above: which causes does a text show (`Catalog::causes_in`). Rules reach it
//! through the `catalog` signal kind; nothing else reads the data files.

#[cfg(test)]
mod coverage;
mod entry;
mod matcher;

use std::sync::OnceLock;

#[cfg(test)]
use entry::MessageKind;
use entry::RawEntry;
pub(crate) use entry::{Class, ClassError, Entry};
use matcher::Matcher;

use crate::cause::Cause;

/// The data files, by name: `catalog/<source>.yaml`, embedded by `build.rs` as JSON
/// (`{"header": ..., "entries": [...]}`).
const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_catalog.rs"));

/// The header line of a data file that names its upstream repository, as the generator
/// writes it: `# Repository: https://github.com/<owner>/<name>`.
const REPOSITORY_LINE: &str = "# Repository: https://github.com/";

/// The header line of a data file read from a vendored or distribution copy: the project
/// whose code it is (`# Upstream: https://github.com/libvirt/libvirt (<ref> = <version>, ...)`).
const UPSTREAM_LINE: &str = "# Upstream: https://github.com/";

/// The upstream version of each ref of a file read from a copy (`# Upstream: ... (<ref> =
/// <version>, ...)`), so that a message is cited by the releases that carry it.
fn upstream_versions(text: &'static str) -> Vec<(&'static str, &'static str)> {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix(UPSTREAM_LINE))
        .and_then(|l| {
            l.split_once('(')
                .map(|(_, pairs)| pairs.trim_end_matches(')'))
        })
        .map(|pairs| {
            pairs
                .split(", ")
                .filter_map(|p| p.split_once(" = "))
                .map(|(r, v)| (r.trim(), v.trim()))
                .collect()
        })
        .unwrap_or_default()
}

/// The repository a data file's messages are cited as written by: the upstream project when
/// the file was read from a copy of it, else the repository it was read from.
fn repository_of(text: &'static str) -> Option<&'static str> {
    let header = || text.lines().take_while(|l| l.starts_with('#'));
    let named = |prefix: &str| {
        header()
            .find_map(|l| l.strip_prefix(prefix))
            .and_then(|r| r.split_whitespace().next())
            .filter(|r| r.contains('/'))
    };
    // The file must say where it was read from, whatever project it cites.
    named(REPOSITORY_LINE)?;
    named(UPSTREAM_LINE).or_else(|| named(REPOSITORY_LINE))
}

/// Every entry, classified, and the automaton over the cause entries (every cause matcher
/// compiles: `every_cause_matcher_compiles`).
#[derive(Debug)]
pub(crate) struct Catalog {
    entries: Vec<Entry>,
    matcher: Matcher,
}

/// Why the catalog could not be read: a file, and what is wrong in it.
#[derive(Debug, Clone)]
pub(crate) struct CatalogError {
    pub(crate) file: String,
    pub(crate) kind: CatalogErrorKind,
}

#[derive(Debug, Clone)]
pub(crate) enum CatalogErrorKind {
    /// Not a YAML list of entries.
    Parse(String),
    /// A data file whose header names no upstream repository.
    UnknownSource,
    /// An entry's class (`id`, what is wrong).
    Class(String, ClassError),
    /// An entry's matcher (`id`, the regex error).
    Matcher(String, String),
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let file = &self.file;
        match &self.kind {
            CatalogErrorKind::Parse(why) => write!(f, "catalog/{file}: {why}"),
            CatalogErrorKind::UnknownSource => {
                write!(
                    f,
                    "catalog/{file}: its header has no `{REPOSITORY_LINE}...` line"
                )
            }
            CatalogErrorKind::Class(id, why) => write!(f, "catalog/{file}: {id}: class: {why:?}"),
            CatalogErrorKind::Matcher(id, why) => write!(f, "catalog/{file}: {id}: matcher: {why}"),
        }
    }
}

impl std::error::Error for CatalogError {}

/// The catalog built into the binary, read once.
pub(crate) fn embedded() -> Result<&'static Catalog, &'static CatalogError> {
    static CATALOG: OnceLock<Result<Catalog, CatalogError>> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::load_embedded(FILES))
        .as_ref()
}

/// A data file as `build.rs` embeds it.
#[derive(serde::Deserialize)]
struct Embedded {
    header: String,
    #[serde(default)]
    entries: Vec<RawEntry>,
    /// Why the YAML did not parse at build time.
    error: Option<String>,
}

impl Catalog {
    /// Reads `files` (name, YAML text as in catalog/): every entry must be classified and
    /// every cause entry must have literal text to be found by.
    #[cfg(test)]
    pub(crate) fn load(files: &[(&'static str, &'static str)]) -> Result<Catalog, CatalogError> {
        let mut parsed = Vec::new();
        for &(name, text) in files {
            let raw: Vec<RawEntry> = serde_yaml::from_str(text).map_err(|e| CatalogError {
                file: name.to_string(),
                kind: CatalogErrorKind::Parse(e.to_string()),
            })?;
            parsed.push((name, text, raw));
        }
        Catalog::from_parsed(parsed)
    }

    /// Reads the files `build.rs` embedded (name, JSON text).
    fn load_embedded(files: &[(&'static str, &'static str)]) -> Result<Catalog, CatalogError> {
        let mut parsed = Vec::new();
        for &(name, text) in files {
            let parse = |why: String| CatalogError {
                file: name.to_string(),
                kind: CatalogErrorKind::Parse(why),
            };
            let file: Embedded = serde_json::from_str(text).map_err(|e| parse(e.to_string()))?;
            if let Some(why) = file.error {
                return Err(parse(why));
            }
            // Read once per run; the header names the file's repository for every entry.
            let header: &'static str = Box::leak(file.header.into_boxed_str());
            parsed.push((name, header, file.entries));
        }
        Catalog::from_parsed(parsed)
    }

    /// Each file's name, its text (of which the header is read) and its entries.
    fn from_parsed(
        files: Vec<(&'static str, &'static str, Vec<RawEntry>)>,
    ) -> Result<Catalog, CatalogError> {
        let mut entries = Vec::new();
        for (name, text, raw) in files {
            let err = |kind| CatalogError {
                file: name.to_string(),
                kind,
            };
            let repo = repository_of(text).ok_or_else(|| err(CatalogErrorKind::UnknownSource))?;
            let versions = upstream_versions(text);
            for r in raw {
                let class = Class::parse(&r.class, r.of.as_deref())
                    .map_err(|e| err(CatalogErrorKind::Class(r.id.clone(), e)))?;
                entries.push(Entry {
                    id: r.id,
                    kind: r.kind,
                    class,
                    format: r.format,
                    file: name,
                    repo,
                    at: r.at,
                    refs: r
                        .refs
                        .into_iter()
                        .map(|r| match versions.iter().find(|(of, _)| *of == r) {
                            Some((_, v)) => (*v).to_string(),
                            None => r,
                        })
                        .collect(),
                    matcher: r.matcher,
                });
            }
        }
        let matcher = Matcher::build(&entries).map_err(|e| CatalogError {
            file: entries
                .iter()
                .find(|x| x.id == e.id)
                .map_or_else(String::new, |x| format!("{} ({})", x.repo, x.at)),
            kind: CatalogErrorKind::Matcher(e.id, e.message),
        })?;
        Ok(Catalog { entries, matcher })
    }

    #[cfg(test)]
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The cause entries `text` matches, in catalog order.
    #[cfg(test)]
    pub(crate) fn matching(&self, text: &str) -> impl Iterator<Item = &Entry> {
        self.matcher
            .matches(text)
            .into_iter()
            .map(|i| &self.entries[i])
    }

    /// The indexes of the cause entries `text` matches (for `entry`): what a caller that
    /// asks of one text for several causes keeps, so the text is searched once.
    pub(crate) fn matching_ids(&self, text: &str) -> Vec<usize> {
        self.matcher.matches(text)
    }

    pub(crate) fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    /// Whether `text` holds a message of `cause`.
    #[cfg(test)]
    pub(crate) fn shows(&self, text: &str, cause: Cause) -> Option<&Entry> {
        self.matching(text).find(|e| e.class == Class::Cause(cause))
    }

    /// Pushes the ranges of the lines of `block` that hold a message of one of `causes`.
    pub(crate) fn lines_of(
        &self,
        block: &[u8],
        causes: &[Cause],
        keep: &mut Vec<std::ops::Range<usize>>,
    ) {
        let wanted =
            |i: usize| matches!(self.entries[i].class, Class::Cause(c) if causes.contains(&c));
        self.matcher.lines(block, &wanted, keep);
    }

    /// Whether some entry shows `cause`.
    pub(crate) fn classifies(&self, cause: Cause) -> bool {
        self.entries.iter().any(|e| e.class == Class::Cause(cause))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_catalog_loads_with_every_entry_classified() {
        let catalog = embedded().unwrap_or_else(|e| panic!("{e}"));
        assert!(catalog.entries().len() > 1000);
    }

    #[test]
    fn a_message_shows_the_cause_of_its_entry() {
        let catalog = embedded().unwrap();
        let entry = catalog
            .entries()
            .iter()
            .find(|e| matches!(e.class, Class::Cause(_)) && e.matcher.is_some())
            .unwrap();
        let Class::Cause(cause) = entry.class else {
            unreachable!()
        };
        let text = entry
            .format
            .replace("%v", "x")
            .replace("%s", "y")
            .replace("%d", "1");
        assert!(
            catalog
                .shows(&format!("prefix {text} suffix"), cause)
                .is_some(),
            "{text}"
        );
        assert!(catalog.classifies(cause));
    }

    #[test]
    fn every_cause_matcher_compiles() {
        let catalog = embedded().unwrap();
        catalog
            .matcher
            .check(&catalog.entries)
            .unwrap_or_else(|e| panic!("{}: {}", e.id, e.message));
    }

    #[test]
    fn the_inner_error_counts_over_the_envelope_that_carries_it() {
        let catalog = embedded().unwrap();
        // libvirt src/util/virprocess.c inside src/qemu's "Process exited prior to exec: %s",
        // as kubevirt/kubevirt issue 10379 pasted it.
        let text = "internal error: Process exited prior to exec: libvirt:  error : cannot limit locked memory of process 84 to 9074376704: Operation not permitted";
        let causes: Vec<Class> = catalog.matching(text).map(|e| e.class).collect();
        assert_eq!(causes, vec![Class::Cause(Cause::LauncherResourceLimits)]);
        // Alone, the envelope still shows its own cause.
        let alone = "internal error: Process exited prior to exec: ";
        assert!(catalog.shows(alone, Cause::QemuProcessFailure).is_some());
    }

    /// The embedded catalog holds only what a run matches; every entry of every data file,
    /// wrappers and consequences included, is read and checked here.
    #[test]
    fn every_entry_of_every_data_file_is_classified() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
        let mut files: Vec<(&'static str, &'static str)> = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((
                    Box::leak(name.into_boxed_str()),
                    Box::leak(text.into_boxed_str()),
                ));
            }
        }
        assert!(files.len() >= 20, "{}", files.len());
        let all = Catalog::load(&files).unwrap_or_else(|e| panic!("{e}"));
        assert!(all.entries().len() > embedded().unwrap().entries().len());
        assert!(all.entries().iter().any(|e| e.class == Class::Wrapper));
    }

    #[test]
    fn an_unclassified_entry_is_refused() {
        let text = "# Repository: https://github.com/o/n\n- {id: x-1, kind: log, class: unclassified, format: 'a long enough message', matcher: 'a long enough message', at: 'f.go:1'}";
        let err = Catalog::load(&[("kubevirt.yaml", text)]).unwrap_err();
        assert!(matches!(
            err.kind,
            CatalogErrorKind::Class(_, ClassError::Unclassified)
        ));
    }

    #[test]
    fn a_data_file_names_its_repository_in_its_header() {
        let catalog = embedded().unwrap();
        assert!(
            catalog
                .entries()
                .iter()
                .any(|e| e.repo == "kubevirt/kubevirt")
        );
        let err = Catalog::load(&[("x.yaml", "- {id: x-1, kind: log, class: benign, format: 'a long enough message', matcher: null, at: 'f.go:1'}")]).unwrap_err();
        assert!(matches!(err.kind, CatalogErrorKind::UnknownSource));
    }
}
