//! Serialise, restore and migrate: the one path from untrusted bytes to model values.
//!
//! Everything read from local storage, a share link or an imported file is parsed here
//! into a versioned [`Envelope`], migrated to [`SCHEMA_VERSION`], and validated before
//! it becomes a [`Project`] (kind `"project"`) or a [`Workspace`] of projects and ideas
//! (kind `"workspace"`). Failures are typed ([`DataError`]) so the page can say
//! exactly what was wrong and keep the original bytes aside.

mod objects;

use crate::model::validate::{validate, validate_workspace, FieldError, MAX_ERRORS};
use crate::model::{Project, Revision, Workspace, SCHEMA_VERSION};
use serde::de::DeserializeOwned;
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
            "{{\"format\":\"yardstick\",\"version\":{SCHEMA_VERSION},\"kind\":\"workspace\",\"data\":{{\"projects\":[{}]}}}}",
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
    fn a_migration_reaches_every_project_of_a_workspace_and_nothing_else() {
        let data =
            "{ \"ideas\": [{\"projects\": []}],\n\"projects\" : [ {\"a\":1} ,{} ], \"later\":{} }";
        assert_eq!(
            each_project("workspace", data, v1_to_v2),
            Ok("{ \"ideas\": [{\"projects\": []}],\n\"projects\" : [ {\"revision\":1,\"a\":1} ,{\"revision\":1} ], \"later\":{} }".to_owned())
        );
        assert_eq!(
            each_project("project", "{}", v1_to_v2),
            Ok("{\"revision\":1}".to_owned())
        );
        assert!(matches!(
            each_project("workspace", "{\"projects\":{}}", v1_to_v2),
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

/// A workspace's data, with each project kept as raw JSON text for the migrations;
/// everything else in it is left alone.
#[derive(Deserialize)]
struct RawProjects<'a> {
    #[serde(borrow, default)]
    projects: Vec<&'a RawValue>,
}

/// A migration: the JSON text of one project in one schema version, rewritten for the
/// next one.
type Migration = fn(&str) -> String;

/// The numbered migrations: `MIGRATIONS[n - 1]` turns version `n` into version `n + 1`.
/// Each rewrites the raw JSON text of every project a document holds (the data of a
/// project document, each of a workspace's `projects`) before anything is parsed into
/// the current types, and has fixtures of its older version under `tests/fixtures/`.
const MIGRATIONS: [Migration; SCHEMA_VERSION as usize - 1] = [v1_to_v2, v2_to_v3];

/// Version 2 counts each project's saves in `revision`. A version 1 project has been
/// saved once as far as anyone can tell, so it starts at revision 1.
fn v1_to_v2(project: &str) -> String {
    insert_field(project, "\"revision\":1")
}

/// Version 3 tracks progress. Version 2 defined a task's `actual` as its actual effort
/// once done (and never read it), so a task with an actual becomes done; its finish
/// date is not known, which validation then asks for at the task.
fn v2_to_v3(project: &str) -> String {
    const KEY: &str = "\"actual\"";
    let bytes = project.as_bytes();
    let mut out = String::with_capacity(project.len() + 64);
    let (mut copied, mut i, mut in_string) = (0, 0, false);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' if !in_string && project[i..].starts_with(KEY) => {
                let value = project[i + KEY.len()..].trim_start();
                if let Some(value) = value.strip_prefix(':') {
                    if !value.trim_start().starts_with("null") {
                        out.push_str(&project[copied..i]);
                        out.push_str("\"state\":\"done\",");
                        copied = i;
                    }
                }
                i += KEY.len() - 1;
            }
            b'"' => in_string = !in_string,
            _ => {}
        }
        i += 1;
    }
    out.push_str(&project[copied..]);
    out
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

/// Runs `migrate` on every project in the data of a document of `kind`, leaving the
/// rest of the text as it is.
fn each_project(kind: &str, data: &str, migrate: Migration) -> Result<String, DataError> {
    if kind == "project" {
        return Ok(migrate(data));
    }
    let found: RawProjects =
        serde_json::from_str(data).map_err(|e| DataError::Malformed(e.to_string()))?;
    let mut out = String::with_capacity(data.len() + 64 * found.projects.len());
    let mut copied = 0;
    for project in found.projects {
        // A raw value is a slice of `data` itself, so its place in it is known.
        let text = project.get();
        let at = text.as_ptr() as usize - data.as_ptr() as usize;
        out.push_str(&data[copied..at]);
        out.push_str(&migrate(text));
        copied = at + text.len();
    }
    out.push_str(&data[copied..]);
    Ok(out)
}

/// Checks the envelope of a document of `kind` and runs the migrations from its
/// version; returns the body's JSON text and the document's schema version.
fn open<'a>(text: &'a str, kind: &str) -> Result<(Cow<'a, str>, u32), DataError> {
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
    let found = envelope.kind.unwrap_or_default();
    if found != kind {
        return Err(DataError::WrongKind {
            expected: kind.into(),
            found,
        });
    }
    let data = envelope
        .data
        .ok_or_else(|| DataError::Malformed("it has no data".into()))?
        .get();
    let pending = MIGRATIONS.get(version as usize - 1..).unwrap_or_default();
    let mut migrated = Cow::Borrowed(data);
    for migrate in pending {
        migrated = Cow::Owned(each_project(kind, &migrated, *migrate)?);
    }
    Ok((migrated, version))
}

/// Restores a document of `kind`: checks the envelope, runs the migrations from its
/// version, and parses the body. Returns the body and the document's schema version. A
/// document from a newer version is read as well as this version can (fields it does
/// not know are ignored), so that it can be shown read-only; if even that fails, the
/// error says it is newer.
fn read<T: DeserializeOwned>(text: &str, kind: &str) -> Result<(T, u32), DataError> {
    let (data, version) = open(text, kind)?;
    match objects::from_str(&data) {
        Ok(value) => Ok((value, version)),
        Err(_) if version > SCHEMA_VERSION => Err(DataError::NewerVersion { found: version }),
        Err(e) => Err(DataError::Malformed(e.to_string())),
    }
}

/// Refuses what a newer version wrote: this version can show it, but not change it.
fn current<T>((value, version): (T, u32)) -> Result<T, DataError> {
    if version > SCHEMA_VERSION {
        return Err(DataError::NewerVersion { found: version });
    }
    Ok(value)
}

/// Restores a project from a stored or exported JSON document, as well as this version
/// can; returns it with the document's schema version (see `read`).
pub fn read_project(text: &str) -> Result<(Project, u32), DataError> {
    read(text, "project")
}

/// Restores a project this version can edit: as [`read_project`], refusing documents
/// from a newer version.
pub fn import_project(text: &str) -> Result<Project, DataError> {
    current(read_project(text)?)
}

/// Restores a project from a file or a link, which may be hostile: as
/// [`import_project`], and then every field is validated (counts, lengths, numbers).
/// The project starts again at a fresh revision: what the file says it counted is not
/// this browser's history.
pub fn import_untrusted(text: &str) -> Result<Project, DataError> {
    validated(fresh(import_project(text)?))
}

/// The project as an import: at [`Revision::FRESH`], as if never saved here.
pub fn fresh(mut project: Project) -> Project {
    project.revision = Revision::FRESH;
    project
}

/// The project if every field is valid, its scenarios' plans too, else the first
/// problem (and how many more).
pub fn validated(project: Project) -> Result<Project, DataError> {
    let mut errors = validate(&project);
    if errors.is_empty() {
        errors = crate::model::validate::validate_scenario_plans(&project);
    }
    checked(errors)?;
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
/// projects inside are read and migrated exactly as project files are).
pub fn import_workspace(text: &str) -> Result<Workspace, DataError> {
    current(read(text, "workspace")?)
}

/// Restores a workspace from a file, which may be hostile: as [`import_workspace`],
/// and then every project, idea and setting is validated.
pub fn import_untrusted_workspace(text: &str) -> Result<Workspace, DataError> {
    let workspace = import_workspace(text)?;
    checked(validate_workspace(&workspace))?;
    for (i, p) in workspace.projects.iter().enumerate() {
        let errors = crate::model::validate::validate_scenario_plans(p);
        checked(
            errors
                .into_iter()
                .map(|e| FieldError::new(format!("projects[{i}].{}", e.path), e.message))
                .collect(),
        )?;
    }
    Ok(workspace)
}

/// `Ok` when validation found nothing, else the first problem and how many more
/// (validation stops at [`MAX_ERRORS`]).
fn checked(errors: Vec<FieldError>) -> Result<(), DataError> {
    let more = errors.len().saturating_sub(1);
    let at_least = if errors.len() >= MAX_ERRORS {
        "at least "
    } else {
        ""
    };
    match errors.first() {
        None => Ok(()),
        Some(first) if more == 0 => Err(DataError::Invalid(first.to_string())),
        Some(first) => Err(DataError::Invalid(format!(
            "{first} (and {at_least}{more} more problems)"
        ))),
    }
}
