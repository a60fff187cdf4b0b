//! The Yew front end. It renders an [`Analysis`](mi_core::Analysis) and dispatches actions to one
//! reducer ([`state`]); it explains and checks nothing itself. Browser-only calls (clock, clipboard,
//! timers) live in [`browser`] so everything else compiles and is tested natively.
#![allow(clippy::indexing_slicing)]

pub mod app;
pub mod browser;
pub mod components;
pub mod extras;
pub mod hooks;
pub mod state;
pub mod warm_up;

pub use app::{App, AppProps};

/// Starts the app in the page: takes over what was pasted into the loading shell (index.html),
/// removes the shell and mounts the app in its place. Unless that made a report already, the
/// first paste's code is warmed up once the page is idle ([`warm_up`]).
#[cfg(target_arch = "wasm32")]
pub fn start() {
    let initial = browser::take_shell_input();
    let pasted_already = !initial.is_empty();
    yew::Renderer::<App>::with_props(AppProps {
        initial: initial.into(),
    })
    .render();
    if !pasted_already {
        warm_up::start(browser::utc_offset_minutes());
    }
}
