//! Text that reads like a container log although its path did not say so (a `kubectl logs`
//! output saved as `.txt`): its first lines are KubeVirt JSON records or carry the
//! `--timestamps` prefix. The pod is taken from the file name, up to its first dot.

use super::{Content, Format, ReadContext, Reading, TextFile};
use crate::inventory::log::{LogFile, LogPlace, line_fields};
use crate::inventory::scan;

pub(crate) struct LogText;

impl Format for LogText {
    fn name(&self) -> &'static str {
        "container log"
    }

    fn claims(&self, file: &TextFile) -> bool {
        let first: Vec<&str> = file
            .text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .collect();
        !first.is_empty()
            && first.iter().all(|l| {
                let (level, time) = line_fields(l);
                level.is_some() || time.is_some()
            })
    }

    fn read(&self, file: &TextFile, ctx: &ReadContext, _: &mut Vec<String>) -> Reading {
        let place = LogPlace {
            pod: Some(file.name().split('.').next().unwrap_or("").to_string()),
            ..LogPlace::default()
        };
        let mut bytes = file.text.as_bytes();
        // Reading from memory cannot fail.
        match scan::read_log_here(
            LogFile::new(file.id, place),
            &mut bytes,
            ctx.filter,
            ctx.max_line,
        ) {
            Ok(log) => Reading::alone(Content::Log(log)),
            Err(_) => Reading::alone(Content::NotUsed),
        }
    }
}
