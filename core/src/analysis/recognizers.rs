//! The recognisers, in the order they are tried: one table, `RECOGNIZERS`, that both a whole
//! paste ([`recognize`]) and each part of a session (`session::split`) go through, so a new kind
//! of input is one entry here. Each entry names the kind of part it finds and reads the text
//! into what its analysis needs; [`analyze`] turns that into an [`Analysis`].

use serde::Serialize;

use super::{Analysis, Options, MAX_INPUT_BYTES};
use crate::access;
use crate::chain;
use crate::federation;
use crate::input;
use crate::model::{truncate_at_char_boundary, Code, Context, Finding, Kind};
use crate::request as setup;
use crate::response::{self, foreign::Foreign};
use crate::search::Search;
use crate::token;

/// What one part of a paste is (the kinds of [`Kind`] a part can have, and the noise between).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    Jwt,
    MiResponse,
    MiError,
    Request,
    Env,
    /// Federated identity credentials (with the assertion or error checked against them).
    FederatedCredential,
    CredentialChain,
    /// What a resource answered after the token (a 401 or 403 from Key Vault, Storage, ARM, …).
    AccessError,
    NotAzure,
    /// Lines that hold none of the above: log lines, prompts, prose.
    LogNoise,
}

/// What the input was recognised as, with what the next stage needs.
#[derive(Debug)]
pub enum Recognized<'a> {
    Empty,
    Token(input::TokenCandidate<'a>),
    /// What a resource answered after the token.
    Access(Box<access::AccessInput<'a>>),
    /// A token's claims, pasted already decoded.
    DecodedClaims(token::decoded::DecodedClaims),
    /// Federated identity credentials, or a federation error with its assertion.
    Federation(federation::FederationInput<'a>),
    /// A token response, an error body or an error message.
    Response(response::ResponseInput<'a>),
    /// A request setup: requests and/or environment variables.
    Setup(setup::SetupInput),
    /// A credential chain's message or an SDK's log.
    Chain(chain::ChainInput),
    /// An answer that is not a token endpoint's.
    Foreign(Foreign),
    /// Nothing matched; the finding says what was expected.
    Unknown(Finding),
}

impl Recognized<'_> {
    /// The kind of part this is; `None` for nothing at all.
    pub fn part_kind(&self) -> Option<PartKind> {
        Some(match self {
            Recognized::Token(_) | Recognized::DecodedClaims(_) => PartKind::Jwt,
            Recognized::Federation(_) => PartKind::FederatedCredential,
            Recognized::Response(r) if response::is_error(r) => PartKind::MiError,
            Recognized::Response(_) => PartKind::MiResponse,
            Recognized::Setup(s) if s.requests.is_empty() => PartKind::Env,
            Recognized::Setup(_) => PartKind::Request,
            Recognized::Chain(_) => PartKind::CredentialChain,
            Recognized::Access(_) => PartKind::AccessError,
            Recognized::Foreign(f) if f.kind() == Kind::MiError => PartKind::MiError,
            Recognized::Foreign(_) => PartKind::NotAzure,
            Recognized::Empty | Recognized::Unknown(_) => return None,
        })
    }
}

/// One recogniser: what it reads the text into, or `None` when the text is not its kind.
struct Recognizer {
    read: for<'a> fn(&'a str) -> Option<Recognized<'a>>,
}

/// Every recogniser, in order: federated credentials first (a token pasted above them starts the
/// paste too); a whole token; a chain before responses (a chain's message
/// quotes its credentials' error bodies); a resource's refusal before responses (its JSON error
/// body looks like an endpoint's to them); answers that are not Azure's before Azure's; claims
/// pasted already decoded after responses (a response's JSON has no claims); requests
/// before error texts (a setup may quote an error); a token inside other text last.
const RECOGNIZERS: &[Recognizer] = &[
    // Before the token alone: a token pasted above credentials starts the paste too.
    Recognizer {
        read: |t| federation::recognize(t).map(Recognized::Federation),
    },
    Recognizer {
        read: |t| input::token_text::clean(t).map(Recognized::Token),
    },
    Recognizer {
        read: |t| chain::recognize(t).map(Recognized::Chain),
    },
    Recognizer {
        read: |t| access::recognize(t).map(|a| Recognized::Access(Box::new(a))),
    },
    Recognizer {
        read: |t| response::foreign::recognize(t).map(Recognized::Foreign),
    },
    Recognizer {
        read: |t| response::recognize(t).map(Recognized::Response),
    },
    Recognizer {
        read: |t| token::decoded::find(t).map(Recognized::DecodedClaims),
    },
    Recognizer {
        read: |t| setup::recognize(t).map(Recognized::Setup),
    },
    Recognizer {
        read: |t| response::recognize_error_text(t).map(Recognized::Response),
    },
    Recognizer {
        read: |t| {
            input::token_text::find_embedded(t)
                .map(|c| Recognized::Token(token::follow_wrapped_lines(c)))
        },
    },
];

/// True when the text is one token, however it is wrapped: a token broken over lines is one
/// token, two tokens on two lines are two. Two tokens run together look like five parts, so five
/// parts are one token only when the header says it is a JWE (`enc`).
pub fn is_one_token(text: &str) -> bool {
    let Recognized::Token(c) = recognize(text) else {
        return false;
    };
    match c.compact.matches('.').count() {
        0..=3 => true,
        4 => {
            let header = c.compact.split('.').next().unwrap_or("");
            let decoded = input::base64url::decode(header);
            String::from_utf8_lossy(&decoded.bytes).has("\"enc\"")
        }
        _ => false,
    }
}

/// True when the text is a whole token on its own: a JWS whose header and payload decode to JSON
/// objects, or a JWE whose header does. A piece of a token cut by a blank line is not.
pub fn is_whole_token(text: &str) -> bool {
    let Recognized::Token(c) = recognize(text) else {
        return false;
    };
    let object =
        |segment: &str| token::jose::parse_object(&input::base64url::decode(segment).bytes).is_ok();
    let segments: Vec<&str> = c.compact.split('.').collect();
    match segments.as_slice() {
        [header, payload, _] => object(header) && object(payload),
        [header, _, _, _, _] => object(header),
        _ => false,
    }
}

/// Classifies pasted text: the first recogniser that reads it.
pub fn recognize(input: &str) -> Recognized<'_> {
    if input.chars().all(input::token_text::is_removable) {
        return Recognized::Empty;
    }
    RECOGNIZERS
        .iter()
        .find_map(|r| (r.read)(input))
        .unwrap_or_else(|| Recognized::Unknown(not_recognized(input)))
}

/// The analysis of what was recognised.
pub fn analyze(r: Recognized<'_>, text: &str, ctx: &Context, options: &Options) -> Analysis {
    match r {
        Recognized::Empty => Analysis::default_empty(),
        Recognized::Token(candidate) => {
            let mut a = Analysis::new(Kind::Jwt);
            let (report, token_findings) = token::inspect(&candidate, ctx);
            a.findings.extend(token_findings);
            a.platform = report.federation.as_ref().and_then(|f| f.platform());
            a.token = Some(report);
            a
        }
        Recognized::DecodedClaims(claims) => {
            let mut a = Analysis::new(Kind::Jwt);
            let (report, token_findings) = token::inspect_claims(&claims, ctx);
            a.findings.extend(token_findings);
            a.platform = report.federation.as_ref().and_then(|f| f.platform());
            a.token = Some(report);
            a
        }
        Recognized::Federation(input) => {
            let outcome = federation::analyze(&input, ctx);
            let mut a = Analysis::new(outcome.kind);
            a.platform = outcome.platform;
            a.findings = outcome.findings;
            a.token = outcome.token;
            a.response = outcome.response;
            a.federation = Some(outcome.report);
            a
        }
        Recognized::Response(input) => {
            let outcome = response::analyze(&input, ctx);
            let mut a = Analysis::new(outcome.kind);
            a.platform = outcome.platform;
            a.findings = outcome.findings;
            a.token = outcome.token;
            a.response = Some(outcome.report);
            a
        }
        Recognized::Setup(setup_input) => {
            let (kind, platform, report, findings) = setup::analyze(&setup_input, options.platform);
            let mut a = Analysis::new(kind);
            a.platform = Some(platform);
            a.findings = findings;
            a.request = Some(report);
            a
        }
        Recognized::Chain(chain_input) => {
            let outcome = chain::analyze(&chain_input);
            let mut a = Analysis::new(Kind::CredentialChain);
            a.platform = outcome.platform;
            a.findings = outcome.findings;
            // A credential that ran and was refused (a workload identity's AADSTS70021, an
            // endpoint's error): the error is diagnosed too, beside the verdict.
            if matches!(
                outcome.report.verdict.code,
                Code::ChainCredentialFailed | Code::ChainMiEndpointError
            ) {
                if let Some(input) = response::recognize_error_text(text) {
                    let error = response::analyze(&input, ctx);
                    a.platform = a.platform.or(error.platform);
                    a.findings.extend(
                        error
                            .findings
                            .into_iter()
                            .filter(|f| f.code.as_str().starts_with("error.")),
                    );
                    a.response = Some(error.report);
                }
            }
            a.chain = Some(outcome.report);
            a
        }
        Recognized::Access(input) => access_analysis(&input, ctx, options.sent_token),
        Recognized::Foreign(f) => foreign(f, text, ctx),
        Recognized::Unknown(finding) => {
            let mut a = Analysis::new(Kind::Unknown);
            a.findings.push(finding);
            a
        }
    }
}

/// An access error, with the token that was sent: the one pasted in the second box, else one in
/// the paste itself (a log holding both). That token is decoded into `token` too.
fn access_analysis(input: &access::AccessInput<'_>, ctx: &Context, sent: Option<&str>) -> Analysis {
    let sent = sent
        .filter(|s| !s.trim().is_empty())
        .map(|s| truncate_at_char_boundary(s, MAX_INPUT_BYTES))
        .and_then(|s| input::token_text::clean(s).or_else(|| input::token_text::find_embedded(s)))
        .or_else(|| input::token_text::find_embedded(input.text));
    let (token, mut token_findings) = match sent.as_ref() {
        Some(candidate) => {
            let (report, findings) = token::inspect(candidate, ctx);
            (Some(report), findings)
        }
        None => (None, Vec::new()),
    };
    let outcome = access::analyze(input, ctx, token.as_ref().filter(|t| t.payload.is_some()));
    let mut a = Analysis::new(Kind::AccessError);
    a.findings = outcome.findings;
    a.findings.append(&mut token_findings);
    a.access = Some(outcome.report);
    a.token = token;
    a
}

/// An answer that is not a token endpoint's; a 405 keeps the error's own reading beside it.
fn foreign(f: Foreign, text: &str, ctx: &Context) -> Analysis {
    let mut a = Analysis::new(f.kind());
    a.findings.push(f.finding());
    if f == Foreign::MethodNotAllowed {
        if let Some(input) =
            response::recognize(text).or_else(|| response::recognize_error_text(text))
        {
            let outcome = response::analyze(&input, ctx);
            a.platform = outcome.platform;
            a.response = Some(outcome.report);
        }
    }
    a
}

fn not_recognized(input: &str) -> Finding {
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
    Finding::error(Code::InputNotRecognized, "Not recognised")
        .detail(
            "This is not an access token (JWT) and no token was found inside it. The inspector reads \
             tokens as pasted (with `Bearer `, quotes, line breaks), or any text with a token inside.",
        )
        .fix("Paste the access token itself, or text that contains it.")
}
