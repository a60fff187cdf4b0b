//! MI Token Inspector: an offline inspector for Azure Managed Identity tokens.
//!
//! The crate is one pure analysis core ([`analyze`]) and two thin front ends that only render its
//! [`Analysis`]: the Yew app (`ui`, mounted by `src/main.rs`) and the `mi-inspect` CLI
//! (`src/bin/mi-inspect.rs`). Nothing in the core touches a clock, the network, the DOM or storage:
//! time comes in through [`Context`], so every result is reproducible.
//!
//! The core must never panic on any input (a panic kills the wasm app), so outside tests it may not
//! `unwrap`, `expect`, index or slice on input-derived data; clippy enforces that below.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod analysis;
pub mod azure;
pub mod codes;
pub mod input;
pub mod present;
pub mod request;
pub mod response;
pub mod samples;
pub mod snippets;
pub mod timefmt;
pub mod token;
pub mod verify;

pub use analysis::{
    analyze, analyze_with, analyze_with_key, Analysis, Context, Finding, Kind, Options, Platform,
    Severity,
};
pub use codes::Code;
