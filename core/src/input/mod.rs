//! Recognising what was pasted. Each recogniser takes the raw text and either claims it (returning
//! what the decoders need) or passes; [`recognise`] tries them from the most to the least specific.

pub mod code;
pub mod curl;
pub mod env;
pub mod http;
pub mod lenient_json;
pub mod powershell;
pub mod pwsh_command;
pub mod shell;
pub mod token_text;

use crate::analysis::Finding;
use crate::codes::Code;
pub use token_text::TokenCandidate;

/// What the input was recognised as, with what the next stage needs.
#[derive(Debug)]
pub enum Recognised<'a> {
    Empty,
    Token(TokenCandidate<'a>),
    /// A token response, an error body or an error message.
    Response(crate::response::ResponseInput<'a>),
    /// A request setup: requests and/or environment variables.
    Setup(crate::request::SetupInput),
    /// Nothing matched; the finding says what was expected.
    Unknown(Finding),
}

/// Classifies pasted text.
pub fn recognise(input: &str) -> Recognised<'_> {
    if input.chars().all(token_text::is_removable) {
        return Recognised::Empty;
    }
    if let Some(candidate) = token_text::clean(input) {
        return Recognised::Token(candidate);
    }
    if let Some(response) = crate::response::recognise(input) {
        return Recognised::Response(response);
    }
    if let Some(setup) = crate::request::recognise(input) {
        return Recognised::Setup(setup);
    }
    if let Some(response) = crate::response::recognise_error_text(input) {
        return Recognised::Response(response);
    }
    if let Some(candidate) = token_text::find_embedded(input) {
        return Recognised::Token(candidate);
    }
    Recognised::Unknown(not_recognised(input))
}

fn not_recognised(input: &str) -> Finding {
    let trimmed = input.trim();
    let dots = trimmed.matches('.').count();
    if trimmed.len() < 4096 && !trimmed.contains(char::is_whitespace) && dots >= 1 {
        return Finding::error(Code::TokenNotAJwt, "Not a JWT")
            .detail(format!(
                "The text has {} dot-separated parts, but its first part does not decode to a JSON \
                 header. A JWT is three base64url parts (header.payload.signature) whose first \
                 part decodes to JSON such as {{\"typ\":\"JWT\",\"alg\":\"RS256\"}} and begins with \
                 \"eyJ\".",
                dots + 1
            ))
            .fix("Copy the whole access_token value, from \"eyJ\" to its end.");
    }
    Finding::error(Code::InputNotRecognised, "Not recognised")
        .detail(
            "This is not an access token (JWT) and no token was found inside it. The inspector reads \
             tokens as pasted (with `Bearer `, quotes, line breaks), or any text with a token inside.",
        )
        .fix("Paste the access token itself, or text that contains it.")
}
