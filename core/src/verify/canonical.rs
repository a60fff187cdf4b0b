//! Reading a token the way a strict JWS library does, to say whether a signature that matches
//! really matches the token as sent.
//!
//! The decoder is forgiving so the report can show what was pasted; verification is not. Each of
//! the three parts must be canonical base64url ([`base64url::decode_strict`]): RFC 7515 §5.2 says
//! to base64url-decode each part "following the restriction that no line breaks, whitespace, or
//! other additional characters have been used", and to reject the JWS when a step fails. A part
//! the inspector had to repair (whitespace removed from inside the paste) or read leniently
//! (padding, the standard alphabet, a stray character, non-zero pad bits) is listed here, and a
//! signature that matches such a token is `noncanonical`, not `valid`.

use serde::Serialize;

use crate::input::base64url::{self, NotCanonical};
use crate::input::token_text::is_removable;
use crate::token::jose::Role;
use crate::token::TokenReport;

/// One way a part of the token is not what a strict reader accepts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoncanonicalPart {
    /// 1-based position of the part in the token.
    pub part: usize,
    /// What is wrong, as a clause ("the signature (part 3) has a space at offset 0; …").
    pub problem: String,
    /// The inspector removed whitespace or invisible characters here before verifying.
    #[serde(skip)]
    pub repaired: bool,
}

/// The problems of the header, payload and signature as pasted, in order; empty when all three
/// are canonical.
pub fn problems(token: &TokenReport) -> Vec<NoncanonicalPart> {
    let compact: Vec<&str> = token.compact.split('.').collect();
    let pasted: Vec<&str> = match &token.as_pasted {
        Some(p) => p.split('.').collect(),
        None => compact.clone(),
    };
    let roles = [Role::Header, Role::Payload, Role::Signature];
    let mut out = Vec::new();
    for (i, role) in roles.iter().enumerate() {
        let label = format!("{} (part {})", role.label(), i + 1);
        let as_pasted = pasted.get(i).copied().unwrap_or("");
        if let Some(p) = removed_characters(as_pasted, &label, i + 1) {
            out.push(p);
        }
        if let Err(e) = base64url::decode_strict(compact.get(i).copied().unwrap_or("")) {
            out.push(NoncanonicalPart {
                part: i + 1,
                problem: e.describe(&label),
                repaired: false,
            });
        }
    }
    out
}

/// The whitespace and invisible characters inside one part as pasted, which the cleaner removed.
fn removed_characters(as_pasted: &str, label: &str, part: usize) -> Option<NoncanonicalPart> {
    let mut removed = as_pasted.char_indices().filter(|(_, c)| is_removable(*c));
    let (offset, ch) = removed.next()?;
    let more = removed.count();
    let mut problem = NotCanonical::Whitespace { offset, ch }.describe(label);
    if more > 0 {
        problem.push_str(&format!(
            " ({} such characters in all, removed before verifying)",
            more + 1
        ));
    } else {
        problem.push_str(" (removed before verifying)");
    }
    Some(NoncanonicalPart {
        part,
        problem,
        repaired: true,
    })
}
