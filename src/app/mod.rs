//! The browser user interface: thin Leptos components over the model and engine.
//!
//! One [`Store`] provided by context holds the page's state; components read it and call
//! its methods to change projects, and never keep copies of derived results. Each file
//! holds one component (or a small family of them) with a single job.

mod browser;
mod edit_bar;
mod export;
mod markup_host;
mod panic;
mod portfolio;
mod progress;
mod project;
mod share_link;
mod shared;
mod shell;
mod start;
mod state;
pub(crate) mod trusted;
mod worker;
mod worker_part;
mod workspace;

pub use panic::show_panel;
pub use state::Store;

use crate::route::{use_route, Route};
use leptos::prelude::*;

/// How long after mounting the idle page starts (and warms up) the engine's worker.
const WORKER_START: std::time::Duration = std::time::Duration::from_millis(2_000);

/// Makes the Trusted Types policies, installs the panic panel, registers the service
/// worker and mounts the app on `<body>`.
pub fn start() {
    trusted::install();
    panic::install();
    crate::pwa::register();
    // Dates on the page in the browser's locale; the worker gets it with each request.
    crate::format::set_date_locale(&worker::locale());
    // The engine's worker starts once the page has painted and settled (at once if
    // something asks it first), so its download never delays the first paint.
    set_timeout(worker::start, WORKER_START);
    // The page's own "starting" message, which stays only if the wasm cannot start.
    if let Some(message) = document().get_element_by_id("starting") {
        message.remove();
    }
    leptos::mount::mount_to_body(App);
}

/// The whole page: header, the view the route names, footer.
#[component]
pub fn App() -> impl IntoView {
    let route = use_route();
    let store = Store::load();
    store.follow_other_tabs();
    provide_context(store);

    let view_for_route = move || match route.get() {
        Route::Start => start::StartPage().into_any(),
        Route::Portfolio => portfolio::PortfolioPage().into_any(),
        Route::Project { id, section } => {
            view! { <workspace::Workspace id=id section=section /> }.into_any()
        }
        Route::Shared(payload) => view! { <shared::SharedView payload=payload /> }.into_any(),
        Route::NotFound(path) => view! {
            <shell::Problem title="Nothing here">
                "There is no page at “" {path} "”."
            </shell::Problem>
        }
        .into_any(),
    };

    view! {
        <shell::Header />
        <shell::StorageBanner />
        <main id="main" tabindex="-1">{view_for_route}</main>
        <shell::Footer />
    }
}
