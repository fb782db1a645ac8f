//! The native command line: forecasts an exported project file with the same engine
//! and seed as the page, writes its Markdown plan and share-link payload, sizes its
//! serving, sizes an A/B test, ranks a workspace's projects and ideas, and prints
//! templates as importable files.
//!
//! Usage:
//!
//! ```text
//! yardstick-cli forecast <project.json>   # the forecast as pretty JSON on stdout, with
//!                                         # "bridge" (docs/MODEL.md §21) and, when
//!                                         # both targets are set, "joint" (§20)
//! yardstick-cli markdown <project.json>   # the Markdown plan on stdout
//! yardstick-cli share <project.json>      # the share-link fragment (#s=…) on stdout
//! yardstick-cli portfolio <workspace.json> # the portfolio ranking as pretty JSON
//! yardstick-cli size <project.json>       # the serving sizing as pretty JSON
//! yardstick-cli abtest --baseline 0.1 --mde 0.02 [--relative] [--alpha 0.05]
//!     [--power 0.8] [--one-sided] [--daily N] [--share S] [--sd SD]
//!                                         # the A/B test's size as pretty JSON
//! yardstick-cli calibrate <file>…         # the track record of the projects in the
//!                                         # project or workspace files as pretty JSON
//!                                         # (docs/MODEL.md §29)
//! yardstick-cli template <key>            # a template as an exported project JSON
//! yardstick-cli templates                 # the template keys, one per line
//! ```
//!
//! Invalid input gives a message on stderr and exit code 2; a usage error exit code 64.

use std::process::ExitCode;
use yardstick::data::{export_project, import_project, import_workspace};
use yardstick::engine::abtest::{self, AbTest};
use yardstick::engine::{bridge, forecast, generate_bench_plan, portfolio, sizing, Forecast};
use yardstick::model::templates::{template, templates};
use yardstick::model::validate::FieldError;
use yardstick::model::Date;
use yardstick::model::Project;
use yardstick::{markdown, share};

const USAGE: &str = "usage:
  yardstick-cli forecast <project.json>   print the project's forecast as JSON
  yardstick-cli markdown <project.json>   print the project's Markdown plan
  yardstick-cli share <project.json>      print the project's share-link fragment
  yardstick-cli portfolio <workspace.json> print the workspace's ranking as JSON
  yardstick-cli size <project.json>       print the project's serving sizing as JSON
  yardstick-cli abtest --baseline RATE --mde EFFECT [--relative] [--alpha 0.05]
      [--power 0.8] [--one-sided] [--daily N] [--share S] [--sd SD]
                                          print an A/B test's sample size per arm and
                                          days as JSON (--sd: a continuous metric whose
                                          mean is the baseline)
  yardstick-cli calibrate <file>...       print the track record (actual / most likely
                                          per role and overall) of the projects in
                                          project or workspace files as JSON
  yardstick-cli template <key>            print a template as an exported project
  yardstick-cli templates                 list the template keys
  yardstick-cli bench-plan                print the benchmark's 50-task plan as a project";

/// Exit code for input that cannot be read or is not a valid project.
const INVALID: u8 = 2;
/// Exit code for a command line that does not make sense.
const USAGE_ERROR: u8 = 64;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["forecast", path] => forecast_file(path),
        ["markdown", path] => markdown_file(path),
        ["share", path] => share_file(path),
        ["portfolio", path] => portfolio_file(path),
        ["size", path] => size_file(path),
        ["abtest", flags @ ..] => abtest(flags),
        ["calibrate", paths @ ..] if !paths.is_empty() => calibrate(paths),
        ["template", key] => print_template(key),
        ["bench-plan"] => {
            println!("{}", export_project(&generate_bench_plan(50, 3, 10, 7)));
            ExitCode::SUCCESS
        }
        ["templates"] => {
            for t in templates() {
                println!("{}\t{}", t.key, t.name);
            }
            ExitCode::SUCCESS
        }
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(USAGE_ERROR)
        }
    }
}

/// Reads a file and restores it with `import`, or says on stderr why it cannot.
fn load_with<T, E: std::fmt::Display>(
    path: &str,
    import: fn(&str) -> Result<T, E>,
) -> Result<T, ExitCode> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        eprintln!("yardstick-cli: cannot read {path}: {e}");
        ExitCode::from(INVALID)
    })?;
    import(&text).map_err(|e| {
        eprintln!("yardstick-cli: {path}: {e}");
        ExitCode::from(INVALID)
    })
}

/// Reads and restores a project file, or says on stderr why it cannot.
fn load(path: &str) -> Result<Project, ExitCode> {
    load_with(path, import_project)
}

/// Lists field errors on stderr and gives the exit code for invalid input.
fn report_invalid(path: &str, what: &str, errors: Vec<FieldError>) -> ExitCode {
    eprintln!("yardstick-cli: {path}: the {what} is not valid:");
    for e in errors {
        eprintln!("  {}: {}", e.path, e.message);
    }
    ExitCode::from(INVALID)
}

/// Forecasts a loaded project, or lists its field errors on stderr.
fn load_and_forecast(path: &str) -> Result<(Project, Forecast), ExitCode> {
    let project = load(path)?;
    match forecast(&project) {
        Ok(f) => Ok((project, f)),
        Err(errors) => Err(report_invalid(path, "project", errors)),
    }
}

/// Prints a value as pretty JSON.
fn print_json<T: serde::Serialize>(value: &T, what: &str) -> ExitCode {
    match serde_json::to_string_pretty(value) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("yardstick-cli: cannot write the {what}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The forecast's JSON with the bridge's steps as `"bridge"` (each `label`, `section`,
/// `days`, `cost`), their trials as `"bridge_trials"` and, when the project has a
/// correlation, `"without_correlation"` (`days`, `cost` at the confidence level).
fn forecast_file(path: &str) -> ExitCode {
    let (project, f) = match load_and_forecast(path) {
        Ok(pf) => pf,
        Err(code) => return code,
    };
    let b = match bridge(&project) {
        Ok(b) => b,
        Err(errors) => return report_invalid(path, "project", errors),
    };
    let mut json = match serde_json::to_value(&f) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("yardstick-cli: cannot write the forecast: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(object) = json.as_object_mut() {
        let extra = [
            ("bridge", serde_json::to_value(&b.steps)),
            ("bridge_trials", serde_json::to_value(b.trials)),
            (
                "without_correlation",
                serde_json::to_value(b.without_correlation),
            ),
        ];
        for (key, value) in extra {
            match value {
                Ok(serde_json::Value::Null) => {}
                Ok(v) => {
                    object.insert(key.into(), v);
                }
                Err(e) => {
                    eprintln!("yardstick-cli: cannot write the {key}: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    print_json(&json, "forecast")
}

/// The track record of every project in the files (each a project or a workspace):
/// `overall` and each of `roles` with `n`, `median` and `p80` of actual ÷ most likely,
/// the `sentence`, and the `reference_class` (`n`, `confidence`, `uplift`, or null).
fn calibrate(paths: &[&str]) -> ExitCode {
    use yardstick::engine::calibration::{history, reference_class, track_record, Ratios};
    let mut projects = Vec::new();
    for path in paths {
        let read = |text: &str| match import_project(text) {
            Ok(p) => Ok(vec![p]),
            Err(_) => import_workspace(text).map(|w| w.projects),
        };
        match load_with(path, read) {
            Ok(found) => projects.extend(found),
            Err(code) => return code,
        }
    }
    let h = history(&projects);
    let record = track_record(&h.records);
    let figures = |r: &Ratios| serde_json::json!({"n": r.n, "median": r.median, "p80": r.p80});
    let roles: Vec<serde_json::Value> = record
        .roles
        .iter()
        .map(|(role, r)| {
            let mut v = figures(r);
            v["role"] = role.clone().into();
            v
        })
        .collect();
    let json = serde_json::json!({
        "projects": projects.len(),
        "overall": record.overall.as_ref().map(figures),
        "roles": roles,
        "sentence": record.overall.as_ref().map(Ratios::sentence),
        "reference_class": reference_class(&h.finished, 0.8),
    });
    print_json(&json, "track record")
}

fn portfolio_file(path: &str) -> ExitCode {
    let workspace = match load_with(path, import_workspace) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    match portfolio(&workspace) {
        Ok(p) => print_json(&p, "portfolio"),
        Err(errors) => report_invalid(path, "workspace", errors),
    }
}

fn size_file(path: &str) -> ExitCode {
    match load(path) {
        Ok(project) => match sizing::size(&project.requirements) {
            Ok(s) => print_json(&s, "sizing"),
            Err(errors) => report_invalid(path, "requirements", errors),
        },
        Err(code) => code,
    }
}

/// Reads `abtest`'s flags onto the default test; `Err` names the flag that is wrong.
fn abtest_flags(flags: &[&str]) -> Result<AbTest, String> {
    let mut t = AbTest::default();
    let (mut baseline, mut mde) = (None, None);
    let mut rest = flags.iter();
    while let Some(&flag) = rest.next() {
        let mut number = || -> Result<f64, String> {
            let text = rest.next().ok_or(format!("{flag} needs a number"))?;
            text.parse()
                .map_err(|_| format!("{flag} needs a number, not \"{text}\""))
        };
        match flag {
            "--baseline" => baseline = Some(number()?),
            "--mde" => mde = Some(number()?),
            "--alpha" => t.alpha = number()?,
            "--power" => t.power = number()?,
            "--daily" => t.daily_traffic = Some(number()?),
            "--share" => t.traffic_share = number()?,
            "--sd" => t.sd = Some(number()?),
            "--relative" => t.relative = true,
            "--one-sided" => t.two_sided = false,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    match (baseline, mde) {
        (Some(b), Some(m)) => Ok(AbTest {
            baseline: b,
            mde: m,
            ..t
        }),
        _ => Err("--baseline and --mde are required".into()),
    }
}

fn abtest(flags: &[&str]) -> ExitCode {
    let test = match abtest_flags(flags) {
        Ok(t) => t,
        Err(why) => {
            eprintln!("yardstick-cli: abtest: {why}\n{USAGE}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    match abtest::size(&test) {
        Ok(s) => print_json(&s, "test size"),
        Err(errors) => report_invalid("abtest", "test", errors),
    }
}

fn markdown_file(path: &str) -> ExitCode {
    match load_and_forecast(path) {
        Ok((project, f)) => {
            print!("{}", markdown::plan(&project, &f));
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

fn share_file(path: &str) -> ExitCode {
    match load(path) {
        Ok(project) => {
            let fragment = format!("#s={}", share::encode(&project));
            if fragment.len() > share::LONG_LINK_CHARS {
                eprintln!(
                    "yardstick-cli: the link is {} characters; many tools cut links this long, send the JSON file instead",
                    fragment.len()
                );
            }
            println!("{fragment}");
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

fn print_template(key: &str) -> ExitCode {
    let start = Date::from_ymd(2026, 1, 5).unwrap_or(Date::from_days(0));
    match template(key, format!("template-{key}"), start) {
        Some(p) => {
            println!("{}", export_project(&p));
            ExitCode::SUCCESS
        }
        None => {
            let keys: Vec<&str> = templates().iter().map(|t| t.key).collect();
            eprintln!(
                "yardstick-cli: no template \"{key}\"; choose one of: {}",
                keys.join(", ")
            );
            ExitCode::from(USAGE_ERROR)
        }
    }
}
