//! Every document an older schema version wrote still opens: the fixtures under
//! `tests/fixtures/vN/` go through the numbered migrations in `yardstick::data`.

use serde_json::Value;
use std::path::PathBuf;
use yardstick::data;
use yardstick::model::{Date, Project, SCHEMA_VERSION};

fn fixture_dir(version: u32) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/v{version}"))
}

fn fixture(version: u32, name: &str) -> String {
    std::fs::read_to_string(fixture_dir(version).join(name)).expect("the fixture exists")
}

#[test]
fn every_older_version_has_fixtures_and_they_all_open() {
    for version in 1..SCHEMA_VERSION {
        let mut count = 0;
        for entry in std::fs::read_dir(fixture_dir(version)).expect("a fixture directory") {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let project = data::import_untrusted(&text)
                .unwrap_or_else(|e| panic!("{} does not open: {e}", path.display()));
            let (_, found) = data::read_project(&text).unwrap();
            assert_eq!(
                found,
                version,
                "{} is filed under the wrong version",
                path.display()
            );
            // Saved again, it is a current document and reads back the same.
            let saved = data::project_json(&project);
            assert!(saved.contains(&format!("\"version\":{SCHEMA_VERSION}")));
            assert_eq!(data::import_project(&saved), Ok(project));
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
        assert_eq!(after["data"], before["data"], "{name} changed in migration");
    }
    let minimal = data::import_project(&fixture(1, "minimal.json")).unwrap();
    let mut expected = Project::new(
        "minimal",
        "Only the required fields",
        Date::from_ymd(2026, 3, 2).unwrap(),
    );
    expected.revision = 1;
    assert_eq!(minimal, expected);
}
