//! The public result type, [`Analysis`], and the [`analyze`] entry point that dispatches pasted text
//! to the recognisers in `input/` and the decoders in `token/`.

use serde::Serialize;

use crate::codes::Code;
use crate::input::{self, Recognised};
use crate::request::{self as setup, RequestReport};
use crate::response::{self, ResponseReport};
use crate::token::{self, TokenReport};
use crate::verify::{self, Verification};

/// Inputs larger than this are cut to this size and get an `input.too-large` finding.
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// Everything the core needs from the outside world. Nothing else is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Context {
    /// The current time, in Unix seconds.
    pub now: i64,
    /// The viewer's offset from UTC in minutes (east positive: UTC+01:00 is 60), for local times.
    pub utc_offset_minutes: i32,
}

impl Context {
    /// A context at `now` with times shown in UTC.
    pub fn at(now: i64) -> Self {
        Context {
            now,
            utc_offset_minutes: 0,
        }
    }
}

/// What the pasted text was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Jwt,
    MiResponse,
    MiError,
    Request,
    Env,
    Key,
    Empty,
    Unknown,
}

/// A managed-identity hosting platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Imds,
    AppService,
    #[serde(rename = "app_service_2017")]
    AppService2017,
    ContainerApps,
    ServiceFabric,
    AzureArc,
    CloudShell,
    AzureMl,
}

/// How bad a finding is. Ordered so that sorting puts errors first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// Where in the input a problem sits. Offsets are in bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Place {
    /// 1-based number of the dot-separated token part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<usize>,
    /// Byte offset inside that part (after whitespace was removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment_offset: Option<usize>,
    /// Byte offset in the text as pasted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_offset: Option<usize>,
    /// 1-based line in the text as pasted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column (in characters) on that line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The offending character, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub character: Option<char>,
    /// The part of a request or setup concerned: `query resource`, `header Metadata`,
    /// `env IDENTITY_ENDPOINT`, `method`, `url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

impl Place {
    /// A place naming a part of a request.
    pub fn part(part: impl Into<String>) -> Self {
        Place {
            part: Some(part.into()),
            ..Place::default()
        }
    }
}

/// One thing the inspector wants the user to know.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: Code,
    pub title: String,
    pub detail: String,
    pub fix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
}

impl Finding {
    pub fn new(severity: Severity, code: Code, title: impl Into<String>) -> Self {
        Finding {
            severity,
            code,
            title: title.into(),
            detail: String::new(),
            fix: None,
            place: None,
        }
    }
    pub fn error(code: Code, title: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, title)
    }
    pub fn warning(code: Code, title: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, title)
    }
    pub fn info(code: Code, title: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, title)
    }
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
    pub fn place(mut self, place: Place) -> Self {
        self.place = Some(place);
        self
    }
}

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
}

/// Choices the user makes that change how input is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options<'a> {
    /// The platform the user picked; otherwise it is detected.
    pub platform: Option<Platform>,
    /// Key material to verify the token's signature with (PEM, certificate, JWK, JWKS, secret).
    pub key: Option<&'a str>,
}

impl Analysis {
    /// The analysis of nothing at all (before anything is pasted).
    pub fn default_empty() -> Self {
        Self::new(Kind::Empty)
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
        }
    }

    /// True when any finding is an error (the CLI's exit status 1).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The first finding with `code`, if any.
    pub fn finding(&self, code: Code) -> Option<&Finding> {
        self.findings.iter().find(|f| f.code == code)
    }
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

    let mut analysis = match input::recognise(input) {
        Recognised::Empty => {
            let mut a = Analysis::new(Kind::Empty);
            a.findings.push(
                Finding::info(Code::InputEmpty, "Nothing to inspect yet")
                    .detail("Paste an access token, a managed-identity token response or a request setup.")
                    .fix("Paste a token (with or without `Bearer `) or choose one from Samples."),
            );
            a
        }
        Recognised::Token(candidate) => {
            let mut a = Analysis::new(Kind::Jwt);
            let (report, token_findings) = token::inspect(&candidate, ctx);
            a.findings.extend(token_findings);
            a.token = Some(report);
            a
        }
        Recognised::Response(input) => {
            let outcome = response::analyse(&input, ctx);
            let mut a = Analysis::new(outcome.kind);
            a.platform = outcome.platform;
            a.findings = outcome.findings;
            a.token = outcome.token;
            a.response = Some(outcome.report);
            a
        }
        Recognised::Setup(setup_input) => {
            let (kind, platform, report, findings) = setup::analyse(&setup_input, options.platform);
            let mut a = Analysis::new(kind);
            a.platform = Some(platform);
            a.findings = findings;
            a.request = Some(report);
            a
        }
        Recognised::Unknown(finding) => {
            let mut a = Analysis::new(Kind::Unknown);
            a.findings.push(finding);
            a
        }
    };
    findings.append(&mut analysis.findings);
    findings.sort_by_key(|f| f.severity);
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
        analysis.findings.sort_by_key(|f| f.severity);
    }
    analysis
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub fn truncate_at_char_boundary(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}
