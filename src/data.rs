//! Serialise, restore and migrate: the one path from untrusted bytes to model values.
//!
//! Everything read from local storage, a share link or an imported file is parsed here
//! into a versioned [`Envelope`], migrated to [`SCHEMA_VERSION`], and validated before
//! it becomes a [`Project`] (kind `"project"`) or a [`Workspace`] of projects and ideas
//! (kind `"workspace"`). Failures are typed ([`DataError`]) so the page can say
//! exactly what was wrong and keep the original bytes aside.

use crate::model::validate::{validate, validate_workspace, FieldError};
use crate::model::{Project, Workspace, SCHEMA_VERSION};
use serde::de::DeserializeOwned;
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
        assert!(matches!(
            import_workspace(&project_json(&p)),
            Err(DataError::WrongKind { .. })
        ));
    }

    fn workspace() -> Workspace {
        let start = Date::from_ymd(2026, 1, 5).unwrap();
        let mut ws = Workspace::default();
        ws.projects
            .push(crate::model::templates::churn("churn".into(), start));
        let mut idea = crate::model::Idea::new("idea-1", "Invoice <matching>", start);
        idea.cost = Some(crate::model::ThreePoint::new(20_000.0, 40_000.0, 90_000.0));
        ws.ideas.push(idea);
        ws
    }

    #[test]
    fn a_workspace_round_trips_through_its_file() {
        // Protects workspace export/import: projects and ideas come back unchanged.
        let ws = workspace();
        let text = export_workspace(&ws);
        assert!(text.contains("\"kind\": \"workspace\""));
        assert_eq!(import_untrusted_workspace(&text), Ok(ws.clone()));
        // The projects inside are project documents' bodies, readable as such.
        let project = project_json(&ws.projects[0]);
        assert_eq!(import_project(&project), Ok(ws.projects[0].clone()));
    }

    #[test]
    fn a_workspace_without_ideas_or_settings_still_reads() {
        // Protects the defaults that let a bare list of projects be a workspace.
        let p = Project::new("x", "X", Date::from_days(0));
        let text = format!(
            "{{\"format\":\"yardstick\",\"version\":1,\"kind\":\"workspace\",\"data\":{{\"projects\":[{}]}}}}",
            serde_json::to_string(&p).unwrap()
        );
        let ws = import_workspace(&text).expect("a bare workspace reads");
        assert_eq!(ws.projects, vec![p]);
        assert!(ws.ideas.is_empty());
        assert_eq!(ws.portfolio, crate::model::PortfolioSettings::default());
    }

    #[test]
    fn hostile_workspaces_are_refused_with_the_field_named() {
        // Protects the untrusted path: damaged, oversized and invalid workspaces give
        // typed errors naming the field, never a panic.
        let mut ws = workspace();
        ws.ideas[0].feasibility = 3.0;
        ws.projects[0].tasks[0].name.clear();
        match import_untrusted_workspace(&export_workspace(&ws)) {
            Err(DataError::Invalid(m)) => {
                assert!(m.contains("projects[0].tasks[0].name"), "{m}");
                assert!(m.contains("1 more"), "{m}");
            }
            other => panic!("{other:?}"),
        }
        let text = export_workspace(&workspace());
        assert!(matches!(
            import_workspace(&text[..text.len() / 2]),
            Err(DataError::Malformed(_))
        ));
        let huge = format!("{{{}}}", " ".repeat(MAX_JSON_BYTES));
        assert_eq!(
            import_workspace(&huge),
            Err(DataError::TooLarge(MAX_JSON_BYTES + 2))
        );
        let ideas = "{\"format\":\"yardstick\",\"version\":1,\"kind\":\"workspace\",\"data\":{\"ideas\":[{\"id\":1}]}}";
        assert!(matches!(
            import_workspace(ideas),
            Err(DataError::Malformed(_))
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
    restore(text, "project")
}

/// Restores a project from a file or a link, which may be hostile: as
/// [`import_project`], and then every field is validated (counts, lengths, numbers).
pub fn import_untrusted(text: &str) -> Result<Project, DataError> {
    let project = import_project(text)?;
    checked(validate(&project))?;
    Ok(project)
}

/// A workspace (projects, ideas, portfolio settings) as an exportable, re-importable
/// JSON file, indented for people.
pub fn export_workspace(workspace: &Workspace) -> String {
    indent_json(
        &serde_json::to_string(&envelope("workspace", workspace))
            .unwrap_or_else(|e| unreachable!("a workspace always serialises: {e}")),
    )
}

/// Restores a workspace document as [`import_project`] restores a project (the
/// projects inside are read exactly as project files are).
pub fn import_workspace(text: &str) -> Result<Workspace, DataError> {
    restore(text, "workspace")
}

/// Restores a workspace from a file, which may be hostile: as [`import_workspace`],
/// and then every project, idea and setting is validated.
pub fn import_untrusted_workspace(text: &str) -> Result<Workspace, DataError> {
    let workspace = import_workspace(text)?;
    checked(validate_workspace(&workspace))?;
    Ok(workspace)
}

/// Checks the envelope of a document of `kind`, migrates it, and parses the body.
fn restore<T: DeserializeOwned>(text: &str, kind: &str) -> Result<T, DataError> {
    let (version, found) = read_header(text)?;
    if found != kind {
        return Err(DataError::WrongKind {
            expected: kind.into(),
            found,
        });
    }
    match version {
        SCHEMA_VERSION => {
            let envelope: Envelope<T> =
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

/// `Ok` when validation found nothing, else the first problem and how many more.
fn checked(errors: Vec<FieldError>) -> Result<(), DataError> {
    match errors.first() {
        None => Ok(()),
        Some(first) if errors.len() == 1 => Err(DataError::Invalid(first.to_string())),
        Some(first) => Err(DataError::Invalid(format!(
            "{first} (and {} more problems)",
            errors.len() - 1
        ))),
    }
}
