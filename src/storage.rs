//! Local storage: the only module that reads or writes the browser's `localStorage`.
//!
//! Each project lives under its own key (`yardstick:project:<id>`) inside a versioned
//! envelope written by [`crate::data`]. Loading never overwrites anything: a value that
//! cannot be read is reported with its raw text so the user can download it, and its key
//! is left untouched. Write failures (quota, private mode) are returned, never swallowed.
//! The portfolio's ideas and settings live under [`PORTFOLIO_KEY`].

use crate::data::{self, DataError};
use crate::model::{Project, Workspace};
use gloo_storage::{LocalStorage, Storage};

/// Prefix of every key Yardstick writes.
pub const KEY_PREFIX: &str = "yardstick:";
const PROJECT_PREFIX: &str = "yardstick:project:";

/// Why storage could not be used.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StorageError {
    #[error("the browser's storage is not available (private mode or disabled); your work is kept in this tab only")]
    Unavailable,
    #[error("the browser's storage is full; your latest changes are kept in this tab only")]
    QuotaExceeded,
    #[error("the browser refused to save: {0}")]
    Refused(String),
}

/// A stored value that could not be restored, kept aside for the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    pub key: String,
    pub error: DataError,
    pub raw: String,
}

/// What was found in storage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub projects: Vec<Project>,
    pub unreadable: Vec<Unreadable>,
}

/// The storage key of a project.
pub fn project_key(id: &str) -> String {
    format!("{PROJECT_PREFIX}{id}")
}

/// Orders projects by last edit, newest first.
pub fn sort_newest_first(projects: &mut [Project]) {
    crate::sort::sort_by(projects, |a, b| a.updated_at > b.updated_at);
}

/// Restores stored `(key, text)` pairs: readable projects come back sorted by last
/// edit (newest first), the rest are reported with their raw text.
pub fn restore_all(entries: Vec<(String, String)>) -> Loaded {
    let mut loaded = Loaded::default();
    for (key, raw) in entries {
        if !key.starts_with(PROJECT_PREFIX) {
            continue;
        }
        match data::import_project(&raw) {
            Ok(project) => loaded.projects.push(project),
            Err(error) => loaded.unreadable.push(Unreadable { key, error, raw }),
        }
    }
    sort_newest_first(&mut loaded.projects);
    loaded
}

fn storage() -> Result<web_sys::Storage, StorageError> {
    // `raw()` panics when storage is missing, so probe the window first.
    let available = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .is_some();
    if available {
        Ok(LocalStorage::raw())
    } else {
        Err(StorageError::Unavailable)
    }
}

/// Reads every project in storage.
pub fn load_projects() -> Result<Loaded, StorageError> {
    let storage = storage()?;
    let count = storage.length().map_err(|_| StorageError::Unavailable)?;
    let mut entries = Vec::new();
    for i in 0..count {
        let Ok(Some(key)) = storage.key(i) else {
            continue;
        };
        if key.starts_with(PROJECT_PREFIX) {
            if let Ok(Some(raw)) = storage.get_item(&key) {
                entries.push((key, raw));
            }
        }
    }
    Ok(restore_all(entries))
}

/// Reads one project, when it is stored and readable.
pub fn load_project(id: &str) -> Option<Project> {
    let raw = storage().ok()?.get_item(&project_key(id)).ok()??;
    data::import_project(&raw).ok()
}

/// The project id a storage key names, for keys Yardstick writes projects under.
pub fn project_id(key: &str) -> Option<&str> {
    key.strip_prefix(PROJECT_PREFIX)
}

/// Writes one project.
pub fn save_project(project: &Project) -> Result<(), StorageError> {
    let storage = storage()?;
    storage
        .set_item(&project_key(&project.id), &data::project_json(project))
        .map_err(classify)
}

/// Removes one project.
pub fn delete_project(id: &str) -> Result<(), StorageError> {
    storage()?.remove_item(&project_key(id)).map_err(classify)
}

/// Key of the portfolio: the ideas and how the portfolio is ranked (the projects stay
/// under their own keys).
pub const PORTFOLIO_KEY: &str = "yardstick:portfolio";

/// Reads the portfolio's ideas and settings: `Ok(None)` when none are stored yet, an
/// [`Unreadable`] (kept, never overwritten) when they cannot be read.
pub fn load_portfolio() -> Result<Option<Workspace>, Unreadable> {
    let Some(raw) = storage()
        .ok()
        .and_then(|s| s.get_item(PORTFOLIO_KEY).ok().flatten())
    else {
        return Ok(None);
    };
    data::import_workspace(&raw)
        .map(|mut ws| {
            ws.projects.clear();
            Some(ws)
        })
        .map_err(|error| Unreadable {
            key: PORTFOLIO_KEY.to_owned(),
            error,
            raw,
        })
}

/// Writes the portfolio's ideas and settings (never its projects).
pub fn save_portfolio(ws: &Workspace) -> Result<(), StorageError> {
    let ideas = Workspace {
        projects: Vec::new(),
        ideas: ws.ideas.clone(),
        portfolio: ws.portfolio.clone(),
    };
    storage()?
        .set_item(PORTFOLIO_KEY, &data::export_workspace(&ideas))
        .map_err(classify)
}

fn classify(err: wasm_bindgen::JsValue) -> StorageError {
    let name = js_sys::Reflect::get(&err, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
        StorageError::QuotaExceeded
    } else {
        StorageError::Refused(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn project(id: &str, updated_at: f64) -> Project {
        let mut p = Project::new(id, format!("Project {id}"), Date::from_days(20_000));
        p.updated_at = updated_at;
        p
    }

    #[test]
    fn readable_projects_come_back_newest_first() {
        let entries = vec![
            (project_key("a"), data::export_project(&project("a", 1.0))),
            (project_key("b"), data::export_project(&project("b", 3.0))),
        ];
        let loaded = restore_all(entries);
        let ids: Vec<_> = loaded.projects.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
        assert!(loaded.unreadable.is_empty());
    }

    #[test]
    fn damaged_values_are_reported_with_their_raw_text_not_dropped() {
        let entries = vec![
            (project_key("ok"), data::export_project(&project("ok", 1.0))),
            (project_key("bad"), "{not json".to_owned()),
        ];
        let loaded = restore_all(entries);
        assert_eq!(loaded.projects.len(), 1);
        assert_eq!(loaded.unreadable.len(), 1);
        assert_eq!(loaded.unreadable[0].key, project_key("bad"));
        assert_eq!(loaded.unreadable[0].raw, "{not json");
    }

    #[test]
    fn project_keys_name_their_project() {
        assert_eq!(project_id(&project_key("abc")), Some("abc"));
        assert_eq!(project_id("yardstick:index"), None);
    }

    #[test]
    fn keys_of_other_applications_are_ignored() {
        let loaded = restore_all(vec![("other:thing".into(), "{}".into())]);
        assert_eq!(loaded, Loaded::default());
    }
}
