//! The page's one store: the projects in memory and the state of storage.
//!
//! Every change to a project goes through [`Store::update_project`] (or its siblings),
//! which stamps the edit time and writes it through [`crate::storage`]. When a write
//! fails the project stays in memory and the error is shown in a banner.

use crate::model::Project;
use crate::storage::{self, StorageError, Unreadable};
use leptos::prelude::*;

/// Shared state of the page, provided by context.
#[derive(Clone, Copy)]
pub struct Store {
    /// All projects, newest edit first.
    pub projects: RwSignal<Vec<Project>>,
    /// Stored values that could not be read; kept aside, never overwritten.
    pub unreadable: RwSignal<Vec<Unreadable>>,
    /// The last storage failure, shown until a write succeeds again.
    pub storage_error: RwSignal<Option<StorageError>>,
    /// A note for the user about edits made in another tab.
    pub other_tab: RwSignal<Option<String>>,
}

impl Store {
    /// Reads the projects from storage.
    pub fn load() -> Self {
        let (projects, unreadable, error) = match storage::load_projects() {
            Ok(loaded) => (loaded.projects, loaded.unreadable, None),
            Err(e) => (Vec::new(), Vec::new(), Some(e)),
        };
        Self {
            projects: RwSignal::new(projects),
            unreadable: RwSignal::new(unreadable),
            storage_error: RwSignal::new(error),
            other_tab: RwSignal::new(None),
        }
    }

    /// Follows edits made in other tabs: a project another tab saved replaces this
    /// tab's copy when it is newer, and one it deleted disappears here too.
    pub fn follow_other_tabs(&self) {
        let store = *self;
        let handle = window_event_listener(leptos::ev::storage, move |ev| {
            let Some(key) = ev.key() else { return };
            let Some(id) = storage::project_id(&key) else {
                return;
            };
            match storage::load_project(id) {
                Some(newer) => store.adopt(newer),
                None if ev.new_value().is_none() => {
                    store.projects.update(|ps| ps.retain(|p| p.id != id));
                }
                None => {}
            }
        });
        on_cleanup(move || handle.remove());
    }

    /// Takes a stored copy of a project when it is newer than the one in memory.
    fn adopt(&self, newer: Project) {
        self.projects
            .update(|ps| match ps.iter_mut().find(|p| p.id == newer.id) {
                Some(p) if p.updated_at < newer.updated_at => *p = newer,
                Some(_) => {}
                None => {
                    ps.push(newer);
                    storage::sort_newest_first(ps);
                }
            });
    }

    /// The store provided by the app.
    pub fn get() -> Self {
        expect_context::<Store>()
    }

    /// A copy of one project, tracked.
    pub fn project(&self, id: &str) -> Option<Project> {
        self.projects
            .with(|ps| ps.iter().find(|p| p.id == id).cloned())
    }

    fn persist(&self, project: &Project) {
        match storage::save_project(project) {
            Ok(()) => self.storage_error.set(None),
            Err(e) => self.storage_error.set(Some(e)),
        }
    }

    /// Adds a new project at the top of the list and saves it.
    pub fn add_project(&self, mut project: Project) {
        project.updated_at = now_ms();
        self.persist(&project);
        self.projects.update(|ps| ps.insert(0, project));
    }

    /// Puts back a deleted project and saves it again.
    pub fn restore_project(&self, project: Project) {
        self.persist(&project);
        self.projects.update(|ps| {
            ps.push(project);
            storage::sort_newest_first(ps);
        });
    }

    /// Changes one project, stamps the edit and saves it. If another tab has saved a
    /// newer version since this tab last saw it, that version is kept: it is shown here
    /// instead, and the user is told this edit was not applied.
    pub fn update_project(&self, id: &str, change: impl FnOnce(&mut Project)) {
        let seen = self
            .projects
            .with_untracked(|ps| ps.iter().find(|p| p.id == id).map(|p| p.updated_at));
        if let (Some(seen), Some(stored)) = (seen, storage::load_project(id)) {
            if stored.updated_at > seen {
                self.other_tab.set(Some(format!(
                    "“{}” was changed in another tab. That newer version is shown here, and your last edit in this tab was not applied.",
                    stored.name
                )));
                self.adopt(stored);
                return;
            }
        }
        let mut saved = None;
        self.projects.update(|ps| {
            if let Some(p) = ps.iter_mut().find(|p| p.id == id) {
                change(p);
                p.updated_at = now_ms().max(p.updated_at + 1.0);
                saved = Some(p.clone());
            }
        });
        if let Some(p) = saved {
            self.persist(&p);
        }
    }

    /// Removes a project from memory and storage.
    pub fn delete_project(&self, id: &str) {
        self.projects.update(|ps| ps.retain(|p| p.id != id));
        if let Err(e) = storage::delete_project(id) {
            self.storage_error.set(Some(e));
        }
    }
}

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A fresh project id: time plus randomness, in base 36.
pub fn new_id() -> String {
    let time = now_ms() as u64;
    let noise = (js_sys::Math::random() * 1_679_616.0) as u64;
    format!("{}{}", base36(time), base36(noise))
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Today's date from the browser's local clock.
pub fn today() -> crate::model::Date {
    let now = js_sys::Date::new_0();
    crate::model::Date::from_ymd(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or(crate::model::Date::from_days(20_000))
}
