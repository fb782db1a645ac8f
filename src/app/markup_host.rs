//! Inserts markup built by [`crate::markup`] (an [`Html`] value, which only escaping or
//! the program's own source can make; the hosts take nothing else) and forwards its
//! events: clicks on a `[data-action]` element go to the part's [`Act`] function (or
//! set the section's view state, or download the chart after a chart's SVG button), a
//! file chosen in an `input[data-file-action]` goes
//! to it as that action's argument (its text), and, in an editable part, every `input`
//! event of a `[data-path]` control goes through [`crate::markup::edit`] into the
//! project.
//!
//! An editable host does not re-insert its markup after its own edits (that would
//! reset the caret while someone types); it re-inserts it after every other change
//! (a structural action, undo, another tab) and keeps keyboard focus in place: on the
//! same control, on the same button one row up when its row went, or where the
//! action's `data-focus` selector points (a new row's first box, opening the row that
//! hides it). In a `table[data-grid]`, Enter moves down a column and, in the last row,
//! adds a row. A disclosure button (`aria-expanded` with `aria-controls`) opens and
//! closes what it controls in place, and stays open when the markup is re-inserted; a
//! committed change inside `[data-refresh]` re-inserts the markup once focus moved on,
//! so that what sums the form up (a risk's row) is never stale.

use super::browser::read_chosen;
use super::project::ProjectCtx;
use crate::form::{control_id, error_at, EditError};
use crate::html;
use crate::html::Html;
use crate::markup::{self, changed, Act, Outcome, Render, Slow, View};
use crate::model::validate::FieldError;
use crate::model::Project;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// Replaces the element's content, keeping keyboard focus on the same control and
/// open `<details id>` sections open.
fn replace(el: &Element, html: &Html) {
    let doc = document();
    let inside = doc.active_element().filter(|a| el.contains(Some(a)));
    let was_inside = inside.is_some();
    // A text box's caret or selection, kept so that typing goes where it went.
    let selection = inside
        .as_ref()
        .and_then(|a| a.dyn_ref::<HtmlInputElement>())
        .and_then(|i| Some((i.selection_start().ok()??, i.selection_end().ok()??)));
    let focused = inside.map(|a| {
        if a.id().is_empty() {
            format!(
                r#"[data-action="{}"][data-arg="{}"]"#,
                a.get_attribute("data-action").unwrap_or_default(),
                a.get_attribute("data-arg").unwrap_or_default()
            )
        } else {
            format!("#{}", a.id())
        }
    });
    let open = ids_of(el, "details[open][id]");
    let expanded = ids_of(el, r#"[aria-expanded="true"][id]"#);
    super::trusted::set_inner_html(el, html);
    for id in open {
        if let Ok(Some(details)) = el.query_selector(&format!("#{id}")) {
            let _ = details.set_attribute("open", "");
        }
    }
    for id in expanded {
        if let Ok(Some(button)) = el.query_selector(&format!("#{id}")) {
            disclose(el, &button, true);
        }
    }
    // The same control, or (when its row went) the same button one row up.
    let again = focused.and_then(|sel| {
        let found = el.query_selector(&sel).ok().flatten();
        found.or_else(|| el.query_selector(&row_above(&sel)?).ok().flatten())
    });
    match again {
        Some(again) => {
            focus(&again);
            if let (Some(input), Some((start, end))) =
                (again.dyn_ref::<HtmlInputElement>(), selection)
            {
                let _ = input.set_selection_range(start, end);
            }
        }
        // The control went with nothing like it left (an "Add to plan" button became
        // "In the plan"): focus stays in this part instead of falling to the page.
        None if was_inside => focus(el),
        None => {}
    }
}

/// For a `[data-action][data-arg="N"]` selector, the same action on row N − 1.
fn row_above(selector: &str) -> Option<String> {
    let (head, arg) = selector.strip_suffix("\"]")?.rsplit_once("[data-arg=\"")?;
    let above = arg.parse::<usize>().ok()?.checked_sub(1)?;
    Some(format!(r#"{head}[data-arg="{above}"]"#))
}

/// Opens or closes what a disclosure button (`aria-expanded`, `aria-controls`) shows.
fn disclose(host: &Element, button: &Element, open: bool) {
    let _ = button.set_attribute("aria-expanded", &open.to_string());
    let Some(id) = button.get_attribute("aria-controls") else {
        return;
    };
    if let Ok(Some(shown)) = host.query_selector(&format!("#{id}")) {
        let _ = shown.toggle_attribute_with_force("hidden", !open);
    }
}

/// Opens the disclosure that hides `el`, if any, so that it can take focus.
fn reveal(host: &Element, el: &Element) {
    if let Some(id) = el.closest("[hidden][id]").ok().flatten().map(|h| h.id()) {
        if let Ok(Some(button)) = host.query_selector(&format!(r#"[aria-controls="{id}"]"#)) {
            disclose(host, &button, true);
        }
    }
}

fn focus(el: &Element) {
    if let Some(el) = el.dyn_ref::<HtmlElement>() {
        let _ = el.focus();
    }
}

/// Enter in a text box of a `table[data-grid]` moves to the same column of the next
/// row; in the last row it carries out the table's `data-grid` action (adding a row)
/// and returns the table's `data-focus` selector for what to focus once it shows.
fn grid_enter(control: &Element) -> Option<Result<(), (String, String)>> {
    if control.tag_name() != "INPUT" {
        return None;
    }
    let cell = control.closest("td").ok()??;
    let row = cell.parent_element()?;
    let table = row.closest("table[data-grid]").ok()??;
    let column = (0..row.children().length())
        .position(|i| row.children().item(i).as_ref() == Some(&cell))?;
    match row.next_element_sibling() {
        Some(next) => {
            let target = next.children().item(u32::try_from(column).ok()?)?;
            focus(&target.query_selector("input, select").ok()??);
            Some(Ok(()))
        }
        None => Some(Err((
            table.get_attribute("data-grid")?,
            table.get_attribute("data-focus").unwrap_or_default(),
        ))),
    }
}

/// Downloads the chart after a chart's SVG button as a standalone SVG file, named by
/// the button's `data-arg`.
fn download_chart(button: &Element) {
    let (Some(svg), Ok(serializer)) =
        (button.next_element_sibling(), web_sys::XmlSerializer::new())
    else {
        return;
    };
    if let Ok(text) = serializer.serialize_to_string(&svg) {
        let name = button.get_attribute("data-arg").unwrap_or_default();
        let file = crate::files::svg::standalone(&text);
        let _ = super::browser::download(&format!("{name}.svg"), "image/svg+xml", &file);
    }
}

/// The ids of the elements matching `selector` inside `el`.
fn ids_of(el: &Element, selector: &str) -> Vec<String> {
    let Ok(found) = el.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<Element>().ok())
        .map(|e| e.id())
        .collect()
}

/// The value of the form control with this id inside `el`.
fn value_of(el: &Element, id: &str) -> Option<String> {
    let control = el.query_selector(&format!("#{id}")).ok()??;
    if let Some(area) = control.dyn_ref::<HtmlTextAreaElement>() {
        return Some(area.value());
    }
    if let Some(select) = control.dyn_ref::<HtmlSelectElement>() {
        return Some(select.value());
    }
    control
        .dyn_ref::<HtmlInputElement>()
        .map(HtmlInputElement::value)
}

/// Shows `message` (or clears it) beside the control at `path`.
fn show_error(el: &Element, path: &str, message: &str) {
    say_beside(el, &control_id(path), message);
}

/// Shows `message` (or clears it) beside the control with this id, in the element
/// `#<id>-error`.
fn say_beside(el: &Element, id: &str, message: &str) {
    if let Ok(Some(control)) = el.query_selector(&format!("#{id}")) {
        let _ = control.set_attribute("aria-invalid", &(!message.is_empty()).to_string());
    }
    if let Ok(Some(slot)) = el.query_selector(&format!("#{id}-error")) {
        slot.set_text_content(Some(message));
    }
}

/// Shows the project's validation messages beside every control of the host.
fn paint_errors(el: &Element, errors: &[FieldError]) {
    let Ok(controls) = el.query_selector_all("[data-path]") else {
        return;
    };
    for i in 0..controls.length() {
        if let Some(path) = controls
            .item(i)
            .and_then(|n| n.dyn_into::<Element>().ok())
            .and_then(|c| c.get_attribute("data-path"))
        {
            show_error(el, &path, error_at(errors, &path).unwrap_or(""));
        }
    }
}

/// The event's target element.
fn target_of(ev: &leptos::ev::Event) -> Option<Element> {
    ev.target().and_then(|t| t.dyn_into::<Element>().ok())
}

/// Where a host's edits and actions go: a project, or the portfolio.
#[derive(Clone, Copy)]
pub struct Target {
    /// Applies typed text at a field path.
    pub edit: Callback<(String, String), Result<(), EditError>>,
    /// Carries out an action with its argument.
    pub act: Callback<(String, String), Outcome>,
    /// Changes with every change of the document.
    pub stamp: Signal<f64>,
    /// The document's validation problems.
    pub errors: Signal<Vec<FieldError>>,
}

impl Target {
    /// The open project, with the part's actions.
    pub fn project(act: Option<Act>) -> Self {
        let ctx = ProjectCtx::get();
        Self {
            edit: Callback::new(move |(path, raw): (String, String)| {
                let mut project = ctx.project.get_untracked().ok_or(EditError::UnknownPath)?;
                markup::edit(&mut project, &path, &raw)?;
                ctx.update(move |p| *p = project);
                Ok(())
            }),
            act: Callback::new(move |(action, arg): (String, String)| {
                let (Some(act), Some(mut project)) = (act, ctx.project.get_untracked()) else {
                    return changed(false);
                };
                act(&mut project, &action, &arg)?;
                ctx.update(move |p| *p = project);
                Ok(())
            }),
            stamp: Signal::derive(move || {
                ctx.project
                    .with(|p| p.as_ref().map_or(0.0, |p| p.updated_at))
            }),
            errors: ctx.errors.into(),
        }
    }
}

/// A part of a section: markup from `render`, re-inserted whenever the project, its
/// errors, its forecast or the section's `state` change.
#[component]
pub fn MarkupHost(
    /// Builds the markup.
    render: Render,
    /// Carries out `data-action` buttons (`state` buttons set the view state instead).
    #[prop(optional)]
    act: Option<Act>,
    /// Whether `[data-path]` controls edit the project.
    #[prop(optional)]
    editable: bool,
    /// The section's view state, shared by its parts.
    #[prop(optional)]
    state: Option<RwSignal<String>>,
    /// Problems shown at the part's fields besides the project's validation, which do
    /// not stop the forecast (what keeps an input from being sized, say).
    #[prop(optional)]
    advice: Option<fn(&Project) -> Vec<FieldError>>,
) -> impl IntoView {
    let ctx = ProjectCtx::get();
    let state = state.unwrap_or_default();
    // Only a part with advice pays for a list of its own.
    let errors: Signal<Vec<FieldError>> = match advice {
        None => ctx.errors.into(),
        Some(advice) => Memo::new(move |_| {
            let mut errors = ctx.errors.get();
            if let Some(project) = ctx.project.get() {
                for e in advice(&project) {
                    if !errors.iter().any(|seen| seen.path == e.path) {
                        errors.push(e);
                    }
                }
            }
            errors
        })
        .into(),
    };
    let html = Memo::new(move |_| {
        ctx.project.with(|p| {
            let Some(project) = p else {
                return Html::new();
            };
            let forecast = ctx.forecast.get();
            errors.with(|errors| {
                state.with(|state| {
                    render(&View {
                        project,
                        errors,
                        forecast: forecast.as_ref().and_then(|f| f.as_ref().ok()),
                        state,
                    })
                })
            })
        })
    });
    Host(HostProps {
        html: html.into(),
        target: Target {
            errors,
            ..Target::project(act)
        },
        editable,
        keep_typing: editable,
        state: Some(state),
    })
}

/// Markup that needs simulations, built from the worker's answer a moment after the
/// project stops changing; until the first answer `quick` (or a note) stands in.
#[component]
pub fn SlowMarkup(
    /// The simulations it needs and the markup built from them.
    slow: Slow,
    /// Builds a stand-in without the slow parts.
    #[prop(optional)]
    quick: Option<Render>,
    /// Whether `[data-path]` controls edit the project.
    #[prop(optional)]
    editable: bool,
    /// Carries out its `data-action` buttons.
    #[prop(optional)]
    act: Option<Act>,
) -> impl IntoView {
    let ctx = ProjectCtx::get();
    let result = super::worker::computed(ctx.project, slow.job, slow.render);
    let html = Signal::derive(move || {
        result
            .get()
            .unwrap_or_else(|| match (quick, ctx.project.get_untracked()) {
                (Some(quick), Some(project)) => quick(&View {
                    project: &project,
                    errors: &[],
                    forecast: None,
                    state: "",
                }),
                _ => working(),
            })
    });
    Host(HostProps {
        html,
        target: Target::project(act),
        editable,
        keep_typing: false,
        state: None,
    })
}

/// What a slow part shows before its first result.
pub fn working() -> Html {
    html!(r#"<p class="muted" role="status">Working it out…</p>"#)
}

/// Inserts `html` and forwards its events to `target`: `editable` sends input events
/// of `[data-path]` controls; `keep_typing` skips re-inserting the markup after the
/// host's own edits.
#[component]
pub fn Host(
    html: Signal<Html>,
    target: Target,
    editable: bool,
    keep_typing: bool,
    state: Option<RwSignal<String>>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    // The document's stamp right after this host's own last edit.
    let own = StoredValue::new(None::<f64>);
    // What to focus once the markup after an action shows (an action's `data-focus`).
    let focus_next = StoredValue::new(None::<String>);
    // Notified when a committed change inside `[data-refresh]` asks for fresh markup.
    let refresh = Trigger::new();
    Effect::new(move |_| {
        refresh.track();
        let html = html.get();
        let Some(el) = node.get() else { return };
        if !keep_typing || Some(target.stamp.get_untracked()) != own.get_value() {
            replace(&el, &html);
        }
        if let Some(Ok(Some(wanted))) = focus_next
            .try_update_value(Option::take)
            .flatten()
            .map(|sel| el.query_selector(&sel))
        {
            reveal(&el, &wanted);
            focus(&wanted);
            // A new row's text is selected, so that typing replaces it.
            if let Some(input) = wanted.dyn_ref::<HtmlInputElement>() {
                input.select();
            }
        }
    });
    // Carries out `action`; on success, focuses `then` (a selector) once shown.
    let run = move |action: String, arg: String, then: Option<String>| {
        let outcome = target.act.run((action, arg));
        if outcome.is_ok() {
            focus_next.set_value(then);
        }
        outcome
    };
    // Carries out the action of a `[data-action]` element.
    let dispatch = move |button: Element| {
        let Some(host) = node.get_untracked() else {
            return;
        };
        let action = button.get_attribute("data-action").unwrap_or_default();
        let source = button.get_attribute("data-source");
        let arg = match &source {
            Some(id) => value_of(&host, id).unwrap_or_default(),
            None => button.get_attribute("data-arg").unwrap_or_default(),
        };
        if action == "download-svg" {
            download_chart(&button);
            return;
        }
        if action == "state" {
            if let Some(state) = state {
                state.set(arg);
            }
            return;
        }
        let outcome = run(action, arg, button.get_attribute("data-focus"));
        // A message for the person goes beside the control the action read from.
        if let Some(id) = source {
            say_beside(&host, &id, &outcome.err().unwrap_or_default());
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        // A disclosure button opens or closes what it controls, in place.
        if let (Some(Ok(Some(button))), Some(host)) = (
            target_of(&ev).map(|el| el.closest("button[aria-expanded][aria-controls]")),
            node.get_untracked(),
        ) {
            let open = button.get_attribute("aria-expanded").as_deref() != Some("true");
            disclose(&host, &button, open);
            return;
        }
        let Some(Ok(Some(button))) = target_of(&ev).map(|el| el.closest("[data-action]")) else {
            return;
        };
        // A form's submit button acts through the form's submit event (Enter too).
        if button.get_attribute("type").as_deref() != Some("submit") {
            dispatch(button);
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(Ok(Some(button))) =
            target_of(&ev).map(|form| form.query_selector("[data-action]"))
        {
            dispatch(button);
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        let (Some(control), Some(host)) = (target_of(&ev), node.get_untracked()) else {
            return;
        };
        // A file's text is its input's action's argument; a failure (to read it, or the
        // action's) shows beside the input after the file's name.
        if let (Some(action), Some(input)) = (
            control.get_attribute("data-file-action"),
            control.dyn_ref::<HtmlInputElement>(),
        ) {
            let id = input.id();
            read_chosen(input, move |name, text| {
                let message = match text.and_then(|text| run(action, text, None)) {
                    Err(why) if !why.is_empty() => format!("“{name}” {why}"),
                    _ => String::new(),
                };
                say_beside(&host, &id, &message);
            });
            return;
        }
        let Some(path) = control.get_attribute("data-path").filter(|_| editable) else {
            return;
        };
        let raw = match control.dyn_ref::<HtmlInputElement>() {
            Some(input) if input.type_() == "checkbox" => input.checked().to_string(),
            _ => event_target_value(&ev),
        };
        match target.edit.run((path.clone(), raw)) {
            Ok(()) => {
                own.set_value(Some(target.stamp.get_untracked()));
                target
                    .errors
                    .with_untracked(|errors| paint_errors(&host, errors));
            }
            Err(EditError::Invalid(message)) => show_error(&host, &path, message),
            Err(EditError::UnknownPath) => {}
        }
    };
    // A committed change inside `[data-refresh]` (a risk row's form, whose row sums it
    // up) shows the markup anew once focus has moved on, keeping focus where it went.
    let on_change = move |ev: leptos::ev::Event| {
        if editable
            && target_of(&ev).is_some_and(|c| c.closest("[data-refresh]").ok().flatten().is_some())
        {
            set_timeout(
                move || {
                    own.set_value(None);
                    refresh.notify();
                },
                std::time::Duration::ZERO,
            );
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        // Not while an input method composes text (Enter confirms its candidate).
        if ev.key() != "Enter"
            || ev.is_composing()
            || ev.shift_key()
            || ev.ctrl_key()
            || ev.alt_key()
            || ev.meta_key()
        {
            return;
        }
        let Some(moved) = target_of(&ev).and_then(|control| grid_enter(&control)) else {
            return;
        };
        ev.prevent_default();
        if let Err((action, then)) = moved {
            // Nothing to report: adding a row always succeeds.
            let _ = run(action, String::new(), Some(then));
        }
    };
    view! { <div class="markup" tabindex="-1" node_ref=node on:click=on_click on:submit=on_submit on:input=on_input on:change=on_change on:keydown=on_keydown></div> }
}
