//! Ready-made projects and the catalogue of ML risks: Thompson's bike shop demand
//! forecast and four smaller use cases, each complete enough (tasks in every phase,
//! team, factors, risks, gate, value, requirements, plan) to show a full forecast in
//! one click.
//!
//! Templates are plain data built from compact tables; ids are fixed so templates
//! serialise the same way every time, and the caller supplies the project id and start.

use super::{
    BenefitKind, Date, Distribution, FactorAnswer, FactorKind, FactorLevel, FixedCost, Freshness,
    Id, Milestone, Mitigation, Phase, PlanItems, Project, Requirements, Risk, RiskStatus,
    RiskTarget, Role, ScheduleUnit, Stage, Task, ThreePoint, ValueModel,
};
use serde::Serialize;

/// A template the start page offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TemplateInfo {
    pub key: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
}

/// Every template, the bike shop first.
pub fn templates() -> Vec<TemplateInfo> {
    vec![
        TemplateInfo {
            key: "bike-shop",
            name: "Bike shop demand forecast",
            summary: "Thompson's case study: a chain of bike shops forecasts demand per store and product to manage stock.",
        },
        TemplateInfo {
            key: "churn",
            name: "Customer churn prediction",
            summary: "A subscription business scores customers' risk of leaving so that retention offers reach the right people.",
        },
        TemplateInfo {
            key: "document-classification",
            name: "Document classification (NLP)",
            summary: "An insurer routes incoming claim letters and e-mails to the right team with a text classifier.",
        },
        TemplateInfo {
            key: "defect-detection",
            name: "Visual defect detection",
            summary: "A factory spots surface defects on a production line from camera images.",
        },
        TemplateInfo {
            key: "retrieval-assistant",
            name: "LLM retrieval assistant",
            summary: "An internal assistant answers staff questions from company documents with retrieval-augmented generation.",
        },
    ]
}

/// The template with this key, as a new project with the given id and start date.
pub fn template(key: &str, id: String, start: Date) -> Option<Project> {
    match key {
        "bike-shop" => Some(bike_shop(id, start)),
        "churn" => Some(churn(id, start)),
        "document-classification" => Some(document_classification(id, start)),
        "defect-detection" => Some(defect_detection(id, start)),
        "retrieval-assistant" => Some(retrieval_assistant(id, start)),
        _ => None,
    }
}

/// One entry of the ML risk catalogue, with sensible defaults.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CatalogueRisk {
    pub key: &'static str,
    pub title: &'static str,
    pub category: &'static str,
    /// Why the risk matters, in one line.
    pub explanation: &'static str,
    pub probability: f64,
    /// Extra person-days when it fires.
    pub schedule_impact: ThreePoint,
    /// Extra money (EUR) when it fires.
    pub cost_impact: ThreePoint,
    /// The phase the extra effort lands on by default.
    pub phase: Phase,
    pub mitigation: &'static str,
    pub mitigation_cost: f64,
    pub mitigation_effort: f64,
    pub probability_after: f64,
    pub impact_reduction: f64,
}

impl CatalogueRisk {
    /// This entry as a register risk with the given id (mitigation not yet adopted).
    pub fn to_risk(&self, id: Id) -> Risk {
        Risk {
            id,
            title: self.title.to_owned(),
            category: self.category.to_owned(),
            probability: self.probability,
            schedule_impact: self.schedule_impact,
            target: RiskTarget::Phase(self.phase),
            more_targets: Vec::new(),
            schedule_unit: ScheduleUnit::Days,
            cost_impact: self.cost_impact,
            owner: String::new(),
            status: RiskStatus::Open,
            mitigation: Mitigation {
                description: self.mitigation.to_owned(),
                cost: self.mitigation_cost,
                effort: self.mitigation_effort,
                probability_after: self.probability_after,
                impact_reduction: self.impact_reduction,
                adopted: false,
            },
        }
    }
}

/// The catalogue entry with this key.
pub fn catalogue_risk(key: &str) -> Option<CatalogueRisk> {
    risk_catalogue().into_iter().find(|r| r.key == key)
}

#[allow(clippy::too_many_arguments)]
fn entry(
    key: &'static str,
    title: &'static str,
    category: &'static str,
    explanation: &'static str,
    probability: f64,
    days: (f64, f64, f64),
    money: (f64, f64, f64),
    phase: Phase,
    mitigation: &'static str,
    (mitigation_cost, mitigation_effort, probability_after, impact_reduction): (f64, f64, f64, f64),
) -> CatalogueRisk {
    CatalogueRisk {
        key,
        title,
        category,
        explanation,
        probability,
        schedule_impact: ThreePoint::new(days.0, days.1, days.2),
        cost_impact: ThreePoint::new(money.0, money.1, money.2),
        phase,
        mitigation,
        mitigation_cost,
        mitigation_effort,
        probability_after,
        impact_reduction,
    }
}

/// The fourteen ML risks of the catalogue, in the order the specification lists them.
pub fn risk_catalogue() -> Vec<CatalogueRisk> {
    use Phase::*;
    vec![
        entry("data-quality", "Data quality is worse than expected", "Data",
            "Missing, duplicated or wrong records turn up once the data is used in earnest, and cleaning them takes longer than planned.",
            0.5, (5.0, 10.0, 25.0), (0.0, 2_000.0, 8_000.0), DataPreparation,
            "Profile the data in the first weeks and agree data-quality rules with the data owners.", (1_000.0, 3.0, 0.3, 0.4)),
        entry("data-access", "Data access or availability is delayed", "Data",
            "Permissions, contracts or missing history hold up access to the data the model needs.",
            0.4, (5.0, 10.0, 20.0), (0.0, 1_000.0, 5_000.0), DataUnderstanding,
            "Secure data-sharing agreements and access before the project starts.", (0.0, 2.0, 0.15, 0.3)),
        entry("labelling-cost", "Labelling costs more than planned", "Data",
            "Supervised learning needs labelled examples; annotation is slow, expensive and needs domain experts.",
            0.35, (3.0, 8.0, 20.0), (2_000.0, 8_000.0, 25_000.0), DataPreparation,
            "Pilot the labelling guide on a small batch and measure throughput and agreement first.", (1_500.0, 2.0, 0.2, 0.4)),
        entry("min-performance", "Model never reaches the minimum performance", "Model",
            "The signal in the data may be too weak for the accuracy the business case needs; more experiments follow.",
            0.3, (10.0, 20.0, 40.0), (0.0, 3_000.0, 10_000.0), Modelling,
            "Build a simple baseline early and check feasibility against the minimum performance before scaling up.", (0.0, 3.0, 0.2, 0.4)),
        entry("interpretability", "Stakeholders do not trust the model", "People",
            "If users cannot see why the model predicts what it does, they ignore it or demand explanations late.",
            0.3, (3.0, 6.0, 15.0), (0.0, 1_000.0, 4_000.0), Evaluation,
            "Involve users in evaluation and add explanations (feature importance, examples) to outputs.", (0.0, 3.0, 0.15, 0.3)),
        entry("scalability", "The solution does not scale", "Technology",
            "What works on a sample or in a notebook fails at production volumes or latency.",
            0.25, (5.0, 10.0, 25.0), (1_000.0, 5_000.0, 15_000.0), Deployment,
            "Load-test the serving path with realistic volumes before the Growth stage.", (1_000.0, 3.0, 0.1, 0.3)),
        entry("changing-requirements", "Requirements change", "Business",
            "The business question, target or scope moves once stakeholders see early results.",
            0.4, (5.0, 10.0, 20.0), (0.0, 1_000.0, 5_000.0), BusinessUnderstanding,
            "Write down the business and technical requirements and agree a change process with the sponsor.", (0.0, 2.0, 0.25, 0.3)),
        entry("skill-gaps", "The team lacks a needed skill", "People",
            "A gap in MLOps, data engineering or the domain slows work down or forces rework.",
            0.3, (5.0, 10.0, 20.0), (0.0, 3_000.0, 10_000.0), Modelling,
            "Plan training or bring in an experienced contractor for the gap early.", (3_000.0, 0.0, 0.1, 0.3)),
        entry("ethics-privacy", "Ethics, privacy or regulation issues", "Compliance",
            "Personal data, bias or regulation (GDPR, the EU AI Act) require reviews, anonymisation or redesign.",
            0.25, (5.0, 10.0, 30.0), (1_000.0, 5_000.0, 20_000.0), DataPreparation,
            "Run a privacy and ethics impact assessment at the start and involve the data-protection officer.", (1_000.0, 2.0, 0.1, 0.4)),
        entry("drift", "Data or concept drift in production", "Operations",
            "The world changes after deployment, so accuracy decays unless it is monitored and the model retrained.",
            0.5, (3.0, 8.0, 15.0), (0.0, 2_000.0, 8_000.0), Monitoring,
            "Monitor input distributions and accuracy, with alerts and a retraining pipeline.", (1_000.0, 4.0, 0.3, 0.5)),
        entry("integration", "Integration with production systems is harder than planned", "Technology",
            "Legacy interfaces, release cycles and other teams' priorities slow down putting the model into use.",
            0.45, (5.0, 12.0, 30.0), (0.0, 3_000.0, 10_000.0), Deployment,
            "Agree interfaces and a release slot with the owning team during the MVP.", (0.0, 3.0, 0.2, 0.4)),
        entry("customer-platform", "Deploying to a customer's own platform", "Technology",
            "A customer's infrastructure, security rules and approvals add unplanned work and waiting.",
            0.3, (5.0, 15.0, 30.0), (1_000.0, 5_000.0, 15_000.0), Deployment,
            "Containerise the model and run a deployment dry-run on the customer's platform early.", (1_000.0, 4.0, 0.15, 0.4)),
        entry("reproducibility", "Results cannot be reproduced", "Operations",
            "Without versioned data, code and models, results cannot be rebuilt or audited and work is redone.",
            0.3, (3.0, 6.0, 12.0), (0.0, 500.0, 3_000.0), Modelling,
            "Version data, code and models from day one (experiment tracking and a model registry).", (500.0, 2.0, 0.1, 0.3)),
        entry("infrastructure-rework", "Infrastructure has to be reworked", "Technology",
            "The chosen platform turns out unsuitable (cost, GPUs, tooling) and parts are rebuilt.",
            0.2, (5.0, 12.0, 25.0), (2_000.0, 8_000.0, 20_000.0), Deployment,
            "Prototype the target infrastructure end to end in the MVP before committing.", (1_000.0, 3.0, 0.1, 0.3)),
    ]
}

/// A task row: id, name, phase, stage, role, (a, m, b), predecessors.
type Row = (
    Id,
    &'static str,
    Phase,
    Stage,
    Id,
    (f64, f64, f64),
    &'static [Id],
);

fn tasks_from(rows: &[Row]) -> Vec<Task> {
    rows.iter()
        .map(|&(id, name, phase, stage, role, (a, m, b), deps)| Task {
            id,
            name: name.to_owned(),
            phase,
            stage,
            role,
            effort: ThreePoint::new(a, m, b),
            distribution: if a == b {
                Distribution::Fixed
            } else {
                Distribution::Pert
            },
            kind: Default::default(),
            depends_on: deps.to_vec(),
            ..Default::default()
        })
        .collect()
}

fn roles_from(rows: &[(Id, &str, f64, f64)]) -> Vec<Role> {
    rows.iter()
        .map(|&(id, name, headcount, day_rate)| Role {
            id,
            name: name.to_owned(),
            headcount,
            day_rate,
        })
        .collect()
}

fn answers(rows: &[(FactorKind, FactorLevel)]) -> Vec<FactorAnswer> {
    rows.iter()
        .map(|&(factor, level)| FactorAnswer { factor, level })
        .collect()
}

fn cost(name: &str, amount: f64, stage: Stage) -> FixedCost {
    FixedCost {
        name: name.to_owned(),
        amount,
        stage,
    }
}

/// A catalogue risk placed in a project: its id, target, owner and whether the
/// mitigation is adopted.
fn risk(key: &str, id: Id, target: Option<RiskTarget>, owner: &str, adopted: bool) -> Option<Risk> {
    let mut r = catalogue_risk(key)?.to_risk(id);
    if let Some(t) = target {
        r.target = t;
    }
    r.owner = owner.to_owned();
    r.mitigation.adopted = adopted;
    if adopted {
        r.status = RiskStatus::Mitigated;
    }
    Some(r)
}

fn milestone(name: &str, stage: Stage, criteria: &str) -> Milestone {
    Milestone {
        name: name.to_owned(),
        stage,
        criteria: criteria.to_owned(),
    }
}

/// Thompson's bike shop: a chain of bike shops forecasts weekly demand per store and
/// product so that buyers order the right stock.
pub fn bike_shop(id: String, start: Date) -> Project {
    use FactorKind::*;
    use FactorLevel::{Some as S, Yes};
    use Phase::*;
    use Stage::*;
    let mut p = Project::new(id, "Bike shop demand forecast", start);
    p.description = "A regional chain of 40 bike shops wants to forecast weekly demand per store and product \
category so that buyers order the right stock: fewer stock-outs of popular bikes in spring, less cash tied up \
in slow-moving stock in winter."
        .into();
    p.team = roles_from(&[
        (1, "Data engineer", 1.0, 650.0),
        (2, "Data scientist", 1.5, 700.0),
        (3, "ML engineer", 1.0, 750.0),
        (4, "Software engineer", 1.0, 600.0),
        (5, "Domain expert (buyer)", 0.3, 450.0),
        (6, "Project manager", 0.5, 700.0),
    ]);
    p.tasks = tasks_from(&[
        (
            1,
            "Stakeholder interviews and business case",
            BusinessUnderstanding,
            Mvp,
            6,
            (3.0, 5.0, 8.0),
            &[],
        ),
        (
            2,
            "Success metrics and minimum forecast accuracy",
            BusinessUnderstanding,
            Mvp,
            2,
            (2.0, 3.0, 5.0),
            &[1],
        ),
        (
            3,
            "Data inventory: sales, stock, promotions, calendar",
            DataUnderstanding,
            Mvp,
            1,
            (3.0, 5.0, 9.0),
            &[1],
        ),
        (
            4,
            "Exploratory analysis of sales history",
            DataUnderstanding,
            Mvp,
            2,
            (4.0, 6.0, 10.0),
            &[3],
        ),
        (
            5,
            "Buyer review of seasonality and promotions",
            DataUnderstanding,
            Mvp,
            5,
            (1.0, 2.0, 4.0),
            &[4],
        ),
        (
            6,
            "Sales and stock data pipeline (pilot stores)",
            DataPreparation,
            Mvp,
            1,
            (6.0, 10.0, 18.0),
            &[3],
        ),
        (
            7,
            "Clean and repair stock records",
            DataPreparation,
            Mvp,
            1,
            (4.0, 7.0, 14.0),
            &[6],
        ),
        (
            8,
            "Features: calendar, weather, promotions, price",
            DataPreparation,
            Mvp,
            2,
            (4.0, 6.0, 10.0),
            &[5, 7],
        ),
        (
            9,
            "Baseline forecasts (seasonal naive)",
            Modelling,
            Mvp,
            2,
            (2.0, 3.0, 5.0),
            &[8],
        ),
        (
            10,
            "Gradient-boosted demand model for pilot stores",
            Modelling,
            Mvp,
            2,
            (6.0, 10.0, 18.0),
            &[9],
        ),
        (
            11,
            "Backtest and error analysis by store and category",
            Evaluation,
            Mvp,
            2,
            (3.0, 5.0, 9.0),
            &[10, 2],
        ),
        (
            12,
            "Go / no-go review of pilot forecasts with buyers",
            Evaluation,
            Mvp,
            5,
            (1.0, 2.0, 3.0),
            &[11],
        ),
        (
            13,
            "Weekly batch scoring and forecast export (pilot)",
            Deployment,
            Mvp,
            3,
            (4.0, 6.0, 10.0),
            &[12],
        ),
        (
            14,
            "Steering and reporting (MVP)",
            BusinessUnderstanding,
            Mvp,
            6,
            (4.0, 5.0, 7.0),
            &[1],
        ),
        (
            15,
            "Add weather and local events data",
            DataUnderstanding,
            Growth,
            1,
            (3.0, 5.0, 8.0),
            &[13],
        ),
        (
            16,
            "Scale the pipeline to all 40 stores",
            DataPreparation,
            Growth,
            1,
            (5.0, 8.0, 14.0),
            &[15],
        ),
        (
            17,
            "Hierarchical model by category and store",
            Modelling,
            Growth,
            2,
            (6.0, 9.0, 16.0),
            &[16],
        ),
        (
            18,
            "Evaluate against buyers' manual orders",
            Evaluation,
            Growth,
            2,
            (3.0, 4.0, 7.0),
            &[17],
        ),
        (
            19,
            "Reorder suggestions in the stock system",
            Deployment,
            Growth,
            4,
            (8.0, 12.0, 20.0),
            &[18],
        ),
        (
            20,
            "Scheduled retraining and model registry",
            Deployment,
            Growth,
            3,
            (5.0, 8.0, 13.0),
            &[17],
        ),
        (
            21,
            "Training for buyers and store managers",
            Deployment,
            Growth,
            5,
            (2.0, 2.0, 2.0),
            &[19],
        ),
        (
            22,
            "Steering and reporting (Growth)",
            BusinessUnderstanding,
            Growth,
            6,
            (3.0, 4.0, 6.0),
            &[13],
        ),
        (
            23,
            "Drift and forecast-accuracy monitoring",
            Monitoring,
            Maturity,
            3,
            (3.0, 5.0, 8.0),
            &[20],
        ),
        (
            24,
            "A/B test: model versus manual ordering",
            Evaluation,
            Maturity,
            2,
            (4.0, 6.0, 10.0),
            &[19, 21],
        ),
        (
            25,
            "Feedback loop from actual sales and returns",
            Monitoring,
            Maturity,
            1,
            (3.0, 4.0, 7.0),
            &[23],
        ),
        (
            26,
            "Model documentation and handover to operations",
            Monitoring,
            Maturity,
            2,
            (2.0, 3.0, 5.0),
            &[24, 25],
        ),
    ]);
    p.tasks[9].distribution = Distribution::Triangular;
    p.factors = answers(&[(UncleanData, Yes), (ComplexData, S), (EthicsPrivacy, S)]);
    p.fixed_costs = vec![
        cost("Cloud compute and storage (MVP)", 4_000.0, Mvp),
        cost("Weather data subscription", 6_000.0, Growth),
        cost("Cloud compute and storage (all stores)", 9_000.0, Growth),
        cost("Forecast dashboard licences", 5_000.0, Maturity),
    ];
    p.risks = [
        risk("data-quality", 1, None, "Data engineer", true),
        risk("data-access", 2, None, "Project manager", false),
        risk("min-performance", 3, None, "Data scientist", true),
        risk("changing-requirements", 4, None, "Project manager", false),
        risk(
            "integration",
            5,
            Some(RiskTarget::Task(19)),
            "Software engineer",
            false,
        ),
        risk("interpretability", 6, None, "Data scientist", false),
        risk("drift", 7, None, "ML engineer", true),
        risk(
            "skill-gaps",
            8,
            Some(RiskTarget::Phase(Deployment)),
            "Project manager",
            false,
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    p.gate.enabled = true;
    p.gate.probability = 0.8;
    p.value = ValueModel {
        annual_benefit: ThreePoint::new(150_000.0, 350_000.0, 600_000.0),
        kind: BenefitKind::CostSaving,
        ramp_up_months: 6.0,
        horizon_years: 3.0,
        discount_rate: 0.08,
        run_cost_per_year: 24_000.0,
        data_cost: 6_000.0,
        error_cost_per_year: 15_000.0,
    };
    p.requirements = Requirements {
        requests_per_day: 80_000.0,
        peak_to_average: 2.0,
        users: 60.0,
        latency_p95_ms: 1_000.0,
        freshness: Freshness::Daily,
        model_time_ms: 5.0,
        metric: "Forecast accuracy (1 − WAPE), store × category × week".into(),
        minimum_performance: 0.75,
        ..Requirements::default()
    };
    p.plan = PlanItems {
        success_metrics: vec![
            "Stock-outs of the 200 best-selling products down 30% in pilot stores".into(),
            "Value of overstock at season end down 15%".into(),
            "Forecast accuracy (1 − WAPE) of at least 75% at store × category × week".into(),
        ],
        milestones: vec![
            milestone("MVP go / no-go", Mvp, "Backtest accuracy ≥ 75% in the five pilot stores and buyers agree the forecasts are usable: go to Growth; otherwise stop."),
            milestone("Growth review", Growth, "All stores receive reorder suggestions and buyers accept at least 60% of them."),
            milestone("Maturity review", Maturity, "Monitoring is live and the A/B test shows at least 10% less overstock than manual ordering."),
        ],
        monitoring: "Weekly accuracy by store and category against actual sales; alerts on input drift (prices, promotions, weather) and on missing data feeds; retraining every month or on alert.".into(),
        experiment: "A/B test: half the stores order with model suggestions, half manually, for one season; compare stock-outs and overstock.".into(),
        ..PlanItems::default()
    };
    p.settings.target_date = Some(start.add_days(365));
    p.settings.target_budget = Some(250_000.0);
    p
}

fn small(id: String, start: Date, name: &str, description: &str) -> Project {
    let mut p = Project::new(id, name, start);
    p.description = description.into();
    p.gate.enabled = true;
    p
}

/// A subscription business predicts which customers are about to leave.
pub fn churn(id: String, start: Date) -> Project {
    use FactorKind::*;
    use FactorLevel::{Some as S, Yes};
    use Phase::*;
    use Stage::*;
    let mut p = small(id, start, "Customer churn prediction",
        "A telecom subscription business scores every customer's risk of cancelling each month so that the retention team calls the right people with the right offer.");
    p.team = roles_from(&[
        (1, "Data engineer", 1.0, 650.0),
        (2, "Data scientist", 1.0, 700.0),
        (3, "ML engineer", 0.5, 750.0),
        (4, "Project manager", 0.3, 700.0),
    ]);
    p.tasks = tasks_from(&[
        (
            1,
            "Define churn and the retention use case",
            BusinessUnderstanding,
            Mvp,
            4,
            (2.0, 3.0, 5.0),
            &[],
        ),
        (
            2,
            "Customer, usage and billing data review",
            DataUnderstanding,
            Mvp,
            2,
            (3.0, 5.0, 8.0),
            &[1],
        ),
        (
            3,
            "Customer-month feature table",
            DataPreparation,
            Mvp,
            1,
            (5.0, 8.0, 14.0),
            &[2],
        ),
        (
            4,
            "Churn model with class imbalance handling",
            Modelling,
            Mvp,
            2,
            (5.0, 8.0, 14.0),
            &[3],
        ),
        (
            5,
            "Uplift view: who responds to offers",
            Modelling,
            Growth,
            2,
            (4.0, 7.0, 12.0),
            &[4],
        ),
        (
            6,
            "Holdout evaluation and lift charts",
            Evaluation,
            Mvp,
            2,
            (2.0, 4.0, 6.0),
            &[4],
        ),
        (
            7,
            "Monthly scoring into the CRM",
            Deployment,
            Mvp,
            3,
            (4.0, 6.0, 10.0),
            &[6],
        ),
        (
            8,
            "Retention campaign A/B test",
            Evaluation,
            Growth,
            2,
            (4.0, 6.0, 10.0),
            &[7, 5],
        ),
        (
            9,
            "Explanations for call-centre agents",
            Deployment,
            Growth,
            3,
            (3.0, 5.0, 8.0),
            &[8],
        ),
        (
            10,
            "Drift and campaign-response monitoring",
            Monitoring,
            Maturity,
            3,
            (2.0, 4.0, 7.0),
            &[9],
        ),
        (
            11,
            "Automated retraining",
            Monitoring,
            Maturity,
            1,
            (3.0, 5.0, 8.0),
            &[10],
        ),
        (
            12,
            "Model documentation",
            Monitoring,
            Maturity,
            2,
            (1.0, 2.0, 4.0),
            &[11],
        ),
    ]);
    p.factors = answers(&[
        (UncleanData, S),
        (EthicsPrivacy, Yes),
        (ComplicatedEvaluation, S),
    ]);
    p.fixed_costs = vec![
        cost("Cloud compute", 3_000.0, Mvp),
        cost("CRM integration licence", 4_000.0, Growth),
    ];
    p.risks = [
        risk("data-quality", 1, None, "Data engineer", false),
        risk("ethics-privacy", 2, None, "Project manager", true),
        risk(
            "integration",
            3,
            Some(RiskTarget::Task(7)),
            "ML engineer",
            false,
        ),
        risk("drift", 4, None, "Data scientist", false),
    ]
    .into_iter()
    .flatten()
    .collect();
    p.gate.probability = 0.85;
    // Retained revenue; offers wasted on customers who would have stayed are the errors.
    p.value = ValueModel {
        annual_benefit: ThreePoint::new(100_000.0, 250_000.0, 500_000.0),
        kind: BenefitKind::Revenue,
        ramp_up_months: 4.0,
        horizon_years: 3.0,
        discount_rate: 0.08,
        run_cost_per_year: 12_000.0,
        data_cost: 5_000.0,
        error_cost_per_year: 20_000.0,
    };
    p.requirements.requests_per_day = 200_000.0;
    p.requirements.metric = "AUC".into();
    p.requirements.minimum_performance = 0.75;
    p.plan.success_metrics = vec!["Monthly churn among contacted customers down 10%".into()];
    p.plan.milestones = vec![milestone(
        "MVP go / no-go",
        Mvp,
        "Holdout AUC ≥ 0.75 and top-decile lift ≥ 3.",
    )];
    p
}

/// An insurer classifies incoming claim letters and e-mails with a text model.
pub fn document_classification(id: String, start: Date) -> Project {
    use FactorKind::*;
    use FactorLevel::{Some as S, Yes};
    use Phase::*;
    use Stage::*;
    let mut p = small(id, start, "Document classification (NLP)",
        "An insurer receives 3,000 claim letters and e-mails a day; a text classifier routes each to the right team and flags urgent ones.");
    p.team = roles_from(&[
        (1, "Data scientist (NLP)", 1.5, 750.0),
        (2, "ML engineer", 1.0, 750.0),
        (3, "Claims handler (annotator)", 1.0, 400.0),
        (4, "Software engineer", 0.5, 600.0),
        (5, "Project manager", 0.3, 700.0),
    ]);
    p.tasks = tasks_from(&[
        (
            1,
            "Routing categories and business rules",
            BusinessUnderstanding,
            Mvp,
            5,
            (2.0, 3.0, 5.0),
            &[],
        ),
        (
            2,
            "Sample and review documents",
            DataUnderstanding,
            Mvp,
            1,
            (3.0, 4.0, 7.0),
            &[1],
        ),
        (
            3,
            "Labelling guide and annotation tool",
            DataPreparation,
            Mvp,
            1,
            (2.0, 3.0, 5.0),
            &[2],
        ),
        (
            4,
            "Label 5,000 documents",
            DataPreparation,
            Mvp,
            3,
            (10.0, 15.0, 25.0),
            &[3],
        ),
        (
            5,
            "OCR and text cleaning pipeline",
            DataPreparation,
            Mvp,
            2,
            (4.0, 6.0, 10.0),
            &[2],
        ),
        (
            6,
            "Fine-tune a transformer classifier",
            Modelling,
            Mvp,
            1,
            (5.0, 8.0, 15.0),
            &[4, 5],
        ),
        (
            7,
            "Per-category evaluation and error review",
            Evaluation,
            Mvp,
            1,
            (3.0, 4.0, 7.0),
            &[6],
        ),
        (
            8,
            "Routing service behind the mail gateway",
            Deployment,
            Growth,
            4,
            (6.0, 10.0, 16.0),
            &[7],
        ),
        (
            9,
            "Human-in-the-loop review queue",
            Deployment,
            Growth,
            2,
            (4.0, 6.0, 10.0),
            &[8],
        ),
        (
            10,
            "Active learning from corrections",
            Modelling,
            Growth,
            1,
            (4.0, 6.0, 10.0),
            &[9],
        ),
        (
            11,
            "Drift monitoring on new document types",
            Monitoring,
            Maturity,
            2,
            (3.0, 4.0, 7.0),
            &[10],
        ),
        (
            12,
            "Model card and audit trail",
            Monitoring,
            Maturity,
            1,
            (2.0, 3.0, 5.0),
            &[11],
        ),
    ]);
    p.factors = answers(&[
        (UnstructuredData, Yes),
        (EthicsPrivacy, S),
        (HeavyDocumentation, S),
    ]);
    p.fixed_costs = vec![
        cost("GPU training time", 3_000.0, Mvp),
        cost("Annotation tool licence", 2_500.0, Mvp),
        cost("Inference hosting", 6_000.0, Growth),
    ];
    p.risks = [
        risk(
            "labelling-cost",
            1,
            Some(RiskTarget::Task(4)),
            "Data scientist",
            true,
        ),
        risk("min-performance", 2, None, "Data scientist", false),
        risk("ethics-privacy", 3, None, "Project manager", false),
        risk(
            "integration",
            4,
            Some(RiskTarget::Task(8)),
            "Software engineer",
            false,
        ),
        risk("drift", 5, None, "ML engineer", false),
    ]
    .into_iter()
    .flatten()
    .collect();
    p.gate.probability = 0.75;
    // Claims handlers freed from sorting post; misrouted claims are the errors.
    p.value = ValueModel {
        annual_benefit: ThreePoint::new(80_000.0, 180_000.0, 300_000.0),
        kind: BenefitKind::PeopleIntensity,
        ramp_up_months: 6.0,
        horizon_years: 4.0,
        discount_rate: 0.08,
        run_cost_per_year: 18_000.0,
        data_cost: 10_000.0,
        error_cost_per_year: 30_000.0,
    };
    p.requirements.requests_per_day = 3_000.0;
    p.requirements.freshness = Freshness::RealTime;
    p.requirements.model_time_ms = 80.0;
    p.requirements.metric = "Macro F1".into();
    p.requirements.minimum_performance = 0.85;
    p.plan.milestones = vec![milestone(
        "MVP go / no-go",
        Mvp,
        "Macro F1 ≥ 0.85 on a held-out month of documents.",
    )];
    p
}

/// A factory detects surface defects from line-camera images.
pub fn defect_detection(id: String, start: Date) -> Project {
    use FactorKind::*;
    use FactorLevel::{Some as S, Yes};
    use Phase::*;
    use Stage::*;
    let mut p = small(id, start, "Visual defect detection",
        "A metal-parts factory inspects every part on the line with cameras; a vision model flags scratches and dents so that inspectors only check the suspicious ones.");
    p.team = roles_from(&[
        (1, "Computer-vision engineer", 1.0, 800.0),
        (2, "ML engineer", 1.0, 750.0),
        (3, "Quality inspector (annotator)", 0.5, 450.0),
        (4, "Automation engineer", 0.5, 700.0),
        (5, "Project manager", 0.3, 700.0),
    ]);
    p.tasks = tasks_from(&[
        (
            1,
            "Defect catalogue and acceptance criteria",
            BusinessUnderstanding,
            Mvp,
            5,
            (2.0, 3.0, 5.0),
            &[],
        ),
        (
            2,
            "Camera and lighting set-up on one line",
            DataUnderstanding,
            Mvp,
            4,
            (4.0, 6.0, 12.0),
            &[1],
        ),
        (
            3,
            "Collect and review images",
            DataUnderstanding,
            Mvp,
            1,
            (3.0, 5.0, 8.0),
            &[2],
        ),
        (
            4,
            "Annotate defects (bounding boxes)",
            DataPreparation,
            Mvp,
            3,
            (6.0, 10.0, 18.0),
            &[3],
        ),
        (
            5,
            "Augmentation for rare defects",
            DataPreparation,
            Mvp,
            1,
            (2.0, 4.0, 7.0),
            &[4],
        ),
        (
            6,
            "Train detection model",
            Modelling,
            Mvp,
            1,
            (5.0, 8.0, 15.0),
            &[5],
        ),
        (
            7,
            "Evaluate recall on rare defects",
            Evaluation,
            Mvp,
            1,
            (2.0, 4.0, 6.0),
            &[6],
        ),
        (
            8,
            "Edge deployment at the line",
            Deployment,
            Growth,
            2,
            (6.0, 10.0, 18.0),
            &[7],
        ),
        (
            9,
            "PLC integration and reject gate",
            Deployment,
            Growth,
            4,
            (4.0, 6.0, 12.0),
            &[8],
        ),
        (
            10,
            "Roll out to three more lines",
            Deployment,
            Maturity,
            2,
            (5.0, 8.0, 14.0),
            &[9],
        ),
        (
            11,
            "Drift monitoring (lighting, new parts)",
            Monitoring,
            Maturity,
            2,
            (2.0, 4.0, 6.0),
            &[10],
        ),
        (
            12,
            "Retraining workflow with inspector feedback",
            Monitoring,
            Maturity,
            1,
            (3.0, 5.0, 8.0),
            &[11],
        ),
    ]);
    p.factors = answers(&[(UnstructuredData, Yes), (BigData, S), (ComplexPlatform, S)]);
    p.fixed_costs = vec![
        cost("Industrial cameras and lighting", 12_000.0, Mvp),
        cost("Edge computers", 8_000.0, Growth),
        cost("Cameras for three more lines", 30_000.0, Maturity),
    ];
    p.risks = [
        risk(
            "labelling-cost",
            1,
            Some(RiskTarget::Task(4)),
            "Computer-vision engineer",
            false,
        ),
        risk("min-performance", 2, None, "Computer-vision engineer", true),
        risk("infrastructure-rework", 3, None, "ML engineer", false),
        risk("drift", 4, None, "ML engineer", false),
    ]
    .into_iter()
    .flatten()
    .collect();
    p.gate.probability = 0.7;
    // Scrap and returns avoided; defects the camera misses are the errors.
    p.value = ValueModel {
        annual_benefit: ThreePoint::new(120_000.0, 220_000.0, 400_000.0),
        kind: BenefitKind::CostSaving,
        ramp_up_months: 3.0,
        horizon_years: 5.0,
        discount_rate: 0.1,
        run_cost_per_year: 30_000.0,
        data_cost: 15_000.0,
        error_cost_per_year: 40_000.0,
    };
    p.requirements.requests_per_day = 50_000.0;
    p.requirements.peak_to_average = 1.5;
    p.requirements.freshness = Freshness::RealTime;
    p.requirements.latency_p95_ms = 100.0;
    p.requirements.model_time_ms = 30.0;
    p.requirements.metric = "Recall on critical defects".into();
    p.requirements.minimum_performance = 0.95;
    p.plan.milestones = vec![milestone(
        "MVP go / no-go",
        Mvp,
        "Recall ≥ 95% on critical defects with ≤ 5% false rejects.",
    )];
    p
}

/// An internal assistant answers staff questions from company documents.
pub fn retrieval_assistant(id: String, start: Date) -> Project {
    use FactorKind::*;
    use FactorLevel::{Some as S, Yes};
    use Phase::*;
    use Stage::*;
    let mut p = small(id, start, "LLM retrieval assistant",
        "A 2,000-person company builds an assistant that answers staff questions about policies and procedures from its intranet and handbooks, citing its sources.");
    p.team = roles_from(&[
        (1, "ML engineer (LLM)", 1.0, 800.0),
        (2, "Software engineer", 1.0, 650.0),
        (3, "Data engineer", 0.5, 650.0),
        (4, "Subject-matter experts", 0.5, 500.0),
        (5, "Project manager", 0.3, 700.0),
    ]);
    p.tasks = tasks_from(&[
        (
            1,
            "Use cases, question types and guardrails",
            BusinessUnderstanding,
            Mvp,
            5,
            (2.0, 3.0, 5.0),
            &[],
        ),
        (
            2,
            "Inventory of document sources and access rights",
            DataUnderstanding,
            Mvp,
            3,
            (2.0, 4.0, 7.0),
            &[1],
        ),
        (
            3,
            "Ingestion, chunking and embeddings",
            DataPreparation,
            Mvp,
            3,
            (4.0, 6.0, 10.0),
            &[2],
        ),
        (
            4,
            "Retrieval and prompt pipeline",
            Modelling,
            Mvp,
            1,
            (4.0, 6.0, 10.0),
            &[3],
        ),
        (
            5,
            "Golden question set with expert answers",
            Evaluation,
            Mvp,
            4,
            (3.0, 4.0, 6.0),
            &[1],
        ),
        (
            6,
            "Answer-quality and hallucination evaluation",
            Evaluation,
            Mvp,
            1,
            (3.0, 5.0, 8.0),
            &[4, 5],
        ),
        (
            7,
            "Chat interface with source citations",
            Deployment,
            Growth,
            2,
            (5.0, 8.0, 12.0),
            &[6],
        ),
        (
            8,
            "Single sign-on and document permissions",
            Deployment,
            Growth,
            2,
            (4.0, 6.0, 12.0),
            &[7],
        ),
        (
            9,
            "Re-ranking and query rewriting",
            Modelling,
            Growth,
            1,
            (3.0, 5.0, 8.0),
            &[6],
        ),
        (
            10,
            "Usage analytics and feedback buttons",
            Monitoring,
            Maturity,
            2,
            (2.0, 3.0, 5.0),
            &[8],
        ),
        (
            11,
            "Continuous evaluation and cost monitoring",
            Monitoring,
            Maturity,
            1,
            (3.0, 4.0, 7.0),
            &[10, 9],
        ),
        (
            12,
            "Content refresh pipeline",
            Monitoring,
            Maturity,
            3,
            (2.0, 4.0, 6.0),
            &[11],
        ),
    ]);
    p.factors = answers(&[
        (UnstructuredData, S),
        (ComplicatedEvaluation, Yes),
        (EthicsPrivacy, S),
    ]);
    p.fixed_costs = vec![
        cost("LLM API usage (pilot)", 2_000.0, Mvp),
        cost("Vector database", 4_000.0, Growth),
        cost("LLM API usage (roll-out)", 12_000.0, Maturity),
    ];
    p.risks = [
        risk("min-performance", 1, None, "ML engineer", false),
        risk("ethics-privacy", 2, None, "Project manager", true),
        risk("interpretability", 3, None, "ML engineer", false),
        risk("changing-requirements", 4, None, "Project manager", false),
    ]
    .into_iter()
    .flatten()
    .collect();
    p.gate.probability = 0.8;
    // Staff time saved looking for answers; LLM and vector-store fees are the run cost, wrong answers the errors.
    p.value = ValueModel {
        annual_benefit: ThreePoint::new(60_000.0, 150_000.0, 300_000.0),
        kind: BenefitKind::CycleTime,
        ramp_up_months: 9.0,
        horizon_years: 3.0,
        discount_rate: 0.08,
        run_cost_per_year: 36_000.0,
        data_cost: 5_000.0,
        error_cost_per_year: 25_000.0,
    };
    p.requirements.requests_per_day = 4_000.0;
    p.requirements.peak_to_average = 4.0;
    p.requirements.users = 2_000.0;
    p.requirements.freshness = Freshness::RealTime;
    p.requirements.latency_p95_ms = 5_000.0;
    p.requirements.model_time_ms = 2_500.0;
    p.requirements.metric = "Share of answers rated correct and grounded".into();
    p.requirements.minimum_performance = 0.85;
    p.plan.milestones = vec![milestone(
        "MVP go / no-go",
        Mvp,
        "At least 85% of golden questions answered correctly with a cited source.",
    )];
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate::validate;

    fn start() -> Date {
        Date::from_ymd(2026, 3, 2).unwrap_or(Date::from_days(0))
    }

    #[test]
    fn every_template_is_valid_and_complete() {
        // Protects the one-click promise: each template validates and covers the plan.
        for info in templates() {
            let p = template(info.key, format!("t-{}", info.key), start())
                .expect("listed template exists");
            assert_eq!(validate(&p), vec![], "{}", info.key);
            for stage in Stage::ALL {
                assert!(
                    p.tasks.iter().any(|t| t.stage == stage),
                    "{} lacks {stage:?}",
                    info.key
                );
            }
            assert!(
                p.tasks.len() >= 12 && !p.risks.is_empty() && !p.factors.is_empty(),
                "{}",
                info.key
            );
            assert!(p.gate.enabled);
        }
        assert!(template("nope", "x".into(), start()).is_none());
    }

    #[test]
    fn the_bike_shop_covers_every_phase_with_a_realistic_register() {
        // Protects the flagship template's breadth.
        let p = bike_shop("b".into(), start());
        for phase in Phase::ALL {
            assert!(
                p.tasks.iter().any(|t| t.phase == phase),
                "bike shop lacks {phase:?}"
            );
        }
        assert!((20..=30).contains(&p.tasks.len()));
        assert!((6..=8).contains(&p.risks.len()));
        assert!(p.risks.iter().any(|r| r.mitigation.adopted));
        assert!(p.risks.iter().any(|r| !r.mitigation.adopted));
        assert!(p.team.iter().any(|r| r.headcount.fract() != 0.0));
    }

    #[test]
    fn the_catalogue_has_fourteen_distinct_valid_risks() {
        // Protects the catalogue the register adds from.
        let cat = risk_catalogue();
        assert_eq!(cat.len(), 14);
        let mut keys: Vec<_> = cat.iter().map(|r| r.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 14);
        let mut p = Project::new("c", "Catalogue", start());
        p.risks = cat
            .iter()
            .enumerate()
            .map(|(i, r)| r.to_risk(i as Id + 1))
            .collect();
        assert_eq!(validate(&p), vec![]);
        assert!(cat
            .iter()
            .all(|r| r.probability_after < r.probability && !r.explanation.is_empty()));
    }
}
