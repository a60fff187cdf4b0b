//! The MI Token Inspector analysis core: everything that reads, explains, checks and writes, with
//! no clock, no network, no DOM and no storage. The web app (the workspace's root package) and the
//! `mi-inspect` CLI (`cli/`) only render what it hands out.
//!
//! # A tour
//!
//! The one entry point is [`analyze`]: pasted text in, an [`Analysis`] out. Time comes in through
//! [`Context`] (Unix seconds), so the same input always gives the same result.
//!
//! ```
//! use mi_core::{analyze, Code, Context, Kind};
//!
//! // An IMDS error body as a VM returns it when the request lacks `Metadata: true`.
//! let body = r#"{"error":"invalid_request","error_description":"Required metadata header not specified"}"#;
//! let analysis = analyze(body, &Context::at(1_700_000_000));
//! assert_eq!(analysis.kind, Kind::MiError);
//! assert!(analysis.finding(Code::ErrorMissingMetadataHeader).is_some());
//! ```
//!
//! - [`Analysis`] is the whole report: its [`Kind`], the [`Platform`] it came from, its
//!   [`Finding`]s (each with a [`Severity`], a stable [`Code`], a title, a detail, a fix and
//!   sometimes a [`Place`]) and the typed report of what was pasted: [`token::TokenReport`],
//!   [`response::ResponseReport`], [`request::RequestReport`], [`verify::Verification`], and
//!   [`access::AccessReport`] for what a resource (Key Vault, Storage, Resource Manager, ...)
//!   answered after the token: why it refused, the least privileged role and the fix as commands.
//! - [`analyze_with`] takes the user's [`Options`] (a platform to check against, key material to
//!   verify the signature with, the token that was sent with a refused call); [`analyze_with_key`] is the common case of the second.
//! - [`analyze_step`] makes the same analysis in steps, each reading at most a budget
//!   ([`analysis::session::Work`] keeps what the steps before did): the page reads a long log
//!   this way and stays responsive.
//! - [`snippets::render`] writes a program that requests a token from a
//!   [`request::TokenRequest`]; [`snippets::prefill`] works out the request a report implies.
//! - [`present`] holds the words both front ends show: the CLI's text report and the labels.
//!
//! A module only the core itself uses is `pub(crate)` (the sort, the platform detector, the
//! validator, the RSA/ECDSA/Ed25519 arithmetic, ...). The ones left public are reached by the web
//! app, the CLI, the tests or the fuzz targets, which call the readers (`input`, `access`,
//! `federation`, `response::expires_on`) directly.
//!
//! # Layers
//!
//! A module uses only modules below it; `tests/layers.rs` fails when a `crate::` path points up.
//! From the bottom:
//!
//! layers: sort, search, model, timefmt, samples, azure, input, token, response, request, verify, access, federation, chain, analysis, snippets, present
//!
//! `sort` is the one sort every list uses (it says why), `search` the substring search the readers
//! use (it says why); `model` holds the shared types; `azure`
//! the facts about Azure; `input` the readers of pasted text and the parsed forms they produce;
//! `token` to `chain` the analyses (`access`: what a resource answered after the token;
//! `federation`: workload identity's credentials and assertions; `chain`: credential chains and
//! SDK logs); `analysis` recognises what was pasted, splits a paste of many parts and dispatches;
//! `snippets` and `present` write from the analyses.
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

pub mod access;
pub mod analysis;
pub mod azure;
pub mod chain;
pub mod federation;
pub mod input;
pub(crate) mod model;
pub mod present;
pub mod request;
pub mod response;
pub mod samples;
pub(crate) mod search;
pub mod snippets;
pub(crate) mod sort;
pub mod timefmt;
pub mod token;
pub mod verify;

pub use analysis::compare::{compare, compare_with};
pub use analysis::{
    analyze, analyze_step, analyze_with, analyze_with_key, Analysis, Options, MAX_INPUT_BYTES,
};
pub use model::{Code, Context, Finding, Kind, Place, Platform, SetupPart, SetupParts, Severity};
