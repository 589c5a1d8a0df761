//! How often a message must show for a signal to hold: `min_count` times in all, or within
//! any stretch of `within` (`10m`, `90s`, `1h`). Shared by the `event` and `log` signals.

use serde::{Deserialize, Deserializer};

use crate::evidence::Evidence;

#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub(crate) struct Repeat {
    /// At least this many occurrences: an event's count adds up, a log line is one.
    pub(crate) min_count: Option<u32>,
    /// ... all within a stretch this long, by their times.
    #[serde(default, deserialize_with = "seconds")]
    pub(crate) within: Option<i64>,
}

fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let text = String::deserialize(d)?;
    let (number, unit) = text.split_at(text.trim_end_matches(char::is_alphabetic).len());
    let n: i64 = number
        .parse()
        .map_err(|_| serde::de::Error::custom(format!("`within: {text}`: expected like 10m")))?;
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        _ => {
            return Err(serde::de::Error::custom(format!(
                "`within: {text}`: unit s, m or h"
            )));
        }
    };
    Ok(Some(n * scale))
}

impl Repeat {
    /// `found` (each with how many times it happened) when it happened often enough, else
    /// nothing.
    pub(crate) fn keep(&self, found: Vec<(Evidence, u32)>) -> Vec<Evidence> {
        let Some(min) = self.min_count else {
            return found.into_iter().map(|(e, _)| e).collect();
        };
        let enough = match self.within {
            None => found.iter().map(|(_, n)| u64::from(*n)).sum::<u64>() >= u64::from(min),
            Some(window) => {
                let mut timed: Vec<(i64, u32)> = found
                    .iter()
                    .filter_map(|(e, n)| e.time.map(|t| (t.0, *n)))
                    .collect();
                timed.sort_unstable();
                // The most occurrences in any window of that length (two pointers).
                let (mut best, mut sum, mut lo) = (0u64, 0u64, 0usize);
                for hi in 0..timed.len() {
                    sum += u64::from(timed[hi].1);
                    while timed[hi].0 - timed[lo].0 > window {
                        sum -= u64::from(timed[lo].1);
                        lo += 1;
                    }
                    best = best.max(sum);
                }
                best >= u64::from(min)
            }
        };
        if enough {
            found.into_iter().map(|(e, _)| e).collect()
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base_path, eval};

    fn log(times: &[&str]) -> String {
        times
            .iter()
            .map(|t| format!("2024-05-01T{t}.000000000Z {{\"component\":\"virt-handler\",\"level\":\"error\",\"msg\":\"Synchronizing the VirtualMachineInstance failed.\",\"name\":\"testvm\",\"timestamp\":\"2024-05-01T{t}.000000Z\"}}\n"))
            .collect()
    }

    #[test]
    fn counts_in_all_and_within_a_window() {
        let path = base_path("virt-handler/logs/current.log");
        let spread = log(&["09:31:00", "09:40:00", "09:50:00"]);
        let signal = |extra: &str| {
            format!(
                "log: {{component: virt-handler, pattern: 'Synchronizing the VirtualMachineInstance failed', {extra} source: t}}"
            )
        };
        assert_eq!(eval(&signal("min_count: 3,"), &[(&path, &spread)]).len(), 3);
        assert!(eval(&signal("min_count: 4,"), &[(&path, &spread)]).is_empty());
        assert!(eval(&signal("min_count: 3, within: 10m,"), &[(&path, &spread)]).is_empty());
        let burst = log(&["09:31:00", "09:33:00", "09:35:00"]);
        assert_eq!(
            eval(&signal("min_count: 3, within: 10m,"), &[(&path, &burst)]).len(),
            3
        );
    }
}
