//! The Export section: the share link, the Markdown plan, the JSON file and printing.

use super::browser::{copy, download, file_stem, print};
use super::project::ProjectCtx;
use crate::data::export_project;
use crate::route::page_address;
use crate::share::{self, LONG_LINK_CHARS};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Share link, Markdown, JSON and print.
#[component]
pub fn ExportSection() -> impl IntoView {
    let ctx = ProjectCtx::get();
    let link = Memo::new(move |_| {
        ctx.project
            .with(|p| p.as_ref().map(|p| format!("{}#s={}", page_address(), share::encode(p))))
            .unwrap_or_default()
    });
    let markdown = Memo::new(move |_| match (ctx.project.get(), ctx.forecast.get()) {
        (Some(p), Some(Ok(f))) => Some(crate::markdown::plan(&p, &f)),
        _ => None,
    });
    let status = RwSignal::new(String::new());
    let stem = move || file_stem(&ctx.read(String::new(), |p| p.name.clone()));
    let say = move |r: Result<(), String>, ok: &str| status.set(r.map_or_else(|e| e, |()| ok.to_owned()));
    let copy_link = move |_| {
        spawn_local(async move {
            let r = copy(link.get_untracked()).await;
            say(r, "Link copied.");
        })
    };
    let copy_md = move |_| {
        if let Some(md) = markdown.get_untracked() {
            spawn_local(async move {
                let r = copy(md).await;
                say(r, "Markdown copied.");
            })
        }
    };
    let download_md = move |_| {
        if let Some(md) = markdown.get_untracked() {
            say(download(&format!("{}.md", stem()), "text/markdown", &md), "Markdown downloaded.");
        }
    };
    let download_json = move |_| {
        if let Some(p) = ctx.project.get_untracked() {
            say(download(&format!("{}.yardstick.json", stem()), "application/json", &export_project(&p)), "JSON downloaded.");
        }
    };
    view! {
        <h3>"Share link"</h3>
        <p class="muted">"The whole plan travels inside the link, after the #, so it never reaches a server. Whoever opens it sees the same numbers, read-only, and can save a copy."</p>
        <div class="share-row">
            <label class="visually-hidden" for="share-link">"Share link"</label>
            <input id="share-link" type="text" readonly prop:value=move || link.get() />
            <button type="button" class="button button--primary" on:click=copy_link>"Copy link"</button>
        </div>
        <p class="muted share-length">{move || format!("{} characters", link.with(String::len))}</p>
        <Show when=move || { link.with(String::len) > LONG_LINK_CHARS }>
            <p class="callout" role="alert">
                "This link is very long and some mail and chat tools will cut it. Send the JSON file instead: "
                <button type="button" class="button" on:click=download_json>"Download JSON"</button>
            </p>
        </Show>
        <h3>"Markdown plan"</h3>
        <p class="muted">"Summary, forecast, stages, tasks, risks, factors, team, requirements and method, ready for GitHub, Confluence or Notion."</p>
        <p class="button-row">
            <button type="button" class="button" on:click=copy_md disabled=move || markdown.with(Option::is_none)>"Copy Markdown"</button>
            <button type="button" class="button" on:click=download_md disabled=move || markdown.with(Option::is_none)>"Download Markdown"</button>
        </p>
        <details>
            <summary>"Preview the Markdown"</summary>
            <pre class="markdown-preview">{move || markdown.get().unwrap_or_else(|| "The forecast needs fixing before the plan can be written.".into())}</pre>
        </details>
        <h3>"JSON file"</h3>
        <p class="muted">"The complete project in a versioned file that Yardstick can import again."</p>
        <p class="button-row">
            <button type="button" class="button" on:click=download_json>"Download JSON"</button>
            <button type="button" class="button" on:click=move |_| print()>"Print"</button>
        </p>
        <p class="status" role="status">{move || status.get()}</p>
    }
}
