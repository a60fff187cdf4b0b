//! The public result type, [`Analysis`], and the [`analyze`] entry point that dispatches pasted text
//! to the recognisers in `input/`, `federation/`, `response/` and `request/` and the decoders in
//! `token/`.

use serde::Serialize;

use crate::access::{self, AccessReport};
use crate::federation::{self, FederationReport};
use crate::input;
use crate::model::{
    truncate_at_char_boundary, Code, Context, Finding, Kind, Platform, SetupPart, Severity,
};
use crate::request::{self as setup, RequestReport};
use crate::response::{self, ResponseReport};
use crate::token::{self, TokenReport};
use crate::verify::{self, Verification};

/// Inputs larger than this are cut to this size and get an `input.too-large` finding.
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// The single result the core hands out; the UI renders it and the CLI prints it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    pub kind: Kind,
    pub platform: Option<Platform>,
    /// Errors first, then warnings, then information; in order of discovery within each.
    pub findings: Vec<Finding>,
    pub token: Option<TokenReport>,
    /// A managed-identity token response or error body, read and cross-checked.
    pub response: Option<ResponseReport>,
    /// A request setup (request and/or environment), validated, with a corrected request.
    pub request: Option<RequestReport>,
    /// The signature check with a pasted key ([`Options::key`]); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    /// What a resource answered after the token (kind `access_error`): why it refused, the fix,
    /// and the comparison with the token that was sent; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<AccessReport>,
    /// Federated identity credentials, what was presented to Entra ID, and how they compare.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub federation: Option<FederationReport>,
}

/// Choices the user makes that change how input is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options<'a> {
    /// The platform the user picked; otherwise it is detected.
    pub platform: Option<Platform>,
    /// Key material to verify the token's signature with (PEM, certificate, JWK, JWKS, secret).
    pub key: Option<&'a str>,
    /// The token that was sent with the refused call (the page's "Paste the token that was
    /// sent", the CLI's `--token FILE`): compared with an access error. Ignored for other input.
    pub sent_token: Option<&'a str>,
}

impl Analysis {
    /// The analysis of nothing at all (before anything is pasted): what [`analyze`] gives for
    /// an empty input, made without running any reader (the page starts with it).
    pub fn default_empty() -> Self {
        let mut a = Self::new(Kind::Empty);
        a.findings.push(nothing_pasted());
        a
    }

    /// Where the token's issuer publishes its signing keys (for Entra ID, the `jwks_uri` of the
    /// issuer's OpenID configuration), for the user to open and paste: the verification's, or
    /// the token's own when nothing was verified yet.
    pub fn keys_url(&self) -> Option<&str> {
        self.verification
            .as_ref()
            .and_then(|v| v.keys_url.as_deref())
            .or_else(|| self.token.as_ref()?.entra.as_ref()?.jwks_uri.as_deref())
    }

    fn new(kind: Kind) -> Self {
        Analysis {
            kind,
            platform: None,
            findings: Vec::new(),
            token: None,
            response: None,
            request: None,
            verification: None,
            access: None,
            federation: None,
        }
    }

    /// True when any finding is an error (the CLI's exit status 1).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The findings about the signature check (`verify.*`): the one that states the result first,
    /// then the warnings and notes beside it (a weak key, an ambiguous key set, keys skipped as
    /// not for signatures). Empty when nothing was verified.
    pub fn verification_findings(&self) -> Vec<&Finding> {
        let Some(v) = &self.verification else {
            return Vec::new();
        };
        let result = v.result.code();
        let mut out: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| f.code.area() == "verify")
            .collect();
        if let Some(i) = out.iter().position(|f| f.code == result) {
            let stated = out.remove(i);
            out.insert(0, stated);
        }
        out
    }

    /// The first finding with `code`, if any.
    pub fn finding(&self, code: Code) -> Option<&Finding> {
        self.findings.iter().find(|f| f.code == code)
    }

    /// The findings a report lists: all but those a card of the report already shows (that
    /// nothing was pasted, which the first screen says; the diagnosis of an error; the
    /// information that a managed identity holds the token, beside the identity card; every
    /// finding about the signature check, which the verification card shows with the verdict:
    /// [`Analysis::verification_findings`]). Each fact once.
    pub fn listed_findings(&self) -> Vec<&Finding> {
        let diagnosed = self
            .response
            .as_ref()
            .and_then(|r| r.error.as_ref())
            .map(|e| e.code)
            .or_else(|| self.access.as_ref().map(|r| access::cause_code(r.cause)));
        let identity_card = self
            .token
            .as_ref()
            .is_some_and(|t| t.identity.is_some() || t.managed_identity.is_some());
        self.findings
            .iter()
            .filter(|f| f.code != Code::InputEmpty)
            .filter(|f| Some(f.code) != diagnosed)
            .filter(|f| !(identity_card && f.code == Code::TokenManagedIdentity))
            .filter(|f| !(self.verification.is_some() && f.code.area() == "verify"))
            .collect()
    }

    /// The findings about one part of a request setup (a parameter, a header, a variable), to
    /// show beside it.
    pub fn findings_about<'a>(&'a self, part: &'a SetupPart) -> impl Iterator<Item = &'a Finding> {
        self.findings
            .iter()
            .filter(move |f| f.place.as_ref().is_some_and(|p| p.concerns(part)))
    }

    /// The headers the platform requires that the pasted request does not send.
    pub fn missing_headers(&self) -> Vec<String> {
        let sent = self
            .request
            .as_ref()
            .map(|r| r.headers.as_slice())
            .unwrap_or_default();
        self.findings
            .iter()
            .filter(|f| f.code == Code::RequestHeaderMissing)
            .filter_map(|f| f.place.as_ref()?.part.as_ref())
            .flat_map(|parts| parts.0.iter().filter_map(|p| p.header_name()))
            .filter(|name| !sent.iter().any(|h| h.name.eq_ignore_ascii_case(name)))
            .map(str::to_string)
            .collect()
    }
}

/// `input.empty`: nothing was pasted yet.
fn nothing_pasted() -> Finding {
    Finding::info(Code::InputEmpty, "Nothing to inspect yet")
        .detail("Paste an access token, a managed-identity token response or a request setup.")
        .fix("Paste a token (with or without `Bearer `) or choose one from Samples.")
}

/// Analyses pasted text. Never panics, whatever the input.
pub fn analyze(input: &str, ctx: &Context) -> Analysis {
    analyze_with(input, ctx, &Options::default())
}

/// Analyses pasted text with the user's choices. Never panics, whatever the input.
pub fn analyze_with(input: &str, ctx: &Context, options: &Options) -> Analysis {
    let mut findings = Vec::new();
    let input = if input.len() > MAX_INPUT_BYTES {
        findings.push(
            Finding::warning(
                Code::InputTooLarge,
                "Input over 1 MiB: only the first 1 MiB is analysed",
            )
            .detail(format!(
                "The paste is {} bytes. Tokens and token responses are a few kilobytes; \
                     anything this large is probably not what you meant to paste.",
                input.len()
            ))
            .fix("Paste only the token, response or request you want to inspect."),
        );
        truncate_at_char_boundary(input, MAX_INPUT_BYTES)
    } else {
        input
    };

    let mut analysis = match recognize(input) {
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
        Recognized::Access(input) => access_analysis(&input, ctx, options.sent_token),
        Recognized::Unknown(finding) => {
            let mut a = Analysis::new(Kind::Unknown);
            a.findings.push(finding);
            a
        }
    };
    findings.append(&mut analysis.findings);
    crate::sort::by_key(&mut findings, |f| f.severity);
    analysis.findings = findings;
    verify_with(analysis, options.key)
}

/// Analyses pasted text like [`analyze`], then verifies the token's signature with `key`, the key
/// material as pasted (PEM, base64 certificate, JWK, JWKS or HMAC secret). When `key` is blank
/// this is [`analyze`]; when the input holds no token there is nothing to verify and no
/// `verification`. Never panics, whatever either input holds.
pub fn analyze_with_key(input: &str, key: &str, ctx: &Context) -> Analysis {
    analyze_with(
        input,
        ctx,
        &Options {
            key: Some(key),
            ..Options::default()
        },
    )
}

/// Verifies the analysed token's signature with the pasted key, when both are there.
fn verify_with(mut analysis: Analysis, key: Option<&str>) -> Analysis {
    let Some(key) = key.filter(|k| !k.trim().is_empty()) else {
        return analysis;
    };
    let key = truncate_at_char_boundary(key, MAX_INPUT_BYTES);
    if let Some(token) = &analysis.token {
        let (verification, findings) = verify::verify(token, key);
        analysis.verification = Some(verification);
        analysis.findings.extend(findings);
        crate::sort::by_key(&mut analysis.findings, |f| f.severity);
    }
    analysis
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

/// What the input was recognised as, with what the next stage needs.
#[derive(Debug)]
enum Recognized<'a> {
    Empty,
    Token(input::TokenCandidate<'a>),
    /// What a resource answered after the token.
    Access(Box<access::AccessInput<'a>>),
    /// A token's claims, pasted already decoded.
    DecodedClaims(token::decoded::DecodedClaims),
    /// Federated identity credentials, or a federation error with its assertion.
    Federation(federation::FederationInput<'a>),
    /// A token response, an error body or an error message.
    Response(crate::response::ResponseInput<'a>),
    /// A request setup: requests and/or environment variables.
    Setup(crate::request::SetupInput),
    /// Nothing matched; the finding says what was expected.
    Unknown(Finding),
}

/// Classifies pasted text; the first reader that claims it wins: federation (credentials, or a
/// federation error with its token), a token alone, a response or error body, decoded claims, a
/// request setup, an error message, a token inside other text.
fn recognize(input: &str) -> Recognized<'_> {
    if input.chars().all(input::token_text::is_removable) {
        return Recognized::Empty;
    }
    // Before the token alone: a token pasted above credentials starts the paste too.
    if let Some(found) = federation::recognize(input) {
        return Recognized::Federation(found);
    }
    if let Some(candidate) = input::token_text::clean(input) {
        return Recognized::Token(candidate);
    }
    // Before responses: a resource's JSON error body looks like an endpoint's to them.
    if let Some(refusal) = access::recognize(input) {
        return Recognized::Access(Box::new(refusal));
    }
    if let Some(response) = crate::response::recognize(input) {
        return Recognized::Response(response);
    }
    if let Some(claims) = token::decoded::find(input) {
        return Recognized::DecodedClaims(claims);
    }
    if let Some(setup) = crate::request::recognize(input) {
        return Recognized::Setup(setup);
    }
    if let Some(response) = crate::response::recognize_error_text(input) {
        return Recognized::Response(response);
    }
    if let Some(candidate) = input::token_text::find_embedded(input) {
        return Recognized::Token(crate::token::follow_wrapped_lines(candidate));
    }
    Recognized::Unknown(not_recognized(input))
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
