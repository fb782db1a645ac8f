//! Every document an older schema version wrote still opens: the fixtures under
//! `tests/fixtures/vN/` (projects and workspaces) go through the numbered migrations in
//! `yardstick::data`.

use serde_json::Value;
use std::path::PathBuf;
use yardstick::data;
use yardstick::model::{Date, Project, Revision, SCHEMA_VERSION};

fn fixture_dir(version: u32) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/v{version}"))
}

/// Fails unless every value in `old` is in `new` at the same place: fields added since
/// (with their defaults) are allowed, nothing may be lost or changed.
fn assert_kept(old: &Value, new: &Value, at: &str) {
    match (old, new) {
        (Value::Object(old), Value::Object(new)) => {
            for (key, value) in old {
                let next = new
                    .get(key)
                    .unwrap_or_else(|| panic!("{at}.{key} was lost"));
                assert_kept(value, next, &format!("{at}.{key}"));
            }
        }
        (Value::Array(old), Value::Array(new)) => {
            assert_eq!(old.len(), new.len(), "{at} changed length");
            for (i, (o, n)) in old.iter().zip(new).enumerate() {
                assert_kept(o, n, &format!("{at}[{i}]"));
            }
        }
        _ => assert_eq!(old, new, "{at} changed"),
    }
}

fn fixture(version: u32, name: &str) -> String {
    std::fs::read_to_string(fixture_dir(version).join(name)).expect("the fixture exists")
}

/// Opens a fixture as the page would (validating it), saves it again as a current
/// document, and checks that this reads back the same.
fn opens_and_saves_again(text: &str) -> Result<(), String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let current = format!("\"version\": {SCHEMA_VERSION}");
    match doc["kind"].as_str() {
        Some("project") => {
            let project = data::import_untrusted(text).map_err(|e| e.to_string())?;
            let saved = data::export_project(&project);
            assert!(saved.contains(&current));
            assert_eq!(data::import_project(&saved), Ok(project));
        }
        Some("workspace") => {
            let workspace = data::import_untrusted_workspace(text).map_err(|e| e.to_string())?;
            let saved = data::export_workspace(&workspace);
            assert!(saved.contains(&current));
            assert_eq!(data::import_workspace(&saved), Ok(workspace));
        }
        other => return Err(format!("unknown kind {other:?}")),
    }
    Ok(())
}

#[test]
fn every_older_version_has_fixtures_and_they_all_open() {
    for version in 1..SCHEMA_VERSION {
        let mut count = 0;
        for entry in std::fs::read_dir(fixture_dir(version)).expect("a fixture directory") {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let doc: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                doc["version"],
                version,
                "{} is filed under the wrong version",
                path.display()
            );
            let name = path.file_name().unwrap().to_string_lossy();
            if name.starts_with("needs-") {
                // Opens from storage (its fields then flagged); a file import refuses
                // it, naming the field.
                assert!(data::import_project(&text).is_ok(), "{name}");
                let refused = data::import_untrusted(&text).unwrap_err().to_string();
                assert!(refused.contains("tasks["), "{name}: {refused}");
            } else {
                opens_and_saves_again(&text)
                    .unwrap_or_else(|e| panic!("{} does not open: {e}", path.display()));
            }
            count += 1;
        }
        assert!(count > 0, "schema version {version} has no fixture");
    }
}

#[test]
fn version_1_documents_need_the_migration() {
    // Parsed as the current type without migrating, a version 1 project lacks `revision`.
    let text = fixture(1, "minimal.json");
    let unmigrated: Result<data::Envelope<Project>, _> = serde_json::from_str(&text);
    assert!(unmigrated.unwrap_err().to_string().contains("revision"));
}

#[test]
fn version_1_projects_keep_every_value_and_start_at_revision_1() {
    for name in ["bike-shop-export.json", "churn-stored.json"] {
        let text = fixture(1, name);
        let project = data::import_project(&text).unwrap();
        assert_eq!(project.revision, 1);
        let mut before: Value = serde_json::from_str(&text).unwrap();
        before["data"]["revision"] = 1.into();
        let after: Value = serde_json::from_str(&data::project_json(&project)).unwrap();
        assert_kept(&before["data"], &after["data"], name);
    }
    let minimal = data::import_project(&fixture(1, "minimal.json")).unwrap();
    let mut expected = Project::new(
        "minimal",
        "Only the required fields",
        Date::from_ymd(2026, 3, 2).unwrap(),
    );
    expected.revision = Revision::new(1);
    assert_eq!(minimal, expected);
}

#[test]
fn every_project_of_a_version_1_workspace_is_migrated_and_nothing_else_changes() {
    let text = fixture(1, "workspace.json");
    let workspace = data::import_workspace(&text).unwrap();
    assert_eq!(workspace.projects.len(), 2);
    assert!(workspace.projects.iter().all(|p| p.revision == 1));
    let mut before: Value = serde_json::from_str(&text).unwrap();
    for project in before["data"]["projects"].as_array_mut().unwrap() {
        project["revision"] = 1.into();
    }
    let after: Value = serde_json::from_str(&data::export_workspace(&workspace)).unwrap();
    assert_kept(&before["data"], &after["data"], "workspace");
    assert_eq!(
        workspace.projects[1],
        data::import_project(&fixture(1, "minimal.json")).unwrap()
    );
}

#[test]
fn version_2_tasks_with_an_actual_become_done_and_nothing_else_changes() {
    use yardstick::model::TaskState;
    let text = fixture(2, "needs-finish-dates.json");
    let project = data::import_project(&text).unwrap();
    let states: Vec<TaskState> = project.tasks.iter().take(5).map(|t| t.state).collect();
    assert_eq!(
        states,
        [
            TaskState::Done,
            TaskState::NotStarted,
            TaskState::NotStarted,
            TaskState::Done,
            TaskState::NotStarted
        ]
    );
    assert_eq!(project.tasks[0].actual, Some(12.5));
    assert_eq!(project.tasks[3].actual, Some(4.5));
    assert_eq!(project.tasks[2].name, "Tricky \"actual\": 5 name");
    assert!(project
        .tasks
        .iter()
        .skip(5)
        .all(|t| t.state == TaskState::NotStarted));
    let before: Value = serde_json::from_str(&text).unwrap();
    let after: Value = serde_json::from_str(&data::project_json(&project)).unwrap();
    // `"actual": null` is written again as null; every other value is kept.
    assert_kept(&before["data"], &after["data"], "needs-finish-dates");
    // A done task without its finish date is flagged at that task.
    let errors = yardstick::model::validate::validate(&project);
    assert!(
        errors.iter().any(|e| e.path == "tasks[0].finished"),
        "{errors:?}"
    );
}

#[test]
fn version_2_workspaces_keep_every_value() {
    let text = fixture(2, "workspace.json");
    let workspace = data::import_untrusted_workspace(&text).unwrap();
    let before: Value = serde_json::from_str(&text).unwrap();
    let after: Value = serde_json::from_str(&data::export_workspace(&workspace)).unwrap();
    assert_kept(&before["data"], &after["data"], "workspace");
    assert!(workspace
        .projects
        .iter()
        .flat_map(|p| &p.tasks)
        .all(|t| t.state == yardstick::model::TaskState::NotStarted));
}
