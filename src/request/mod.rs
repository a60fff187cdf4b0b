//! Managed-identity token requests: the model every request is written from ([`model`]).
//! (The validator that checks pasted request setups against each platform arrives beside it.)

pub mod model;

pub use model::{Identity, TokenRequest};
