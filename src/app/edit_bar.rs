//! The bar above a project's sections: Undo and Redo, with their keyboard shortcuts.

use super::Store;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Undo and Redo for project `id`. Ctrl (or ⌘) + Z undoes; with Shift, or Ctrl + Y,
/// redoes; except while typing in a text field, where the field's own undo applies.
#[component]
pub fn EditBar(
    /// The project's id.
    id: String,
) -> impl IntoView {
    let store = Store::get();
    let id = StoredValue::new(id);
    let step =
        move |redo: bool| id.with_value(|id| if redo { store.redo(id) } else { store.undo(id) });
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if let Some(redo) = shortcut(&ev) {
            ev.prevent_default();
            step(redo);
        }
    });
    on_cleanup(move || handle.remove());
    let button = move |redo: bool, label: &'static str, keys: &'static str| {
        let enabled = move || id.with_value(|id| store.can(id, redo));
        view! {
            <button type="button" class="button" aria-keyshortcuts=keys
                disabled=move || !enabled() on:click=move |_| step(redo)>{label}</button>
        }
    };
    view! {
        <div class="edit-bar">
            {button(false, "Undo", "Control+Z")}
            {button(true, "Redo", "Control+Shift+Z Control+Y")}
        </div>
    }
}

/// What a key press asks for: `Some(false)` undo, `Some(true)` redo, `None` neither or
/// a press inside a text field.
fn shortcut(ev: &web_sys::KeyboardEvent) -> Option<bool> {
    if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
        return None;
    }
    let redo = match ev.key().as_str() {
        "z" | "Z" => ev.shift_key(),
        "y" | "Y" => true,
        _ => return None,
    };
    let typing = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| el.matches("textarea, [contenteditable], input:not([type=checkbox]):not([type=radio]):not([type=file])").unwrap_or(false));
    (!typing).then_some(redo)
}
