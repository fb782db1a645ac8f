//! A small XML writer and a strict reader for the files Yardstick writes and reads
//! (MS Project's MSPDI, a chart's standalone SVG).
//!
//! The reader takes text that may be hostile: at most [`MAX_BYTES`], [`MAX_DEPTH`]
//! levels and [`MAX_ELEMENTS`] elements, read in one pass with no recursion. It checks
//! that the document is well formed (one root, every tag closed in order, attributes
//! quoted and not repeated, nothing but space, comments and processing instructions
//! around the root) and expands only the five entities XML defines and character
//! references; a document type declaration (`<!DOCTYPE`), and so any other entity, is
//! refused. Element names keep their local part only (`msp:Task` reads `Task`); unknown
//! elements are kept in the tree for the caller to ignore. Every problem names its line.

/// The most text read, in bytes.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;
/// The deepest nesting of elements.
pub const MAX_DEPTH: usize = 64;
/// The most elements in a document.
pub const MAX_ELEMENTS: usize = 400_000;

/// Why a document could not be read, with the line (from 1) it was found on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct XmlError {
    pub line: usize,
    pub message: String,
}

/// An element: its local name, attributes (local names, values decoded), the text
/// directly inside it (decoded, concatenated), its children and the line it starts on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
    pub line: usize,
}

impl Element {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The children named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child named `name`.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim())
    }

    /// The value of the attribute with this local name.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Escapes text for element content or a double-quoted attribute value; tabs and line
/// ends as character references, so that they survive in attributes too. Characters
/// XML 1.0 cannot hold at all (controls other than tab and line ends) are left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether XML 1.0 allows the character in a document.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The local part of a qualified name.
fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':') || (c as u32) > 0x7F
}

/// Decodes the five entities and character references in `raw`.
fn decode(raw: &str, line: usize) -> Result<String, XmlError> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        // The line of this `&`.
        let here = line + raw[..raw.len() - rest.len() + at].matches('\n').count();
        let error = |message: String| XmlError {
            line: here,
            message,
        };
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(end) = after.find(';').filter(|&e| e <= 12) else {
            return Err(error("a “&” that starts no entity (write &amp;)".into()));
        };
        let name = &after[..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = name.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse::<u32>().ok()
                } else {
                    return Err(error(format!(
                        "the entity “&{name};” is not one of XML's own (no document type is read)"
                    )));
                };
                code.and_then(char::from_u32)
                    .filter(|&c| allowed(c))
                    .ok_or_else(|| error(format!("“&{name};” is not a character XML allows")))?
            }
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Reads a document and returns its root element.
///
/// # Errors
/// The text is too large, too deep, has too many elements, or is not well-formed XML.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    if text.len() > MAX_BYTES {
        return Err(XmlError {
            line: 0,
            message: "the file is larger than 4 MB".into(),
        });
    }
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = Parser {
        text,
        at: 0,
        line: 1,
    };
    reader.document()
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl Parser<'_> {
    fn error(&self, message: impl Into<String>) -> XmlError {
        XmlError {
            line: self.line,
            message: message.into(),
        }
    }

    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    /// Moves `n` bytes on, counting line ends.
    fn advance(&mut self, n: usize) {
        self.line += self.text[self.at..self.at + n].matches('\n').count();
        self.at += n;
    }

    /// Moves past `end`, which must come.
    fn skip_past(&mut self, end: &str, what: &str) -> Result<usize, XmlError> {
        match self.rest().find(end) {
            Some(k) => {
                let start = self.at;
                self.advance(k + end.len());
                Ok(start)
            }
            None => Err(self.error(format!("{what} is not closed"))),
        }
    }

    /// Skips comments, processing instructions and space; refuses a document type.
    /// Puts a closed `element` into its parent, or, when it is the root, checks that
    /// nothing but comments, processing instructions and space follow and gives it back.
    fn closed(
        &mut self,
        open: &mut [(Element, String)],
        element: Element,
    ) -> Result<Option<Element>, XmlError> {
        match open.last_mut() {
            Some((parent, _)) => {
                parent.children.push(element);
                Ok(None)
            }
            None => {
                self.misc()?;
                if !self.rest().is_empty() {
                    return Err(self.error("more follows the document's root element"));
                }
                Ok(Some(element))
            }
        }
    }

    fn misc(&mut self) -> Result<(), XmlError> {
        loop {
            let space = self.rest().len() - self.rest().trim_start().len();
            self.advance(space);
            let rest = self.rest();
            if rest.starts_with("<!--") {
                self.skip_past("-->", "a comment")?;
            } else if rest.starts_with("<?") {
                self.skip_past("?>", "a processing instruction")?;
            } else if rest.starts_with("<!") {
                return Err(self.error(
                    "a document type declaration is not read (entities beyond XML's own could hide in it)",
                ));
            } else {
                return Ok(());
            }
        }
    }

    fn name(&mut self) -> Result<String, XmlError> {
        let len = self
            .rest()
            .char_indices()
            .find(|&(_, c)| !is_name_char(c))
            .map_or(self.rest().len(), |(i, _)| i);
        if len == 0 {
            return Err(self.error("a tag without a name"));
        }
        let name = self.rest()[..len].to_owned();
        self.advance(len);
        Ok(name)
    }

    fn space(&mut self) -> usize {
        let n = self.rest().len() - self.rest().trim_start().len();
        self.advance(n);
        n
    }

    /// Reads a start tag after its `<`: the element (without children) and whether it
    /// closed itself.
    fn start_tag(&mut self) -> Result<(Element, String), XmlError> {
        let line = self.line;
        let qualified = self.name()?;
        let mut element = Element {
            name: local(&qualified).to_owned(),
            line,
            ..Element::default()
        };
        loop {
            let spaced = self.space() > 0;
            let rest = self.rest();
            if rest.starts_with("/>") {
                self.advance(2);
                return Ok((element, String::new()));
            }
            if rest.starts_with('>') {
                self.advance(1);
                return Ok((element, qualified));
            }
            if rest.is_empty() {
                return Err(self.error(format!("the tag <{qualified}> is not closed")));
            }
            if !spaced {
                return Err(self.error(format!(
                    "attributes of <{qualified}> need space between them"
                )));
            }
            let name = self.name()?;
            self.space();
            if !self.rest().starts_with('=') {
                return Err(self.error(format!("the attribute “{name}” has no value")));
            }
            self.advance(1);
            self.space();
            let quote = match self.rest().chars().next() {
                Some(q @ ('"' | '\'')) => q,
                _ => return Err(self.error(format!("the value of “{name}” is not quoted"))),
            };
            self.advance(1);
            let Some(end) = self.rest().find(quote) else {
                return Err(self.error(format!("the value of “{name}” is not closed")));
            };
            let raw = &self.rest()[..end];
            if raw.contains('<') {
                return Err(self.error(format!("the value of “{name}” holds a “<”")));
            }
            // Literal tabs and line ends in a value read as spaces (XML 1.0 §3.3.3).
            let value = decode(
                &raw.replace("\r\n", " ").replace(['\t', '\n', '\r'], " "),
                self.line,
            )?;
            self.advance(end + 1);
            let key = local(&name).to_owned();
            if name != "xmlns" && element.attributes.iter().any(|(n, _)| *n == key) {
                return Err(self.error(format!("the attribute “{name}” is given twice")));
            }
            element.attributes.push((key, value));
        }
    }

    fn document(&mut self) -> Result<Element, XmlError> {
        self.misc()?;
        if !self.rest().starts_with('<') {
            return Err(self.error("this is not XML: it does not start with a tag"));
        }
        // Open elements with their qualified names, innermost last.
        let mut open: Vec<(Element, String)> = Vec::new();
        let mut count = 0usize;
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                let name = open.last().map(|(_, q)| q.clone()).unwrap_or_default();
                return Err(self.error(format!(
                    "the file ends inside <{name}>: it may be cut short"
                )));
            }
            if rest.starts_with("<!--") {
                self.skip_past("-->", "a comment")?;
            } else if rest.starts_with("<![CDATA[") {
                self.advance(9);
                let start = self.skip_past("]]>", "a CDATA section")?;
                let raw = &self.text[start..self.at - 3];
                if let Some((top, _)) = open.last_mut() {
                    top.text.push_str(raw);
                }
            } else if rest.starts_with("<?") {
                self.skip_past("?>", "a processing instruction")?;
            } else if rest.starts_with("<!") {
                return Err(self.error("a declaration inside the document"));
            } else if rest.starts_with("</") {
                self.advance(2);
                let name = self.name()?;
                self.space();
                if !self.rest().starts_with('>') {
                    return Err(self.error(format!("the end tag </{name}> is not closed")));
                }
                self.advance(1);
                let Some((element, qualified)) = open.pop() else {
                    return Err(self.error(format!("</{name}> closes nothing")));
                };
                if qualified != name {
                    return Err(self.error(format!("</{name}> closes <{qualified}>")));
                }
                if let Some(root) = self.closed(&mut open, element)? {
                    return Ok(root);
                }
            } else if rest.starts_with('<') {
                self.advance(1);
                count += 1;
                if count > MAX_ELEMENTS {
                    return Err(self.error("the file has too many elements"));
                }
                let (element, qualified) = self.start_tag()?;
                if qualified.is_empty() {
                    if let Some(root) = self.closed(&mut open, element)? {
                        return Ok(root);
                    }
                } else {
                    if open.len() == MAX_DEPTH {
                        return Err(self.error("elements are nested too deeply"));
                    }
                    open.push((element, qualified));
                }
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                let raw = &rest[..end];
                let line = self.line;
                // Line ends read as one line feed (XML 1.0 §2.11).
                let text = decode(&raw.replace("\r\n", "\n").replace('\r', "\n"), line)?;
                if text.contains("]]>") {
                    return Err(self.error("“]]>” in text"));
                }
                if let Some(c) = text.chars().find(|&c| !allowed(c)) {
                    return Err(self.error(format!(
                        "the character U+{:04X} is not allowed in XML",
                        c as u32
                    )));
                }
                if let Some((top, _)) = open.last_mut() {
                    top.text.push_str(&text);
                }
                self.advance(end);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_attributes_text_and_entities() {
        let doc = parse(
            "<?xml version=\"1.0\"?>\n<!-- a comment -->\n<p:Project xmlns:p=\"urn:x\" a='1 &amp; 2'>\n <Name>A &lt;b&gt; &quot;c&quot; &#233;&#x1F600;</Name>\n <Empty/><Data><![CDATA[<raw & text>]]></Data>\n</p:Project>\n",
        )
        .unwrap();
        assert_eq!(doc.name, "Project");
        assert_eq!(doc.attribute("a"), Some("1 & 2"));
        assert_eq!(doc.text_of("Name"), Some("A <b> \"c\" é😀"));
        assert_eq!(doc.child("Name").unwrap().line, 4);
        assert_eq!(doc.text_of("Empty"), Some(""));
        assert_eq!(doc.text_of("Data"), Some("<raw & text>"));
    }

    #[test]
    fn refuses_what_is_not_well_formed_with_its_line() {
        for (text, line, says) in [
            ("<a>\n<b></a>", 2, "closes <b>"),
            ("<a>\n\n<b>", 3, "cut short"),
            ("<a/><b/>", 1, "more follows"),
            (
                "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
                1,
                "document type",
            ),
            ("<a>\n&x;</a>", 2, "not one of XML's own"),
            ("<a b=1/>", 1, "not quoted"),
            ("<a b='1' b='2'/>", 1, "twice"),
            ("<a>&#0;</a>", 1, "not a character"),
            ("<a>& b</a>", 1, "starts no entity"),
            ("plain text", 1, "not XML"),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.line, line, "{text}: {e}");
            assert!(e.message.contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn work_is_bounded() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().message.contains("too deeply"));
        let many = format!("<a>{}</a>", "<b/>".repeat(MAX_ELEMENTS + 1));
        assert!(parse(&many).unwrap_err().message.contains("too many"));
        let big = format!("<a>{}</a>", "x".repeat(MAX_BYTES));
        assert!(parse(&big).unwrap_err().message.contains("4 MB"));
    }

    #[test]
    fn escaped_text_reads_back_as_it_was() {
        let hostile = "\"quotes\" & <tags> 'single'\nnew line\r\ttab é 😀 \u{202E}";
        let doc = parse(&format!("<a v=\"{0}\">{0}</a>", escape(hostile))).unwrap();
        assert_eq!(doc.text, hostile);
        assert_eq!(doc.attribute("v"), Some(hostile));
        // Characters XML cannot hold are left out, not written.
        assert_eq!(escape("a\u{1}b\u{FFFF}"), "ab");
    }
}
