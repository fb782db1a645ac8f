//! Yardstick: an estimation calculator and planner for machine-learning projects.
//!
//! The crate has a pure core and a thin browser shell. [`model`] and [`engine`] are
//! plain Rust with no browser types, so they build and test natively; [`data`] turns
//! untrusted bytes into validated model values; [`storage`] is the only module that
//! touches local storage and [`route`] the only one that touches the URL; [`app`] holds
//! the Leptos components. Markup is made only as [`html::Html`], which escapes every
//! piece of text put into it. See ARCHITECTURE.md for the map and its invariants.

pub mod chart;
pub mod csv;
pub mod data;
pub mod engine;
pub mod files;
pub mod form;
pub mod format;
pub mod history;
pub mod html;
pub mod jobs;
pub mod markdown;
pub mod markup;
pub mod model;
pub mod paste;
pub mod pwa;
pub mod report;
pub mod route;
pub mod share;
pub mod sort;
pub mod storage;
pub mod tracker;

pub mod app;
