//! The team's track record (docs/MODEL.md §29): how done tasks' actual effort compared
//! with their most likely estimates, per role and overall; the ratios an open task's
//! effort is resampled from in the forecast "with our track record" (Evidence-Based
//! Scheduling); and the reference class of finished projects' actual ÷ planned effort.
//!
//! Ratios are effort over effort, so currencies never enter. Roles of different
//! projects are the same role exactly when their names match after trimming and
//! lower-casing ([`role_key`]); any other name is another role.

use super::abtest::normal_quantile;
use super::stats::{histogram, quantile_sorted, sort_floats, Bin};
use crate::model::{Project, TaskKind, TaskState};
use serde::{Deserialize, Serialize};

/// Fewest records a role needs before its own ratios are resampled (else all roles'
/// are), and fewest records overall before the prior gives way.
pub const MIN_RECORDS: usize = 5;

/// Fewest finished projects for a reference class.
pub const MIN_PROJECTS: usize = 3;

/// Values of the prior: the ratio's log-normal with median 1 and σ = 0.5 in the log,
/// at probabilities (i − 0.5) / [`PRIOR_POINTS`].
pub const PRIOR_POINTS: usize = 20;
pub const PRIOR_SIGMA: f64 = 0.5;

/// One done work task's actual effort over its most likely estimate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The role's name as the project names it.
    pub role: String,
    pub ratio: f64,
}

/// What the page gathers from every project in the browser for the track record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub records: Vec<Record>,
    /// Each finished project's actual ÷ planned effort (MODEL.md R160).
    pub finished: Vec<f64>,
}

/// The key two role names are matched by: trimmed, inner spaces collapsed to one,
/// lower case.
pub fn role_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The records of `project`: each done work task with an actual effort and a most
/// likely estimate above 0, whose role is on the team (R157).
pub fn records(project: &Project) -> Vec<Record> {
    project
        .tasks
        .iter()
        .filter(|t| t.state == TaskState::Done && t.kind == TaskKind::Work)
        .filter_map(|t| {
            let actual = t.actual.filter(|a| a.is_finite() && *a >= 0.0)?;
            let ml = t.effort.most_likely;
            let role = project.role(t.role)?;
            (ml.is_finite() && ml > 0.0).then(|| Record {
                role: role.name.clone(),
                ratio: actual / ml,
            })
        })
        .collect()
}

/// A finished project's actual ÷ planned effort: every work task done, at least one
/// with a most likely estimate above 0 (R160).
pub fn finished_ratio(project: &Project) -> Option<f64> {
    let work: Vec<_> = project
        .tasks
        .iter()
        .filter(|t| t.kind == TaskKind::Work)
        .collect();
    if work.is_empty() || work.iter().any(|t| t.state != TaskState::Done) {
        return None;
    }
    let planned: f64 = work.iter().map(|t| t.effort.most_likely).sum();
    let actual: f64 = work.iter().map(|t| t.actual.unwrap_or(0.0)).sum();
    (planned.is_finite() && planned > 0.0 && actual.is_finite()).then(|| actual / planned)
}

/// The history of `projects` (this one among them).
pub fn history<'a>(projects: impl IntoIterator<Item = &'a Project>) -> History {
    let mut h = History::default();
    for p in projects {
        h.records.extend(records(p));
        h.finished.extend(finished_ratio(p));
    }
    h
}

/// A set of ratios described.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ratios {
    pub n: usize,
    /// Nearest-rank quantiles (R70).
    pub median: f64,
    pub p80: f64,
    pub histogram: Vec<Bin>,
}

impl Ratios {
    /// `None` for no ratios.
    pub fn of(ratios: &[f64]) -> Option<Self> {
        if ratios.is_empty() {
            return None;
        }
        let mut sorted = ratios.to_vec();
        sort_floats(&mut sorted);
        Some(Self {
            n: sorted.len(),
            median: quantile_sorted(&sorted, 0.5),
            p80: quantile_sorted(&sorted, 0.8),
            histogram: histogram(&sorted),
        })
    }

    /// The sentence a person reads, e.g. "Actual effort ran 40% high (n = 5) against the
    /// most likely estimates." (the median's distance from 1, rounded to a whole
    /// percent).
    pub fn sentence(&self) -> String {
        let percent = ((self.median - 1.0) * 100.0).round();
        let how = if percent > 0.0 {
            format!("ran {percent}% high")
        } else if percent < 0.0 {
            format!("ran {}% low", -percent)
        } else {
            "matched".to_owned()
        };
        format!(
            "Actual effort {how} (n = {}) against the most likely estimates.",
            self.n
        )
    }
}

/// The track record: overall and per role (roles in order of first appearance, each
/// named as first seen).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrackRecord {
    pub overall: Option<Ratios>,
    pub roles: Vec<(String, Ratios)>,
}

/// Records grouped by [`role_key`]: (name as first seen, ratios), in order of first
/// appearance.
fn by_role(records: &[Record]) -> Vec<(String, String, Vec<f64>)> {
    let mut groups: Vec<(String, String, Vec<f64>)> = Vec::new();
    for r in records {
        let key = role_key(&r.role);
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => g.2.push(r.ratio),
            None => groups.push((key, r.role.clone(), vec![r.ratio])),
        }
    }
    groups
}

/// The track record of `records`.
pub fn track_record(records: &[Record]) -> TrackRecord {
    let all: Vec<f64> = records.iter().map(|r| r.ratio).collect();
    TrackRecord {
        overall: Ratios::of(&all),
        roles: by_role(records)
            .into_iter()
            .filter_map(|(_, name, ratios)| Ratios::of(&ratios).map(|r| (name, r)))
            .collect(),
    }
}

/// Where a role's resampled ratios come from (R158).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    Role,
    AllRoles,
    Prior,
}

/// The ratios each role's open tasks are resampled from, sorted.
#[derive(Clone, Debug, PartialEq)]
pub struct Resampling {
    roles: Vec<(String, Vec<f64>)>,
    all: Vec<f64>,
    all_source: Source,
}

impl Resampling {
    /// From the records (R158): a role with at least [`MIN_RECORDS`] uses its own,
    /// else all roles' when there are at least that many, else the prior.
    pub fn of(records: &[Record]) -> Self {
        let sorted = |mut v: Vec<f64>| {
            sort_floats(&mut v);
            v
        };
        let all: Vec<f64> = records
            .iter()
            .map(|r| r.ratio)
            .filter(|r| r.is_finite())
            .collect();
        let (all, all_source) = if all.len() >= MIN_RECORDS {
            (sorted(all), Source::AllRoles)
        } else {
            (prior(), Source::Prior)
        };
        let roles = by_role(records)
            .into_iter()
            .filter(|g| g.2.len() >= MIN_RECORDS)
            .map(|(key, _, ratios)| (key, sorted(ratios)))
            .collect();
        Self {
            roles,
            all,
            all_source,
        }
    }

    /// The sorted ratios a task of the role named `role` is resampled from, and
    /// where they come from.
    pub fn of_role(&self, role: &str) -> (&[f64], Source) {
        let key = role_key(role);
        match self.roles.iter().find(|r| r.0 == key) {
            Some((_, ratios)) => (ratios, Source::Role),
            None => (&self.all, self.all_source),
        }
    }
}

/// The prior's values (R158), ascending.
pub fn prior() -> Vec<f64> {
    (0..PRIOR_POINTS)
        .map(|i| {
            let p = (i as f64 + 0.5) / PRIOR_POINTS as f64;
            (PRIOR_SIGMA * normal_quantile(p)).exp()
        })
        .collect()
}

/// The reference class (R160): finished projects' actual ÷ planned effort, and the
/// uplift at confidence `c` (the c-quantile less 1), once there are
/// [`MIN_PROJECTS`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReferenceClass {
    pub n: usize,
    pub confidence: f64,
    pub uplift: f64,
}

/// The reference class of `finished` at confidence `c`, when there are enough.
pub fn reference_class(finished: &[f64], c: f64) -> Option<ReferenceClass> {
    if finished.len() < MIN_PROJECTS {
        return None;
    }
    let mut sorted = finished.to_vec();
    sort_floats(&mut sorted);
    Some(ReferenceClass {
        n: sorted.len(),
        confidence: c,
        uplift: quantile_sorted(&sorted, c) - 1.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Role, Task, ThreePoint};

    fn project(ratios: &[(u32, f64)]) -> Project {
        let mut p = Project::new("p", "P", Date::from_days(20_000));
        for (id, name) in [(1, "Data scientist"), (2, "ML engineer")] {
            p.team.push(Role {
                id,
                name: name.into(),
                headcount: 1.0,
                day_rate: 100.0,
            });
        }
        for (i, &(role, ratio)) in ratios.iter().enumerate() {
            p.tasks.push(Task {
                id: i as u32 + 1,
                name: format!("T{i}"),
                role,
                effort: ThreePoint::new(1.0, 10.0, 20.0),
                state: TaskState::Done,
                actual: Some(10.0 * ratio),
                finished: Some(p.start_date),
                ..Default::default()
            });
        }
        p
    }

    #[test]
    fn ratios_are_actual_over_most_likely_of_done_work_with_a_known_role() {
        let mut p = project(&[(1, 1.5), (2, 0.5), (9, 2.0)]);
        p.tasks.push(Task {
            id: 10,
            role: 1,
            effort: ThreePoint::exactly(3.0),
            actual: None,
            ..Default::default()
        });
        let r = records(&p);
        assert_eq!(
            r.iter()
                .map(|r| (r.role.as_str(), r.ratio))
                .collect::<Vec<_>>(),
            [("Data scientist", 1.5), ("ML engineer", 0.5)]
        );
    }

    #[test]
    fn the_sentence_reads_the_median() {
        let high = Ratios::of(&[1.4; 5]).unwrap();
        assert_eq!(
            high.sentence(),
            "Actual effort ran 40% high (n = 5) against the most likely estimates."
        );
        let low = Ratios::of(&[0.62, 0.62, 0.9]).unwrap();
        assert!(low.sentence().contains("ran 38% low"), "{}", low.sentence());
        assert!(Ratios::of(&[1.0]).unwrap().sentence().contains("matched"));
    }

    #[test]
    fn roles_match_by_trimmed_lower_case_name_and_fall_back_to_all_then_the_prior() {
        let mut records: Vec<Record> = (0..5)
            .map(|i| Record {
                role: if i % 2 == 0 {
                    " data  Scientist"
                } else {
                    "Data scientist"
                }
                .into(),
                ratio: 1.0 + i as f64 / 10.0,
            })
            .collect();
        records.push(Record {
            role: "ML engineer".into(),
            ratio: 3.0,
        });
        let r = Resampling::of(&records);
        assert_eq!(r.of_role("DATA SCIENTIST").1, Source::Role);
        assert_eq!(r.of_role("DATA SCIENTIST").0, [1.0, 1.1, 1.2, 1.3, 1.4]);
        let (all, source) = r.of_role("ML engineer");
        assert_eq!((all.len(), source), (6, Source::AllRoles));
        let few = Resampling::of(&records[..4]);
        assert_eq!(few.of_role("Data scientist").1, Source::Prior);
        assert_eq!(few.of_role("Data scientist").0, prior().as_slice());
    }

    #[test]
    fn the_prior_is_a_symmetric_wide_log_normal_around_one() {
        let p = prior();
        assert_eq!(p.len(), PRIOR_POINTS);
        for (lo, hi) in p.iter().zip(p.iter().rev()) {
            assert!((lo * hi - 1.0).abs() < 1e-9, "{lo} {hi}");
        }
        assert!(p[0] < 0.5 && p[PRIOR_POINTS - 1] > 2.0);
    }

    #[test]
    fn a_reference_class_needs_three_finished_projects() {
        let finished: Vec<f64> = [1.2, 1.5, 0.9]
            .iter()
            .filter_map(|&r| finished_ratio(&project(&[(1, r), (2, r)])))
            .collect();
        assert_eq!(reference_class(&finished[..2], 0.8), None);
        let rc = reference_class(&finished, 0.8).unwrap();
        assert_eq!(rc.n, 3);
        assert!((rc.uplift - 0.5).abs() < 1e-12, "{rc:?}");
        let mut open = project(&[(1, 1.0)]);
        open.tasks[0].state = TaskState::InProgress;
        assert_eq!(finished_ratio(&open), None);
    }
}
