//! Numbers as people read them: money with thousands separators, days, percentages;
//! and the text of every float the app writes.
//!
//! Pure and locale-free so that the page, the Markdown export and the tests all show
//! the same text, but for displayed dates: [`shown_date`] writes a date the way the
//! browser's locale writes a numeric date (set once by the page and with every request
//! to the worker, [`set_date_locale`]), while files, Markdown and links keep ISO dates. Non-finite values never reach the output; they print as "—". What
//! these functions return is text, not markup: the page's builders put it into
//! [`crate::html::Html`] through escaping holes (an amount carries the currency a
//! person typed).
//!
//! Every `f64` outside the native tools becomes text here, through [`shortest`] or
//! [`fixed`], never through `{}` or `{:.1}` of a float: core's float formatting (its
//! Grisu and Dragon digit generators) would add about 12 KB to the wasm (5.5 KB
//! gzipped). `shortest` takes its digits from `zmij`, which `serde_json` already
//! brings; `fixed` rounds to a whole number and prints that.

use crate::model::Date;
use std::cell::Cell;

/// The order of a numeric date's parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    /// Year, month, day.
    Ymd,
    /// Month, day, year.
    Mdy,
    /// Day, month, year.
    Dmy,
}

/// How a locale writes a numeric date: the order of its parts, what separates them and
/// whether day and month have two digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateStyle {
    pub order: DateOrder,
    pub separator: char,
    pub padded: bool,
}

/// ISO 8601 (`2028-03-24`): files, Markdown, links, and locales not known here.
pub const ISO_DATES: DateStyle = DateStyle {
    order: DateOrder::Ymd,
    separator: '-',
    padded: true,
};

/// The numeric date style of a BCP 47 locale (`en-GB`, `de`, `zh-Hans-CN`) as browsers
/// write it (`Intl.DateTimeFormat` with numeric parts): `en-US` 3/24/2028, `en-GB`
/// 24/03/2028, `de` 24.3.2028, `nl` 24-3-2028, `ja` 2028/3/24; ISO for the others.
pub fn date_style(locale: &str) -> DateStyle {
    use DateOrder::{Dmy, Mdy, Ymd};
    let tag = locale.trim().to_ascii_lowercase().replace('_', "-");
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    let region = parts.find(|p| p.len() == 2).unwrap_or_default();
    let style = |order, separator, padded| DateStyle {
        order,
        separator,
        padded,
    };
    match (language, region) {
        ("en", "" | "us" | "ph" | "pr" | "as" | "gu" | "um" | "vi") => style(Mdy, '/', false),
        ("en" | "fr", "ca") => ISO_DATES,
        ("en", "in") | ("es" | "it", _) => style(Dmy, '/', false),
        ("en" | "fr" | "pt" | "el" | "ga", _) => style(Dmy, '/', true),
        ("de" | "fi" | "da" | "nb" | "no", _) => style(Dmy, '.', false),
        ("pl" | "ru" | "uk" | "tr" | "ro" | "et", _) => style(Dmy, '.', true),
        ("nl", _) => style(Dmy, '-', false),
        ("ja" | "zh", _) => style(Ymd, '/', false),
        _ => ISO_DATES,
    }
}

/// `date` written in `style`.
pub fn date_in(style: DateStyle, date: Date) -> String {
    let (y, m, d) = date.ymd();
    let part = |n: u32| {
        if style.padded && n < 10 {
            format!("0{n}")
        } else {
            n.to_string()
        }
    };
    let (m, d, s) = (part(m), part(d), style.separator);
    match style.order {
        DateOrder::Ymd => format!("{y}{s}{m}{s}{d}"),
        DateOrder::Mdy => format!("{m}{s}{d}{s}{y}"),
        DateOrder::Dmy => format!("{d}{s}{m}{s}{y}"),
    }
}

thread_local! {
    static DATE_STYLE: Cell<DateStyle> = const { Cell::new(ISO_DATES) };
}

/// Sets the locale whose style [`shown_date`] writes (ISO until set: the command line
/// and the tests).
pub fn set_date_locale(locale: &str) {
    DATE_STYLE.with(|s| s.set(date_style(locale)));
}

/// A date as the page shows it: in the style of the locale set by [`set_date_locale`].
pub fn shown_date(date: Date) -> String {
    date_in(DATE_STYLE.with(Cell::get), date)
}

/// The shortest text that reads back as exactly `value`, laid out as Rust's `{}` lays
/// it out: no exponent, no trailing zeros, `-0` for negative zero. `0.1` → `"0.1"`,
/// `1e16` → `"10000000000000000"`, `1.5e-7` → `"0.00000015"`; non-finite values are
/// `NaN`, `inf` and `-inf`. (When two shortest texts are equally near the value, the
/// last digit may differ from Rust's.)
pub fn shortest(value: f64) -> String {
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format(value);
    if !value.is_finite() {
        return text.into();
    }
    // zmij writes `[-]d[.ddd][e±n]`: the digits, where the point goes, the exponent.
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or_default()),
        None => (text, 0),
    };
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{whole}{fraction}");
    let leading = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0');
    // The value is 0.`digits` × 10^`point`.
    let point = whole.len() as i64 - leading as i64 + exponent;
    let zeros = |n: i64| "0".repeat(n.max(0) as usize);
    let len = digits.len() as i64;
    if digits.is_empty() {
        format!("{sign}0")
    } else if point <= 0 {
        format!("{sign}0.{}{digits}", zeros(-point))
    } else if point >= len {
        format!("{sign}{digits}{}", zeros(point - len))
    } else {
        let (int, frac) = digits.split_at(point as usize);
        format!("{sign}{int}.{frac}")
    }
}

/// `value` with `places` decimals, rounded as Rust's `{:.N}` rounds (to the nearest,
/// an exact tie to even) but never `-0`: `fixed(2.345, 1)` → `"2.3"`, `fixed(2.25, 1)`
/// → `"2.2"`, `fixed(-0.04, 1)` → `"0.0"`. A value with more than 15 digits after
/// scaling prints as [`shortest`]; non-finite prints as "—".
pub fn fixed(value: f64, places: u8) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let ten = 10f64.powi(i32::from(places));
    let abs = value.abs();
    let scaled = abs * ten;
    if scaled >= 1e15 {
        return shortest(value);
    }
    let mut whole = scaled.round_ties_even();
    if (scaled - whole).abs() == 0.5 {
        // The product may have been rounded onto the tie: its exact error (Dekker's
        // product) says on which side the true value lies. Off a tie, the product's
        // rounding error is too small to change the nearest whole number.
        let split = |x: f64| {
            let c = 134_217_729.0 * x;
            let high = c - (c - x);
            (high, x - high)
        };
        let ((ah, al), (bh, bl)) = (split(abs), split(ten));
        let error = ((ah * bh - scaled) + ah * bl + al * bh) + al * bl;
        if error != 0.0 {
            whole = scaled + 0.5f64.copysign(error);
        }
    }
    let places = usize::from(places);
    let digits = format!("{:0>width$}", whole as u64, width = places + 1);
    let (int, fraction) = digits.split_at(digits.len() - places);
    let sign = if value < 0.0 && whole > 0.0 { "-" } else { "" };
    if places == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{fraction}")
    }
}

/// Groups the digits of a whole number in threes: `1234567` → `"1,234,567"`.
pub fn thousands(value: f64) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let rounded = value.round();
    let negative = rounded < 0.0;
    let digits = fixed(rounded.abs(), 0);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
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

/// A number as typed into a money field: its integer part in groups of three with
/// commas, its decimals as [`plain`] writes them (`150,000`, `1,234.5`).
pub fn grouped(value: f64) -> String {
    let text = plain(value);
    let (sign, rest) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |r| ("-", r));
    let (whole, fraction) = rest.split_once('.').map_or((rest, ""), |(w, f)| (w, f));
    let mut out = String::from(sign);
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// Whether `c` is a currency sign that may stand before or after an amount.
fn currency_sign(c: char) -> bool {
    matches!(
        c,
        '€' | '$' | '£' | '¥' | '₹' | '₩' | '₽' | '₺' | '₪' | '₫' | '₱' | '₴' | '฿'
    )
}

/// Whether `c` groups digits in any locale: a space (plain, no-break, narrow) or an
/// apostrophe (Swiss `1'500'000`).
fn group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’')
}

/// The amount of `text` without its currency: a three-letter code or a sign, before or
/// after it (not both; a code in capitals or set off by a space); `None` when anything else is left around the digits.
fn without_currency(text: &str) -> Option<&str> {
    let money_part = |c: char| c.is_ascii_alphabetic() || currency_sign(c);
    let head_end = text.find(|c: char| !money_part(c)).unwrap_or(text.len());
    let (head, rest) = text.split_at(head_end);
    let tail_start = rest
        .char_indices()
        .rev()
        .find(|&(_, c)| !money_part(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let (body, tail) = rest.split_at(tail_start);
    // A code is three capitals (EUR), or three letters set off by a space (eur 5).
    let currency = |s: &str, spaced: bool| {
        let n = s.chars().count();
        n == 0
            || (n == 3 && s.chars().all(|c| c.is_ascii_uppercase()))
            || (n == 3 && spaced && s.chars().all(|c| c.is_ascii_alphabetic()))
            || (n == 1 && s.chars().all(currency_sign))
    };
    (currency(head, body.starts_with(' '))
        && currency(tail, body.ends_with(' '))
        && (head.is_empty() || tail.is_empty()))
    .then_some(body.trim())
}

/// Reads an amount of money as people type it, strictly: a currency code (`EUR`) or
/// sign (`€`) before or after it; digits grouped in threes by spaces, apostrophes,
/// `,` or `.`. With both `,` and `.` the later one is the decimal mark and the other
/// groups thousands (`150,000.50`, `150.000,50`); a lone `,` or `.` followed by exactly
/// three digits, or either one repeated, groups thousands (`150,000`, `1.500.000`); any
/// other lone `,` or `.` is the decimal mark (`12,5`). Anything else — letters inside
/// the number, groups that are not threes (`1,50,000`), two currencies — is refused.
pub fn parse_money(text: &str) -> Result<f64, &'static str> {
    const BAD: &str = "Not an amount: write digits, with separators or a currency if you like (150,000 or EUR 150 000).";
    if text.trim().is_empty() {
        return Err("Enter an amount.");
    }
    let body = without_currency(text.trim()).ok_or(BAD)?;
    let (sign, body) = body
        .strip_prefix('-')
        .map_or(("", body), |rest| ("-", rest.trim_start()));
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.') || group_space(c))
    {
        return Err(BAD);
    }
    let (commas, dots) = (body.matches(',').count(), body.matches('.').count());
    let decimal = match (commas, dots) {
        (0, 0) => None,
        (c, d) if c > 0 && d > 0 => body.rfind([',', '.']),
        (1, 0) | (0, 1) => {
            let at = body.find([',', '.']).unwrap_or(0);
            (body[at + 1..].len() != 3).then_some(at)
        }
        _ => None,
    };
    let (whole, fraction) = match decimal {
        Some(at) => (&body[..at], &body[at + 1..]),
        None => (body, ""),
    };
    // The whole part: one group of digits, or groups of three after the first.
    let groups: Vec<&str> = whole
        .split(|c: char| matches!(c, ',' | '.') || group_space(c))
        .collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let grouped_well =
        groups.len() == 1 || groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
    if !groups.iter().all(|g| digits(g)) || !grouped_well || decimal.is_some() && !digits(fraction)
    {
        return Err(BAD);
    }
    let number = format!("{sign}{}.{}", groups.concat(), fraction);
    match number.trim_end_matches('.').parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(BAD),
    }
}

/// A compact amount for chart axes: `"12.3k"`, `"1.5M"`.
pub fn compact(value: f64) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let abs = value.abs();
    if abs >= 1e9 {
        format!("{}B", fixed(value / 1e9, 1))
    } else if abs >= 1e6 {
        format!("{}M", fixed(value / 1e6, 1))
    } else if abs >= 1e4 {
        format!("{}k", fixed(value / 1e3, 0))
    } else if abs >= 1e3 {
        format!("{}k", fixed(value / 1e3, 1))
    } else {
        fixed(value, 0)
    }
}

/// A number of days with one decimal when it is small: `"4.5 days"`, `"120 days"`.
pub fn days(value: f64) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let text = if value.abs() < 10.0 {
        fixed(value, 1)
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
        format!("{}%", fixed(pct, 1))
    } else {
        format!("{}%", fixed(pct, 0))
    }
}

/// A number as it appears in an input field: at most four decimals, no exponent, no
/// trailing zeros.
pub fn plain(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = fixed(value, 4);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').into()
    } else {
        text
    }
}

/// A typed number without spaces and `_`, with a decimal comma as a point; refused
/// when nothing is left.
fn typed_number(text: &str) -> Result<String, &'static str> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return Err("Enter a number.");
    }
    Ok(cleaned)
}

/// Reads a number typed by a person: accepts a decimal comma, spaces and thousands
/// separators written as `_`; rejects empty, non-finite and malformed text.
pub fn parse_number(text: &str) -> Result<f64, &'static str> {
    match typed_number(text)?.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err("This is not a number."),
    }
}

/// Reads a number as [`parse_number`] does, for text the engine's worker reads (pasted
/// rows, a tracker's CSV), with serde_json's float parser, which the worker holds for
/// project files anyway: core's parser would add its tables, some 14 KB gzipped, to the
/// worker's download. The number is first written as JSON writes numbers (no `+`, no
/// leading zeros, digits on both sides of a decimal point). Numbers of at most 15
/// significant digits between 1e-22 and 1e22 (efforts, hours, seconds) read exactly as
/// `parse_number` reads them; others may differ in the last binary place.
pub fn read_number(text: &str) -> Result<f64, &'static str> {
    const BAD: &str = "This is not a number.";
    let cleaned = typed_number(text)?;
    let (sign, unsigned) = match cleaned.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", cleaned.strip_prefix('+').unwrap_or(&cleaned)),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => unsigned.split_at(at),
        None => (unsigned, ""),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !digits(whole) || !digits(fraction) {
        return Err(BAD);
    }
    let whole = match whole.trim_start_matches('0') {
        "" => "0",
        w => w,
    };
    let point = if fraction.is_empty() { "" } else { "." };
    let json = format!("{sign}{whole}{point}{fraction}{exponent}");
    match serde_json::from_str::<f64>(&json) {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(BAD),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_with_separators_and_currency_and_writes_grouped() {
        for (typed, value) in [
            ("150000", 150_000.0),
            ("150,000", 150_000.0),
            ("EUR 150,000", 150_000.0),
            ("€1.500.000", 1_500_000.0),
            ("150,000.50", 150_000.5),
            ("150.000,50", 150_000.5),
            ("12,5", 12.5),
            ("0.5", 0.5),
            ("1 234 567", 1_234_567.0),
            ("-2,500", -2_500.0),
        ] {
            assert_eq!(parse_money(typed), Ok(value), "{typed}");
        }
        for (typed, value) in [
            ("150 000", 150_000.0),
            ("150\u{a0}000", 150_000.0),
            ("1'500'000", 1_500_000.0),
            ("150,000 EUR", 150_000.0),
            ("eur 150,000", 150_000.0),
            ("  $ 2,000.25 ", 2_000.25),
            ("£-40", -40.0),
            ("EUR -2 500", -2_500.0),
            ("150000,5", 150_000.5),
            ("1.500", 1_500.0),
        ] {
            assert_eq!(parse_money(typed), Ok(value), "{typed}");
        }
        assert_eq!(parse_money(""), Err("Enter an amount."));
        for junk in [
            "EUR",
            "1-2",
            "12abc",
            "abc12def",
            "1,50,000",
            "1,5,0",
            "150 00",
            "EUR 150 USD",
            "EURO 150",
            "1.2.3,4.5",
            "150,",
            "--5",
            "1e6",
            "0x10",
            "€€100",
            "1,000.5.0",
        ] {
            assert!(parse_money(junk).is_err(), "{junk} is refused");
        }
        for value in [0.0, 0.5, 999.0, 1_000.0, 150_000.5, 1_234_567.0, -2_500.0] {
            assert_eq!(parse_money(&grouped(value)), Ok(value), "{value}");
        }
        assert_eq!(grouped(1_234_567.25), "1,234,567.25");
    }

    #[test]
    fn dates_are_written_as_each_locale_writes_them() {
        let d = Date::from_ymd(2028, 3, 4).unwrap();
        for (locale, text) in [
            ("en-US", "3/4/2028"),
            ("en", "3/4/2028"),
            ("en-GB", "04/03/2028"),
            ("en_AU", "04/03/2028"),
            ("en-IN", "4/3/2028"),
            ("en-CA", "2028-03-04"),
            ("fr-FR", "04/03/2028"),
            ("fr-CA", "2028-03-04"),
            ("es-ES", "4/3/2028"),
            ("de-DE", "4.3.2028"),
            ("de-CH", "4.3.2028"),
            ("pl-PL", "04.03.2028"),
            ("nl-NL", "4-3-2028"),
            ("ja-JP", "2028/3/4"),
            ("zh-Hans-CN", "2028/3/4"),
            ("sv-SE", "2028-03-04"),
            ("", "2028-03-04"),
            ("<script>", "2028-03-04"),
        ] {
            assert_eq!(date_in(date_style(locale), d), text, "{locale}");
        }
        // Until a locale is set (the command line, tests), dates are ISO.
        assert_eq!(shown_date(d), "2028-03-04");
        set_date_locale("en-GB");
        assert_eq!(
            shown_date(Date::from_ymd(2028, 12, 24).unwrap()),
            "24/12/2028"
        );
        set_date_locale("en-US");
        assert_eq!(shown_date(d), "3/4/2028");
        set_date_locale("");
        assert_eq!(shown_date(d), "2028-03-04");
    }

    #[test]
    fn shortest_text_has_no_exponent_and_keeps_negative_zero() {
        assert_eq!(shortest(0.1), "0.1");
        assert_eq!(shortest(1.0), "1");
        assert_eq!(shortest(-2.5), "-2.5");
        assert_eq!(shortest(1234.5), "1234.5");
        assert_eq!(shortest(1e16), "10000000000000000");
        assert_eq!(shortest(1.5e-7), "0.00000015");
        assert_eq!(shortest(0.0), "0");
        assert_eq!(shortest(-0.0), "-0");
        assert_eq!(shortest(5e-324), format!("0.{}5", "0".repeat(323)));
        assert_eq!(
            shortest(f64::MAX),
            format!("17976931348623157{}", "0".repeat(292))
        );
        assert_eq!(shortest(f64::NAN), "NaN");
        assert_eq!(shortest(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn fixed_rounds_to_nearest_with_exact_ties_to_even_and_never_minus_zero() {
        assert_eq!(fixed(2.345, 1), "2.3");
        assert_eq!(fixed(2.35, 1), "2.4");
        assert_eq!(fixed(2.25, 1), "2.2", "an exact tie goes to the even digit");
        assert_eq!(fixed(0.5, 0), "0");
        assert_eq!(fixed(1.5, 0), "2");
        assert_eq!(fixed(9.95, 1), "9.9", "9.95 is a little below the tie");
        assert_eq!(
            fixed(0.15, 1),
            "0.1",
            "0.15 is below the tie though 0.15 * 10 is 1.5"
        );
        assert_eq!(fixed(0.07, 2), "0.07");
        assert_eq!(fixed(-1.25, 2), "-1.25");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-0.0, 0), "0");
        assert_eq!(fixed(1234.5678, 4), "1234.5678");
        assert_eq!(fixed(1e15, 1), "1000000000000000");
        assert_eq!(fixed(-3e20, 0), "-300000000000000000000");
        assert_eq!(fixed(f64::NAN, 1), "—");
    }

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
        for v in [0.0, 1.0, 2.5, 0.125, 1234.5, -3.0, 1e16] {
            assert_eq!(parse_number(&plain(v)), Ok(v));
        }
        assert_eq!(plain(7.000000000000001), "7");
        assert_eq!(plain(-0.00001), "0");
        assert_eq!(plain(1e20), "100000000000000000000");
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

    #[test]
    fn read_number_reads_what_parse_number_reads() {
        for text in [
            "12,5", " 1 500 ", "10_000", "+3", "-0.5", ".5", "5.", "007", "-007.250", "1e3",
            "2.5E-2", "0", "-0", "", "abc", "1.2.3", "NaN", "inf", "1e999", "-", ".", "e5", "1e",
            "+-1", "--1", "0x10", "1.5e+3",
        ] {
            assert_eq!(read_number(text), parse_number(text), "{text:?}");
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Rust's own `{:.N}` text, without the sign of a value that rounds to zero.
    fn rust_fixed(v: f64, places: u8) -> String {
        let text = format!("{v:.*}", usize::from(places));
        match text.strip_prefix('-') {
            Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.into(),
            _ => text,
        }
    }

    proptest! {
        #[test]
        fn shortest_reads_back_and_is_as_short_as_rusts_display(bits in any::<u64>()) {
            let v = f64::from_bits(bits);
            let (text, rust) = (shortest(v), v.to_string());
            if v.is_finite() {
                prop_assert_eq!(text.parse::<f64>().map(f64::to_bits), Ok(bits));
                prop_assert_eq!(text.len(), rust.len(), "{} and Rust's {}", text, rust);
            } else {
                prop_assert_eq!(text, rust);
            }
        }

        #[test]
        fn shortest_is_rusts_display_for_decimal_looking_values(m in -999_999_999i64..1_000_000_000, e in -30i32..30) {
            let v: f64 = format!("{m}e{e}").parse().unwrap();
            prop_assert_eq!(shortest(v), v.to_string());
        }

        #[test]
        fn read_number_reads_short_numbers_as_parse_number_does(
            text in "[+-]?[0-9]{0,8}([.,][0-9]{0,7})?([eE][+-]?[0-9])?"
        ) {
            prop_assert_eq!(read_number(&text), parse_number(&text));
        }

        #[test]
        fn fixed_is_rusts_rounding(v in -1e10f64..1e10, places in 0u8..=4) {
            prop_assert_eq!(fixed(v, places), rust_fixed(v, places));
        }

        #[test]
        fn fixed_is_rusts_rounding_near_ties(m in -99_999_999i64..100_000_000, places in 0u8..=4, nudge in -2i64..=2) {
            // Decimals ending in 5 one place past `places`: exact or inexact ties.
            let tie: f64 = format!("{m}5e-{}", places + 1).parse().unwrap();
            let v = f64::from_bits((tie.to_bits() as i64 + nudge) as u64);
            prop_assert_eq!(fixed(v, places), rust_fixed(v, places));
        }
    }
}
