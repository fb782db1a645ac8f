//! The start page's markup: the saved projects (newest edit first, each with its P80
//! once computed), the note after a delete with its undo, the new-project form, the
//! templates and opening a share link. The buttons carry `data-action`s that the page
//! carries out (they create, copy, rename and delete projects in the store).

use crate::html;
use crate::html::Html;
use crate::model::templates::templates;
use crate::model::Project;

/// What the start page is drawn from.
pub struct StartView<'a> {
    /// Newest edit first.
    pub projects: &'a [Project],
    /// The card line of each project whose forecast is done: `(id, text)`.
    pub cards: &'a [(String, String)],
    /// The name of the project just deleted, while its undo is offered.
    pub deleted: Option<&'a str>,
    /// The date of each project's last edit as people read it, by position.
    pub edited: &'a [String],
}

/// The card line of a project: its P80, or why there is none.
pub fn card_text(project: &Project, forecast: Result<(String, String), ()>) -> String {
    match forecast {
        Ok(_) if project.tasks.is_empty() => "No tasks yet".into(),
        Ok((finish, cost)) => format!("P80: {finish} · {cost}"),
        Err(()) => "Needs fixes before it can be forecast".into(),
    }
}

/// The projects (or what Yardstick is, before there are any), and the undo note.
pub fn list(v: &StartView) -> Html {
    let mut out = Html::new();
    if let Some(name) = v.deleted {
        out += html!(
            r#"<div class="toast" role="status">Deleted “{}”. <button type="button" class="button" data-action="undo">Undo</button> <button type="button" class="link-button" data-action="dismiss" aria-label="Dismiss">✕</button></div>"#,
            name
        );
    }
    if v.projects.is_empty() {
        out += html!(
            r#"<div class="empty-state"><p>Yardstick forecasts how long a machine-learning project will take, what it will cost and how risky it is, with Monte Carlo simulation instead of single-point guesses.</p><p>It models what makes ML projects different — dirty data, models that may never reach the accuracy you need, and stage gates from MVP to maturity.</p></div>"#
        );
    } else {
        out.push_trusted(r#"<ul class="project-list">"#);
        for (i, p) in v.projects.iter().enumerate() {
            let card = v
                .cards
                .iter()
                .find(|(c, _)| *c == p.id)
                .map_or("Forecasting…", |(_, text)| text.as_str());
            let tasks = p.tasks.len();
            out += html!(
                r##"<li class="project-card"><a class="project-card__name" href="#/p/{0}/overview">{1}</a><span class="project-card__forecast">{2}</span><span class="project-card__meta">{3} task{4} · edited {5}</span><span class="project-card__actions"><button type="button" class="link-button" data-action="duplicate" data-arg="{0}" aria-label="Duplicate {1}">Duplicate</button><button type="button" class="link-button" data-action="rename" data-arg="{0}" aria-label="Rename {1}">Rename</button><button type="button" class="link-button button--danger" data-action="delete" data-arg="{0}" aria-label="Delete {1}">Delete</button></span></li>"##,
                p.id,
                p.name,
                card,
                tasks,
                if tasks == 1 { "" } else { "s" },
                v.edited.get(i).map_or("", String::as_str),
            );
        }
        out.push_trusted("</ul>");
    }
    out
}

/// New project, templates, import and open a link (static, so typing is never lost
/// when the list above changes).
pub fn forms() -> Html {
    let mut out = html!(
        r#"<div class="start__actions"><form class="new-project" novalidate><h2>New project</h2><label for="new-project-name">Project name</label><div class="new-project__row"><input id="new-project-name" type="text" maxlength="200" placeholder="e.g. Demand forecast for the bike shop" aria-invalid="false" aria-describedby="new-project-name-error"><button type="submit" class="button button--primary" data-action="create" data-source="new-project-name">Create project</button></div><p id="new-project-name-error" class="field-error" role="status"></p></form><div class="templates"><h2>Start from a template</h2><ul class="template-list">"#
    );
    for t in templates() {
        out += html!(
            r#"<li><button type="button" class="button template-button" data-action="template" data-arg="{}">{}</button> <span class="muted">{}</span></li>"#,
            t.key,
            t.name,
            t.summary
        );
    }
    out += html!(
        r#"</ul></div><div class="import"><h2>Import</h2><label for="import-file">Project file (JSON)</label><input id="import-file" type="file" accept=".json,application/json" data-file-action="import-file" aria-describedby="import-file-error"><p id="import-file-error" class="field-error" role="status"></p><form class="new-project__row" novalidate><label class="visually-hidden" for="open-link">Share link</label><input id="open-link" type="url" placeholder="Paste a share link" aria-describedby="open-link-error"><button type="submit" class="button" data-action="open-link" data-source="open-link">Open link</button></form><p id="open-link-error" class="field-error" role="status"></p></div></div>"#
    );
    out
}

/// The share-link payload in a pasted link, or why there is none.
pub fn link_payload(text: &str) -> Result<&str, String> {
    text.split_once("#s=")
        .map(|(_, payload)| payload.trim())
        .filter(|payload| !payload.is_empty())
        .ok_or_else(|| "That is not a Yardstick share link: it has no “#s=” part.".into())
}

/// The trimmed name for a new project, or why it cannot be used.
pub fn project_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        Err("Give the project a name.".into())
    } else {
        Ok(name.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn project(id: &str, name: &str) -> Project {
        Project::new(id, name, Date::from_ymd(2026, 1, 5).unwrap())
    }

    #[test]
    fn an_empty_workspace_explains_yardstick_and_offers_every_template() {
        let html = list(&StartView {
            projects: &[],
            cards: &[],
            deleted: None,
            edited: &[],
        });
        assert!(html.contains("Monte Carlo"));
        assert!(!html.contains("project-card"));
        let forms = forms();
        assert_eq!(
            forms.matches(r#"data-action="template""#).count(),
            templates().len()
        );
        assert!(forms.contains(r#"data-source="new-project-name""#));
    }

    #[test]
    fn cards_show_the_forecast_when_ready_and_escape_names() {
        let projects = [project("a", "<i>A</i>"), project("b", "B")];
        let cards = [("b".to_owned(), "P80: 2027-01-01 · EUR 1".to_owned())];
        let html = list(&StartView {
            projects: &projects,
            cards: &cards,
            deleted: Some("Old & gone"),
            edited: &["1/1/2026".into(), "2/1/2026".into()],
        });
        assert!(html.contains("&lt;i&gt;A&lt;/i&gt;"));
        assert!(!html.contains("<i>A"));
        assert_eq!(html.matches("Forecasting…").count(), 1);
        assert!(html.contains("P80: 2027-01-01 · EUR 1"));
        assert!(html.contains("Deleted “Old &amp; gone”."));
        assert!(html.contains(r##"href="#/p/b/overview""##));
    }

    #[test]
    fn names_and_links_are_checked() {
        assert_eq!(project_name("  Churn  "), Ok("Churn".into()));
        assert!(project_name("   ").is_err());
        assert_eq!(link_payload("https://x.example/#s=1abc "), Ok("1abc"));
        assert!(link_payload("https://x.example/").is_err());
        assert!(link_payload("https://x.example/#s=").is_err());
    }

    #[test]
    fn card_text_says_why_there_is_no_forecast() {
        let mut p = project("a", "A");
        assert_eq!(card_text(&p, Ok(("d".into(), "c".into()))), "No tasks yet");
        assert_eq!(
            card_text(&p, Err(())),
            "Needs fixes before it can be forecast"
        );
        p.tasks = crate::model::templates::bike_shop("x".into(), p.start_date).tasks;
        assert_eq!(card_text(&p, Ok(("d".into(), "c".into()))), "P80: d · c");
    }
}
