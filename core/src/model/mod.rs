//! The bottom layer: the types every other module shares. [`Context`] (the only outside input),
//! [`Kind`] and [`Platform`] (what was pasted, and where it came from), and [`Finding`] with its
//! [`Severity`], [`Place`] and stable [`Code`]. It uses no other module of the crate.

mod codes;

pub use codes::Code;

use serde::{Deserialize, Serialize};

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
    /// What a resource (not the token endpoint) answered: a 401/403 after the token.
    AccessError,
    /// Federated identity credential definitions (workload identity federation), possibly with
    /// the assertion token or the error they are checked against.
    FederatedCredential,
    /// DefaultAzureCredential / ChainedTokenCredential messages and SDK logs.
    CredentialChain,
    /// An answer that did not come from Azure: another cloud's metadata service, a proxy's page,
    /// an HTML error page.
    NotAzure,
    /// A paste that holds several things: see `Analysis::parts`.
    Session,
}

/// A managed-identity hosting platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Workload identity federation (AKS workload identity): not a managed-identity endpoint, but
    /// a token exchange with Entra ID using a projected service-account token.
    WorkloadIdentity,
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
    /// The parts of a request or setup concerned, serialised as one string: `query resource`,
    /// `header Metadata`, `env IDENTITY_ENDPOINT`, `method`, `url`, `line 3`; several of one kind
    /// share the kind's word: `query client_id, msi_res_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<SetupParts>,
}

impl Place {
    /// A place naming one part of a request setup.
    pub fn part(part: SetupPart) -> Self {
        Self::parts(vec![part])
    }

    /// A place naming several parts of a request setup (a conflict between them).
    pub fn parts(parts: Vec<SetupPart>) -> Self {
        Place {
            part: Some(SetupParts(parts)),
            ..Place::default()
        }
    }

    /// True when this place names `part` (names compared without regard to ASCII case).
    pub fn concerns(&self, part: &SetupPart) -> bool {
        self.part
            .as_ref()
            .is_some_and(|ps| ps.0.iter().any(|p| p.same_as(part)))
    }
}

/// One part of a request setup that a finding is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetupPart {
    /// A query-string parameter, by name.
    Query(String),
    /// A form-body parameter, by name.
    Form(String),
    /// A header, by name.
    Header(String),
    /// An environment variable, by name.
    Env(String),
    /// The HTTP method.
    Method,
    /// The URL (endpoint, scheme, path).
    Url,
    /// A 1-based line of the pasted script.
    Line(usize),
}

impl SetupPart {
    /// The word for the kind of part (`query`, `header`, ...), and its name when it has one.
    fn kind_and_name(&self) -> (&'static str, Option<String>) {
        match self {
            SetupPart::Query(n) => ("query", Some(n.clone())),
            SetupPart::Form(n) => ("form", Some(n.clone())),
            SetupPart::Header(n) => ("header", Some(n.clone())),
            SetupPart::Env(n) => ("env", Some(n.clone())),
            SetupPart::Method => ("method", None),
            SetupPart::Url => ("url", None),
            SetupPart::Line(l) => ("line", Some(l.to_string())),
        }
    }

    /// The header's name, when this part is a header.
    pub fn header_name(&self) -> Option<&str> {
        match self {
            SetupPart::Header(n) => Some(n),
            _ => None,
        }
    }

    fn same_as(&self, other: &SetupPart) -> bool {
        let (k1, n1) = self.kind_and_name();
        let (k2, n2) = other.kind_and_name();
        k1 == k2
            && match (n1, n2) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(&b),
                (None, None) => true,
                _ => false,
            }
    }
}

/// The parts one finding concerns, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupParts(pub Vec<SetupPart>);

impl std::fmt::Display for SetupParts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut previous: Option<&'static str> = None;
        for (i, part) in self.0.iter().enumerate() {
            let (kind, name) = part.kind_and_name();
            if i > 0 {
                f.write_str(", ")?;
            }
            match (previous == Some(kind), name) {
                (true, Some(name)) => f.write_str(&name)?,
                (false, Some(name)) => write!(f, "{kind} {name}")?,
                (_, None) => f.write_str(kind)?,
            }
            previous = Some(kind);
        }
        Ok(())
    }
}

impl Serialize for SetupParts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
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

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub fn truncate_at_char_boundary(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_serialise_as_the_strings_the_json_always_had() {
        let one = Place::part(SetupPart::Header("Metadata".into()));
        assert_eq!(
            serde_json::to_value(&one).unwrap(),
            serde_json::json!({"part": "header Metadata"})
        );
        let conflict = Place::parts(vec![
            SetupPart::Query("client_id".into()),
            SetupPart::Query("msi_res_id".into()),
        ]);
        assert_eq!(
            conflict.part.as_ref().unwrap().to_string(),
            "query client_id, msi_res_id"
        );
        assert_eq!(
            Place::part(SetupPart::Line(3)).part.unwrap().to_string(),
            "line 3"
        );
        assert_eq!(
            Place::part(SetupPart::Method).part.unwrap().to_string(),
            "method"
        );
    }

    #[test]
    fn a_conflict_concerns_every_part_it_names() {
        let conflict = Place::parts(vec![
            SetupPart::Query("client_id".into()),
            SetupPart::Query("msi_res_id".into()),
        ]);
        assert!(conflict.concerns(&SetupPart::Query("client_id".into())));
        assert!(conflict.concerns(&SetupPart::Query("MSI_RES_ID".into())));
        assert!(!conflict.concerns(&SetupPart::Header("msi_res_id".into())));
    }
}
