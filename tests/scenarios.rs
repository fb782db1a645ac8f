//! Scenarios (docs/MODEL.md §30): what-ifs made from the plan, promoted without losing
//! the plan, kept in JSON files and refused there when broken, never in share links.
#![cfg(not(target_arch = "wasm32"))]

use yardstick::data::{export_project, import_untrusted};
use yardstick::engine::forecast;
use yardstick::model::templates::bike_shop;
use yardstick::model::validate::{beyond_limits, validate};
use yardstick::model::{Date, Project, RiskTarget, ScenarioError, Stage, MAX_SCENARIOS};

fn shop() -> Project {
    bike_shop("shop".into(), Date::from_ymd(2027, 1, 4).unwrap())
}

#[test]
fn one_more_person_is_a_scenario_with_its_own_forecast() {
    let mut p = shop();
    let engineer = p
        .team
        .iter()
        .find(|r| r.name == "Data engineer")
        .unwrap()
        .id;
    let (plan, name) = p.with_one_more(engineer).unwrap();
    assert_eq!(name, "One more Data engineer");
    assert_eq!(
        plan.role(engineer).unwrap().headcount,
        p.role(engineer).unwrap().headcount + 1.0
    );
    p.add_scenario(&name, plan).unwrap();
    assert_eq!(validate(&p), vec![]);
    let f = forecast(&p).unwrap();
    let g = forecast(&p.scenarios[0].plan).unwrap();
    assert!(
        g.duration.p80 <= f.duration.p80,
        "{} > {}",
        g.duration.p80,
        f.duration.p80
    );
    assert_eq!(p.with_one_more(999).unwrap_err(), ScenarioError::NoRole);
    // The scenarios do not change the plan's own forecast.
    assert_eq!(forecast(&p.plan_only()).unwrap(), f);
}

#[test]
fn dropping_a_stage_takes_its_tasks_links_risk_targets_and_milestones() {
    let p = shop();
    let (plan, name) = p.without_stage(Stage::Maturity).unwrap();
    assert_eq!(name, "Without the Maturity stage");
    assert!(plan.tasks.iter().all(|t| t.stage != Stage::Maturity));
    assert!(plan
        .plan
        .milestones
        .iter()
        .all(|m| m.stage != Stage::Maturity));
    let ids: Vec<u32> = plan.tasks.iter().map(|t| t.id).collect();
    for t in &plan.tasks {
        assert!(t.depends_on.iter().all(|d| ids.contains(d)));
    }
    for r in &plan.risks {
        assert!(r
            .targets()
            .all(|t| !matches!(t, RiskTarget::Task(id) if !ids.contains(&id))));
    }
    assert_eq!(validate(&plan), vec![]);
    assert!(forecast(&plan).unwrap().cost.p80 < forecast(&p).unwrap().cost.p80);
    let mut lone = p.clone();
    lone.tasks.retain(|t| t.stage == Stage::Mvp);
    lone.risks.clear();
    assert_eq!(
        lone.without_stage(Stage::Mvp).unwrap_err(),
        ScenarioError::NothingLeft
    );
}

#[test]
fn adopting_every_mitigation_is_refused_when_there_is_none_left() {
    let p = shop();
    let (plan, _) = p.with_mitigations_adopted().unwrap();
    assert!(plan.risks.iter().any(|r| r.mitigation.adopted));
    assert_eq!(
        plan.with_mitigations_adopted().unwrap_err(),
        ScenarioError::NothingToAdopt
    );
}

#[test]
fn promoting_swaps_the_plan_and_the_scenario_and_loses_nothing() {
    let mut p = shop();
    let engineer = p.team[0].id;
    let before = p.clone();
    let (plan, name) = p.with_one_more(engineer).unwrap();
    p.add_scenario(&name, plan.clone()).unwrap();
    p.promote(0).unwrap();
    assert_eq!(
        (p.id.as_str(), p.name.as_str()),
        (before.id.as_str(), before.name.as_str())
    );
    assert_eq!(p.team, plan.team);
    assert_eq!(p.scenarios.len(), 1);
    assert_eq!(p.scenarios[0].name, format!("Plan before “{name}”"));
    assert_eq!(*p.scenarios[0].plan, before);
    // Promoting back gives the plan we started from.
    p.promote(0).unwrap();
    assert_eq!(p.plan_only(), before);
    assert_eq!(p.promote(3).unwrap_err(), ScenarioError::NoScenario);
}

#[test]
fn a_project_keeps_a_bounded_number_of_scenarios() {
    let mut p = shop();
    for i in 0..MAX_SCENARIOS {
        p.add_scenario(&format!("S{i}"), p.plan_only()).unwrap();
    }
    assert_eq!(
        p.add_scenario("one too many", p.plan_only()).unwrap_err(),
        ScenarioError::Full
    );
    assert_eq!(validate(&p), vec![]);
    p.scenarios.push(p.scenarios[0].clone());
    assert!(beyond_limits(&p).iter().any(|e| e.path == "scenarios"));
}

#[test]
fn scenarios_travel_in_json_and_a_broken_one_is_refused_at_its_path() {
    let mut p = shop();
    let (plan, name) = p.with_mitigations_adopted().unwrap();
    p.add_scenario(&name, plan).unwrap();
    let back = import_untrusted(&export_project(&p)).unwrap();
    assert_eq!(back.scenarios, p.scenarios);
    // A broken plan inside a scenario, or a scenario inside a scenario, is refused.
    let mut broken = p.clone();
    broken.scenarios[0].plan.tasks[0].effort.optimistic = -1.0;
    let err = import_untrusted(&export_project(&broken))
        .unwrap_err()
        .to_string();
    assert!(err.contains("scenarios[0].plan.tasks[0]"), "{err}");
    let mut nested = p.clone();
    let inner = nested.scenarios[0].clone();
    nested.scenarios[0].plan.scenarios.push(inner);
    assert!(validate(&nested)
        .iter()
        .any(|e| e.path == "scenarios[0].plan.scenarios"));
    let mut unnamed = p.clone();
    unnamed.scenarios[0].name = "  ".into();
    assert!(validate(&unnamed)
        .iter()
        .any(|e| e.path == "scenarios[0].name"));
}

#[test]
fn share_links_carry_the_plan_alone() {
    let mut p = shop();
    p.add_scenario("Copy", p.plan_only()).unwrap();
    let text = yardstick::share::pack(&p);
    let (format, plan) = yardstick::share::split_format(&text);
    let opened = yardstick::share::read(format, plan).unwrap();
    assert!(opened.scenarios.is_empty());
    assert_eq!(opened.tasks, p.tasks);
    // The old JSON format drops them too.
    let v1 = yardstick::share::read_v1(&export_project(&p)).unwrap();
    assert!(v1.scenarios.is_empty());
}
