//! The Markdown plan: a GitHub-flavoured document a stakeholder can read anywhere
//! (GitHub, Confluence and Notion imports), written by [`crate::report::plan_markdown`].
//!
//! Every piece of user text passes through [`escape`], so a task called `a | b` or
//! `<script>` can neither break a table nor inject markup, and no link of any scheme
//! is ever made from user text, GFM's extended autolinks included (`www.x.y`,
//! `https://x.y`, `alice@example.com`, `xmpp:bob@x.y`; checked with a GFM renderer in
//! `tests/markdown_gfm.rs`).

use crate::engine::Forecast;
use crate::html::invisible;
use crate::model::Project;
use crate::report;

/// Escapes user text for inline Markdown and table cells: backslash-escapes every
/// character with meaning in CommonMark or GFM, turns line breaks into spaces, writes
/// `<`, `>` and `&` as entities, and drops control characters and the bidirectional
/// and zero-width ones ([`invisible`]).
///
/// No autolink survives. Escaping `.` and `:` stops `www.` and `scheme://` links,
/// which GFM recognises while it reads the text, but e-mail addresses (and with them
/// `mailto:` and `xmpp:`) are found afterwards in the text as read, escapes resolved;
/// so `@` is written as a code span, `` `@` ``, which reads as an `@` and leaves no
/// address in any text.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\n' | '\r' | '\t' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("`@`"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | '"' | '\'' | ':' => {
                out.push('\\');
                out.push(ch);
            }
            c if c.is_control() || invisible(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// The whole plan as Markdown.
pub fn plan(project: &Project, f: &Forecast) -> String {
    report::plan_markdown(project, f)
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

    #[test]
    fn addresses_and_hidden_characters_are_taken_apart() {
        // An e-mail address would become a link on GitHub; a right-to-left override
        // would make the text read differently from what it is.
        assert_eq!(escape("a@b.c"), "a`@`b\\.c");
        assert_eq!(escape("www.x"), "www\\.x");
        assert_eq!(escape("x\u{202E}y\u{200B}z\u{FEFF}"), "xyz");
    }
}
