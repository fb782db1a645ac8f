//! The milestones' P50 and P80 dates as an iCalendar file (RFC 5545; docs/MODEL.md
//! R168).
//!
//! Two all-day events per milestone of the plan, on its stage's P50 and P80 finish
//! dates (the forecast through that stage); a plan without milestones gets the same
//! two for each stage that has tasks ("End of MVP"). Each event has a `UID` made of
//! the project's id, the milestone's position and the percentile (so a calendar that
//! imports the file again updates the events instead of doubling them), a `DTSTAMP`
//! (the project's last edit, in UTC), `DTSTART;VALUE=DATE` and the next day as
//! `DTEND`. Lines end in CRLF and are folded at 75 octets, never inside a UTF-8
//! character; TEXT values escape `\`, `;`, `,` and line ends, and leave out other
//! control characters.

use crate::engine::Forecast;
use crate::model::{Date, Project, Stage};

/// Escapes a TEXT value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded at 75 octets, with CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn date(d: Date) -> String {
    let (y, m, day) = d.ymd();
    format!("{y:04}{m:02}{day:02}")
}

/// `ms` milliseconds since the Unix epoch as a UTC date-time (`19700101T000000Z`).
fn stamp(ms: f64) -> String {
    let seconds = if ms.is_finite() && ms > 0.0 {
        (ms / 1000.0).floor().min(2.5e11) as i64
    } else {
        0
    };
    let day = Date::from_days(i32::try_from(seconds.div_euclid(86_400)).unwrap_or(0));
    let s = seconds.rem_euclid(86_400);
    format!(
        "{}T{:02}{:02}{:02}Z",
        date(day),
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// The project's id as a UID's letters, digits and `-`.
fn uid_part(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(64)
        .collect()
}

/// The calendar of the milestones' P50 and P80 dates; `edited` is the project's last
/// edit (milliseconds since the Unix epoch), the events' DTSTAMP.
pub fn write(p: &Project, f: &Forecast, edited: f64) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Yardstick//Milestones//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(&p.name)));
    let reached = |stage: Stage| f.stages.iter().find(|s| s.stage == stage && s.tasks > 0);
    let mut events: Vec<(String, Stage, String)> = p
        .plan
        .milestones
        .iter()
        .map(|m| (m.name.clone(), m.stage, m.criteria.clone()))
        .collect();
    if events.is_empty() {
        events = Stage::ALL
            .iter()
            .map(|&s| (format!("End of {}", s.label()), s, String::new()))
            .collect();
    }
    let stamp = stamp(edited);
    let id = uid_part(&p.id);
    for (k, (name, stage, criteria)) in events.iter().enumerate() {
        let Some(s) = reached(*stage) else { continue };
        for (pct, day) in [("P50", s.finish.p50), ("P80", s.finish.p80)] {
            let chance = if pct == "P50" { "50%" } else { "80%" };
            let mut about = format!(
                "{chance} chance that the {} stage is done by this date ({} trials of Yardstick's forecast of “{}”).",
                stage.label(),
                f.trials,
                p.name
            );
            if !criteria.trim().is_empty() {
                about.push_str("\nGo / no-go criteria: ");
                about.push_str(criteria);
            }
            line(&mut out, "BEGIN:VEVENT");
            line(
                &mut out,
                &format!(
                    "UID:yardstick-{id}-{k}-{}@yardstick",
                    pct.to_ascii_lowercase()
                ),
            );
            line(&mut out, &format!("DTSTAMP:{stamp}"));
            line(&mut out, &format!("DTSTART;VALUE=DATE:{}", date(day)));
            line(
                &mut out,
                &format!("DTEND;VALUE=DATE:{}", date(day.add_days(1))),
            );
            line(&mut out, &format!("SUMMARY:{} ({pct})", escape(name)));
            line(&mut out, &format!("DESCRIPTION:{}", escape(&about)));
            line(&mut out, "TRANSP:TRANSPARENT");
            line(&mut out, "END:VEVENT");
        }
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_lines_fold_at_75_octets_between_characters() {
        assert_eq!(escape("a;b,c\\d\r\ne\nf\u{7}"), "a\\;b\\,c\\\\d\\ne\\nf");
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "é".repeat(60)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        // Unfolding gives the line back.
        assert_eq!(
            out.trim_end_matches("\r\n").replace("\r\n ", ""),
            format!("SUMMARY:{}", "é".repeat(60))
        );
    }

    #[test]
    fn stamps_are_utc_date_times() {
        assert_eq!(stamp(0.0), "19700101T000000Z");
        assert_eq!(stamp(1_767_225_600_000.0 + 3_723_000.0), "20260101T010203Z");
        assert_eq!(stamp(f64::NAN), "19700101T000000Z");
    }
}
