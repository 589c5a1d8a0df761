//! `volume_attachment`: a VolumeAttachment of one of the VM's PVCs: attached or not, and its
//! attach or detach error.

use serde::Deserialize;

use super::SignalKind;
use crate::evidence::Evidence;
use crate::rules::context::VmContext;
use crate::rules::pattern::Pattern;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VolumeAttachmentSignal {
    pub(crate) attached: Option<bool>,
    /// `status.attachError.message` (or detachError) matches.
    pub(crate) error: Option<Pattern>,
    pub(crate) source: String,
}

impl SignalKind for VolumeAttachmentSignal {
    fn source(&self) -> &str {
        &self.source
    }

    /// An attach error in a paste; not when the signal also asks whether it is attached.
    fn text_patterns(&self) -> Vec<&str> {
        if self.attached.is_some() {
            return Vec::new();
        }
        super::text_patterns(self.error.as_ref(), None)
    }

    fn evaluate(&self, ctx: &VmContext) -> Vec<Evidence> {
        let mut out = if self.text_patterns().is_empty() {
            Vec::new()
        } else {
            super::in_text(ctx, self.error.as_ref(), None, None, "attach error")
        };
        out.extend(ctx.links
            .volume_attachments
            .iter()
            .map(|&i| &ctx.inv.volume_attachments[i])
            .filter(|va| self.attached.is_none_or(|a| a == va.status.attached))
            .filter_map(|va| {
                let err = va
                    .status
                    .attach_error
                    .as_ref()
                    .or(va.status.detach_error.as_ref());
                if let Some(p) = &self.error {
                    let e = err?;
                    if !p.is_match(&e.message) {
                        return None;
                    }
                }
                let what = format!(
                    "VolumeAttachment {} on node {}",
                    va.metadata.name, va.spec.node_name
                );
                let key = if self.error.is_some() {
                    "message"
                } else {
                    "attached"
                };
                let quote = match err {
                    Some(e) if self.error.is_some() => e.message.clone(),
                    _ => format!("attached: {}", va.status.attached),
                };
                Some(
                    ctx.cite(va.origin, key, None, what)
                        .quoting(&quote, self.error.as_ref().map(|p| &p.0))
                        .at(err.and_then(|e| e.time)),
                )
            }));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::eval;

    const VA: &str = r#"apiVersion: storage.k8s.io/v1
kind: VolumeAttachment
metadata: {name: csi-0a1b, uid: va1}
spec:
  attacher: rbd.csi.ceph.com
  nodeName: node01
  source: {persistentVolumeName: pvc-0e1b6a54-0000-4000-8000-000000000004}
status:
  attached: false
  attachError:
    message: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded'
    time: "2024-05-01T09:45:00Z"
"#;

    #[test]
    fn attachment_of_the_vms_pv_with_its_error() {
        let files = [("mg/cluster-scoped-resources/storage.k8s.io/volumeattachments/csi-0a1b.yaml", VA)];
        let got = eval(
            "volume_attachment: {attached: false, error: DeadlineExceeded, source: t}",
            &files,
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].what, "VolumeAttachment csi-0a1b on node node01");
        assert!(got[0].excerpt.starts_with("rpc error"), "{}", got[0].excerpt);
        assert!(eval("volume_attachment: {attached: true, source: t}", &files).is_empty());
        assert!(eval("volume_attachment: {attached: false, source: t}", &[]).is_empty());
    }
}
