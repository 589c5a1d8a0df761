//! The second half of building an inventory: what the workers found is applied in file
//! order (objects read from YAML first, then those read from describe text and tables where
//! no YAML of the same object came), and at the end of the walk the inventory is cut into
//! its collections, given its collection time, its inferred VMs and its links.

use std::sync::Arc;

use super::formats::{self, Content, Object, Parsed};
use super::ingest::{Builder, UNRECOGNISED_SHOWN};
use super::{CollectionTimeSource, FileKind, Inventory, collections, infer, links, scan, yaml};
use crate::diagnostics::{Warning, WarningCode};
use crate::timestamp::Timestamp;

impl Builder<'_> {
    /// The inventories read, one per collection; `name` names the one that is not a
    /// collection directory (the inputs).
    pub(super) fn finish(mut self, name: &str) -> Vec<Inventory> {
        self.merge_scans();
        if self.kept.refused > 0 {
            self.inv.warnings.push(Warning::new(
                WarningCode::Cut,
                "bundle",
                format!(
                    "{} matching log line(s) were counted, not kept: the bundle's budget of {} MiB \
                     for kept lines ran out",
                    self.kept.refused,
                    scan::KEPT_TOTAL >> 20
                ),
            ));
        }
        if !self.unrecognised.is_empty() {
            let total = self.unrecognised.len();
            let shown: Vec<_> = self
                .unrecognised
                .iter()
                .take(UNRECOGNISED_SHOWN)
                .cloned()
                .collect();
            let more = total.saturating_sub(UNRECOGNISED_SHOWN);
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            self.inv.warnings.push(Warning::new(
                WarningCode::Unrecognised,
                "bundle",
                format!(
                    "{total} file(s) not recognised and not used: {}{tail}",
                    shown.join(", ")
                ),
            ));
        }
        // Objects read from text count where no YAML of the same object came.
        for found in std::mem::take(&mut self.described) {
            self.add_object(found);
        }
        let roots = std::mem::take(&mut self.roots);
        let inv = std::mem::take(&mut self.inv);
        let parts: Vec<(usize, Inventory)> = if roots.len() <= 1 {
            // One collection (or none named): everything is read together.
            let merge = |times: &[Option<Timestamp>]| times.iter().copied().max().flatten();
            let (t, n) = (merge(&self.timestamp_files), merge(&self.newest));
            self.timestamp_files = vec![t];
            self.newest = vec![n];
            vec![(0, inv)]
        } else {
            let of_file: Vec<usize> = inv.files.iter().map(|f| f.collection).collect();
            collections::split(inv, &of_file, roots.len() + 1)
        };
        parts
            .into_iter()
            .map(|(c, mut inv)| {
                inv.name = match c {
                    0 if roots.len() == 1 => roots[0].clone(),
                    0 => name.to_string(),
                    _ => roots[c - 1].clone(),
                };
                let (at, source) = match (self.timestamp_files[c], self.newest[c]) {
                    (Some(t), _) => (Some(t), CollectionTimeSource::TimestampFile),
                    (None, Some(t)) => (Some(t), CollectionTimeSource::NewestSeen),
                    (None, None) => (None, CollectionTimeSource::Unknown),
                };
                inv.collected_at = at;
                inv.collected_at_source = Some(source);
                // Journal and klog times carry no year: they take the collection's.
                if let Some(at) = at {
                    for log in &mut inv.logs {
                        log.resolve_years(at);
                    }
                }
                infer::infer(&mut inv);
                inv.links = links::Links::build(&mut inv);
                inv
            })
            .collect()
    }

    /// Puts what a worker found in a file into the inventory. Called in file order, so the
    /// first copy of an object stored twice is the one kept, whatever finished first.
    pub(super) fn apply(&mut self, parsed: Parsed) {
        let id = parsed.id;
        let path = self.inv.files[id.0 as usize].path.clone();
        for w in parsed.warnings {
            self.inv
                .warnings
                .push(Warning::new(WarningCode::ReadProblem, &path, w));
        }
        let read = |format: Option<&'static str>| FileKind::Read(format.unwrap_or("unknown"));
        let kind = match parsed.content {
            Content::CollectionTime(t) => {
                let c = self.inv.files[id.0 as usize].collection;
                self.timestamp_files[c] = self.timestamp_files[c].max(Some(t));
                read(parsed.format)
            }
            Content::Domain(d) => {
                self.inv.domains.push(d);
                read(parsed.format)
            }
            Content::Described(found) => {
                self.described.extend(found);
                read(parsed.format)
            }
            Content::Log(mut log) => {
                // A format may hand a file it claimed to a log dialect (a describe fragment
                // with nothing to parse becomes pasted text): the dialect is what read it.
                let dialect = log.dialect.name();
                // Read apart on a worker, within its own caps; it draws on the bundle's
                // budget like a streamed log.
                scan::charge(&mut log, &mut self.kept);
                self.inv.logs.push(*log);
                FileKind::Read(dialect)
            }
            Content::Objects(objects) => {
                for found in objects {
                    self.add_object(found);
                }
                read(parsed.format)
            }
            Content::NotUsed => FileKind::NotUsed,
            Content::Unrecognised => {
                self.unrecognised.push(path.clone());
                FileKind::Unrecognised
            }
        };
        let file = &mut self.inv.files[id.0 as usize];
        file.kind = kind;
        if let Some(text) = parsed.text {
            file.line_starts = std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1))
                .collect();
            file.text = Some(Arc::from(text));
        }
    }

    /// Adds one object unless a copy of it (same kind, uid or namespace/name) came first.
    fn add_object(&mut self, (mut object, key, times): formats::Found) {
        let file = object.origin().map(|o| o.file);
        if let Some(m) = object.meta_mut() {
            let (len, ns_len) = (m.name.len(), m.namespace.len());
            // Read from text, where the YAML reader's cut did not apply.
            if yaml::cut_short(&mut m.name, yaml::MAX_NAME)
                | yaml::cut_short(&mut m.namespace, yaml::MAX_NAME)
                && let Some(file) = file
            {
                let path = self.inv.files[file.0 as usize].path.clone();
                self.inv.warnings.push(Warning::new(
                    WarningCode::Cut,
                    &path,
                    format!(
                        "a name of {} bytes was cut short (Kubernetes allows {})",
                        len.max(ns_len),
                        yaml::MAX_NAME
                    ),
                ));
            }
        }
        // The same object in two collections (two must-gathers of one cluster) is kept in
        // each: they are analysed apart.
        let collection = file.map_or(0, |f| self.inv.files[f.0 as usize].collection);
        let key = (key.0, format!("{collection}:{}", key.1));
        // Text gives no uid: a described object is the same as one of its kind and name.
        let by_name = object_name(&object).map(|name| (key.0, format!("{collection}:{name}")));
        if self.seen_objects.contains(&key)
            || by_name
                .as_ref()
                .is_some_and(|k| self.seen_objects.contains(k))
        {
            return;
        }
        self.seen_objects.insert(key);
        self.seen_objects.extend(by_name);
        if let Some(file) = file {
            for t in times {
                self.seen(file, Some(t));
            }
        }
        object.push_into(&mut self.inv);
    }
}

/// `namespace/name` of an object, the key text-read objects are known by.
fn object_name(object: &Object) -> Option<String> {
    let m = object.meta()?;
    (!m.name.is_empty()).then(|| format!("{}/{}", m.namespace, m.name))
}
