//! The Markdown plan: a GitHub-flavoured document a stakeholder can read anywhere
//! (GitHub, Confluence and Notion imports), written from [`crate::report::plan`].
//!
//! Every piece of user text passes through [`escape`], so a task called `a | b` or
//! `<script>` can neither break a table nor inject markup, and no link is ever made from
//! user text.

use crate::engine::Forecast;
use crate::model::Project;
use crate::report;

/// Escapes user text for inline Markdown and table cells: backslash-escapes every
/// character with meaning in CommonMark or GFM, turns line breaks into spaces, and
/// writes `<`, `>` and `&` as entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\n' | '\r' | '\t' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | '"' | '\'' | ':' => {
                out.push('\\');
                out.push(ch);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The whole plan as Markdown.
pub fn plan(project: &Project, f: &Forecast) -> String {
    report::plan(project, f, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_neutralises_markup_and_table_breakers() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(escape("<script>"), "&lt;script&gt;");
        assert_eq!(
            escape("[x](http://e)"),
            "\\[x\\]\\(http\\:\\/\\/e\\)".replace("\\/", "/")
        );
        assert_eq!(escape("line\nbreak"), "line break");
        assert_eq!(escape("`code` *b* _i_"), "\\`code\\` \\*b\\* \\_i\\_");
    }
}
