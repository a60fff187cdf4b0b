//! The public result type, [`Analysis`], and the [`analyze`] entry point that dispatches pasted text
//! to the recognisers in `input/`, `federation/`, `response/` and `request/` and the decoders in
//! `token/` (one table of them:
//! [`recognizers`]); a paste that holds several things is a [`session`]; [`compare`] sets two
//! analyses side by side.

pub mod compare;
pub mod recognizers;
pub mod session;

use serde::Serialize;

use crate::access::{self, AccessReport};
use crate::chain::ChainReport;
use crate::federation::FederationReport;
use crate::model::{
    truncate_at_char_boundary, Code, Context, Finding, Kind, Platform, SetupPart, Severity,
};
use crate::request::RequestReport;
use crate::response::ResponseReport;
use crate::token::TokenReport;
use crate::verify::Verification;

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
    /// A credential chain (DefaultAzureCredential, ChainedTokenCredential, SDK logs) with its
    /// verdict; absent for anything else.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain: Option<ChainReport>,
    /// This analysis (the first input) compared with a second input ([`compare::compare`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<compare::Comparison>,
    /// For a session (a paste that holds several things): each part with its lines and its own
    /// report, in the order pasted; empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<session::Part>,
}

/// Choices the user makes that change how input is read.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options<'a> {
    /// The platform the user picked; otherwise it is detected.
    pub platform: Option<Platform>,
    /// Key material to verify the token's signature with (PEM, certificate, JWK, JWKS, secret).
    pub key: Option<&'a str>,
    /// The token that was sent with the refused call (the page's "Paste the token that was
    /// sent", the CLI's `--token FILE`): compared with an access error. Ignored for other input.
    pub sent_token: Option<&'a str>,
    /// What reads `key` and checks the signature with it. `None`: [`crate::verify::verify`], in
    /// place (with the `verify-in-place` feature, on by default; without it, nothing is
    /// checked). The page passes its second wasm module's ([`crate::verify::wire`]); until the
    /// module answers, there is no verification.
    pub checker: Option<crate::verify::Checker>,
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
            chain: None,
            comparison: None,
            parts: Vec::new(),
        }
    }

    /// True when any finding is an error (the CLI's exit status 1), a session's parts' included.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
            || self
                .parts
                .iter()
                .filter_map(|p| p.analysis.as_deref())
                .any(Analysis::has_errors)
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
    // With no budget the analysis never waits for another call.
    analyze_within(input, ctx, options, &session::Work::whole())
        .unwrap_or_else(|session::Pending| analyze_single(input, ctx, options))
}

/// One step of the analysis [`analyze_with`] makes, for a caller that must not be busy long (the
/// page, with a long paste): `work` ([`session::Work::in_steps`]) says how much the step may
/// read and keeps what earlier steps did. `None` until the analysis is done; then the same
/// analysis [`analyze_with`] gives. Call again with the same input, context, options and
/// `work`. Never panics, whatever the input.
pub fn analyze_step(
    input: &str,
    ctx: &Context,
    options: &Options,
    work: &session::Work,
) -> Option<Analysis> {
    analyze_within(input, ctx, options, work).ok()
}

fn analyze_within(
    input: &str,
    ctx: &Context,
    options: &Options,
    work: &session::Work,
) -> Result<Analysis, session::Pending> {
    work.begin();
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

    let _indexed = crate::search::indexed(input);
    let mut analysis = match session::analyze(input, ctx, options, work)? {
        Some(session) => session,
        // Reading the whole paste at once is a step of its own.
        None if work.may_start_large() => analyze_single(input, ctx, options),
        None => return Err(session::Pending),
    };
    findings.append(&mut analysis.findings);
    crate::sort::by_key(&mut findings, |f| f.severity);
    analysis.findings = findings;
    Ok(analysis)
}

/// Analyses text that holds one thing (a whole paste that is not a session, or one part of one).
fn analyze_single(input: &str, ctx: &Context, options: &Options) -> Analysis {
    let mut analysis = recognizers::analyze(recognizers::recognize(input), input, ctx, options);
    crate::sort::by_key(&mut analysis.findings, |f| f.severity);
    verify_with(analysis, options)
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
fn verify_with(mut analysis: Analysis, options: &Options) -> Analysis {
    let Some(key) = options.key.filter(|k| !k.trim().is_empty()) else {
        return analysis;
    };
    let key = truncate_at_char_boundary(key, MAX_INPUT_BYTES);
    let checked = analysis
        .token
        .as_ref()
        .and_then(|token| match options.checker {
            Some(checker) => crate::verify::verify_by(token, key, checker),
            None => in_place(token, key),
        });
    if let Some((verification, findings)) = checked {
        analysis.verification = Some(verification);
        analysis.findings.extend(findings);
        crate::sort::by_key(&mut analysis.findings, |f| f.severity);
    }
    analysis
}

#[cfg(feature = "verify-in-place")]
fn in_place(token: &TokenReport, key: &str) -> Option<(Verification, Vec<Finding>)> {
    Some(crate::verify::verify(token, key))
}

/// Without the feature, the arithmetic is not linked in: only `Options::checker` checks.
#[cfg(not(feature = "verify-in-place"))]
fn in_place(_: &TokenReport, _: &str) -> Option<(Verification, Vec<Finding>)> {
    None
}
