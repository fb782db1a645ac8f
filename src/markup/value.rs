//! The Value & priority section's markup: the value model (benefit range and kind,
//! ramp-up, horizon, discount rate, run cost, cost of data, cost of ML errors) and what
//! the simulation makes of it: expected NPV with its spread, the chance it is positive,
//! ROI and payback (drawn from the forecast in the engine's worker).

use crate::chart::{histogram_svg, Marker};
use crate::engine::{Forecast, ValueForecast};
use crate::form::{render_fields, Field, Kind, Value};
use crate::format::{fixed, money, percent};
use crate::html;
use crate::html::Html;
use crate::markup::forecast::{refining, shown};
use crate::markup::View;
use crate::model::{BenefitKind, Project, ValueModel};
use crate::{money_field, num_field, percent_field};

const KINDS: [(BenefitKind, &str); 5] = [
    (BenefitKind::Revenue, "More revenue"),
    (BenefitKind::CostSaving, "Cost saving"),
    (BenefitKind::CycleTime, "Shorter cycle time"),
    (BenefitKind::PeopleIntensity, "Less people-intensive work"),
    (
        BenefitKind::CustomerExperience,
        "Better customer experience",
    ),
];

fn kind_choices(_: &Project) -> Vec<(String, String)> {
    KINDS
        .iter()
        .enumerate()
        .map(|(i, (_, label))| (i.to_string(), (*label).to_owned()))
        .collect()
}

/// The value model's fields.
pub static VALUE_FIELDS: &[Field<ValueModel>] = &[
    money_field!(
        "annual_benefit.optimistic",
        "Annual benefit, low",
        annual_benefit.optimistic
    ),
    money_field!(
        "annual_benefit.most_likely",
        "Annual benefit, most likely",
        annual_benefit.most_likely
    ),
    money_field!(
        "annual_benefit.pessimistic",
        "Annual benefit, high",
        annual_benefit.pessimistic
    ),
    Field {
        key: "kind",
        label: "Kind of benefit",
        kind: Kind::Choice(kind_choices),
        get: |v| {
            let i = KINDS.iter().position(|k| k.0 == v.kind);
            Value::Text(i.unwrap_or(0).to_string())
        },
        set: |v, x| {
            let i = x.text().parse::<usize>().ok().filter(|&i| i < KINDS.len());
            v.kind = KINDS[i.ok_or("Choose one of the options.")?].0;
            Ok(())
        },
    },
    num_field!(
        "ramp_up_months",
        "Months to full adoption after delivery",
        ramp_up_months
    ),
    num_field!(
        "horizon_years",
        "Horizon (years from the start)",
        horizon_years
    ),
    percent_field!("discount_rate", "Discount rate per year (%)", discount_rate),
    money_field!(
        "run_cost_per_year",
        "Run cost per year (hosting, monitoring, retraining)",
        run_cost_per_year
    ),
    money_field!("data_cost", "Cost of data", data_cost),
    money_field!(
        "error_cost_per_year",
        "Cost of ML errors per year",
        error_cost_per_year
    ),
];

/// The value model form.
pub fn form(v: &View) -> Html {
    html!(
        r#"<p class="muted">The annual benefit is a three-point range at full adoption, after delivery; the build cost and the feasibility gate come from the forecast, trial by trial.</p><div class="form-grid">{}</div>"#,
        render_fields(VALUE_FIELDS, &v.project.value, "value", v.project, v.errors)
    )
}

/// Payback as people read it.
pub fn payback_text(value: &ValueForecast) -> String {
    match value.payback_months_p50 {
        Some(m) => format!("{} months (median)", fixed(m, 0)),
        None => format!(
            "not within the horizon in most trials ({} never pay back)",
            percent(value.never_pays_back)
        ),
    }
}

/// What the simulation makes of the value model (drawn from the forecast).
pub fn summary(v: &View) -> Html {
    shown(v, |parts| &parts.value)
}

/// What a forecast of `p` makes of its value model (drawn in the engine's worker).
pub fn draw_summary(p: &Project, f: &Forecast) -> Html {
    let (val, c) = (&f.value, &p.currency);
    let m = |x: f64| money(x, c);
    let roi = val
        .roi
        .map_or_else(|| "—".to_owned(), |r| format!("{}%", fixed(r * 100.0, 0)));
    let bins: Vec<(f64, f64, f64)> = val
        .npv_histogram
        .iter()
        .map(|b| (b.from, b.to, b.share))
        .collect();
    let marks = [
        Marker {
            value: val.npv.p50,
            label: "P50",
            kind: "p50",
        },
        Marker {
            value: 0.0,
            label: "break-even",
            kind: "target",
        },
    ];
    let chart = histogram_svg(
        &bins,
        c,
        &marks,
        &format!(
            "Histogram of net present value: P10 {}, P50 {}, P90 {}.",
            money(val.npv.p10, c),
            money(val.npv.p50, c),
            money(val.npv.p90, c)
        ),
    );
    refining(p, f)
        + html!(
            r##"<p class="headline__main value-headline"><strong class="value-npv">{}</strong> expected net present value; a <strong class="value-positive">{}</strong> chance it is positive.</p><dl class="kpis"><div><dt>NPV P10</dt><dd>{}</dd></div><div><dt>NPV P50</dt><dd>{}</dd></div><div><dt>NPV P90</dt><dd>{}</dd></div><div><dt>ROI</dt><dd>{}</dd></div><div><dt>Payback</dt><dd>{}</dd></div></dl><p class="muted">Expected present value of the benefit {} against {} of costs (build as simulated, data, running and errors) over {} months from the start, discounted at {}.</p><div class="chart-grid"><figure><figcaption>Net present value: how often each outcome came up</figcaption><div class="chart-box">{}</div></figure></div><p><a href="#/portfolio">Compare with the other projects and ideas in the portfolio</a></p>"##,
            m(val.npv.mean),
            percent(val.probability_positive),
            m(val.npv.p10),
            m(val.npv.p50),
            m(val.npv.p90),
            roi,
            payback_text(val),
            m(val.expected_benefit),
            m(val.expected_cost),
            val.horizon_months,
            percent(p.value.discount_rate),
            chart,
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::forecast;
    use crate::markup::edit;
    use crate::markup::test_support::{shop, view};
    use crate::markup::ForecastParts;

    #[test]
    fn value_fields_edit_by_path() {
        let mut p = shop();
        edit(&mut p, "value.annual_benefit.pessimistic", "900000").unwrap();
        assert_eq!(p.value.annual_benefit.pessimistic, 900_000.0);
        edit(&mut p, "value.discount_rate", "12").unwrap();
        assert!((p.value.discount_rate - 0.12).abs() < 1e-12);
        edit(&mut p, "value.kind", "1").unwrap();
        assert_eq!(p.value.kind, BenefitKind::CostSaving);
        assert!(edit(&mut p, "value.kind", "7").is_err());
    }

    #[test]
    fn the_summary_states_npv_chance_roi_and_payback() {
        let p = shop();
        let f = forecast(&p).unwrap();
        let html = summary(&view(&p, Some(&ForecastParts::draw(&p, &f))));
        assert_eq!(
            html,
            draw_summary(&p, &f),
            "drawn in the worker, shown as it is"
        );
        assert!(html.contains(&*Html::text(&money(f.value.npv.mean, &p.currency))));
        assert!(html.contains(&percent(f.value.probability_positive)));
        assert!(html.contains(&*Html::text(&payback_text(&f.value))));
        assert_eq!(html.matches("<svg").count(), 1);
        assert!(html.contains("#/portfolio"));
    }

    #[test]
    fn payback_reads_never_when_most_trials_never_pay_back() {
        let never = ValueForecast {
            payback_months_p50: None,
            never_pays_back: 0.7,
            ..ValueForecast::default()
        };
        assert_eq!(
            payback_text(&never),
            "not within the horizon in most trials (70% never pay back)"
        );
        let soon = ValueForecast {
            payback_months_p50: Some(27.4),
            ..ValueForecast::default()
        };
        assert_eq!(payback_text(&soon), "27 months (median)");
    }
}
