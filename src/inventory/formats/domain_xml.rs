//! libvirt domain XML as `virsh dumpxml` prints it: the domain's name, UUID and the text itself.

use super::{Claim, Content, Format, Head, ReadContext, Reading, TextFile};
use crate::inventory::objects::FileId;

pub(crate) struct DomainXmlFormat;

impl Format for DomainXmlFormat {
    fn name(&self) -> &'static str {
        "libvirt domain XML"
    }

    fn claims(&self, file: &Head) -> Option<Claim> {
        (sniff(file.text)).then_some(Claim::Whole)
    }

    fn read(&self, file: &TextFile, _: &ReadContext, warnings: &mut Vec<String>) -> Reading {
        match parse(file.id, file.text) {
            Ok(d) => Reading::quoted(Content::Domain(d)),
            Err(e) => {
                warnings.push(e);
                Reading::alone(Content::Unrecognised)
            }
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct DomainXml {
    pub(crate) file: FileId,
    /// KubeVirt names domains `<namespace>_<vm name>`.
    pub(crate) name: String,
}

impl DomainXml {
    /// The VM this domain belongs to, from KubeVirt's `<namespace>_<name>` naming.
    pub(crate) fn vm_key(&self) -> Option<(&str, &str)> {
        self.name.split_once('_')
    }
}

/// A text that is a libvirt domain definition, optionally after an XML declaration.
pub(crate) fn sniff(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let t = match t.strip_prefix("<?xml") {
        Some(rest) => rest
            .split_once("?>")
            .map(|(_, r)| r.trim_start())
            .unwrap_or(""),
        None => t,
    };
    t.starts_with("<domain ") || t.starts_with("<domain>")
}

pub(crate) fn parse(file: FileId, text: &str) -> Result<DomainXml, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("invalid domain XML: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "domain" {
        return Err(format!(
            "root element is <{}>, not <domain>",
            root.tag_name().name()
        ));
    }
    let child = |name: &str| {
        root.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or("")
            .trim()
            .to_string()
    };
    Ok(DomainXml {
        file,
        name: child("name"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_name() {
        let text = "<domain type='kvm' id='1'>\n  <name>vms_rhel9</name>\n  <uuid>5f1c</uuid>\n</domain>\n";
        assert!(sniff(text));
        let d = parse(FileId(0), text).unwrap();
        assert_eq!(d.vm_key(), Some(("vms", "rhel9")));
    }

    #[test]
    fn refuses_broken_xml() {
        assert!(parse(FileId(0), "<domain><name>x</domain>").is_err());
    }
}
