//! Undo and redo: a bounded history of earlier values, in which a burst of rapid edits
//! (typing, say) counts as one step.
//!
//! Pure and generic; the page's `Store` keeps one for the open project.

/// Edits less than this many milliseconds after the previous one join its step.
pub const COALESCE_MS: f64 = 1000.0;

/// The most steps kept; the oldest is forgotten first.
pub const LIMIT: usize = 100;

/// Earlier and later values of one thing.
#[derive(Clone, Debug, PartialEq)]
pub struct History<T> {
    undo: Vec<T>,
    redo: Vec<T>,
    /// When the last edit was recorded, while the next one may still join its step.
    last_edit: Option<f64>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            last_edit: None,
        }
    }
}

impl<T> History<T> {
    /// Notes an edit made at `now` (milliseconds). Unless it joins the step of an edit
    /// less than [`COALESCE_MS`] earlier, `before` is called for the value as it was
    /// before this edit, and kept as a new step. Anything undone can no longer be redone.
    pub fn record(&mut self, now: f64, before: impl FnOnce() -> T) {
        let joins = self
            .last_edit
            .is_some_and(|last| (last..last + COALESCE_MS).contains(&now));
        if !joins {
            if self.undo.len() == LIMIT {
                self.undo.remove(0);
            }
            self.undo.push(before());
        }
        self.last_edit = Some(now);
        self.redo.clear();
    }

    /// Goes back one step: `current` becomes the value before it. False when there is
    /// nothing to undo.
    pub fn undo(&mut self, current: &mut T) -> bool {
        let Some(earlier) = self.undo.pop() else {
            return false;
        };
        self.redo.push(std::mem::replace(current, earlier));
        self.last_edit = None;
        true
    }

    /// Goes forward one undone step. False when there is nothing to redo.
    pub fn redo(&mut self, current: &mut T) -> bool {
        let Some(later) = self.redo.pop() else {
            return false;
        };
        self.undo.push(std::mem::replace(current, later));
        self.last_edit = None;
        true
    }

    /// Whether [`History::undo`] (or, with `redo`, [`History::redo`]) has a step to take.
    pub fn can(&self, redo: bool) -> bool {
        if redo {
            !self.redo.is_empty()
        } else {
            !self.undo.is_empty()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Edits `value` to `to` at `now`, recording it in `history`.
    fn edit(history: &mut History<i32>, value: &mut i32, now: f64, to: i32) {
        history.record(now, || *value);
        *value = to;
    }

    #[test]
    fn undo_and_redo_walk_the_steps_in_order() {
        let (mut h, mut v) = (History::default(), 0);
        edit(&mut h, &mut v, 0.0, 1);
        edit(&mut h, &mut v, 5_000.0, 2);
        assert!(h.can(false) && !h.can(true));
        assert!(h.undo(&mut v));
        assert_eq!(v, 1);
        assert!(h.undo(&mut v));
        assert_eq!(v, 0);
        assert!(!h.undo(&mut v), "nothing before the first edit");
        assert_eq!(v, 0);
        assert!(h.redo(&mut v));
        assert!(h.redo(&mut v));
        assert_eq!(v, 2);
        assert!(!h.redo(&mut v));
        assert_eq!(v, 2);
    }

    #[test]
    fn rapid_edits_are_one_step_and_a_pause_starts_the_next() {
        let (mut h, mut v) = (History::default(), 0);
        for (i, now) in [0.0, 400.0, 1_300.0, 2_200.0].into_iter().enumerate() {
            edit(&mut h, &mut v, now, i as i32 + 1);
        }
        edit(&mut h, &mut v, 3_300.0, 10);
        assert!(h.undo(&mut v));
        assert_eq!(v, 4, "the edit after a pause is its own step");
        assert!(h.undo(&mut v));
        assert_eq!(v, 0, "a burst of typing is undone at once");
        assert!(!h.can(false));
    }

    #[test]
    fn a_clock_that_goes_back_starts_a_new_step() {
        let (mut h, mut v) = (History::default(), 0);
        edit(&mut h, &mut v, 5_000.0, 1);
        edit(&mut h, &mut v, 4_900.0, 2);
        assert!(h.undo(&mut v));
        assert_eq!(v, 1);
    }

    #[test]
    fn a_new_edit_drops_the_redo_steps_and_an_undo_ends_a_burst() {
        let (mut h, mut v) = (History::default(), 0);
        edit(&mut h, &mut v, 0.0, 1);
        edit(&mut h, &mut v, 5_000.0, 2);
        assert!(h.undo(&mut v));
        edit(&mut h, &mut v, 5_100.0, 3);
        assert!(!h.can(true), "redo is gone after a new edit");
        assert!(h.undo(&mut v));
        assert_eq!(v, 1, "the edit right after an undo is a step of its own");
    }

    #[test]
    fn only_the_last_hundred_steps_are_kept() {
        let (mut h, mut v) = (History::default(), 0);
        for i in 1..=LIMIT as i32 + 5 {
            edit(&mut h, &mut v, f64::from(i) * 10_000.0, i);
        }
        let mut undone = 0;
        while h.undo(&mut v) {
            undone += 1;
        }
        assert_eq!(undone, LIMIT);
        assert_eq!(v, 5, "the five oldest steps were forgotten");
    }
}
