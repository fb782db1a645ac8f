//! Serialise, restore and migrate: the one path from untrusted bytes to model values.
//!
//! Everything read from local storage, a share link or an imported file is parsed here
//! into a versioned [`Envelope`], migrated to [`SCHEMA_VERSION`], and validated before
//! it becomes a [`Project`]. Failures are typed ([`DataError`]) so the page can say
//! exactly what was wrong and keep the original bytes aside.

use crate::model::validate::validate;
use crate::model::{Project, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::borrow::Cow;

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
        let newer = project_json(&p)
            .replace(&format!("\"version\":{SCHEMA_VERSION}"), "\"version\":99")
            .replace("\"name\":", "\"title\":");
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

    #[test]
    fn a_newer_document_is_read_for_showing_but_never_imported() {
        let p = Project::new("x", "X", Date::from_days(0));
        let newer = project_json(&p)
            .replace(&format!("\"version\":{SCHEMA_VERSION}"), "\"version\":99")
            .replacen("\"data\":{", "\"data\":{\"added_later\":[1,2],", 1);
        assert_eq!(read_project(&newer), Ok((p, 99)));
        assert_eq!(
            import_project(&newer),
            Err(DataError::NewerVersion { found: 99 })
        );
    }

    #[test]
    fn envelopes_without_a_version_or_data_are_refused() {
        for text in [
            "{\"format\":\"yardstick\",\"version\":0,\"kind\":\"project\",\"data\":{}}",
            "{\"format\":\"yardstick\",\"kind\":\"project\",\"data\":{}}",
        ] {
            assert!(matches!(
                import_project(text),
                Err(DataError::NotYardstick(_))
            ));
        }
        assert!(matches!(
            import_project("{\"format\":\"yardstick\",\"version\":1,\"kind\":\"project\"}"),
            Err(DataError::Malformed(_))
        ));
    }

    #[test]
    fn a_field_is_inserted_first_in_any_object_and_nothing_else_is_touched() {
        let field = "\"a\":1";
        assert_eq!(insert_field("{}", field), "{\"a\":1}");
        assert_eq!(insert_field("{ \n}", field), "{\"a\":1 \n}");
        assert_eq!(
            insert_field("{\n  \"b\": \"{\"\n}", field),
            "{\"a\":1,\n  \"b\": \"{\"\n}"
        );
        assert_eq!(insert_field("[1]", field), "[1]");
    }
}

/// An envelope as read from untrusted text: every field optional so that a missing one
/// gets a clear message, and the body kept as raw text until it has been migrated.
#[derive(Deserialize)]
struct RawEnvelope<'a> {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u64>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

/// A migration: the JSON text of a project's data in one schema version, rewritten for
/// the next one.
type Migration = fn(&str) -> String;

/// The numbered migrations: `MIGRATIONS[n - 1]` turns version `n` into version `n + 1`.
/// Each works on the raw JSON text of the envelope's `data`, before it is parsed into
/// the current types, and has a fixture of its older version under `tests/fixtures/`.
const MIGRATIONS: [Migration; SCHEMA_VERSION as usize - 1] = [v1_to_v2];

/// Version 2 counts each project's saves in `revision`. A version 1 project has been
/// saved once as far as anyone can tell, so it starts at revision 1.
fn v1_to_v2(data: &str) -> String {
    insert_field(data, "\"revision\":1")
}

/// Adds `field` (a `"name":value` pair) at the start of the JSON object `object`; text
/// that is not an object is returned as it is, for the parser to refuse.
fn insert_field(object: &str, field: &str) -> String {
    match object.strip_prefix('{') {
        Some(rest) if rest.trim_start().starts_with('}') => format!("{{{field}{rest}"),
        Some(rest) => format!("{{{field},{rest}"),
        None => object.to_owned(),
    }
}

/// Restores a project from a stored or exported JSON document: checks the envelope,
/// runs the migrations from its version, and parses the body. Returns the project and
/// the document's schema version. A document from a newer version is read as well as
/// this version can (fields it does not know are ignored), so that it can be shown
/// read-only; if even that fails, the error says it is newer.
pub fn read_project(text: &str) -> Result<(Project, u32), DataError> {
    if text.len() > MAX_JSON_BYTES {
        return Err(DataError::TooLarge(text.len()));
    }
    if !text.trim_start().starts_with('{') {
        return Err(DataError::NotYardstick(
            "the document is not a JSON object".into(),
        ));
    }
    let envelope: RawEnvelope =
        serde_json::from_str(text).map_err(|e| DataError::Malformed(e.to_string()))?;
    if envelope.format.as_deref() != Some(FORMAT) {
        return Err(DataError::NotYardstick(
            "its \"format\" field is not \"yardstick\"".into(),
        ));
    }
    let version = envelope
        .version
        .and_then(|v| u32::try_from(v).ok())
        .filter(|&v| v > 0)
        .ok_or_else(|| DataError::NotYardstick("it has no schema version".into()))?;
    let kind = envelope.kind.unwrap_or_default();
    if kind != "project" {
        return Err(DataError::WrongKind {
            expected: "project".into(),
            found: kind,
        });
    }
    let data = envelope
        .data
        .ok_or_else(|| DataError::Malformed("it has no data".into()))?
        .get();
    let pending = MIGRATIONS.get(version as usize - 1..).unwrap_or_default();
    let mut migrated = Cow::Borrowed(data);
    for migrate in pending {
        migrated = Cow::Owned(migrate(&migrated));
    }
    match serde_json::from_str(&migrated) {
        Ok(project) => Ok((project, version)),
        Err(_) if version > SCHEMA_VERSION => Err(DataError::NewerVersion { found: version }),
        Err(e) => Err(DataError::Malformed(e.to_string())),
    }
}

/// Restores a project this version can edit: as [`read_project`], refusing documents
/// from a newer version.
pub fn import_project(text: &str) -> Result<Project, DataError> {
    match read_project(text)? {
        (project, version) if version <= SCHEMA_VERSION => Ok(project),
        (_, found) => Err(DataError::NewerVersion { found }),
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
