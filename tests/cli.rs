//! The native command, run as a user would: templates out, forecast, Markdown, share
//! link and portfolio in, and clear failures for bad files.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yardstick_cli"))
        .args(args)
        .output()
        .expect("the command runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn bike_shop_file() -> std::path::PathBuf {
    let (code, json, _) = cli(&["template", "bike-shop"]);
    assert_eq!(code, 0);
    let path = std::env::temp_dir().join(format!("yardstick-cli-{}.json", std::process::id()));
    std::fs::write(&path, json).expect("temp file");
    path
}

#[test]
fn a_template_forecasts_to_the_same_json_as_the_library() {
    let path = bike_shop_file();
    let (code, out, _) = cli(&["forecast", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    let project =
        yardstick::data::import_project(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let expected = yardstick::engine::forecast(&project).expect("the template is valid");
    // The command prints what the library serialises, plus the bridge.
    let mut json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let object = json.as_object_mut().unwrap();
    let bridge = object.remove("bridge").expect("the bridge");
    assert_eq!(object.remove("bridge_trials"), Some(50_000.into()));
    assert_eq!(object.remove("without_correlation"), None, "no correlation");
    // Both read from printed digits, so their floats are read alike.
    let library: serde_json::Value =
        serde_json::from_str(&serde_json::to_string_pretty(&expected).unwrap()).unwrap();
    assert_eq!(json, library);
    // The bridge's steps add up to the confidence level minus the plan (MODEL.md §21).
    let sum = |key: &str| -> f64 {
        bridge
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s[key].as_f64().unwrap())
            .sum()
    };
    let c = &expected.contingency;
    assert!((sum("days") - (c.duration - expected.plan.duration)).abs() < 1e-9 * c.duration);
    assert!((sum("cost") - (c.cost - expected.plan.cost)).abs() < 1e-9 * c.cost);
    // Both targets are set: the joint confidence is there.
    assert!(json["joint"]["probability"].as_f64().is_some());
    // Every forecast says which version of the model document's rules made it.
    assert_eq!(json["engine"], 5);
}

#[test]
fn markdown_and_share_link_come_from_the_same_file() {
    let path = bike_shop_file();
    let (code, md, _) = cli(&["markdown", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(md.starts_with("# Bike shop demand forecast\n"));
    assert!(md.contains("## Risks by exposure"));
    let (code, link, _) = cli(&["share", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    let payload = link.trim().strip_prefix("#s=").expect("a share fragment");
    let project = yardstick::share::decode(payload).expect("the link opens");
    assert_eq!(project.name, "Bike shop demand forecast");
}

#[test]
fn bad_files_and_bad_commands_fail_with_a_reason() {
    let path = std::env::temp_dir().join(format!("yardstick-cli-bad-{}.json", std::process::id()));
    std::fs::write(
        &path,
        "{\"format\":\"yardstick\",\"version\":1,\"kind\":\"project\",\"data\":{",
    )
    .unwrap();
    let (code, out, err) = cli(&["forecast", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("damaged"), "{err}");
    let (code, _, err) = cli(&["forecast", "/nonexistent/plan.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let (code, _, err) = cli(&["frobnicate"]);
    assert_eq!(code, 64);
    assert!(err.contains("usage"), "{err}");
}

#[test]
fn a_workspace_file_prints_the_same_ranking_as_the_library() {
    let start = yardstick::model::Date::from_ymd(2026, 1, 5).unwrap();
    let mut ws = yardstick::model::Workspace::default();
    for key in ["bike-shop", "churn", "retrieval-assistant"] {
        ws.projects
            .push(yardstick::model::templates::template(key, key.into(), start).unwrap());
    }
    ws.ideas.push(yardstick::model::Idea::new(
        "idea",
        "Invoice matching",
        start,
    ));
    ws.portfolio.trials = 5_000;
    let path = std::env::temp_dir().join(format!("yardstick-cli-ws-{}.json", std::process::id()));
    std::fs::write(&path, yardstick::data::export_workspace(&ws)).unwrap();
    let (code, out, _) = cli(&["portfolio", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    let expected = yardstick::engine::portfolio(&ws).expect("the workspace is valid");
    assert_eq!(
        out.trim_end(),
        serde_json::to_string_pretty(&expected).unwrap()
    );
    assert_eq!(expected.entries.len(), 4);

    ws.ideas[0].feasibility = 2.0;
    std::fs::write(&path, yardstick::data::export_workspace(&ws)).unwrap();
    let (code, out, err) = cli(&["portfolio", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("ideas[0].feasibility"), "{err}");
    std::fs::write(&path, yardstick::data::export_project(&ws.projects[0])).unwrap();
    let (code, _, err) = cli(&["portfolio", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("expected a workspace"), "{err}");
}

#[test]
fn size_prints_the_engine_sizing_of_a_project_file() {
    let (code, json, _) = cli(&["template", "defect-detection"]);
    assert_eq!(code, 0);
    let path = std::env::temp_dir().join(format!("yardstick-cli-size-{}.json", std::process::id()));
    std::fs::write(&path, &json).unwrap();
    let (code, out, _) = cli(&["size", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    let project = yardstick::data::import_project(&json).unwrap();
    let expected = yardstick::engine::sizing::size(&project.requirements).unwrap();
    assert_eq!(
        out.trim_end(),
        serde_json::to_string_pretty(&expected).unwrap()
    );
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in [
        "peak_rps",
        "mode",
        "instances",
        "fallback",
        "annual_run_cost",
        "implied_tasks",
    ] {
        assert!(value.get(key).is_some(), "{key}");
    }
    assert_eq!(value["mode"], "online");

    // A latency target below the model time is refused, naming the field.
    let mut slow = project;
    slow.requirements.latency_p95_ms = 10.0;
    std::fs::write(&path, yardstick::data::export_project(&slow)).unwrap();
    let (code, out, err) = cli(&["size", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("requirements.latency_p95_ms: The latency target (10 ms)"),
        "{err}"
    );
}

#[test]
fn abtest_prints_the_sample_size_per_arm_and_the_days() {
    let (code, out, _) = cli(&["abtest", "--baseline", "0.1", "--mde", "0.02"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["per_arm"], 3841);
    assert_eq!(json["days"], serde_json::Value::Null);
    let (code, out, _) = cli(&[
        "abtest",
        "--baseline",
        "0.1",
        "--mde",
        "0.2",
        "--relative",
        "--alpha",
        "0.05",
        "--power",
        "0.8",
        "--daily",
        "1000",
        "--share",
        "0.5",
    ]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (json["per_arm"].as_u64(), json["days"].as_u64()),
        (Some(3841), Some(16))
    );
    let (_, out, _) = cli(&[
        "abtest",
        "--baseline",
        "0.1",
        "--mde",
        "0.02",
        "--one-sided",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["per_arm"], 3026);
    let (_, out, _) = cli(&["abtest", "--baseline", "50", "--mde", "0.5", "--sd", "1"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["per_arm"], 63);

    // Bad values name their field; a bad command line is a usage error.
    let (code, out, err) = cli(&["abtest", "--baseline", "0.9", "--mde", "0.2"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("mde: An effect of 0.2"), "{err}");
    let (code, _, err) = cli(&[
        "abtest",
        "--baseline",
        "0.1",
        "--mde",
        "0.02",
        "--power",
        "1",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("power: "), "{err}");
    let (code, _, err) = cli(&["abtest", "--baseline", "0.1"]);
    assert_eq!(code, 64);
    assert!(err.contains("--baseline and --mde are required"), "{err}");
    let (code, _, err) = cli(&["abtest", "--baseline", "ten", "--mde", "0.02"]);
    assert_eq!(code, 64);
    assert!(
        err.contains("--baseline needs a number, not \"ten\""),
        "{err}"
    );
    let (code, _, err) = cli(&["abtest", "--baseline", "0.1", "--mde", "0.02", "--fast"]);
    assert_eq!(code, 64);
    assert!(err.contains("unknown option --fast"), "{err}");
}

/// The bike shop with its first `done` tasks done at `ratio` × their most likely effort.
fn tracked_bike_shop(id: &str, done: usize, ratio: f64) -> yardstick::model::Project {
    use yardstick::model::{Date, TaskState};
    let start = Date::from_ymd(2026, 1, 5).unwrap();
    let mut p = yardstick::model::templates::bike_shop(id.into(), start);
    p.tracking.status_date = Some(start.add_days(200));
    for t in p.tasks.iter_mut().take(done) {
        t.state = TaskState::Done;
        t.actual = Some(t.effort.most_likely * ratio);
        t.finished = Some(start.add_days(100));
    }
    p
}

#[test]
fn calibrate_prints_the_track_record_of_project_and_workspace_files() {
    use yardstick::engine::stats::{quantile_sorted, sort_floats};
    let dir = std::env::temp_dir();
    let one = tracked_bike_shop("a", 5, 1.4);
    let (two, three) = (
        tracked_bike_shop("b", 3, 0.8),
        tracked_bike_shop("c", 0, 1.0),
    );
    let project_file = dir.join(format!("yardstick-cal-{}.json", std::process::id()));
    std::fs::write(&project_file, yardstick::data::export_project(&one)).unwrap();
    let ws = yardstick::model::Workspace {
        projects: vec![two.clone(), three],
        ..Default::default()
    };
    let ws_file = dir.join(format!("yardstick-cal-ws-{}.json", std::process::id()));
    std::fs::write(&ws_file, yardstick::data::export_workspace(&ws)).unwrap();
    let (code, out, err) = cli(&[
        "calibrate",
        project_file.to_str().unwrap(),
        ws_file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["projects"], 3);
    // A direct computation: actual ÷ most likely of the eight done tasks.
    let mut ratios: Vec<f64> = [(&one, 5), (&two, 3)]
        .iter()
        .flat_map(|(p, n)| {
            p.tasks[..*n]
                .iter()
                .map(|t| t.actual.unwrap() / t.effort.most_likely)
        })
        .collect();
    sort_floats(&mut ratios);
    assert_eq!(json["overall"]["n"], 8);
    assert_eq!(json["overall"]["median"], quantile_sorted(&ratios, 0.5));
    assert_eq!(json["overall"]["p80"], quantile_sorted(&ratios, 0.8));
    let roles = json["roles"].as_array().unwrap();
    let counted: u64 = roles.iter().map(|r| r["n"].as_u64().unwrap()).sum();
    assert_eq!(counted, 8);
    assert!(json["sentence"].as_str().unwrap().contains("(n = 8)"));
    assert!(json["reference_class"].is_null(), "no finished project");
    let (code, _, err) = cli(&["calibrate"]);
    assert_eq!(code, 64, "{err}");
}

#[test]
fn forecast_honours_status() {
    let dir = std::env::temp_dir();
    let path = dir.join(format!("yardstick-status-{}.json", std::process::id()));
    let p = tracked_bike_shop("s", 5, 1.4);
    std::fs::write(&path, yardstick::data::export_project(&p)).unwrap();
    let (code, out, err) = cli(&["forecast", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let expected = yardstick::engine::forecast(&p).unwrap();
    assert_eq!(json["finish"]["p80"], expected.finish.p80.to_string());
    let earliest = json["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["id"].as_u64().unwrap() > 5)
        .map(|t| t["start_p50"].as_f64().unwrap())
        .fold(f64::INFINITY, f64::min);
    // The status date, 200 days after a Monday start (a Friday), is working day 144.
    assert!(earliest >= 144.0, "{earliest}");
}
