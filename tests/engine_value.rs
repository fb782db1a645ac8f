//! What projects are worth and how they rank: the value forecast through the whole
//! engine against closed forms, and the portfolio's ranking, pairwise comparisons on
//! common random numbers, ideas and validation.
#![cfg(not(target_arch = "wasm32"))]

#[path = "engine_support.rs"]
mod support;

use support::{fixed, project};
use yardstick::engine::{forecast, portfolio, EntryKind, Portfolio};
use yardstick::model::templates::template;
use yardstick::model::{Date, Idea, IdeaSize, Project, ThreePoint, ValueModel, Workspace};

/// A fixed 61-day task at 500 a day on a seven-day week, with a fixed benefit.
fn fixed_project() -> Project {
    let mut p = project(1.0);
    p.working_days_per_week = 7;
    p.tasks.push(fixed(1, 61.0, &[]));
    p.value = ValueModel {
        annual_benefit: ThreePoint::exactly(120_000.0),
        ramp_up_months: 0.0,
        horizon_years: 2.0,
        discount_rate: 0.05,
        data_cost: 1_000.0,
        ..ValueModel::default()
    };
    p
}

#[test]
fn a_fixed_plan_is_worth_its_textbook_npv() {
    // Protects the whole path from simulated finish to NPV: 61 days on a seven-day
    // week deliver 61 / (365.25 / 12) months in; benefit accrues monthly from then,
    // discounted at (1 + r)^(m / 12); build cost and data are paid up front.
    let f = forecast(&fixed_project()).expect("valid");
    let d: f64 = 61.0 / (365.25 / 12.0);
    let v = |m: f64| 1.05f64.powf(-m / 12.0);
    let mut benefit = 10_000.0 * (d.ceil() - d) * v(d.ceil());
    for m in d.ceil() as u32 + 1..=24 {
        benefit += 10_000.0 * v(f64::from(m));
    }
    let want = benefit - 61.0 * 500.0 - 1_000.0;
    let got = &f.value;
    assert!(
        (got.npv.mean - want).abs() < 1e-6,
        "{} vs {want}",
        got.npv.mean
    );
    assert_eq!(got.npv.p10, got.npv.p90);
    assert_eq!(got.probability_positive, 1.0);
    assert!((got.delivery_months_p50 - d).abs() < 1e-12);
    assert_eq!(got.horizon_months, 24);
    let roi = got.roi.expect("it costs something");
    assert!((roi - got.npv.mean / (61.0 * 500.0 + 1_000.0)).abs() < 1e-12);
    let payback = got.payback_months_p50.expect("it pays back");
    assert!(
        payback > d.ceil() + 2.0 && payback < d.ceil() + 4.0,
        "{payback}"
    );
}

#[test]
fn a_gate_that_never_passes_is_worth_minus_what_it_spends() {
    // Protects "no benefit when the model never works": every trial loses what was
    // spent up to the gate plus the data, and never pays back.
    let mut p = fixed_project();
    p.tasks[0].phase = yardstick::model::Phase::Deployment;
    p.tasks.insert(0, fixed(2, 10.0, &[]));
    p.tasks[1].depends_on = vec![2];
    p.tasks[0].phase = yardstick::model::Phase::Evaluation;
    p.gate.enabled = true;
    p.gate.probability = 0.0;
    let f = forecast(&p).expect("valid");
    assert_eq!(f.gate.stop_rate, 1.0);
    assert_eq!(f.value.npv.mean, -(10.0 * 500.0 + 1_000.0));
    assert_eq!(f.value.npv.max, f.value.npv.min);
    assert_eq!(f.value.expected_benefit, 0.0);
    assert_eq!(f.value.never_pays_back, 1.0);
    assert_eq!(f.value.payback_months_p50, None);
}

#[test]
fn every_template_has_a_value_model_with_every_part() {
    // Protects meaningful template rankings: benefit, run, data and error costs are set.
    for info in yardstick::model::templates::templates() {
        let p = template(info.key, "t".into(), support::monday()).expect("listed");
        let v = &p.value;
        assert!(v.annual_benefit.optimistic > 0.0, "{}", info.key);
        assert!(v.annual_benefit.pessimistic > v.annual_benefit.optimistic);
        assert!(
            v.run_cost_per_year > 0.0 && v.data_cost > 0.0,
            "{}",
            info.key
        );
        assert!(v.error_cost_per_year > 0.0, "{}", info.key);
    }
}

fn templates(keys: &[&str]) -> Workspace {
    let mut ws = Workspace::default();
    for key in keys {
        ws.projects
            .push(template(key, (*key).into(), support::monday()).expect("listed"));
    }
    ws.portfolio.trials = 10_000;
    ws
}

fn entry<'a>(p: &'a Portfolio, id: &str) -> &'a yardstick::engine::PortfolioEntry {
    p.entries.iter().find(|e| e.id == id).expect("entry")
}

/// Every number in the portfolio's JSON is finite (nulls only where a value may be
/// absent: ROI, payback, currency, criteria score).
fn assert_finite_json(p: &Portfolio) {
    fn walk(v: &serde_json::Value, key: &str) {
        match v {
            serde_json::Value::Null => assert!(
                ["roi", "payback_months_p50", "currency", "criteria_score"].contains(&key),
                "null at {key}"
            ),
            serde_json::Value::Number(n) => assert!(n.as_f64().is_some_and(f64::is_finite)),
            serde_json::Value::Array(xs) => xs.iter().for_each(|x| walk(x, key)),
            serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| walk(x, k)),
            _ => {}
        }
    }
    walk(&serde_json::to_value(p).expect("serialises"), "");
}

#[test]
fn templates_are_ranked_by_expected_npv_with_consistent_pairwise_shares() {
    // Protects the ranking and the "A beats B" matrix: best expected NPV first, ranks
    // 1..n, beats[i][j] + beats[j][i] = 1, one half on the diagonal.
    let ws = templates(&["bike-shop", "churn", "retrieval-assistant"]);
    let p = portfolio(&ws).expect("valid");
    assert_eq!(p.entries.len(), 3);
    for (i, e) in p.entries.iter().enumerate() {
        assert_eq!(e.rank as usize, i + 1);
        assert_eq!(e.kind, EntryKind::Project);
        assert!(e.criteria_score.is_none());
        if i > 0 {
            assert!(p.entries[i - 1].value.npv.mean >= e.value.npv.mean);
        }
    }
    for i in 0..3 {
        assert_eq!(p.beats[i][i], 0.5);
        for j in 0..3 {
            assert!((p.beats[i][j] + p.beats[j][i] - 1.0).abs() < 1e-12);
        }
    }
    assert_eq!(p.currency.as_deref(), Some("EUR"));
    assert_finite_json(&p);
    assert_eq!(
        portfolio(&ws),
        Ok(p),
        "the same workspace gives the same numbers"
    );
}

#[test]
fn raising_one_benefit_moves_that_project_up_and_leaves_the_others_exactly_alone() {
    // Protects common random numbers: an edit to one entry changes only its numbers,
    // so a ranking change is the edit's effect, not noise.
    let mut ws = templates(&["bike-shop", "churn", "retrieval-assistant"]);
    let before = portfolio(&ws).expect("valid");
    let last = before.entries[2].id.clone();
    let i = ws
        .projects
        .iter()
        .position(|p| p.id == last)
        .expect("there");
    let b = &mut ws.projects[i].value.annual_benefit;
    *b = ThreePoint::new(b.optimistic * 4.0, b.most_likely * 4.0, b.pessimistic * 4.0);
    let after = portfolio(&ws).expect("valid");
    assert_eq!(after.entries[0].id, last);
    for e in &before.entries {
        if e.id != last {
            assert_eq!(entry(&after, &e.id).value, e.value, "{}", e.id);
        }
    }
}

#[test]
fn entries_share_their_gate_draws_trial_by_trial() {
    // Protects the common gate draw: two copies of one plan that differ only in
    // feasibility (0.6 and 0.8) differ in outcome only in the trials whose draw lies
    // between the two, about 20%, so the better one wins at most 0.5 + 0.2 / 2 of the
    // comparisons (independent gates would differ in 44% of trials).
    let mut ws = templates(&["churn"]);
    let mut low = ws.projects[0].clone();
    low.id = "low".into();
    low.gate.probability = 0.6;
    ws.projects[0].gate.probability = 0.8;
    ws.projects.push(low);
    let p = portfolio(&ws).expect("valid");
    let high = p
        .entries
        .iter()
        .position(|e| e.id == "churn")
        .expect("there");
    let share = p.beats[high][1 - high];
    assert!(share > 0.55 && share < 0.61, "{share}");
}

#[test]
fn an_idea_is_valued_exactly_as_the_project_it_is_promoted_to() {
    // Protects "scored the same way": an idea and its promotion have the same value
    // forecast; the idea also gets its weighted-criteria score.
    let mut ws = templates(&["churn"]);
    let mut idea = Idea::new("idea", "Invoice matching", support::monday());
    idea.size = IdeaSize::S;
    idea.value.annual_benefit = ThreePoint::new(30_000.0, 60_000.0, 120_000.0);
    idea.ratings.impact = 5;
    ws.ideas.push(idea);
    let before = portfolio(&ws).expect("valid");
    let as_idea = entry(&before, "idea").clone();
    assert_eq!(as_idea.kind, EntryKind::Idea);
    assert!(as_idea.criteria_score.is_some_and(|s| s > 50.0));
    ws.promote("idea").expect("promoted");
    let after = portfolio(&ws).expect("valid");
    let as_project = entry(&after, "idea");
    assert_eq!(as_project.kind, EntryKind::Project);
    assert_eq!(as_project.value, as_idea.value);
    assert_eq!(as_project.cost_p80, as_idea.cost_p80);
}

#[test]
fn idea_sizes_order_their_time_and_cost() {
    // Protects the size table: a bigger idea takes longer and costs more.
    let mut ws = Workspace::default();
    for size in IdeaSize::ALL {
        let mut idea = Idea::new(size.label(), size.label(), Date::from_days(20_000));
        idea.size = size;
        ws.ideas.push(idea);
    }
    ws.portfolio.trials = 5_000;
    let p = portfolio(&ws).expect("valid");
    let by_size: Vec<_> = IdeaSize::ALL.iter().map(|s| entry(&p, s.label())).collect();
    for pair in by_size.windows(2) {
        assert!(pair[0].duration_p80 < pair[1].duration_p80);
        assert!(pair[0].cost_p80 < pair[1].cost_p80);
    }
}

#[test]
fn an_invalid_workspace_is_refused_with_the_fields_named() {
    // Protects the engine's rule: only validated input is simulated.
    let mut ws = templates(&["churn"]);
    ws.projects[0].value.discount_rate = -0.1;
    let mut idea = Idea::new("i", "Idea", support::monday());
    idea.feasibility = f64::NAN;
    ws.ideas.push(idea);
    let errors = portfolio(&ws).expect_err("invalid");
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        ["projects[0].value.discount_rate", "ideas[0].feasibility"]
    );
}

#[test]
fn an_empty_workspace_gives_an_empty_portfolio() {
    // Protects the first visit: nothing to rank is not an error.
    let p = portfolio(&Workspace::default()).expect("valid");
    assert!(p.entries.is_empty() && p.beats.is_empty());
    assert_eq!(p.currency, None);
    assert_finite_json(&p);
}
