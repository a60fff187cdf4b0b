//! The user's own code, corrected: the validator's fixes applied to the program that was pasted
//! (the api-version, the resource, a selector's or a header's name, a header it does not send,
//! the closing braces it lacks), so the user copies back their program, not a generic one. Only
//! edits that are certain are made: a value is replaced where it is written exactly once, a
//! header is added beside one the code already sets; whatever cannot be placed is named as a
//! step left to do.

use crate::search::Search;
use serde::Serialize;

use super::model::{HeaderSpec, TokenRequest};
use crate::azure::platforms::HeaderValue;
use crate::input::code::HEADER_CALLS;
use crate::input::parsed::ParsedRequest;
use crate::input::split::{split, ARGUMENTS};

/// The language the code is written in, as far as its calls tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeLanguage {
    Csharp,
    Python,
    Javascript,
    Go,
    Java,
    Php,
    Rust,
}

impl CodeLanguage {
    /// Tells the language from the calls code in it makes.
    pub fn of(code: &str) -> Option<Self> {
        let has = |needles: &[&str]| needles.iter().any(|n| code.has(n));
        Some(
            if has(&[
                "Environment.GetEnvironmentVariable",
                "HttpRequestMessage",
                "HttpClient",
            ]) {
                CodeLanguage::Csharp
            } else if has(&[
                "std::env::var",
                "reqwest::",
                "env::var(",
                "vec![",
                "&self",
                "impl ",
            ]) {
                CodeLanguage::Rust
            } else if has(&["os.Getenv", "http.NewRequest", ":= ", "func "]) {
                CodeLanguage::Go
            } else if has(&[
                "System.getenv",
                "HttpRequest.newBuilder",
                "HttpURLConnection",
            ]) {
                CodeLanguage::Java
            } else if has(&["$_SERVER[", "$_ENV[", "curl_setopt", "<?php"]) {
                CodeLanguage::Php
            } else if has(&["process.env", "fetch(", "axios", "require(", "=> {"]) {
                CodeLanguage::Javascript
            } else if has(&["os.environ", "os.getenv", "requests.", "import ", "def "]) {
                CodeLanguage::Python
            } else {
                return None;
            },
        )
    }
}

/// The pasted code with the fixes applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CorrectedCode {
    pub language: CodeLanguage,
    /// The whole code, corrected.
    pub text: String,
    /// Each change, in words.
    pub changes: Vec<String>,
    /// Fixes that could not be placed in the code, to make by hand.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left_to_do: Vec<String>,
}

/// Applies to `code` (the text `pasted` was read from) what makes its request `corrected`, and
/// `missing_braces` closing braces; `None` when the code is not in a language known here or
/// nothing needs changing.
pub fn correct(
    code: &str,
    pasted: &ParsedRequest,
    corrected: &TokenRequest,
    missing_braces: usize,
) -> Option<CorrectedCode> {
    let language = CodeLanguage::of(code)?;
    let mut fix = Fix {
        text: code.to_string(),
        changes: Vec::new(),
        left_to_do: Vec::new(),
    };
    let wanted = corrected.query();
    let want = |name: &str| {
        wanted
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    };
    if let (Some(have), Some(want)) = (pasted.param("api-version"), want("api-version")) {
        // A version the code takes from a constant defined elsewhere is not known to be wrong.
        if have.value != want && !super::model::is_runtime_placeholder(&have.value) {
            fix.replace_once(&have.raw, &want, "api-version");
        }
    }
    if let Some(have) = pasted.param("resource") {
        let written = !super::model::is_runtime_placeholder(&have.value) && !have.raw.contains('$');
        if written && have.value != corrected.resource {
            fix.replace_once(&have.raw, &corrected.resource, "resource");
        }
    }
    fix.selector_names(pasted, &wanted);
    fix.headers(pasted, &corrected.headers());
    if missing_braces > 0 {
        fix.text = format!(
            "{}\n{}",
            fix.text.trim_end(),
            "}\n".repeat(missing_braces).trim_end()
        );
        fix.changes.push(format!(
            "Added the {missing_braces} closing brace{} the code lacked.",
            if missing_braces == 1 { "" } else { "s" }
        ));
    }
    (!fix.changes.is_empty()).then_some(CorrectedCode {
        language,
        text: fix.text,
        changes: fix.changes,
        left_to_do: fix.left_to_do,
    })
}

/// The code being corrected and what was done to it.
struct Fix {
    text: String,
    changes: Vec<String>,
    left_to_do: Vec<String>,
}

impl Fix {
    /// Replaces `old` by `new` when the code writes `old` exactly once.
    fn replace_once(&mut self, old: &str, new: &str, what: &str) {
        if old.is_empty() || self.text.matches(old).count() != 1 {
            self.left_to_do.push(format!(
                "Set the {what} to {new} (it is not written once in the code)."
            ));
            return;
        }
        self.text = self.text.replacen(old, new, 1);
        self.changes
            .push(format!("The {what} is {new} (it was '{old}')."));
    }

    /// A selector the platform does not know under that name (`mi_res_id` on IMDS) is renamed.
    fn selector_names(&mut self, pasted: &ParsedRequest, wanted: &[(&'static str, String)]) {
        for p in &pasted.query {
            if wanted.iter().any(|(n, _)| *n == p.name)
                || matches!(p.name.as_str(), "api-version" | "resource")
            {
                continue;
            }
            let Some((name, _)) = wanted
                .iter()
                .find(|(n, v)| *v == p.value && !matches!(*n, "api-version" | "resource"))
            else {
                continue;
            };
            let old = format!("{}=", p.name);
            if self.text.matches(&old).count() == 1 {
                self.text = self.text.replacen(&old, &format!("{name}="), 1);
                self.changes.push(format!(
                    "The identity is named by {name} (the platform does not know {}).",
                    p.name
                ));
            }
        }
    }

    /// Headers the platform wants: one sent under another name is renamed (its value read from
    /// the right variable); one not sent is added beside a header the code already sets.
    fn headers(&mut self, pasted: &ParsedRequest, wanted: &[HeaderSpec]) {
        let missing: Vec<&HeaderSpec> = wanted
            .iter()
            .filter(|w| pasted.header(w.name).is_none())
            .collect();
        let extra: Vec<&str> = pasted
            .headers
            .iter()
            .map(|h| h.name.as_str())
            .filter(|n| !wanted.iter().any(|w| w.name.eq_ignore_ascii_case(n)))
            .filter(|n| !n.eq_ignore_ascii_case("authorization"))
            .collect();
        for want in missing {
            let renamed = extra.iter().find(|old| self.quoted_once(old)).copied();
            match renamed {
                Some(old) => self.rename_header(old, want),
                None => self.add_header(want),
            }
        }
    }

    fn quoted_once(&self, name: &str) -> bool {
        ['"', '\'']
            .iter()
            .map(|q| self.text.matches(&format!("{q}{name}{q}")).count())
            .sum::<usize>()
            == 1
    }

    /// The first line that sets a header with a call (of the header `name`, or of any), with
    /// where the call's arguments start and its name and value arguments as written.
    fn header_call(&self, name: Option<&str>) -> Option<(usize, usize, String, String)> {
        self.text.lines().enumerate().find_map(|(i, line)| {
            let call = HEADER_CALLS.iter().find(|c| line.contains(*c))?;
            let at = line.find_str(call)? + call.len();
            let args = split(line.get(at..)?, &ARGUMENTS);
            let (n, v) = (args.first()?, args.get(1)?);
            let matches = name.is_none_or(|name| {
                n.trim()
                    .trim_matches(['"', '\''])
                    .eq_ignore_ascii_case(name)
            });
            matches.then(|| (i, at, n.clone(), v.clone()))
        })
    }

    /// The line of a header call rewritten to set `want`: its name, and its value as a literal
    /// or read from its variable the way the line reads one. `None` when the line reads no
    /// variable to follow.
    fn header_line(
        &self,
        i: usize,
        at: usize,
        name: &str,
        value: &str,
        want: &HeaderSpec,
    ) -> Option<String> {
        let line = self.text.lines().nth(i)?;
        let quote = if name.trim_start().starts_with('\'') {
            '\''
        } else {
            '"'
        };
        let new_value = match want.value {
            HeaderValue::Literal(v) => format!("{quote}{v}{quote}"),
            HeaderValue::Env(var) => value.trim().replacen(&env_var_in(value)?, var, 1),
        };
        let args_end = at + name.len() + 1 + value.len();
        Some(format!(
            "{}{quote}{}{quote}, {new_value}{}",
            line.get(..at)?,
            want.name,
            line.get(args_end..)?
        ))
    }

    /// Puts `new_line` at line `i`, replacing the line there or inserted after it.
    fn set_line(&mut self, i: usize, new_line: String, replace: bool) {
        let mut lines: Vec<String> = self.text.lines().map(str::to_string).collect();
        if replace {
            if let Some(l) = lines.get_mut(i) {
                *l = new_line;
            }
        } else {
            lines.insert(i + 1, new_line);
        }
        let trailing_newline = self.text.ends_with('\n');
        self.text = lines.join("\n");
        if trailing_newline {
            self.text.push('\n');
        }
    }

    /// A header sent under another name is sent under the platform's, with its value.
    fn rename_header(&mut self, old: &str, want: &HeaderSpec) {
        let rewritten = self
            .header_call(Some(old))
            .and_then(|(i, at, n, v)| Some((i, self.header_line(i, at, &n, &v, want)?)));
        match rewritten {
            Some((i, line)) => {
                self.set_line(i, line, true);
                self.changes.push(format!(
                    "The header is {}: {} (it was sent as {old}).",
                    want.name,
                    shown_value(want)
                ));
            }
            None => self.left_to_do.push(format!(
                "Send {}: {} instead of {old}.",
                want.name,
                shown_value(want)
            )),
        }
    }

    /// Adds `want` by copying the line of a header call the code already makes (same call, same
    /// indentation), with the name and value replaced.
    fn add_header(&mut self, want: &HeaderSpec) {
        let added = self
            .header_call(None)
            .and_then(|(i, at, n, v)| Some((i, self.header_line(i, at, &n, &v, want)?)));
        match added {
            Some((i, line)) => {
                self.set_line(i, line, false);
                self.changes.push(format!(
                    "Sends the header {}: {}, which the platform requires.",
                    want.name,
                    shown_value(want)
                ));
            }
            None => self.left_to_do.push(format!(
                "Send the header {}: {} with the request.",
                want.name,
                shown_value(want)
            )),
        }
    }
}

/// The environment variable a value expression reads (`Environment.GetEnvironmentVariable("X")`,
/// `os.environ["X"]`): the upper-case name in quotes.
fn env_var_in(expr: &str) -> Option<String> {
    let start = expr.find(['"', '\''])? + 1;
    let name: String = expr
        .get(start..)?
        .chars()
        .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

fn shown_value(h: &HeaderSpec) -> String {
    match h.value {
        HeaderValue::Literal(v) => v.to_string(),
        HeaderValue::Env(var) => format!("${var}"),
    }
}
