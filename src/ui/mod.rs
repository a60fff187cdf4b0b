//! The Yew front end. It renders an [`Analysis`](mi_core::Analysis) and dispatches actions to one
//! reducer ([`state`]); it explains and checks nothing itself. Browser-only calls (clock, clipboard,
//! timers) live in [`browser`] so everything else compiles and is tested natively.
#![allow(clippy::indexing_slicing)]

pub mod app;
pub mod browser;
pub mod components;
pub mod hooks;
pub mod state;

pub use app::App;
