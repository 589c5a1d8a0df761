//! Points in time as Kubernetes, KubeVirt and must-gather write them, parsed without a date crate.

use std::fmt;

/// Seconds since the Unix epoch, UTC. Sub-second parts are dropped: the alert works in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Parses the forms seen in bundles:
    /// - RFC 3339 as in `metadata.creationTimestamp` and KubeVirt JSON logs:
    ///   `2024-05-01T10:00:00Z`, `2024-05-01T10:00:00.123456Z`, `2024-05-01T12:00:00+02:00`
    /// - Go's `time.Time.String()` as in must-gather's `timestamp` file:
    ///   `2024-05-01 10:00:00.123456789 +0000 UTC m=+0.045`
    pub(crate) fn parse(text: &str) -> Option<Timestamp> {
        let s = text.trim().as_bytes();
        if s.len() < 19 {
            return None;
        }
        let num = |range: std::ops::Range<usize>| -> Option<i64> {
            let part = s.get(range)?;
            if part.iter().all(u8::is_ascii_digit) {
                std::str::from_utf8(part).ok()?.parse().ok()
            } else {
                None
            }
        };
        if s[4] != b'-' || s[7] != b'-' || !(s[10] == b'T' || s[10] == b' ') {
            return None;
        }
        if s[13] != b':' || s[16] != b':' {
            return None;
        }
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
            return None;
        }
        if second > 60 {
            return None;
        }
        let mut rest = &s[19..];
        if rest.first() == Some(&b'.') {
            let digits = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
            rest = &rest[1 + digits..];
        }
        // Go's String() form puts a space before the offset.
        if rest.first() == Some(&b' ') {
            rest = &rest[1..];
        }
        let offset = match rest.first() {
            None => 0,
            Some(b'Z') | Some(b'z') => 0,
            Some(sign @ (b'+' | b'-')) => {
                let digits: Vec<u8> = rest[1..]
                    .iter()
                    .copied()
                    .filter(|b| *b != b':')
                    .take(4)
                    .collect();
                if digits.len() != 4 || !digits.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                let v = |i: usize| i64::from(digits[i] - b'0');
                let minutes = (v(0) * 10 + v(1)) * 60 + v(2) * 10 + v(3);
                if *sign == b'+' {
                    minutes * 60
                } else {
                    -minutes * 60
                }
            }
            Some(_) => return None,
        };
        let days = days_from_civil(year, month, day);
        Some(Timestamp(
            days * 86_400 + hour * 3_600 + minute * 60 + second - offset,
        ))
    }

    /// Parses RFC 1123 with a numeric zone, as `kubectl describe` prints times:
    /// `Wed, 01 May 2024 10:00:00 +0000`.
    pub(crate) fn parse_rfc1123(text: &str) -> Option<Timestamp> {
        let rest = text.trim();
        let rest = rest.split_once(", ").map(|(_, r)| r).unwrap_or(rest);
        let mut fields = rest.split_whitespace();
        let day: i64 = fields.next()?.parse().ok()?;
        let month_name = fields.next()?;
        let month = MONTHS.iter().position(|m| *m == month_name)? as i64 + 1;
        let year: i64 = fields.next()?.parse().ok()?;
        let clock = fields.next()?;
        let zone = fields.next().unwrap_or("+0000");
        let zone = if zone == "UTC" || zone == "GMT" {
            "Z"
        } else {
            zone
        };
        Timestamp::parse(&format!("{year:04}-{month:02}-{day:02}T{clock}{zone}"))
    }

    /// Seconds from `earlier` to `self`; negative when `earlier` is later.
    pub(crate) fn seconds_since(self, earlier: Timestamp) -> i64 {
        self.0 - earlier.0
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3_600,
            secs % 3_600 / 60,
            secs % 60
        )
    }
}

impl Timestamp {
    /// A UTC calendar time.
    pub(crate) fn from_civil(year: i64, month: i64, day: i64, secs_of_day: i64) -> Timestamp {
        Timestamp(days_from_civil(year, month, day) * 86_400 + secs_of_day)
    }

    fn year(self) -> i64 {
        civil_from_days(self.0.div_euclid(86_400)).0
    }
}

/// A time written without its year, as journalctl's and syslog's `May  1 10:00:00` and
/// klog's `0501 10:00:00.123` are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Yearless {
    month: i64,
    day: i64,
    secs_of_day: i64,
}

impl Yearless {
    pub(crate) fn new(month: i64, day: i64, hour: i64, minute: i64, second: i64) -> Option<Self> {
        ((1..=12).contains(&month)
            && (1..=31).contains(&day)
            && (0..24).contains(&hour)
            && (0..60).contains(&minute)
            && (0..=60).contains(&second))
        .then_some(Yearless {
            month,
            day,
            secs_of_day: hour * 3_600 + minute * 60 + second,
        })
    }

    /// `Mmm dd HH:MM:SS` (the day may be padded with a space), and what follows it. The
    /// month is as the writer's locale abbreviates it: `May`, `okt.`, `Mär`, `10月`.
    pub(crate) fn parse_syslog(text: &str) -> Option<(Yearless, &str)> {
        let (month, rest) = locale_month(text)?;
        let rest = rest.trim_start_matches(' ');
        let (day, rest) = rest.split_once(' ')?;
        let day: i64 = day.parse().ok()?;
        let clock = rest.get(..8)?;
        let b = clock.as_bytes();
        if b[2] != b':' || b[5] != b':' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| clock.get(r)?.parse::<i64>().ok();
        let t = Yearless::new(month, day, num(0..2)?, num(3..5)?, num(6..8)?)?;
        let mut rest = &rest[8..];
        if let Some(frac) = rest.strip_prefix('.') {
            rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        Some((t, rest))
    }

    /// The latest such time that is not more than a day after `reference` (a log is written
    /// before it is collected; the day allows for time zones).
    pub(crate) fn resolve(self, reference: Timestamp) -> Timestamp {
        let year = reference.year();
        let this = Timestamp::from_civil(year, self.month, self.day, self.secs_of_day);
        if this.0 > reference.0 + 86_400 {
            Timestamp::from_civil(year - 1, self.month, self.day, self.secs_of_day)
        } else {
            this
        }
    }
}

/// `Jan` -> 1 ... `Dec` -> 12.
pub(crate) fn month_number(name: &str) -> Option<i64> {
    MONTHS.iter().position(|m| *m == name).map(|i| i as i64 + 1)
}

/// A month as the C library's `%b` writes it in common locales, and the text after it.
/// journalctl and syslog print the month in the locale of whoever ran them, and pastes from
/// non-English systems are common.
fn locale_month(text: &str) -> Option<(i64, &str)> {
    if let Some(m) = text.get(..3).and_then(month_number) {
        return Some((m, &text[3..]));
    }
    // Chinese and Japanese `10月`, Korean `10월`.
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=2).contains(&digits) {
        let rest = &text[digits..];
        if let Some(rest) = rest.strip_prefix('月').or_else(|| rest.strip_prefix('월')) {
            let m: i64 = text[..digits].parse().ok()?;
            return (1..=12).contains(&m).then_some((m, rest));
        }
        return None;
    }
    // A word of letters, perhaps with a closing dot (`okt.`, `janv.`), known by its first
    // three letters (four where French needs them).
    let end = text
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(text.len(), |(i, _)| i);
    let word = text[..end].to_lowercase();
    let rest = &text[end..];
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    if !(3..=6).contains(&word.chars().count()) {
        return None;
    }
    let three: String = word.chars().take(3).collect();
    let four: String = word.chars().take(4).collect();
    let m = match four.as_str() {
        "juin" => 6,
        "juil" => 7,
        _ => LOCALE_MONTHS
            .iter()
            .find(|(_, names)| names.contains(&three.as_str()))
            .map(|(m, _)| *m)?,
    };
    Some((m, rest))
}

/// Abbreviations (first three letters, lower case) of glibc's `%b` in German, French,
/// Spanish, Italian, Portuguese, Dutch, the Scandinavian languages, Polish and Russian.
const LOCALE_MONTHS: [(i64, &[&str]); 12] = [
    (1, &["jan", "ene", "gen", "sty", "янв"]),
    (2, &["feb", "fév", "fev", "lut", "фев"]),
    (3, &["mar", "mär", "mrt", "мар"]),
    (4, &["apr", "avr", "abr", "kwi", "апр"]),
    (5, &["may", "mai", "mag", "mei", "maj", "мая", "май"]),
    (6, &["jun", "giu", "cze", "июн"]),
    (7, &["jul", "lug", "lip", "июл"]),
    (8, &["aug", "aoû", "ago", "sie", "авг"]),
    (9, &["sep", "set", "wrz", "сен"]),
    (10, &["oct", "okt", "ott", "out", "paź", "окт"]),
    (11, &["nov", "lis", "ноя"]),
    (12, &["dec", "déc", "dez", "dic", "des", "gru", "дек"]),
];

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A span of time as people read it in a report: `3d 4h`, `2h 5m`, `7m 12s`.
pub(crate) fn human_duration(seconds: i64) -> String {
    let s = seconds.max(0);
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60, s % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{sec}s"),
        (0, 0, _) => format!("{m}m {sec}s"),
        (0, _, _) => format!("{h}h {m}m"),
        _ => format!("{d}d {h}h"),
    }
}

// Howard Hinnant's civil-calendar algorithms (public domain), proleptic Gregorian.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339_forms() {
        let base = Timestamp::parse("2024-05-01T10:00:00Z").unwrap();
        assert_eq!(base.0, 1_714_557_600);
        assert_eq!(Timestamp::parse("2024-05-01T10:00:00.123456Z"), Some(base));
        assert_eq!(Timestamp::parse("2024-05-01T12:00:00+02:00"), Some(base));
        assert_eq!(Timestamp::parse("2024-05-01T09:30:00-00:30"), Some(base));
    }

    #[test]
    fn parses_must_gather_timestamp_file() {
        let t = Timestamp::parse("2024-05-01 10:00:00.123456789 +0000 UTC m=+0.045").unwrap();
        assert_eq!(t.to_string(), "2024-05-01T10:00:00Z");
    }

    #[test]
    fn parses_describe_times() {
        let t = Timestamp::parse_rfc1123("Wed, 01 May 2024 12:00:00 +0200").unwrap();
        assert_eq!(t.to_string(), "2024-05-01T10:00:00Z");
        assert_eq!(Timestamp::parse_rfc1123("<unknown>"), None);
    }

    #[test]
    fn syslog_months_in_the_writers_locale() {
        let month = |text: &str| Yearless::parse_syslog(text).map(|(t, _)| t.month);
        assert_eq!(month("May  1 10:00:00 host x"), Some(5));
        assert_eq!(month("okt. 29 15:05:55 linux x"), Some(10));
        assert_eq!(month("10月 25 16:08:09 test-node1 x"), Some(10));
        assert_eq!(month("Mär 03 08:00:00 h x"), Some(3));
        assert_eq!(month("juil. 14 08:00:00 h x"), Some(7));
        assert_eq!(month("дек 31 23:59:59 h x"), Some(12));
        assert_eq!(month("Name: 10 10:00:00"), None);
        assert_eq!(month("13月 25 16:08:09 h x"), None);
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "yesterday",
            "2024-13-01T00:00:00Z",
            "2024-05-01T10:00:00?",
            "2024/05/01 10:00:00",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn yearless_times_take_the_year_of_the_collection() {
        let (t, rest) = Yearless::parse_syslog("May  1 10:00:00 node01 kubelet[1]: x").unwrap();
        assert_eq!(rest, " node01 kubelet[1]: x");
        let collected = Timestamp::parse("2024-05-01T12:00:00Z").unwrap();
        assert_eq!(t.resolve(collected).to_string(), "2024-05-01T10:00:00Z");
        // December lines in a January collection are from the year before.
        let (dec, _) = Yearless::parse_syslog("Dec 31 23:59:59.123456 h k: x").unwrap();
        let january = Timestamp::parse("2025-01-01T01:00:00Z").unwrap();
        assert_eq!(dec.resolve(january).to_string(), "2024-12-31T23:59:59Z");
        assert_eq!(Yearless::parse_syslog("Foo  1 10:00:00 x"), None);
    }

    #[test]
    fn formats_durations() {
        assert_eq!(human_duration(42), "42s");
        assert_eq!(human_duration(7 * 60 + 12), "7m 12s");
        assert_eq!(human_duration(2 * 3600 + 5 * 60), "2h 5m");
        assert_eq!(human_duration(3 * 86_400 + 4 * 3600), "3d 4h");
    }
}
