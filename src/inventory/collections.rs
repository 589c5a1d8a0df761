//! Several collections in one input: a case directory or archive that holds two
//! must-gathers (taken at different times, or from two clusters), or a must-gather and a
//! sosreport. Each is a collection of its own, with its own collection time, nodes and VMs;
//! merging them would mix their clocks and their node names. A collection is known by its top
//! directory (`must-gather.local.<n>`, `inspect.local.<n>`, `sosreport-<host>-...`); files
//! outside any go with the only collection when there is one, and form one of their own
//! otherwise.

use super::{FileKind, Inventory};
use crate::source::BundlePath;

/// The top directory of the collection a file belongs to, if its path names one.
pub(crate) fn root_of(path: &BundlePath) -> Option<String> {
    let parts = path.parts();
    let at = parts.iter().position(|p| {
        p.starts_with("must-gather.local.")
            || p.starts_with("inspect.local.")
            || p.starts_with("sosreport-")
    })?;
    Some(parts[..=at].join("/"))
}

/// Splits an inventory into one per collection; `of_file[i]` is the collection of file `i`
/// (0 for files outside any). Every part keeps the whole file table, so file ids and
/// citations stay as they were.
pub(crate) fn split(
    mut inv: Inventory,
    of_file: &[usize],
    count: usize,
) -> Vec<(usize, Inventory)> {
    let mut parts: Vec<Inventory> = (0..count)
        .map(|_| Inventory {
            files: inv.files.clone(),
            kubevirt_namespaces: inv.kubevirt_namespaces.clone(),
            ..Inventory::default()
        })
        .collect();
    let of = |file: super::FileId| of_file.get(file.0 as usize).copied().unwrap_or(0);
    macro_rules! share {
        ($($field:ident),*) => {$(
            for item in std::mem::take(&mut inv.$field) {
                let part = of(item.origin.file);
                parts[part].$field.push(item);
            }
        )*};
    }
    share!(
        vms,
        vmis,
        pods,
        nodes,
        events,
        pvcs,
        data_volumes,
        volume_attachments,
        migrations
    );
    for log in std::mem::take(&mut inv.logs) {
        parts[of(log.file)].logs.push(log);
    }
    for domain in std::mem::take(&mut inv.domains) {
        parts[of(domain.file)].domains.push(domain);
    }
    // A warning goes with the collection its path is in; one about the input itself goes
    // with every collection.
    let roots: Vec<Option<String>> = (0..count)
        .map(|c| {
            inv.files
                .iter()
                .enumerate()
                .find(|(i, _)| of_file.get(*i) == Some(&c))
                .and_then(|(_, f)| BundlePath::parse(&f.path).ok())
                .and_then(|p| root_of(&p))
        })
        .collect();
    for w in std::mem::take(&mut inv.warnings) {
        let home = roots
            .iter()
            .position(|r| r.as_deref().is_some_and(|r| w.path.starts_with(r)));
        match home {
            Some(c) => parts[c].warnings.push(w),
            None => parts.iter_mut().for_each(|p| p.warnings.push(w.clone())),
        }
    }
    // Drop collections that hold nothing read (files outside any that were only notes).
    parts
        .into_iter()
        .enumerate()
        .filter(|(c, _)| {
            of_file
                .iter()
                .zip(&inv.files)
                .any(|(o, f)| o == c && matches!(f.kind, FileKind::Read(_)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_are_the_collection_directories() {
        let p = |s: &str| BundlePath::parse(s).unwrap();
        assert_eq!(
            root_of(&p("case/must-gather.local.1/img/namespaces/x.yaml")).as_deref(),
            Some("case/must-gather.local.1")
        );
        assert_eq!(
            root_of(&p("sosreport-w1-2024-05-01-abc/var/log/messages")).as_deref(),
            Some("sosreport-w1-2024-05-01-abc")
        );
        assert_eq!(root_of(&p("describe-pod.txt")), None);
    }
}
