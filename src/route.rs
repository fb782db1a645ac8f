//! The page's address: which view is open, read from and written to the URL fragment.
//!
//! This is the only module that touches `window.location`. Routes live in the fragment
//! (`#/p/<id>/tasks`) so that any static host, under any subpath, serves the page, and
//! so that a share link's payload (`#s=…`) never reaches a server. Parsing and
//! formatting are pure and tested natively; [`use_route`] wires them to the browser.

use leptos::prelude::*;

/// A section of a project's workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Overview,
    Tasks,
    Factors,
    Team,
    Risks,
    Value,
    Plan,
    Forecast,
    Scenarios,
    Progress,
    Export,
}

impl Section {
    /// Every section, in navigation order.
    pub const ALL: [Section; 11] = [
        Section::Overview,
        Section::Tasks,
        Section::Factors,
        Section::Team,
        Section::Risks,
        Section::Value,
        Section::Plan,
        Section::Forecast,
        Section::Scenarios,
        Section::Progress,
        Section::Export,
    ];

    /// The path segment naming the section.
    pub fn slug(self) -> &'static str {
        match self {
            Section::Overview => "overview",
            Section::Tasks => "tasks",
            Section::Factors => "factors",
            Section::Team => "team",
            Section::Risks => "risks",
            Section::Value => "value",
            Section::Plan => "plan",
            Section::Forecast => "forecast",
            Section::Scenarios => "scenarios",
            Section::Progress => "progress",
            Section::Export => "export",
        }
    }

    /// The section's name in the navigation.
    pub fn label(self) -> &'static str {
        match self {
            Section::Overview => "Overview",
            Section::Tasks => "Tasks",
            Section::Factors => "Factors",
            Section::Team => "Team & budget",
            Section::Risks => "Risks",
            Section::Value => "Value & priority",
            Section::Plan => "Requirements & plan",
            Section::Forecast => "Forecast",
            Section::Scenarios => "Scenarios",
            Section::Progress => "Progress",
            Section::Export => "Export",
        }
    }

    /// The section a path segment names.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

/// Which view the page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The list of saved projects.
    Start,
    /// Projects and ideas ranked by value.
    Portfolio,
    /// One project's workspace, at a section.
    Project { id: String, section: Section },
    /// A plan opened from a share link; holds the encoded payload.
    Shared(String),
    /// An address that names nothing.
    NotFound(String),
}

impl Route {
    /// Reads a route from a URL fragment, with or without its leading `#`.
    pub fn parse(fragment: &str) -> Self {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        if let Some(payload) = fragment.strip_prefix("s=") {
            return Route::Shared(payload.to_owned());
        }
        let path = fragment.trim_start_matches('/');
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] => Route::Start,
            ["portfolio"] => Route::Portfolio,
            ["p", id] => Route::Project {
                id: (*id).to_owned(),
                section: Section::Overview,
            },
            ["p", id, section] => match Section::from_slug(section) {
                Some(section) => Route::Project {
                    id: (*id).to_owned(),
                    section,
                },
                None => Route::NotFound(path.to_owned()),
            },
            _ => Route::NotFound(path.to_owned()),
        }
    }

    /// The fragment (with `#`) that opens this route.
    pub fn href(&self) -> String {
        match self {
            Route::Start | Route::NotFound(_) => "#/".to_owned(),
            Route::Portfolio => "#/portfolio".to_owned(),
            Route::Project { id, section } => format!("#/p/{id}/{}", section.slug()),
            Route::Shared(payload) => format!("#s={payload}"),
        }
    }
}

fn current_fragment() -> String {
    window().location().hash().unwrap_or_default()
}

/// The current route as a signal that follows the address bar.
pub fn use_route() -> ReadSignal<Route> {
    let (route, set_route) = signal(Route::parse(&current_fragment()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(Route::parse(&current_fragment()));
    });
    on_cleanup(move || handle.remove());
    route
}

/// Opens a route, adding an entry to the browser's history.
pub fn navigate(route: &Route) {
    // Setting the hash fires `hashchange`, which updates the route signal.
    window().location().set_hash(&route.href()).ok();
}

/// The page's address without its fragment, the base of a share link.
pub fn page_address() -> String {
    let location = window().location();
    let href = location.href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portfolio_has_its_own_address() {
        assert_eq!(Route::parse("#/portfolio"), Route::Portfolio);
        assert_eq!(Route::parse(&Route::Portfolio.href()), Route::Portfolio);
    }

    #[test]
    fn every_project_route_round_trips_through_its_href() {
        for section in Section::ALL {
            let route = Route::Project {
                id: "abc123".into(),
                section,
            };
            assert_eq!(Route::parse(&route.href()), route);
        }
    }

    #[test]
    fn empty_and_root_fragments_open_the_start_page() {
        for fragment in ["", "#", "#/", "/"] {
            assert_eq!(Route::parse(fragment), Route::Start, "{fragment:?}");
        }
    }

    #[test]
    fn a_project_without_section_opens_its_overview() {
        assert_eq!(
            Route::parse("#/p/x1"),
            Route::Project {
                id: "x1".into(),
                section: Section::Overview
            }
        );
    }

    #[test]
    fn share_payloads_are_kept_verbatim() {
        assert_eq!(Route::parse("#s=AbC-_9"), Route::Shared("AbC-_9".into()));
    }

    #[test]
    fn unknown_paths_are_not_found_rather_than_guessed() {
        assert!(matches!(Route::parse("#/p/x1/nope"), Route::NotFound(_)));
        assert!(matches!(Route::parse("#/elsewhere"), Route::NotFound(_)));
    }
}
