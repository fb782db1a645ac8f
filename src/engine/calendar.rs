//! Working days to calendar dates: the project's week and holidays.
//!
//! The engine measures time in working days elapsed since the start (a continuous
//! number). A [`Calendar`] lists the dates of the working days once per run, so turning a
//! simulated time into a date is a table lookup. Conventions:
//!
//! * Working day 0 is the first working day on or after the start date.
//! * Work that finishes after `d > 0` working days finishes on working day `⌈d⌉ − 1`
//!   (a 5-day task started on a Monday ends that Friday); `d = 0` finishes on day 0.
//! * Work that starts at time `s` starts on working day `⌊s⌋`.
//! * Dates beyond 9999-12-31 are clamped to the last working day of year 9999.

use crate::model::{Date, Project};

/// Tolerance for reading a time that is a whole number of days up to rounding error.
const EPS: f64 = 1e-9;

/// The dates of a project's working days, from the start onwards.
#[derive(Clone, Debug)]
pub struct Calendar {
    days: Vec<Date>,
}

impl Calendar {
    /// The first `needed` working days of the project (at least one).
    pub fn new(project: &Project, needed: f64) -> Self {
        let per_week = u32::from(project.working_days_per_week.clamp(1, 7));
        let mut holidays: Vec<i32> = project.holidays.iter().map(|d| d.days()).collect();
        crate::sort::sort_by(&mut holidays, |a, b| a < b);
        let last = Date::from_ymd(9999, 12, 31).map_or(i32::MAX, Date::days);
        let needed = if needed.is_finite() {
            needed.clamp(1.0, 4_000_000.0) as usize + 1
        } else {
            1
        };
        let mut days = Vec::with_capacity(needed.min(100_000));
        let mut d = project.start_date;
        while days.len() < needed && d.days() <= last {
            if d.weekday() < per_week && holidays.binary_search(&d.days()).is_err() {
                days.push(d);
            }
            d = d.add_days(1);
        }
        if days.is_empty() {
            days.push(project.start_date);
        }
        Self { days }
    }

    /// The date of working day `index` (clamped to the table).
    #[inline(always)]
    pub fn day(&self, index: usize) -> Date {
        self.days
            .get(index)
            .or(self.days.last())
            .copied()
            .unwrap_or(Date::from_days(0))
    }

    /// Working days in the table (at least one).
    pub fn days_listed(&self) -> usize {
        self.days.len()
    }

    /// The day on which work that ends after `t` working days finishes.
    #[inline(always)]
    pub fn finish_date(&self, t: f64) -> Date {
        self.day(self.finish_day(t))
    }

    /// The working day (below [`Calendar::days_listed`]) on which work that ends after
    /// `t` working days finishes.
    #[inline(always)]
    pub fn finish_day(&self, t: f64) -> usize {
        let k = if !(t > EPS) {
            0
        } else {
            let k = (t - EPS).ceil() - 1.0;
            if k.is_finite() {
                k.clamp(0.0, usize::MAX as f64) as usize
            } else {
                usize::MAX
            }
        };
        k.min(self.days.len().saturating_sub(1))
    }

    /// The day on which work that starts after `t` working days starts.
    pub fn start_date(&self, t: f64) -> Date {
        if !(t > 0.0) {
            return self.day(0);
        }
        let k = (t + EPS).floor();
        self.day(if k.is_finite() {
            k.clamp(0.0, usize::MAX as f64) as usize
        } else {
            usize::MAX
        })
    }

    /// How many working days there are from the start through `date` inclusive: work
    /// finishes on or before `date` exactly when it takes at most this many days.
    /// `None` when `date` lies beyond the table (every simulated time fits before it).
    pub fn working_days_through(&self, date: Date) -> Option<f64> {
        if self.days.last().is_some_and(|&last| date > last) {
            return None;
        }
        Some(self.days.partition_point(|&d| d <= date) as f64)
    }
}

/// How many working days of `project` there are from its start through `date`
/// inclusive (0 when `date` is before the start), without a table: whole weeks, the
/// days left over, less the holidays among them that fall on a working weekday.
pub fn working_days_through(project: &Project, date: Date) -> f64 {
    let start = project.start_date;
    if date < start {
        return 0.0;
    }
    let per_week = u32::from(project.working_days_per_week.clamp(1, 7));
    let days = i64::from(date.days()) - i64::from(start.days()) + 1;
    let first = start.weekday();
    let rest = (0..days % 7)
        .filter(|i| (first + *i as u32) % 7 < per_week)
        .count() as i64;
    let mut holidays: Vec<i32> = project
        .holidays
        .iter()
        .filter(|h| (start..=date).contains(*h) && h.weekday() < per_week)
        .map(|h| h.days())
        .collect();
    crate::sort::sort_by(&mut holidays, |a, b| a < b);
    holidays.dedup();
    (days / 7 * i64::from(per_week) + rest - holidays.len() as i64) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_working_days_agrees_with_the_table() {
        // Protects the status date's and finish dates' offsets (MODEL.md §28).
        for (start, per_week, holidays) in [
            (
                "2026-01-05",
                5,
                vec!["2026-01-07", "2026-01-07", "2026-01-10"],
            ),
            ("2026-01-03", 5, vec![]),
            ("2026-01-08", 3, vec!["2026-02-02"]),
            ("2026-01-04", 7, vec!["2026-01-20"]),
        ] {
            let p = project(start, per_week, &holidays);
            let table = Calendar::new(&p, 400.0);
            for offset in -3..200 {
                let date = p.start_date.add_days(offset);
                let expected = table.working_days_through(date).unwrap();
                assert_eq!(working_days_through(&p, date), expected, "{start} {date}");
            }
        }
    }

    fn project(start: &str, per_week: u8, holidays: &[&str]) -> Project {
        let mut p = Project::new("c", "Calendar", Date::parse(start).unwrap());
        p.working_days_per_week = per_week;
        p.holidays = holidays.iter().map(|h| Date::parse(h).unwrap()).collect();
        p
    }

    #[test]
    fn a_five_day_week_skips_weekends_and_holidays() {
        // Protects working-day to date conversion: 2026-01-05 is a Monday.
        let c = Calendar::new(&project("2026-01-05", 5, &["2026-01-07"]), 30.0);
        assert_eq!(c.finish_date(1.0).to_string(), "2026-01-05");
        // Days 0..4 are Mon 5, Tue 6, Thu 8, Fri 9, Mon 12 (Wed 7 is a holiday).
        assert_eq!(c.finish_date(5.0).to_string(), "2026-01-12");
        assert_eq!(c.finish_date(4.5).to_string(), "2026-01-12");
        assert_eq!(c.start_date(4.0).to_string(), "2026-01-12");
        assert_eq!(c.finish_date(0.0).to_string(), "2026-01-05");
        assert_eq!(
            c.working_days_through(Date::parse("2026-01-11").unwrap()),
            Some(4.0)
        );
    }

    #[test]
    fn a_weekend_start_begins_on_monday() {
        // Protects the rule that day 0 is the first working day on or after the start.
        let c = Calendar::new(&project("2026-01-03", 5, &[]), 10.0);
        assert_eq!(c.finish_date(1.0).to_string(), "2026-01-05");
        let c7 = Calendar::new(&project("2026-01-03", 7, &[]), 10.0);
        assert_eq!(c7.finish_date(2.0).to_string(), "2026-01-04");
    }

    #[test]
    fn times_beyond_the_table_clamp_instead_of_panicking() {
        // Protects against panics on huge or non-finite durations.
        let c = Calendar::new(&project("2026-01-05", 5, &[]), 3.0);
        assert_eq!(c.finish_date(1e12), c.day(3));
        assert_eq!(c.finish_date(f64::NAN), c.day(0));
        assert_eq!(c.start_date(f64::INFINITY), c.day(3));
    }
}
