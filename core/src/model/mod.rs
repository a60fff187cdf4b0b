//! The bottom layer: the types every other module shares. [`Context`] (the only outside input),
//! [`Kind`] and [`Platform`] (what was pasted, and where it came from), and [`Finding`] with its
//! [`Severity`], [`Place`] and stable [`Code`]. It uses no other module of the crate.

mod codes;

pub use codes::Code;

use serde::Serialize;

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

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub fn truncate_at_char_boundary(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}
