//! Form controls that keep what the person typed apart from the model value: a number
//! field only changes the model when its text parses, and shows the parse error or the
//! project's validation error beside itself.

use crate::format::{parse_number, plain};
use leptos::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};

static NEXT_ID: AtomicU32 = AtomicU32::new(1);

/// A page-unique element id with the given prefix.
pub fn unique_id(prefix: &str) -> String {
    format!("{prefix}-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

/// A text input for a number.
#[component]
pub fn NumberField(
    /// The accessible name of the field.
    #[prop(into)]
    label: String,
    /// The model's current value.
    #[prop(into)]
    value: Signal<f64>,
    /// Called with each value that parses.
    #[prop(into)]
    on_change: Callback<f64>,
    /// The project's validation message for this field, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// Show the label visibly above the field (otherwise it is for screen readers only).
    #[prop(optional)]
    visible_label: bool,
    /// Extra class on the wrapper.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let id = unique_id("num");
    let error_id = format!("{id}-error");
    let raw = RwSignal::new(plain(value.get_untracked()));
    let parse_error = RwSignal::new(None::<&'static str>);
    // Follow outside changes (undo, another field) unless the text already says so.
    Effect::new(move |_| {
        let v = value.get();
        if parse_number(&raw.get_untracked()).ok() != Some(v) {
            raw.set(plain(v));
            parse_error.set(None);
        }
    });
    let message = move || parse_error.get().map(str::to_owned).or_else(|| error.get());
    let label_class = if visible_label {
        "field__label"
    } else {
        "visually-hidden"
    };
    view! {
        <div class=format!("field field--number {class}")>
            <label class=label_class for=id.clone()>{label.clone()}</label>
            <input
                id=id
                type="text"
                inputmode="decimal"
                autocomplete="off"
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=raw
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    match parse_number(&text) {
                        Ok(v) => {
                            parse_error.set(None);
                            raw.set(text);
                            on_change.run(v);
                        }
                        Err(e) => {
                            parse_error.set(Some(e));
                            raw.set(text);
                        }
                    }
                }
            />
            <span id=error_id class="field-error" role="status">{message}</span>
        </div>
    }
}

/// A text input bound to a string in the model.
#[component]
pub fn TextField(
    /// The accessible name of the field.
    #[prop(into)]
    label: String,
    /// The model's current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with each edit.
    #[prop(into)]
    on_change: Callback<String>,
    /// The project's validation message for this field, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// Show the label visibly above the field.
    #[prop(optional)]
    visible_label: bool,
    /// Extra class on the wrapper.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let id = unique_id("text");
    let error_id = format!("{id}-error");
    let label_class = if visible_label {
        "field__label"
    } else {
        "visually-hidden"
    };
    view! {
        <div class=format!("field field--text {class}")>
            <label class=label_class for=id.clone()>{label}</label>
            <input
                id=id
                type="text"
                maxlength="200"
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=value
                on:input=move |ev| on_change.run(event_target_value(&ev))
            />
            <span id=error_id class="field-error" role="status">{move || error.get()}</span>
        </div>
    }
}

/// A drop-down choosing one of `options` (value, label).
#[component]
pub fn SelectField(
    /// The accessible name of the field.
    #[prop(into)]
    label: String,
    /// The options as (value, label) pairs.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The selected value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the chosen value.
    #[prop(into)]
    on_change: Callback<String>,
    /// The project's validation message for this field, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// Show the label visibly above the field.
    #[prop(optional)]
    visible_label: bool,
) -> impl IntoView {
    let id = unique_id("select");
    let error_id = format!("{id}-error");
    let label_class = if visible_label {
        "field__label"
    } else {
        "visually-hidden"
    };
    view! {
        <div class="field field--select">
            <label class=label_class for=id.clone()>{label}</label>
            <select
                id=id
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=error_id.clone()
                on:change=move |ev| on_change.run(event_target_value(&ev))
                prop:value=value
            >
                {move || options.get().into_iter().map(|(v, l)| {
                    let selected = v == value.get_untracked();
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
            <span id=error_id class="field-error" role="status">{move || error.get()}</span>
        </div>
    }
}
