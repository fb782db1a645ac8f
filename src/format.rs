//! Numbers as people read them: money with thousands separators, days, percentages.
//!
//! Pure and locale-free so that the page, the Markdown export and the tests all show
//! the same text. Non-finite values never reach the output; they print as "—".

/// Groups the digits of a whole number in threes: `1234567` → `"1,234,567"`.
pub fn thousands(value: f64) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let rounded = value.round();
    let negative = rounded < 0.0;
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if negative && out != "0" {
        out.insert(0, '-');
    }
    out
}

/// An amount of money with its currency code: `"EUR 12,300"`.
pub fn money(value: f64, currency: &str) -> String {
    format!("{currency} {}", thousands(value))
}

/// A compact amount for chart axes: `"12.3k"`, `"1.5M"`.
pub fn compact(value: f64) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let abs = value.abs();
    if abs >= 1e9 {
        format!("{:.1}B", value / 1e9)
    } else if abs >= 1e6 {
        format!("{:.1}M", value / 1e6)
    } else if abs >= 1e4 {
        format!("{:.0}k", value / 1e3)
    } else if abs >= 1e3 {
        format!("{:.1}k", value / 1e3)
    } else {
        format!("{value:.0}")
    }
}

/// A number of days with one decimal when it is small: `"4.5 days"`, `"120 days"`.
pub fn days(value: f64) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let text = if value.abs() < 10.0 {
        format!("{value:.1}")
    } else {
        thousands(value)
    };
    let unit = if text == "1.0" { "day" } else { "days" };
    format!("{text} {unit}")
}

/// A share as a whole percentage: `0.803` → `"80%"`; below 1% shows one decimal.
pub fn percent(share: f64) -> String {
    if !share.is_finite() {
        return "—".into();
    }
    let pct = share * 100.0;
    if pct > 0.0 && pct < 1.0 {
        format!("{pct:.1}%")
    } else {
        format!("{pct:.0}%")
    }
}

/// A number as it appears in an input field: no exponent, no trailing zeros.
pub fn plain(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{:.4}", value);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// Reads a number typed by a person: accepts a decimal comma, spaces and thousands
/// separators written as `_`; rejects empty, non-finite and malformed text.
pub fn parse_number(text: &str) -> Result<f64, &'static str> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return Err("Enter a number.");
    }
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err("This is not a number."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits_and_rounds() {
        assert_eq!(thousands(0.0), "0");
        assert_eq!(thousands(999.4), "999");
        assert_eq!(thousands(1000.0), "1,000");
        assert_eq!(thousands(1_234_567.6), "1,234,568");
        assert_eq!(thousands(-45_000.0), "-45,000");
        assert_eq!(thousands(-0.2), "0");
    }

    #[test]
    fn non_finite_values_never_print_as_nan_or_inf() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            for text in [thousands(v), compact(v), days(v), percent(v), plain(v)] {
                assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
            }
        }
    }

    #[test]
    fn money_days_and_percent_read_naturally() {
        assert_eq!(money(123_400.0, "EUR"), "EUR 123,400");
        assert_eq!(days(4.54), "4.5 days");
        assert_eq!(days(1.0), "1.0 day");
        assert_eq!(days(120.4), "120 days");
        assert_eq!(percent(0.803), "80%");
        assert_eq!(percent(0.004), "0.4%");
        assert_eq!(compact(15_300.0), "15k");
        assert_eq!(compact(2_500_000.0), "2.5M");
    }

    #[test]
    fn plain_numbers_round_trip_through_the_parser() {
        for v in [0.0, 1.0, 2.5, 0.125, 1234.5, -3.0] {
            assert_eq!(parse_number(&plain(v)), Ok(v));
        }
    }

    #[test]
    fn the_parser_accepts_what_people_type_and_rejects_the_rest() {
        assert_eq!(parse_number(" 1,5 "), Ok(1.5));
        assert_eq!(parse_number("10_000"), Ok(10_000.0));
        assert_eq!(parse_number(""), Err("Enter a number."));
        for bad in ["abc", "1.2.3", "NaN", "inf", "1e999"] {
            assert!(parse_number(bad).is_err(), "{bad}");
        }
    }
}
