//! The page's one store: the projects in memory, the open project's undo history, and
//! the state of storage.
//!
//! Every change to a project goes through [`Store::update_project`] (or undo and redo).
//! It records the undo step, counts the revision, stamps the edit time and writes the
//! project through [`crate::storage`], which writes only if storage still holds the
//! revision this tab saw; otherwise what storage holds replaces this tab's copy and the
//! edit is dropped, with a note. When a write fails the project stays in memory and the
//! error is shown in a banner. A project whose stored value is kept aside (a newer version wrote
//! it) is open read-only: it is never written, except back byte for byte.

use crate::history::History;
use crate::model::{Project, Revision};
use crate::storage::{self, StorageError, Stored, Unreadable};
use leptos::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};

/// Shared state of the page, provided by context.
#[derive(Clone, Copy)]
pub struct Store {
    /// All projects, newest edit first.
    pub projects: RwSignal<Vec<Project>>,
    /// Stored values kept aside and never overwritten: those that could not be read,
    /// and those of the projects a newer version wrote (open read-only).
    pub unreadable: RwSignal<Vec<Unreadable>>,
    /// The last storage failure, shown until a write succeeds again.
    pub storage_error: RwSignal<Option<StorageError>>,
    /// A note for the user about an edit that was not applied.
    pub note: RwSignal<Option<String>>,
    /// The undo history of the project edited last, and that project's id.
    history: RwSignal<(String, History<Project>)>,
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
            note: RwSignal::new(None),
            history: RwSignal::new((String::new(), History::default())),
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
                Some(stored) => {
                    store.take(stored, false);
                }
                None if ev.new_value().is_none() => {
                    store.projects.update(|ps| ps.retain(|p| p.id != id));
                }
                None => {}
            }
        });
        on_cleanup(move || handle.remove());
    }

    /// Takes what storage holds for a project this tab has not seen: a newer revision
    /// (with `always`, any) replaces this tab's copy, and a value this version must not
    /// write over is kept aside (its project, if readable, is shown read-only). True
    /// when anything was replaced or kept aside.
    fn take(&self, stored: Stored, always: bool) -> bool {
        match stored {
            Stored::Editable(project) => self.adopt(project, always),
            Stored::ReadOnly(project, kept) => {
                self.keep_aside(kept);
                self.adopt(project, true)
            }
            Stored::Unreadable(kept) => {
                self.keep_aside(kept);
                true
            }
        }
    }

    fn keep_aside(&self, kept: Unreadable) {
        self.unreadable.update(|u| {
            u.retain(|u| u.key != kept.key);
            u.push(kept);
        });
    }

    /// Takes a stored copy of a project when `always` or when its revision is newer
    /// than the one in memory; true if it did. The undo history of a replaced project
    /// is dropped, since its steps would undo the other tab's edits.
    fn adopt(&self, newer: Project, always: bool) -> bool {
        let id = newer.id.clone();
        let mut taken = false;
        self.projects
            .update(|ps| match ps.iter_mut().find(|p| p.id == newer.id) {
                Some(p) if always || p.revision < newer.revision => {
                    *p = newer;
                    taken = true;
                }
                Some(_) => {}
                None => {
                    ps.push(newer);
                    storage::sort_newest_first(ps);
                    taken = true;
                }
            });
        if taken {
            self.history.update(|(owner, h)| {
                if *owner == id {
                    *h = History::default();
                }
            });
        }
        taken
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

    /// Whether project `id` is open read-only because its stored value is kept aside
    /// (a newer version of Yardstick wrote it); tracked.
    pub fn is_read_only(&self, id: &str) -> bool {
        self.unreadable.track();
        self.kept_aside(id)
    }

    fn kept_aside(&self, id: &str) -> bool {
        let key = storage::project_key(id);
        self.unreadable
            .with_untracked(|u| u.iter().any(|u| u.key == key))
    }

    /// Whether project `id` has an edit to undo (with `redo`: an undone edit to redo);
    /// tracked.
    pub fn can(&self, id: &str, redo: bool) -> bool {
        !self.is_read_only(id) && self.history.with(|(owner, h)| owner == id && h.can(redo))
    }

    /// Writes a project, or a value kept aside under its key back as it was read; after
    /// the first successful write, asks the browser to keep storage. `seen` is the
    /// revision this tab last saw stored (`None`: a project new to storage); when
    /// storage holds something newer or other, that is shown instead and nothing is
    /// written. False when the project was not saved for that reason.
    fn persist(&self, project: &Project, seen: Option<Revision>) -> bool {
        let key = storage::project_key(&project.id);
        let kept = self
            .unreadable
            .with_untracked(|u| u.iter().find(|u| u.key == key).cloned());
        let saved = match &kept {
            Some(kept) => storage::write_back(kept),
            None => storage::save_project(project, seen),
        };
        match saved {
            Ok(()) => {
                self.storage_error.set(None);
                self.ask_persistence();
            }
            Err(StorageError::Changed) => {
                if let Some(stored) = storage::load_project(&project.id) {
                    self.take(stored, true);
                }
                self.refused(&project.id);
                return false;
            }
            Err(e) => self.storage_error.set(Some(e)),
        }
        true
    }

    /// Asks the browser once per page to keep this site's storage; the footer shows
    /// the answer.
    fn ask_persistence(&self) {
        static ASKED: AtomicBool = AtomicBool::new(false);
        if !ASKED.swap(true, Ordering::Relaxed) {
            storage::request_persistence(super::shell::show_persistence);
        }
    }

    /// Adds a new project at the top of the list and saves it, at a fresh revision. If
    /// storage already holds a project under its id (another tab promoted the same
    /// idea), that one is shown instead and this one is not added.
    pub fn add_project(&self, mut project: Project) {
        project = crate::data::fresh(project);
        project.updated_at = now_ms();
        if self.persist(&project, None) {
            self.projects.update(|ps| ps.insert(0, project));
        }
    }

    /// Puts back a deleted project and saves it again (unless another tab has saved a
    /// project under its id since).
    pub fn restore_project(&self, project: Project) {
        if self.persist(&project, Some(project.revision)) {
            self.projects.update(|ps| {
                ps.push(project);
                storage::sort_newest_first(ps);
            });
        }
    }

    /// Changes one project as one undoable edit (edits within a second of each other
    /// are undone together), and saves it.
    pub fn update_project(&self, id: &str, change: impl FnOnce(&mut Project)) {
        // Called with many different closures: the shared work is behind `dyn`, so that
        // each call site adds only this shim to the wasm.
        let mut change = Some(change);
        self.edit(id, &mut |p| {
            if let Some(change) = change.take() {
                change(p);
            }
        });
    }

    fn edit(&self, id: &str, change: &mut dyn FnMut(&mut Project)) {
        let now = now_ms();
        self.write(id, &mut |history, p| {
            history.record(now, || p.clone());
            change(p);
            true
        });
    }

    /// Undoes the last edit of project `id`.
    pub fn undo(&self, id: &str) {
        self.write(id, &mut History::undo);
    }

    /// Redoes the last undone edit of project `id`.
    pub fn redo(&self, id: &str) {
        self.write(id, &mut History::redo);
    }

    /// Changes project `id` with `edit`, which is given the project's undo history and
    /// the project and says whether it changed anything; then counts the revision,
    /// stamps the edit time and saves. Does nothing unless [`Store::may_write`] allows it.
    fn write(&self, id: &str, edit: &mut dyn FnMut(&mut History<Project>, &mut Project) -> bool) {
        if !self.may_write(id) {
            return;
        }
        let mut saved = None;
        self.projects.update(|ps| {
            let Some(p) = ps.iter_mut().find(|p| p.id == id) else {
                return;
            };
            let (revision, edited) = (p.revision, p.updated_at);
            let mut changed = false;
            self.history.update(|(owner, h)| {
                if owner != id {
                    *owner = id.to_owned();
                    *h = History::default();
                }
                changed = edit(h, p);
            });
            if changed {
                p.revision = revision.next();
                p.updated_at = now_ms().max(edited + 1.0);
                saved = Some((p.clone(), revision));
            }
        });
        if let Some((p, seen)) = saved {
            self.persist(&p, Some(seen));
        }
    }

    /// Whether project `id` may be edited now: not when it is read-only (its stored
    /// value is kept aside), and the user is told why. Whether storage holds something
    /// this tab has not seen is checked as the edit is saved (`Store::persist`).
    fn may_write(&self, id: &str) -> bool {
        if self.kept_aside(id) {
            self.refused(id);
            return false;
        }
        true
    }

    /// Tells the user why an edit of project `id` was not saved: what storage holds
    /// is shown instead.
    fn refused(&self, id: &str) {
        let name = self
            .projects
            .with_untracked(|ps| ps.iter().find(|p| p.id == id).map(|p| p.name.clone()))
            .unwrap_or_default();
        self.note.set(Some(if self.kept_aside(id) {
            format!("“{name}” was saved by a newer version of Yardstick (or cannot be read), so this page does not change it.")
        } else {
            format!("“{name}” was changed in another tab. That newer version is shown here, and your last edit in this tab was not applied.")
        }));
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
