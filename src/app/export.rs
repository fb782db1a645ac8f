//! The Export section: controls from [`crate::report::export_html`] in the shared
//! [`Host`], whose buttons copy the link or the Markdown, download Markdown, JSON or
//! the files for other tools (CSV, MS Project XML, iCalendar), and print, above the
//! plan document; the worker writes the document, the Markdown (with the bridge from
//! the plan to P80), the files ([`crate::files::exports`]) and the share link's plan
//! text, which the page compresses. Also the pieces the shared view uses too.

use super::markup_host::{Host, SlowMarkup, Target};
use super::project::ProjectCtx;
use super::share_link;
use crate::data::export_project;
use crate::form::EditError;
use crate::html;
use crate::jobs::{Answer, Job, Part};
use crate::report::{export_html, file_stem, FILES};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A target for markup with buttons and nothing to edit: each action runs `act`.
pub fn buttons(act: impl Fn(&str) + Send + Sync + 'static) -> Target {
    Target {
        edit: Callback::new(|_: (String, String)| Err(EditError::UnknownPath)),
        act: Callback::new(move |(action, _): (String, String)| {
            act(&action);
            Ok(())
        }),
        stamp: Signal::stored(0.0),
        errors: Signal::stored(Vec::new()),
    }
}

/// Opens the print dialog.
pub fn print() {
    let _ = window().print();
}

/// Shows a message in the section's status line (a live region).
fn say(message: &str) {
    if let Some(status) = document().get_element_by_id("export-status") {
        status.set_text_content(Some(message));
    }
}

/// Offers `content` as a file download and says whether it worked.
fn download(name: &str, mime: &str, content: &str) {
    say(match super::browser::download(name, mime, content) {
        Ok(()) => "Downloaded.",
        Err(_) => "The browser refused the download.",
    });
}

/// Copies text to the clipboard and says whether it worked.
fn copy(text: String) {
    spawn_local(async move {
        let copied = wasm_bindgen_futures::JsFuture::from(
            window().navigator().clipboard().write_text(&text),
        )
        .await;
        say(match copied {
            Ok(_) => "Copied.",
            Err(_) => "The browser did not allow copying; select the text and copy it by hand.",
        });
    });
}

/// The Export section.
#[component]
pub fn ExportSection() -> impl IntoView {
    let ctx = ProjectCtx::get();
    let link = RwSignal::new(String::new());
    // The link's plan text, written in the worker for the project's latest edit.
    let plan = super::worker::computed(
        ctx.project,
        |p| Job::Pack(p.clone()),
        |doc, answer| match answer {
            Answer::Text(text) => Some((doc.updated_at, text)),
            _ => None,
        },
    );
    // The link is compressed asynchronously, and kept only if the project is still the
    // same.
    Effect::new(move |_| {
        let Some((edited, text)) = plan.get() else {
            return;
        };
        spawn_local(async move {
            let made = share_link::link(&text).await;
            let current = ctx
                .project
                .try_with_untracked(|p| p.as_ref().map(|p| p.updated_at));
            if current == Some(Some(edited)) {
                link.try_set(made);
            }
        });
    });
    // The Markdown plan, with the bridge from the plan to P80, written in the worker.
    let markdown = super::worker::computed(
        ctx.project,
        |p| Job::Draw(Part::Markdown, p.clone()),
        |doc, answer| match answer {
            Answer::Text(text) => Some((doc.clone(), text)),
            _ => None,
        },
    );
    // The Markdown of the project as it is now (not of an earlier edit), if written.
    let current = move || {
        let now = ctx.project.get();
        markdown.with(|m| {
            m.as_ref()
                .filter(|(doc, text)| Some(doc) == now.as_ref() && !text.is_empty())
                .map(|(_, text)| text.clone())
        })
    };
    // The files for other tools, written in the worker from the forecast.
    let files = super::worker::computed(
        ctx.project,
        |p| Job::Files(p.clone()),
        |doc, answer| match answer {
            Answer::Files(files) if !files.is_empty() => Some((doc.clone(), files)),
            _ => None,
        },
    );
    let html = Signal::derive(move || match ctx.forecast.get() {
        Some(Err(_)) => html!(
            r#"<p class="callout callout--error" role="alert">The plan has problems to fix first; the Overview lists them.</p>"#
        ),
        _ => {
            let note = if current().is_some() {
                html!(
                    r#"<p class="muted export__ready">The Markdown is ready, with the bridge from the plan to P80.</p>"#
                )
            } else {
                html!(r#"<p class="muted" role="status">Writing the Markdown…</p>"#)
            };
            let now = ctx.project.get();
            let files_ready =
                files.with(|f| f.as_ref().is_some_and(|(doc, _)| Some(doc) == now.as_ref()));
            let files_note = if files_ready {
                html!(
                    r#"<p class="muted export__files-ready">The files for other tools are ready.</p>"#
                )
            } else {
                html!(r#"<p class="muted">Writing the files for other tools…</p>"#)
            };
            link.with(|l| export_html(l)) + note + files_note
        }
    });
    let act = move |action: &str| {
        let Some(p) = ctx.project.get_untracked() else {
            return;
        };
        let text = || untrack(current);
        let not_yet = || match ctx.forecast.get_untracked() {
            Some(Err(_)) => "The plan has problems to fix first; the Overview lists them.",
            _ => "The Markdown is still being written; try again in a moment.",
        };
        let stem = file_stem(&p.name);
        match action {
            "copy-link" => copy(link.get_untracked()),
            "copy-markdown" => match text() {
                Some(md) => copy(md),
                None => say(not_yet()),
            },
            "download-markdown" => match text() {
                Some(md) => download(&format!("{stem}.md"), "text/markdown", &md),
                None => say(not_yet()),
            },
            "download-json" => download(
                &format!("{stem}.yardstick.json"),
                "application/json",
                &export_project(&p),
            ),
            "print" => print(),
            file => {
                let Some(k) = file
                    .strip_prefix("download-file-")
                    .and_then(|k| k.parse::<usize>().ok())
                    .filter(|&k| k < FILES.len())
                else {
                    return;
                };
                let (_, _, suffix, mime) = FILES[k];
                let now = ctx.project.get_untracked();
                let ready = files.with_untracked(|f| {
                    f.as_ref()
                        .filter(|(doc, _)| Some(doc) == now.as_ref())
                        .and_then(|(_, files)| files.get(k).cloned())
                });
                match ready {
                    Some(text) => download(&format!("{stem}{suffix}"), mime, &text),
                    None => say(match ctx.forecast.get_untracked() {
                        Some(Err(_)) => {
                            "The plan has problems to fix first; the Overview lists them."
                        }
                        _ => "The file is still being written; try again in a moment.",
                    }),
                }
            }
        }
    };
    view! {
        <Host html=html target=buttons(act) editable=false keep_typing=false state=None />
        <SlowMarkup slow=crate::report::DOCUMENT />
    }
}
