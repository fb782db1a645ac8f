//! The Markdown plan: a GitHub-flavoured document a stakeholder can read anywhere
//! (GitHub, Confluence and Notion imports), written from [`crate::report::plan`].
//!
//! Every piece of user text passes through [`escape`], so a task called `a | b` or
//! `<script>` can neither break a table nor inject markup, and no link is ever made from
//! user text.

use crate::engine::Forecast;
use crate::model::Project;
use crate::report::{self, Doc, Text};

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

/// Writes the document as Markdown.
#[derive(Default)]
pub struct Markdown(pub String);

impl Markdown {
    fn parts(&mut self, parts: &[Text]) {
        for part in parts {
            match part {
                Text::Ours(t) => self.0.push_str(t),
                Text::User(t) => self.0.push_str(&escape(t)),
                Text::Strong(t) => {
                    self.0.push_str("**");
                    self.0.push_str(t);
                    self.0.push_str("**");
                }
            }
        }
    }

    fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a Text>) {
        for cell in cells {
            self.0.push_str("| ");
            self.parts(std::slice::from_ref(cell));
            self.0.push(' ');
        }
        self.0.push_str("|\n");
    }
}

impl Doc for Markdown {
    fn title(&mut self, text: &str) {
        self.0.push_str("# ");
        self.parts(&[Text::User(text.to_owned())]);
        self.0.push_str("\n\n");
    }

    fn heading(&mut self, text: &str) {
        self.0.push_str("## ");
        self.0.push_str(text);
        self.0.push_str("\n\n");
    }

    fn headline(&mut self, parts: &[Text]) {
        self.0.push_str("- ");
        let bold: String = parts
            .iter()
            .map(|p| match p {
                Text::Ours(t) | Text::Strong(t) => t.clone(),
                Text::User(t) => escape(t),
            })
            .collect();
        self.parts(&[Text::Strong(bold)]);
        self.0.push('\n');
    }

    fn paragraph(&mut self, parts: &[Text]) {
        self.parts(parts);
        self.0.push_str("\n\n");
    }

    fn bullets(&mut self, items: &[Vec<Text>]) {
        for item in items {
            self.0.push_str("- ");
            self.parts(item);
            self.0.push('\n');
        }
        self.0.push('\n');
    }

    fn table(&mut self, _caption: &str, head: &[&str], numeric: u32, rows: &[Vec<Text>]) {
        let head: Vec<Text> = head.iter().map(|h| Text::Ours((*h).to_owned())).collect();
        self.row(&head);
        let rule: Vec<Text> = (0..head.len())
            .map(|i| Text::Ours(if numeric >> i & 1 == 1 { "---:" } else { "---" }.into()))
            .collect();
        self.row(&rule);
        for r in rows {
            self.row(r);
        }
        self.0.push('\n');
    }
}

/// The whole plan as Markdown.
pub fn plan(project: &Project, f: &Forecast) -> String {
    let mut md = Markdown::default();
    report::plan(project, f, &mut md);
    md.0
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
