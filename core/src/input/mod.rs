//! Readers of pasted text, and the parsed forms they produce: token text, lenient JSON (and every
//! JSON value in a text), raw HTTP, curl and PowerShell commands, shell scripts, environment
//! listings, log lines and code. They know nothing of what the analyses make of what they read;
//! `analysis::recognizers` decides which one applies.

pub mod base64url;
pub mod code;
pub mod curl;
pub mod env;
pub mod http;
pub mod json_values;
pub mod lenient_json;
pub mod log_line;
pub(crate) mod parsed;
pub mod percent;
pub mod powershell;
pub mod pwsh_command;
pub mod shell;
pub(crate) mod split;
pub mod text;
pub mod token_text;

pub use token_text::TokenCandidate;
