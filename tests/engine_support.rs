//! Builders shared by the engine's integration tests: small projects whose forecasts
//! can be worked out by hand.
#![cfg(not(target_arch = "wasm32"))]
#![allow(dead_code)]

use yardstick::model::{Date, Distribution, Phase, Project, Role, Stage, Task, ThreePoint};

/// Monday 5 January 2026.
pub fn monday() -> Date {
    Date::from_ymd(2026, 1, 5).expect("a real date")
}

/// An empty project with one role of the given headcount at 500 a day.
pub fn project(headcount: f64) -> Project {
    let mut p = Project::new("test", "Test plan", monday());
    p.team.push(Role {
        id: 1,
        name: "Data scientist".into(),
        headcount,
        day_rate: 500.0,
    });
    p.settings.trials = 20_000;
    p.settings.seed = 7;
    p
}

/// A task of role 1 in the MVP's Modelling phase.
pub fn task(id: u32, effort: ThreePoint, distribution: Distribution, deps: &[u32]) -> Task {
    Task {
        id,
        name: format!("Task {id}"),
        phase: Phase::Modelling,
        stage: Stage::Mvp,
        role: 1,
        effort,
        distribution,
        kind: Default::default(),
        depends_on: deps.to_vec(),
        ..Default::default()
    }
}

/// A fixed-effort task.
pub fn fixed(id: u32, days: f64, deps: &[u32]) -> Task {
    task(id, ThreePoint::exactly(days), Distribution::Fixed, deps)
}
