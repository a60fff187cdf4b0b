//! The Yew front end. It renders an [`Analysis`](mi_core::Analysis) and dispatches actions to one
//! reducer ([`state`]); it explains and checks nothing itself. Browser-only calls (clock, clipboard,
//! timers) live in [`browser`] so everything else compiles and is tested natively.
#![allow(clippy::indexing_slicing)]

pub mod app;
pub mod browser;
pub mod components;
pub mod hooks;
pub mod state;

pub use app::{App, AppProps};

/// Starts the app in the page: takes over what was pasted into the loading shell (index.html),
/// removes the shell and mounts the app in its place.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    let initial = browser::take_shell_input();
    yew::Renderer::<App>::with_props(AppProps {
        initial: initial.into(),
    })
    .render();
}
