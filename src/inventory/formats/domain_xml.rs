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
                warnings.push(e.to_string());
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

/// Why a file that looked like a domain definition is not one.
#[derive(Debug)]
pub(crate) enum DomainXmlError {
    /// Not well-formed XML.
    Invalid(roxmltree::Error),
    /// Well-formed, but another document: the root element's name.
    NotADomain(String),
}

impl std::fmt::Display for DomainXmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DomainXmlError::Invalid(e) => write!(f, "invalid domain XML: {e}"),
            DomainXmlError::NotADomain(root) => write!(f, "root element is <{root}>, not <domain>"),
        }
    }
}

impl std::error::Error for DomainXmlError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DomainXmlError::Invalid(e) => Some(e),
            DomainXmlError::NotADomain(_) => None,
        }
    }
}

pub(crate) fn parse(file: FileId, text: &str) -> Result<DomainXml, DomainXmlError> {
    let doc = roxmltree::Document::parse(text).map_err(DomainXmlError::Invalid)?;
    let root = doc.root_element();
    if root.tag_name().name() != "domain" {
        return Err(DomainXmlError::NotADomain(
            root.tag_name().name().to_string(),
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
        let broken = parse(FileId(0), "<domain><name>x</domain>").unwrap_err();
        assert!(matches!(broken, DomainXmlError::Invalid(_)));
        assert!(broken.to_string().starts_with("invalid domain XML: "));
        let other = parse(FileId(0), "<network><name>x</name></network>").unwrap_err();
        assert_eq!(other.to_string(), "root element is <network>, not <domain>");
    }
}
