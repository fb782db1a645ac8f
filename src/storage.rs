//! Local storage: the only module that reads or writes the browser's `localStorage`, and
//! asks the browser to keep it.
//!
//! Each project lives under its own key (`yardstick:project:<id>`) inside a versioned
//! envelope written by [`crate::data`]. Loading never overwrites anything: a value that
//! cannot be read is reported with its raw text so the user can download it, and its key
//! is left untouched; a project written by a newer version is shown read-only and its
//! text kept aside too. Write failures (quota, private mode) are returned, never
//! swallowed. The portfolio's ideas and settings live under [`PORTFOLIO_KEY`].

use crate::data::{self, DataError};
use crate::model::{Project, Revision, Workspace, SCHEMA_VERSION};
use wasm_bindgen::prelude::*;

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
    #[error("another tab saved this first, so this change was not saved over it")]
    Changed,
}

/// A stored value this version must not write over, kept aside with its raw text: one
/// it cannot read, or one a newer version wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    pub key: String,
    pub error: DataError,
    pub raw: String,
}

/// What one stored value holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Stored {
    /// A project this version can edit.
    Editable(Project),
    /// A project a newer version wrote, read as well as this version can: shown
    /// read-only, with its text kept aside.
    ReadOnly(Project, Unreadable),
    /// A value that cannot be read.
    Unreadable(Unreadable),
}

/// What was found in storage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub projects: Vec<Project>,
    /// Values kept aside: unreadable ones, and those of the read-only projects.
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

/// Restores one stored value, untrusted like a file: a project beyond the size limits
/// is kept aside (other problems show at their fields). A project stored under another
/// project's key cannot be read: saving it would write its own key and leave two copies
/// that overwrite each other.
pub fn restore(key: String, raw: String) -> Stored {
    let read = data::read_project(&raw).and_then(|(project, version)| {
        match crate::model::validate::beyond_limits(&project).first() {
            Some(problem) => Err(DataError::Invalid(problem.to_string())),
            None => Ok((project, version)),
        }
    });
    match read {
        Ok((project, _)) if project_id(&key) != Some(project.id.as_str()) => {
            let error = DataError::Malformed(format!(
                "it is stored under the key “{}” but holds the project with id “{}”",
                key.chars().take(80).collect::<String>(),
                project.id.chars().take(80).collect::<String>()
            ));
            Stored::Unreadable(Unreadable { key, error, raw })
        }
        Ok((project, version)) if version <= SCHEMA_VERSION => Stored::Editable(project),
        Ok((project, found)) => {
            let error = DataError::NewerVersion { found };
            Stored::ReadOnly(project, Unreadable { key, error, raw })
        }
        Err(error) => Stored::Unreadable(Unreadable { key, error, raw }),
    }
}

/// Restores stored `(key, text)` pairs: readable projects come back sorted by last
/// edit (newest first), the values kept aside with their raw text.
pub fn restore_all(entries: Vec<(String, String)>) -> Loaded {
    let mut loaded = Loaded::default();
    for (key, raw) in entries {
        if !key.starts_with(PROJECT_PREFIX) {
            continue;
        }
        match restore(key, raw) {
            Stored::Editable(project) => loaded.projects.push(project),
            Stored::ReadOnly(project, kept) => {
                loaded.projects.push(project);
                loaded.unreadable.push(kept);
            }
            Stored::Unreadable(kept) => loaded.unreadable.push(kept),
        }
    }
    sort_newest_first(&mut loaded.projects);
    loaded
}

fn storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)
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

/// What project `id`'s key holds now; `None` when nothing (or no storage).
pub fn load_project(id: &str) -> Option<Stored> {
    let key = project_key(id);
    let raw = storage().ok()?.get_item(&key).ok()??;
    Some(restore(key, raw))
}

/// The project id a storage key names, for keys Yardstick writes projects under.
pub fn project_id(key: &str) -> Option<&str> {
    key.strip_prefix(PROJECT_PREFIX)
}

/// Writes one project, unless its key holds something this tab must not write over
/// (see [`may_replace`]): then [`StorageError::Changed`]. `seen` is the revision this
/// tab last saw of it, `None` for a project new to storage.
pub fn save_project(project: &Project, seen: Option<Revision>) -> Result<(), StorageError> {
    write(
        &project_key(&project.id),
        &data::project_json(project),
        |stored| may_replace(stored, &project.id, seen),
    )
}

/// Puts a value kept aside back under its key, byte for byte, when nothing else has
/// been stored there since.
pub fn write_back(kept: &Unreadable) -> Result<(), StorageError> {
    write(&kept.key, &kept.raw, |stored| {
        stored.is_none_or(|s| s == kept.raw)
    })
}

/// Whether a project's key holding `stored` may be overwritten by a tab that last saw
/// revision `seen` of project `id` (`None`: it saw nothing there). Nothing stored may
/// be; a readable project of this version only when its revision is not newer than
/// `seen`; anything else (a project new to this tab, one under the wrong key, an
/// unreadable value, a newer version's) never.
pub fn may_replace(stored: Option<&str>, id: &str, seen: Option<Revision>) -> bool {
    let Some(raw) = stored else { return true };
    let Some(seen) = seen else { return false };
    match restore(project_key(id), raw.to_owned()) {
        Stored::Editable(stored) => stored.revision <= seen,
        Stored::ReadOnly(..) | Stored::Unreadable(_) => false,
    }
}

/// The one place that writes to local storage: `value` goes under `key` only if
/// `may_replace` accepts what the key holds now.
fn write(
    key: &str,
    value: &str,
    may_replace: impl FnOnce(Option<&str>) -> bool,
) -> Result<(), StorageError> {
    let storage = storage()?;
    let stored = storage.get_item(key).map_err(classify)?;
    if !may_replace(stored.as_deref()) {
        return Err(StorageError::Changed);
    }
    storage.set_item(key, value).map_err(classify)
}

/// Removes one project.
pub fn delete_project(id: &str) -> Result<(), StorageError> {
    storage()?.remove_item(&project_key(id)).map_err(classify)
}

/// Key of the portfolio: the ideas and how the portfolio is ranked (the projects stay
/// under their own keys).
pub const PORTFOLIO_KEY: &str = "yardstick:portfolio";

/// The portfolio as read from storage, with the text it was read from: a later save
/// writes only over that same text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Portfolio {
    /// The ideas and settings (no projects).
    pub workspace: Workspace,
    /// What [`PORTFOLIO_KEY`] held when it was read or last written by this tab.
    pub seen: Option<String>,
}

/// Reads the portfolio's ideas and settings (the default when none are stored yet),
/// or an [`Unreadable`] (kept, never overwritten) when they cannot be read.
pub fn load_portfolio() -> Result<Portfolio, Unreadable> {
    let seen = storage()
        .ok()
        .and_then(|s| s.get_item(PORTFOLIO_KEY).ok().flatten());
    read_portfolio(seen)
}

/// The portfolio stored as `seen` (nothing: the default).
pub fn read_portfolio(seen: Option<String>) -> Result<Portfolio, Unreadable> {
    let Some(raw) = seen else {
        return Ok(Portfolio::default());
    };
    match data::import_workspace(&raw) {
        Ok(mut workspace) => {
            workspace.projects.clear();
            Ok(Portfolio {
                workspace,
                seen: Some(raw),
            })
        }
        Err(error) => Err(Unreadable {
            key: PORTFOLIO_KEY.to_owned(),
            error,
            raw,
        }),
    }
}

/// Writes the portfolio's ideas and settings (never its projects) if the key still
/// holds what `portfolio.seen` says this tab last saw, and then remembers the new text;
/// otherwise [`StorageError::Changed`] and nothing is written.
pub fn save_portfolio(portfolio: &mut Portfolio) -> Result<(), StorageError> {
    let ideas = Workspace {
        projects: Vec::new(),
        ideas: portfolio.workspace.ideas.clone(),
        portfolio: portfolio.workspace.portfolio.clone(),
    };
    let text = data::export_workspace(&ideas);
    write(PORTFOLIO_KEY, &text, |stored| {
        stored == portfolio.seen.as_deref()
    })?;
    portfolio.seen = Some(text);
    Ok(())
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

/// Asks the browser to keep this site's storage even when space runs low
/// (`navigator.storage.persist()`), and calls `answer` with its reply. Browsers without
/// the API never call it.
pub fn request_persistence(answer: impl FnOnce(bool) + 'static) {
    let Some(Ok(promise)) = web_sys::window().map(|w| w.navigator().storage().persist()) else {
        return;
    };
    let reply = Closure::once(move |granted: JsValue| answer(granted.is_truthy()));
    let _ = promise.then(&reply);
    // The reply must outlive this call; it is made once per page, so it is leaked.
    reply.forget();
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
    fn a_stored_project_beyond_the_limits_is_kept_aside_and_one_with_field_errors_opens() {
        let mut huge = project("h", 1.0);
        huge.holidays = vec![Date::from_days(20_001); 3_000];
        let mut unfinished = project("u", 2.0);
        unfinished.name = String::new();
        let raw = data::export_project(&huge);
        let loaded = restore_all(vec![
            (project_key("h"), raw.clone()),
            (project_key("u"), data::export_project(&unfinished)),
        ]);
        let ids: Vec<_> = loaded.projects.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["u"], "a project with a field error still opens");
        assert_eq!(loaded.unreadable.len(), 1);
        assert_eq!(loaded.unreadable[0].raw, raw, "kept exactly as stored");
        assert!(
            loaded.unreadable[0]
                .error
                .to_string()
                .contains("There are 3000 holidays; the limit is 2000."),
            "{}",
            loaded.unreadable[0].error
        );
    }

    #[test]
    fn a_newer_project_is_shown_read_only_and_its_text_kept_aside() {
        let newer = data::project_json(&project("n", 2.0)).replacen(
            &format!("\"version\":{SCHEMA_VERSION}"),
            "\"version\":99",
            1,
        );
        let unknown_shape = newer.replacen("\"tasks\":[]", "\"tasks\":{}", 1);
        let entries = vec![
            (project_key("n"), newer.clone()),
            (project_key("u"), unknown_shape.clone()),
        ];
        let loaded = restore_all(entries);
        assert_eq!(loaded.projects, vec![project("n", 2.0)]);
        let kept: Vec<_> = loaded.unreadable.iter().map(|u| (&u.key, &u.raw)).collect();
        assert_eq!(
            kept,
            [
                (&project_key("n"), &newer),
                (&project_key("u"), &unknown_shape)
            ]
        );
        assert!(loaded
            .unreadable
            .iter()
            .all(|u| u.error == DataError::NewerVersion { found: 99 }));
    }

    #[test]
    fn a_project_under_another_projects_key_is_kept_aside_untouched() {
        // Protects against two keys holding one project: editing the copy under the
        // wrong key would write over the other (key `b` holds project `a`).
        let a = data::project_json(&project("a", 1.0));
        let loaded = restore_all(vec![
            (project_key("a"), a.clone()),
            (project_key("b"), a.clone()),
        ]);
        assert_eq!(loaded.projects, vec![project("a", 1.0)]);
        assert_eq!(loaded.unreadable.len(), 1);
        let kept = &loaded.unreadable[0];
        assert_eq!((&kept.key, &kept.raw), (&project_key("b"), &a));
        assert!(kept.error.to_string().contains("“a”"), "{}", kept.error);
        assert!(matches!(
            restore(project_key("b"), a),
            Stored::Unreadable(_)
        ));
    }

    #[test]
    fn a_save_never_replaces_what_this_tab_has_not_seen() {
        // Protects the two-tab guard every project save goes through.
        let stored = |revision| {
            let mut p = project("a", 1.0);
            p.revision = Revision::new(revision);
            data::project_json(&p)
        };
        let five = stored(5);
        let seen = |n| Some(Revision::new(n));
        assert!(may_replace(None, "a", None));
        assert!(may_replace(None, "a", seen(5)));
        assert!(may_replace(Some(&five), "a", seen(5)));
        assert!(may_replace(Some(&five), "a", seen(6)));
        assert!(!may_replace(Some(&five), "a", seen(4)));
        assert!(
            !may_replace(Some(&five), "a", None),
            "a new project (a promoted idea) never replaces one stored under its id"
        );
        assert!(!may_replace(Some(&five), "b", seen(9)), "wrong key");
        assert!(!may_replace(Some("{not json"), "a", seen(9)));
        let newer = five.replacen(
            &format!("\"version\":{SCHEMA_VERSION}"),
            "\"version\":99",
            1,
        );
        assert!(!may_replace(Some(&newer), "a", seen(9)));
    }

    #[test]
    fn every_write_to_local_storage_goes_through_the_checked_write() {
        // Protects "no silent overwrite anywhere": in all of `src/` there is exactly one
        // `set_item` call, in `storage::write`, after its check of what the key holds;
        // its callers (`save_project`, `write_back`, `save_portfolio`) each pass that
        // check, tested above and in the e2e tests of two tabs.
        fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    sources(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    out.push((path.display().to_string(), text));
                }
            }
        }
        let mut all = Vec::new();
        sources(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut all,
        );
        let call = concat!("set", "_item(");
        let writers: Vec<&String> = all
            .iter()
            .filter(|(_, text)| text.contains(call))
            .map(|(name, _)| name)
            .collect();
        assert_eq!(writers.len(), 1, "{writers:?}");
        assert!(writers[0].ends_with("storage.rs"), "{writers:?}");
        let storage = include_str!("storage.rs");
        assert_eq!(storage.matches(call).count(), 1);
        let writer = storage.find("\nfn write(").expect("the checked write");
        let body = &storage[writer..];
        let check = body.find("if !may_replace(stored.as_deref())").unwrap();
        assert!(check < body.find(call).unwrap());
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
