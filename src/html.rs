//! Markup that is safe by construction: every builder of the page returns an [`Html`]
//! value, and an `Html` can only be made by escaping text or from markup written in
//! the source.
//!
//! * [`html!`](crate::html!) fills a literal template: each `{}` (or `{0}`, `{1}`… to
//!   repeat one) takes a [`ToHtml`] value. Text of every kind (`&str`, `String`,
//!   money, numbers and dates as `format` writes them) is escaped; an `Html` goes in
//!   as it is. The template has to be a string literal, so no text from elsewhere can
//!   be taken for markup. Text only goes into element content or a quoted attribute
//!   value, where escaping makes it safe: a hole between a tag's attributes or after
//!   an `=` takes only `Html` (text there is left out, and a debug build panics), and
//!   `Html` inside quotes is escaped as text.
//! * [`Html::text`] escapes one text; [`Html::push_trusted`] appends markup from a
//!   `&'static str` the program was compiled with (grep for `trusted` to see every
//!   such place).
//!
//! Escaping also drops the characters that could make text read differently from what
//! it is: bidirectional embeddings, overrides and isolates (U+202A–U+202E,
//! U+2066–U+2069), zero-width characters and directional marks (U+200B–U+200F) and
//! the byte-order mark (U+FEFF). They are dropped where text is written, not refused
//! where it is typed, so plans saved before keep opening; the Markdown export drops
//! them too ([`crate::markdown::escape`]).
//!
//! A small builder of our own rather than a templating crate: it adds little to the
//! download (the page's first load has a 300 KB budget), and one `fill` serves every
//! template.

use crate::model::Date;
use std::ops::{Add, AddAssign, Deref};

/// A piece of markup that is safe to insert into the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// No markup.
    pub const fn new() -> Self {
        Self(String::new())
    }

    /// `text`, escaped.
    pub fn text(text: &str) -> Self {
        let mut out = Self::new();
        out.push(text);
        out
    }

    /// Appends markup written in the program's source, as it is.
    pub fn push_trusted(&mut self, markup: &'static str) {
        self.0.push_str(markup);
    }

    /// Appends a value: text escaped, markup as it is.
    pub fn push(&mut self, part: &(impl ToHtml + ?Sized)) {
        part.write_html(self);
    }

    /// Markup the engine's worker drew ([`crate::jobs::Answer::Html`], the parts of
    /// [`crate::jobs::Answer::Forecast`]): this program's own builders made it there
    /// from the same project, so it is as safe as markup made here. Nothing else may
    /// come through this door.
    pub(crate) fn drawn(markup: String) -> Self {
        Self(markup)
    }

    /// The markup as text, for the page to insert.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Markup reads as text (to search it, to insert it), never the other way round.
impl Deref for Html {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<Html> for String {
    fn from(html: Html) -> Self {
        html.0
    }
}

impl AddAssign for Html {
    fn add_assign(&mut self, more: Html) {
        self.0.push_str(&more.0);
    }
}

impl Add for Html {
    type Output = Html;

    fn add(mut self, more: Html) -> Html {
        self += more;
        self
    }
}

impl FromIterator<Html> for Html {
    fn from_iter<I: IntoIterator<Item = Html>>(parts: I) -> Self {
        let mut out = Self::new();
        for part in parts {
            out += part;
        }
        out
    }
}

/// A value that can be written into markup.
pub trait ToHtml {
    /// Appends the value to `out`, escaped unless it is markup already.
    fn write_html(&self, out: &mut Html);

    /// The value's markup, when it is markup rather than text.
    fn markup(&self) -> Option<&str> {
        None
    }
}

impl ToHtml for Html {
    fn write_html(&self, out: &mut Html) {
        out.0.push_str(&self.0);
    }

    fn markup(&self) -> Option<&str> {
        Some(&self.0)
    }
}

impl ToHtml for str {
    fn write_html(&self, out: &mut Html) {
        escape_into(&mut out.0, self);
    }
}

impl ToHtml for String {
    fn write_html(&self, out: &mut Html) {
        escape_into(&mut out.0, self);
    }
}

impl<T: ToHtml + ?Sized> ToHtml for &T {
    fn write_html(&self, out: &mut Html) {
        (**self).write_html(out);
    }

    fn markup(&self) -> Option<&str> {
        (**self).markup()
    }
}

/// A date is shown in the browser's locale ([`crate::format::shown_date`]).
impl ToHtml for Date {
    fn write_html(&self, out: &mut Html) {
        escape_into(&mut out.0, &crate::format::shown_date(*self));
    }
}

impl ToHtml for bool {
    fn write_html(&self, out: &mut Html) {
        out.0.push_str(if *self { "true" } else { "false" });
    }
}

/// Whole numbers are written as their digits.
macro_rules! whole_to_html {
    ($($t:ty),*) => {$(
        impl ToHtml for $t {
            fn write_html(&self, out: &mut Html) {
                out.0.push_str(&self.to_string());
            }
        }
    )*};
}

whole_to_html!(u8, u32, u64, usize);

/// Whether `c` is a bidirectional control, a zero-width character or the byte-order
/// mark: characters that change how the text around them reads without showing.
pub fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}' | '\u{FEFF}'
    )
}

/// Appends `text` to `out` with `&`, `<`, `>`, `"` and `'` as character references, and
/// without [`invisible`] characters: safe in element content and in quoted attributes.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if invisible(c) => {}
            c => out.push(c),
        }
    }
}

/// A piece of a template: text of the template itself, or the hole for argument `n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part<'t> {
    Literal(&'t str),
    Hole(usize),
}

/// The parts of a template in the syntax of `format!`, restricted to `{}`, `{n}`,
/// `{{` and `}}`.
pub fn parts(template: &str) -> impl Iterator<Item = Part<'_>> {
    let mut rest = template;
    let mut next = 0;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let brace = rest.find(['{', '}']).unwrap_or(rest.len());
        if brace > 0 {
            let (literal, after) = rest.split_at(brace);
            rest = after;
            return Some(Part::Literal(literal));
        }
        if let Some(after) = rest.strip_prefix("{{").or(rest.strip_prefix("}}")) {
            let brace = &rest[..1];
            rest = after;
            return Some(Part::Literal(brace));
        }
        if let Some(after) = rest.strip_prefix('}') {
            rest = after;
            return Some(Part::Literal("}"));
        }
        let close = rest.find('}').unwrap_or(rest.len());
        let inside = &rest[1..close];
        rest = rest.get(close + 1..).unwrap_or_default();
        let index = if inside.is_empty() {
            next += 1;
            next - 1
        } else {
            debug_assert!(
                inside.parse::<usize>().is_ok(),
                "a template's hole {{{inside}}}: use {{}} or {{n}}"
            );
            inside.parse().unwrap_or(usize::MAX)
        };
        Some(Part::Hole(index))
    })
}

/// Where a template's hole stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Content,
    /// Between a tag's name and its `>`, outside quotes.
    Tag,
    /// Inside an attribute value quoted with this byte.
    Quoted(u8),
}

/// The context after `markup`, starting in `context`.
fn after(markup: &str, mut context: Context) -> Context {
    for b in markup.bytes() {
        context = match (context, b) {
            (Context::Content, b'<') => Context::Tag,
            (Context::Tag, b'>') => Context::Content,
            (Context::Tag, b'"' | b'\'') => Context::Quoted(b),
            (Context::Quoted(q), b) if b == q => Context::Tag,
            (context, _) => context,
        };
    }
    context
}

/// Fills `template` (markup written in the source) with `args`, escaped as their
/// kinds and places are. Called by [`html!`](crate::html!), which checks the template against its
/// arguments when compiling.
#[doc(hidden)]
pub fn fill(template: &'static str, args: &[&dyn ToHtml]) -> Html {
    let mut out = Html(String::with_capacity(template.len() + 16 * args.len()));
    let mut context = Context::Content;
    for part in parts(template) {
        match part {
            Part::Literal(markup) => {
                out.0.push_str(markup);
                context = after(markup, context);
            }
            Part::Hole(n) => {
                let Some(arg) = args.get(n) else { continue };
                // An unquoted attribute value is between attributes too, in a template
                // that starts inside a tag as well.
                let between_attributes = context == Context::Tag || out.0.ends_with('=');
                match (context, arg.markup()) {
                    (Context::Quoted(_), Some(markup)) => escape_into(&mut out.0, markup),
                    (_, None) if between_attributes && cfg!(debug_assertions) => {
                        panic!("text between attributes")
                    }
                    (_, None) if between_attributes => {}
                    _ => arg.write_html(&mut out),
                }
            }
        }
    }
    out
}

/// Stands for an argument (its source text, so it is not evaluated twice) when the
/// compiler checks a template: `format_args!` sees that every hole has an argument and
/// every argument a hole.
#[doc(hidden)]
pub struct Hole<'a, T: ?Sized>(pub &'a T);

impl<T: ?Sized> std::fmt::Display for Hole<'_, T> {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Ok(())
    }
}

/// Markup from a literal template whose `{}` holes take [`ToHtml`] values, escaped
/// as their kinds are: `html!(r#"<td class="num">{}</td>"#, money(x, currency))`.
#[macro_export]
macro_rules! html {
    ($template:literal $(, $arg:expr)* $(,)?) => {{
        if false {
            let _ = ::core::format_args!($template $(, $crate::html::Hole(stringify!($arg)))*);
        }
        $crate::html::fill($template, &[$(&$arg as &dyn $crate::html::ToHtml),*])
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_content_and_quoted_attributes() {
        let html = html!(r#"<p title="{}">{}</p>"#, "\"'", "<b>&</b>");
        assert_eq!(
            html.as_str(),
            r#"<p title="&quot;&#39;">&lt;b&gt;&amp;&lt;/b&gt;</p>"#
        );
    }

    #[test]
    fn markup_values_go_in_as_they_are_and_text_values_never_do() {
        let inner = html!("<b>{}</b>", "x");
        let outer = html!("<p>{}{}</p>", inner, String::from("<i>"));
        assert_eq!(outer.as_str(), "<p><b>x</b>&lt;i&gt;</p>");
    }

    #[test]
    fn markup_between_attributes_stays_markup_and_inside_quotes_becomes_text() {
        let checked = html!(" checked");
        let html = html!(r#"<input{} title="{}">"#, checked, html!("<b>"));
        assert_eq!(html.as_str(), r#"<input checked title="&lt;b&gt;">"#);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "text between attributes")]
    fn text_between_attributes_is_refused() {
        // Escaping cannot make text safe there: ` onclick=x` needs no special character.
        html!("<input {}>", " onclick=x");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "text between attributes")]
    fn text_as_an_unquoted_attribute_value_is_refused() {
        // `x onclick=y` would be a value and a new attribute; a template of attributes
        // alone is read from its start too.
        html!(" title={}", "x onclick=y");
    }

    #[test]
    fn holes_can_be_numbered_to_repeat_an_argument() {
        let html = html!(r#"<a id="{0}" href="{1}">{0}</a>"#, "a<", "#/x");
        assert_eq!(html.as_str(), r##"<a id="a&lt;" href="#/x">a&lt;</a>"##);
        assert_eq!(html!("{{{}}}", 7u32).as_str(), "{7}");
    }

    #[test]
    fn bidirectional_and_zero_width_characters_are_dropped() {
        // A right-to-left override or a zero-width space would make a name read as
        // something else; escaping leaves them out.
        let html = Html::text("a\u{202E}b\u{2066}c\u{200B}d\u{200F}e\u{FEFF}f\u{202A}g");
        assert_eq!(html.as_str(), "abcdefg");
    }

    #[test]
    fn numbers_dates_and_flags_are_written_as_text() {
        let date = Date::from_ymd(2026, 1, 5).unwrap();
        let html = html!("{} {} {} {}", 3u32, 40usize, date, true);
        assert_eq!(html.as_str(), "3 40 2026-01-05 true");
    }

    #[test]
    fn html_values_join_by_adding_and_collecting() {
        let mut html = html!("<ul>");
        html += ["a", "<b>"]
            .iter()
            .map(|t| html!("<li>{}</li>", t))
            .collect();
        html.push_trusted("</ul>");
        assert_eq!(String::from(html), "<ul><li>a</li><li>&lt;b&gt;</li></ul>");
    }
}
