//! Serialise, restore and migrate: the one path from untrusted bytes to model values.
//!
//! Everything read from local storage, a share link or an imported file is parsed here
//! into a versioned [`Envelope`], migrated to [`SCHEMA_VERSION`], and validated before
//! it becomes a [`Project`]. Failures are typed ([`DataError`]) so the page can say
//! exactly what was wrong and keep the original bytes aside.

use crate::model::validate::validate;
use crate::model::{Project, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};

/// The `format` field of every envelope Yardstick writes.
pub const FORMAT: &str = "yardstick";

/// Largest JSON document accepted from a file, link or storage (bytes).
pub const MAX_JSON_BYTES: usize = 4 * 1024 * 1024;

/// A versioned wrapper around stored or exported data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub format: String,
    pub version: u32,
    pub kind: String,
    pub data: T,
}

/// Why data could not be restored.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DataError {
    #[error("the data is {0} bytes, more than the {MAX_JSON_BYTES}-byte limit")]
    TooLarge(usize),
    #[error("this is not Yardstick data: {0}")]
    NotYardstick(String),
    #[error("this was saved by a newer version of Yardstick (schema {found}, this page reads up to {SCHEMA_VERSION})")]
    NewerVersion { found: u32 },
    #[error("expected a {expected}, found a {found}")]
    WrongKind { expected: String, found: String },
    #[error("the data is damaged: {0}")]
    Malformed(String),
    #[error("the project is not valid: {0}")]
    Invalid(String),
}

/// Wraps a value in the current envelope.
pub fn envelope<T: Serialize>(kind: &str, data: T) -> Envelope<T> {
    Envelope {
        format: FORMAT.into(),
        version: SCHEMA_VERSION,
        kind: kind.into(),
        data,
    }
}

/// A project as compact JSON inside its envelope: what storage and links hold.
pub fn project_json(project: &Project) -> String {
    serde_json::to_string(&envelope("project", project))
        .unwrap_or_else(|e| unreachable!("a project always serialises: {e}"))
}

/// A project as an exportable, re-importable JSON file, indented for people.
pub fn export_project(project: &Project) -> String {
    indent_json(&project_json(project))
}

/// Indents compact JSON by two spaces per level. Working on the text rather than going
/// through a second serialiser keeps one copy of the serialisation code in the wasm.
pub fn indent_json(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if matches!(chars.peek(), Some('}' | ']')) {
                    if let Some(close) = chars.next() {
                        out.push(close);
                    }
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn indented_json_reads_back_as_the_same_value() {
        let mut p = Project::new(
            "x",
            "Quotes \" and {braces} [in] strings, commas",
            Date::from_days(0),
        );
        p.description = "back\\slash\nnewline".into();
        let compact = project_json(&p);
        let pretty = indent_json(&compact);
        assert!(pretty.contains("\n  \"format\": \"yardstick\""));
        let a: serde_json::Value = serde_json::from_str(&compact).unwrap();
        let b: serde_json::Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(a, b);
        assert_eq!(import_project(&pretty), Ok(p));
    }

    #[test]
    fn newer_or_foreign_documents_are_refused_with_a_reason() {
        let p = Project::new("x", "X", Date::from_days(0));
        let newer = project_json(&p).replace("\"version\":1", "\"version\":99");
        assert_eq!(
            import_project(&newer),
            Err(DataError::NewerVersion { found: 99 })
        );
        assert!(matches!(
            import_project("[1,2]"),
            Err(DataError::NotYardstick(_))
        ));
        assert!(matches!(
            import_project("{\"format\":\"other\"}"),
            Err(DataError::NotYardstick(_))
        ));
        let wrong = project_json(&p).replace("\"kind\":\"project\"", "\"kind\":\"workspace\"");
        assert!(matches!(
            import_project(&wrong),
            Err(DataError::WrongKind { .. })
        ));
    }
}

/// The envelope's header, read first so that the body is only parsed once its format,
/// version and kind are known.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u64>,
    #[serde(default)]
    kind: Option<String>,
}

/// Checks the envelope's header without trusting its body; returns version and kind.
fn read_header(text: &str) -> Result<(u32, String), DataError> {
    if text.len() > MAX_JSON_BYTES {
        return Err(DataError::TooLarge(text.len()));
    }
    if !text.trim_start().starts_with('{') {
        return Err(DataError::NotYardstick(
            "the document is not a JSON object".into(),
        ));
    }
    let header: Header =
        serde_json::from_str(text).map_err(|e| DataError::Malformed(e.to_string()))?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(DataError::NotYardstick(
            "its \"format\" field is not \"yardstick\"".into(),
        ));
    }
    let version = header
        .version
        .and_then(|v| u32::try_from(v).ok())
        .ok_or_else(|| DataError::NotYardstick("it has no schema version".into()))?;
    if version > SCHEMA_VERSION {
        return Err(DataError::NewerVersion { found: version });
    }
    Ok((version, header.kind.unwrap_or_default()))
}

/// Restores a project from an exported or stored JSON document: checks the envelope,
/// migrates older versions, and parses the body.
pub fn import_project(text: &str) -> Result<Project, DataError> {
    let (version, kind) = read_header(text)?;
    if kind != "project" {
        return Err(DataError::WrongKind {
            expected: "project".into(),
            found: kind,
        });
    }
    match version {
        SCHEMA_VERSION => {
            let envelope: Envelope<Project> =
                serde_json::from_str(text).map_err(|e| DataError::Malformed(e.to_string()))?;
            Ok(envelope.data)
        }
        // Migrations from older schema versions go here, one numbered step at a time,
        // each with a fixture test.
        older => Err(DataError::NotYardstick(format!(
            "schema version {older} is not known"
        ))),
    }
}

/// Restores a project from a file or a link, which may be hostile: as
/// [`import_project`], and then every field is validated (counts, lengths, numbers).
pub fn import_untrusted(text: &str) -> Result<Project, DataError> {
    let project = import_project(text)?;
    let errors = validate(&project);
    match errors.first() {
        None => Ok(project),
        Some(first) if errors.len() == 1 => Err(DataError::Invalid(first.to_string())),
        Some(first) => Err(DataError::Invalid(format!(
            "{first} (and {} more problems)",
            errors.len() - 1
        ))),
    }
}
