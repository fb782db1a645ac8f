//! Following a project as it runs (docs/MODEL.md §28): where each task stands, the
//! status date the forecast runs from, the feasibility gate's outcome once evaluated,
//! and the baseline and status snapshots that show how the forecast drifted.

use super::Date;
use serde::{Deserialize, Serialize};

/// Where a task stands on the status date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TaskState {
    /// Not started: forecast from its estimate, from the status date on.
    #[default]
    NotStarted,
    /// Started: its remaining effort is forecast from the status date, on top of the
    /// actual effort spent so far.
    InProgress,
    /// Finished: its actual effort and finish date are facts, not draws.
    Done,
}

named_values!(TaskState {
    NotStarted = "not_started",
    InProgress = "in_progress",
    Done = "done",
});

impl TaskState {
    /// Whether the task has not started (the default, which is not written).
    pub fn is_not_started(&self) -> bool {
        *self == TaskState::NotStarted
    }

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            TaskState::NotStarted => "Not started",
            TaskState::InProgress => "In progress",
            TaskState::Done => "Done",
        }
    }

    /// The state a tracker's status names (docs/MODEL.md R161), compared by its ASCII
    /// letters and digits only, ignoring case: done for "Done", "Closed", "Resolved",
    /// "Finished" and anything starting "Complete"; in progress for "In progress",
    /// "In review", "Doing" and "Started"; not started for "To do", "Todo", "Backlog",
    /// "Open" and "Not started". Any other status is none of them.
    pub fn from_status(status: &str) -> Option<TaskState> {
        let key: String = status
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match key.as_str() {
            "done" | "closed" | "resolved" | "finished" => Some(TaskState::Done),
            k if k.starts_with("complete") => Some(TaskState::Done),
            "inprogress" | "inreview" | "doing" | "started" => Some(TaskState::InProgress),
            "todo" | "backlog" | "open" | "notstarted" => Some(TaskState::NotStarted),
            _ => None,
        }
    }
}

/// The feasibility gate's outcome once the model has been evaluated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum GateOutcome {
    /// Not evaluated yet: the gate passes with its probability.
    #[default]
    Pending,
    /// The model reached the minimum performance: no trial stops.
    Passed,
    /// It did not: every trial stops at the gate.
    Failed,
}

named_values!(GateOutcome {
    Pending = "pending",
    Passed = "passed",
    Failed = "failed",
});

impl GateOutcome {
    /// Whether the gate is still to be evaluated (the default, which is not written).
    pub fn is_pending(&self) -> bool {
        *self == GateOutcome::Pending
    }
}

/// A forecast kept for comparison: the baseline, or the forecast at one status date.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The status date it was recorded at (the day it was set, for a baseline set
    /// before tracking started).
    pub date: Date,
    /// The engine version that made the forecast (`engine::forecast::ENGINE_VERSION`).
    pub engine: u32,
    pub p50_finish: Date,
    pub p80_finish: Date,
    pub p50_cost: f64,
    pub p80_cost: f64,
    /// Effort of the done tasks and the spent effort of the tasks in progress, in
    /// person-days.
    pub done_effort: f64,
    /// The forecast's median total effort in person-days.
    pub p50_effort: f64,
}

/// A project's tracking: off (no status date) until the first status is recorded.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tracking {
    /// The day the forecast runs from: nothing is scheduled before it.
    #[serde(default)]
    pub status_date: Option<Date>,
    /// The forecast the plan was committed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Snapshot>,
    /// One snapshot per recorded status date, oldest first, at most
    /// [`Tracking::MAX_SNAPSHOTS`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub snapshots: Vec<Snapshot>,
}

impl Tracking {
    /// The most snapshots a project keeps; recording one more drops the oldest.
    pub const MAX_SNAPSHOTS: usize = 60;

    /// Whether nothing is tracked (not written then).
    pub fn is_off(&self) -> bool {
        self.status_date.is_none() && self.baseline.is_none() && self.snapshots.is_empty()
    }

    /// Records `snapshot` as the one of its date: it replaces a snapshot of the same
    /// date, and the oldest are dropped beyond [`Tracking::MAX_SNAPSHOTS`].
    pub fn record(&mut self, snapshot: Snapshot) {
        self.snapshots.retain(|s| s.date != snapshot.date);
        let at = self.snapshots.partition_point(|s| s.date < snapshot.date);
        self.snapshots.insert(at, snapshot);
        let excess = self.snapshots.len().saturating_sub(Self::MAX_SNAPSHOTS);
        self.snapshots.drain(..excess);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(day: i32) -> Snapshot {
        let date = Date::from_days(day);
        Snapshot {
            date,
            engine: 3,
            p50_finish: date,
            p80_finish: date,
            p50_cost: 1.0,
            p80_cost: 2.0,
            done_effort: 0.0,
            p50_effort: 3.0,
        }
    }

    #[test]
    fn tracker_statuses_map_to_states_by_their_letters() {
        use TaskState::*;
        for (status, state) in [
            ("Done", Some(Done)),
            ("CLOSED", Some(Done)),
            ("Resolved", Some(Done)),
            ("Completed", Some(Done)),
            ("complete ✓", Some(Done)),
            ("In Progress", Some(InProgress)),
            ("in_progress", Some(InProgress)),
            ("In-Review", Some(InProgress)),
            ("Doing", Some(InProgress)),
            ("Started", Some(InProgress)),
            ("To Do", Some(NotStarted)),
            ("TODO", Some(NotStarted)),
            ("Backlog", Some(NotStarted)),
            (" Open ", Some(NotStarted)),
            ("Not started", Some(NotStarted)),
            ("Canceled", None),
            ("Reopened", None),
            ("Done?", Some(Done)),
            ("", None),
            ("Incomplete", None),
        ] {
            assert_eq!(TaskState::from_status(status), state, "{status}");
        }
    }

    #[test]
    fn a_snapshot_replaces_its_date_and_the_list_stays_sorted_and_bounded() {
        let mut t = Tracking::default();
        t.record(snap(20));
        t.record(snap(10));
        let mut again = snap(20);
        again.p80_cost = 9.0;
        t.record(again);
        let days: Vec<i32> = t.snapshots.iter().map(|s| s.date.days()).collect();
        assert_eq!(days, [10, 20]);
        assert_eq!(t.snapshots[1].p80_cost, 9.0);
        for d in 100..100 + Tracking::MAX_SNAPSHOTS as i32 {
            t.record(snap(d));
        }
        assert_eq!(t.snapshots.len(), Tracking::MAX_SNAPSHOTS);
        assert_eq!(t.snapshots[0].date.days(), 100);
    }
}
