//! Where rule files come from: those built into the binary, and a `--rules` directory with
//! its rule files and its own causes (`causes.yaml`).

use std::path::Path;

use crate::error::{Error, ErrorKind};

/// Rule files built into the binary: (file name, text). Names starting with `_` are shared
/// data (the test base), not rules.
pub(crate) const EMBEDDED: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// A rule file's name and text, wherever it came from.
#[derive(Debug, Clone)]
pub(crate) struct RuleText {
    /// Shown in errors: `rules/x.yaml` or the path given with `--rules`.
    pub(crate) origin: String,
    pub(crate) name: String,
    pub(crate) text: String,
}

/// The embedded rule files, then those of `extra` (a file of the same name replaces the
/// embedded one).
pub(crate) fn texts(extra: Option<&Path>) -> Result<Vec<RuleText>, Error> {
    let mut out: Vec<RuleText> = EMBEDDED
        .iter()
        .map(|(name, text)| RuleText {
            origin: format!("rules/{name}"),
            name: name.to_string(),
            text: text.to_string(),
        })
        .collect();
    if let Some(dir) = extra {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            Error::new(ErrorKind::Rules, "cannot read the rules directory")
                .at(dir)
                .because(e)
        })?;
        let mut names: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .filter(|p| !is_causes_file(p))
            .collect();
        names.sort();
        for path in names {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Error::new(ErrorKind::Rules, "cannot read")
                    .at(&path)
                    .because(e)
            })?;
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            // `x.yml` replaces the built-in `x.yaml` as `x.yaml` would.
            let stem = name
                .trim_end_matches(".yml")
                .trim_end_matches(".yaml")
                .to_string();
            out.retain(|r| r.name.trim_end_matches(".yaml") != stem);
            out.push(RuleText {
                origin: path.display().to_string(),
                name,
                text,
            });
        }
    }
    Ok(out)
}

fn is_causes_file(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == "causes.yaml" || n == "causes.yml")
}

/// A rules directory's own causes (`causes.yaml`):
///
/// ```yaml
/// causes:
///   - id: storage_array_firmware
///     title: Storage array firmware defect
///     category: image_storage     # node, qemu_kvm, image_storage, launcher, libvirt, kubevirt
///     node_level: false           # optional
/// ```
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CausesFile {
    causes: Vec<CauseText>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CauseText {
    id: String,
    title: String,
    category: crate::cause::Category,
    #[serde(default)]
    node_level: bool,
}

pub(crate) fn custom_causes(dir: &Path) -> Result<Vec<crate::cause::Cause>, Error> {
    let Some(path) = ["causes.yaml", "causes.yml"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
    else {
        return Ok(Vec::new());
    };
    let bad = |why: String| Error::new(ErrorKind::Rules, why).at(&path);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::new(ErrorKind::Rules, "cannot read")
            .at(&path)
            .because(e)
    })?;
    let file: CausesFile = serde_yaml::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let mut out = Vec::new();
    for c in file.causes {
        let valid = !c.id.is_empty()
            && c.id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            return Err(bad(format!(
                "cause id `{}`: lower-case letters, digits and `_` only",
                c.id
            )));
        }
        if crate::cause::Cause::from_id(&c.id).is_some()
            || out.iter().any(|o: &crate::cause::Cause| o.id() == c.id)
        {
            return Err(bad(format!("cause id `{}` is declared already", c.id)));
        }
        // Kept for the whole run: a few small records, shared by every report made from it.
        let custom: &'static crate::cause::CustomCause =
            Box::leak(Box::new(crate::cause::CustomCause {
                id: Box::leak(c.id.into_boxed_str()),
                title: Box::leak(c.title.into_boxed_str()),
                category: c.category,
                node_level: c.node_level,
            }));
        out.push(crate::cause::Cause::Custom(custom));
    }
    Ok(out)
}
