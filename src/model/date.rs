//! A civil calendar date with no time zone, stored as `YYYY-MM-DD`.
//!
//! Plain arithmetic on days since 1970-01-01 (proleptic Gregorian), so the engine can
//! step through working days without any platform clock or date library.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar day. Ordered, copyable and serialised as an ISO 8601 date string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    days: i32,
}

/// Why a date string could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a date of the form YYYY-MM-DD")]
pub struct DateError(pub String);

impl Date {
    /// The first year a plan's dates may fall in (see [`Date::in_plan_range`]).
    pub const FIRST_YEAR: i32 = 1900;
    /// The last year a plan's dates may fall in.
    pub const LAST_YEAR: i32 = 2200;

    /// The date `days` after 1970-01-01.
    pub const fn from_days(days: i32) -> Self {
        Self { days }
    }

    /// Days since 1970-01-01 (negative before it).
    pub const fn days(self) -> i32 {
        self.days
    }

    /// A date from year, month (1–12) and day (1–31); `None` when it does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(1..=9999).contains(&year) {
            return None;
        }
        Some(Self {
            days: days_from_civil(year, month, day),
        })
    }

    /// Whether the date lies in the years [`Date::FIRST_YEAR`] to [`Date::LAST_YEAR`]:
    /// the one range every date a plan holds must be in (start dates, holidays, target
    /// dates), whatever it came from. Forecast dates computed from them may go past it.
    pub fn in_plan_range(self) -> bool {
        const FIRST: i32 = days_from_civil(Date::FIRST_YEAR, 1, 1);
        const LAST: i32 = days_from_civil(Date::LAST_YEAR, 12, 31);
        (FIRST..=LAST).contains(&self.days)
    }

    /// Year, month (1–12) and day of month.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (index 3).
        (self.days + 3).rem_euclid(7) as u32
    }

    /// The date `n` calendar days later (earlier when negative).
    pub fn add_days(self, n: i32) -> Self {
        Self {
            days: self.days.saturating_add(n),
        }
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let err = || DateError(text.chars().take(40).collect());
        let mut parts = text.trim().split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(err());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(err());
        }
        let y: i32 = y.parse().map_err(|_| err())?;
        let m: u32 = m.parse().map_err(|_| err())?;
        let d: u32 = d.parse().map_err(|_| err())?;
        Self::from_ymd(y, m, d).ok_or_else(err)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days.
const fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// In 64-bit arithmetic, so that even the farthest day (a forecast that saturated) has
// a year.
fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_a_thursday_and_round_trips() {
        let d = Date::from_ymd(1970, 1, 1).unwrap();
        assert_eq!(d.days(), 0);
        assert_eq!(d.weekday(), 3);
        assert_eq!(d.to_string(), "1970-01-01");
    }

    #[test]
    fn every_day_of_four_centuries_round_trips_through_text() {
        let start = Date::from_ymd(1900, 1, 1).unwrap().days();
        let end = Date::from_ymd(2300, 12, 31).unwrap().days();
        for n in start..=end {
            let d = Date::from_days(n);
            assert_eq!(Date::parse(&d.to_string()), Ok(d));
        }
    }

    #[test]
    fn known_dates_and_weekdays() {
        let d = Date::parse("2026-11-28").unwrap();
        assert_eq!(d.weekday(), 5, "2026-11-28 is a Saturday");
        assert_eq!(
            Date::parse("2024-02-29").unwrap().add_days(1).to_string(),
            "2024-03-01"
        );
    }

    #[test]
    fn the_plan_range_is_the_years_1900_to_2200() {
        // Protects the one date range every plan date is validated against.
        let first = Date::parse("1900-01-01").unwrap();
        let last = Date::parse("2200-12-31").unwrap();
        assert!(first.in_plan_range() && last.in_plan_range());
        assert!(!first.add_days(-1).in_plan_range());
        assert!(!last.add_days(1).in_plan_range());
        assert!(!Date::from_days(i32::MAX).in_plan_range());
        assert!(!Date::from_days(i32::MIN).in_plan_range());
        assert_eq!(Date::from_days(i32::MAX).ymd(), (5_881_580, 7, 11));
    }

    #[test]
    fn impossible_or_malformed_dates_are_rejected() {
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-1-01",
            "20260101",
            "",
            "2026-01-01-01",
            "abcd-ef-gh",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
