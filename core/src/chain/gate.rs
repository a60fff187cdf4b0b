//! Which pasted lines can say anything about a credential, found in one pass over the text so
//! that the reader asks its many phrases only of those lines (a 1 MiB application log has none,
//! and asking every phrase of every line was most of its analysis).
//!
//! A line can be a marker, a chain's final message or an `AZURE_TOKEN_CREDENTIALS` error only if
//! it holds one of [`WORDS`] in any case or one of [`PHRASES`]: every credential name the chain
//! knows (`names`) holds "credential" or "identity", and so do the formats' phrases, except the
//! few in [`PHRASES`]. A format that learns a phrase holding neither must add it there
//! (`read`'s test `every_line_that_says_something_holds_a_gate_word` reads the samples to check).
//!
//! The logical lines are pieces of the pasted lines (`log::lines`), so a word in one is in its
//! pasted line too, except when escapes are unescaped (`\r` is dropped, which can join a word);
//! then every line is read.

use crate::input::log_line;
use crate::search;

/// Words every credential name, and almost every phrase, holds (ASCII letters in any case).
const WORDS: &[&str] = &["credential", "identity"];

/// The phrases that name no credential: Go's workload identity `FromAssertion()`, Java's
/// IntelliJ message, Python's EnvironmentCredential message, JavaScript's aggregate error classes
/// (whose lines may name a tool, "Azure CLI", instead of a credential).
const PHRASES: &[&str] = &[
    "FromAssertion()",
    "IntelliJ Authentication not available",
    "No environment configuration found",
    "AuthenticationError",
    "AuthenticationRequiredError",
];

/// The pasted lines (1-based) that may say something about a credential, and those the reader
/// needs at all: those, the lines a reason may continue on after one, and the lines that name
/// scopes. `None` when every line may and is.
pub struct Gate(Option<Marked>);

/// Indexed by line number.
struct Marked {
    open: Vec<bool>,
    needed: Vec<bool>,
}

impl Gate {
    /// The gate of `text`, where a reason goes on over at most `reach` lines after its own.
    pub fn new(text: &str, reach: usize) -> Gate {
        if log_line::has_escapes(text) {
            return Gate(None);
        }
        let newlines: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
        // The pasted line (1-based) a byte offset is on.
        let line_of = |at: usize| newlines.partition_point(|&n| n < at) + 1;
        let mut open = vec![false; newlines.len() + 2];
        let words = WORDS
            .iter()
            .flat_map(|w| search::positions_ignore_case(text, w));
        let phrases = PHRASES.iter().flat_map(|p| search::positions(text, p));
        for at in words.chain(phrases) {
            if let Some(slot) = open.get_mut(line_of(at)) {
                *slot = true;
            }
        }
        let mut needed = vec![false; open.len()];
        let mut last_open = None;
        for (number, slot) in needed.iter_mut().enumerate() {
            if open.get(number).copied().unwrap_or(false) {
                last_open = Some(number);
            }
            *slot = last_open.is_some_and(|o| number - o <= reach);
        }
        for at in search::positions(text, SCOPES) {
            if let Some(slot) = needed.get_mut(line_of(at)) {
                *slot = true;
            }
        }
        Gate(Some(Marked { open, needed }))
    }

    /// Whether pasted line `number` may say something about a credential.
    pub fn admits(&self, number: usize) -> bool {
        self.0
            .as_ref()
            .is_none_or(|m| m.open.get(number).copied().unwrap_or(false))
    }

    /// Whether the reader needs pasted line `number` at all (the others change nothing).
    pub fn needs(&self, number: usize) -> bool {
        self.0
            .as_ref()
            .is_none_or(|m| m.needed.get(number).copied().unwrap_or(false))
    }
}

/// The label before the scopes a .NET or JavaScript log line names (`read::note_scopes`).
pub const SCOPES: &str = "Scopes: ";

/// Whether a logical line holds a word or phrase of the gate (what [`Gate`] looks for, asked of
/// one line).
#[cfg(test)]
pub fn holds_a_gate_word(line: &str) -> bool {
    WORDS.iter().any(|w| search::has_ignore_case(line, w))
        || PHRASES.iter().any(|p| search::has(line, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lines_with_a_gate_word_are_read() {
        // A .NET debug log (credential-chains.jsonl's shape) between application log lines.
        let text = "2024-05-01T10:00:00Z INFO request 1 done\r\n\
                    [Informational] Azure-Identity: ManagedIdentityCredential.GetToken invoked.\n\
                    worker 7 started\n\
                    AggregateAuthenticationError: ChainedTokenCredential failed\n\
                    azure:identity:info x";
        let gate = Gate::new(text, 1);
        let admitted: Vec<bool> = (1..=6).map(|n| gate.admits(n)).collect();
        assert_eq!(admitted, [false, true, false, true, true, false]);
        // Needed: those, and one line after each (a reason may go on there).
        let needed: Vec<bool> = (1..=6).map(|n| gate.needs(n)).collect();
        assert_eq!(needed, [false, true, true, true, true, false]);
        // Escaped messages are read whole: `\r` dropped can join a word.
        let escaped = Gate::new("Cred\\rential\\nx\\ny", 1);
        assert!(escaped.admits(1) && escaped.admits(99) && escaped.needs(99));
    }
}
