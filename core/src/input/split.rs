//! Splitting text where a separator stands outside quotes (and outside brackets, where brackets
//! nest): code's call arguments, PowerShell's words, `+` concatenations and hashtable entries.
//! One splitter, told by a [`Splitting`] what separates, what nests and where to stop.

/// Where splitting ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// At the end of the text.
    Never,
    /// At a closing bracket that closes nothing opened here: the end of an argument list.
    UnmatchedClose,
    /// At this character outside quotes and brackets (PowerShell's pipe).
    At(char),
}

/// Which pieces are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Empty {
    /// Every piece, the empty ones too.
    Keep,
    /// Only pieces that are not empty.
    Drop,
    /// Every piece but a last one that is blank (`f(a, b)` has two arguments, `f()` none).
    DropLastIfBlank,
}

/// How to split.
#[derive(Clone, Copy)]
pub struct Splitting {
    pub separator: fn(char) -> bool,
    /// Brackets that nest, and the ones that close them.
    pub open: &'static [char],
    pub close: &'static [char],
    pub stop: Stop,
    pub empty: Empty,
}

/// Comma-separated call arguments up to the call's closing parenthesis: `("a", f(b, c)), …`.
pub const ARGUMENTS: Splitting = Splitting {
    separator: |c| c == ',',
    open: &['(', '[', '{'],
    close: &[')', ']', '}'],
    stop: Stop::UnmatchedClose,
    empty: Empty::DropLastIfBlank,
};

/// A PowerShell command's words, keeping quoted strings, `@{…}` and `(…)` whole, up to a pipe.
pub const POWERSHELL_WORDS: Splitting = Splitting {
    separator: char::is_whitespace,
    open: &['{', '('],
    close: &['}', ')'],
    stop: Stop::At('|'),
    empty: Empty::Drop,
};

/// Splits `s` as `how` says; quotes (`'` and `"`) always keep what they hold whole.
pub fn split(s: &str, how: &Splitting) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let push = |piece: String, out: &mut Vec<String>| {
        if how.empty != Empty::Drop || !piece.is_empty() {
            out.push(piece);
        }
    };
    for c in s.chars() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                cur.push(c);
                continue;
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                cur.push(c);
                continue;
            }
            None => {}
        }
        if how.open.contains(&c) {
            depth += 1;
        } else if how.close.contains(&c) {
            if depth <= 0 && how.stop == Stop::UnmatchedClose {
                break;
            }
            depth -= 1;
        } else if depth <= 0 && how.stop == Stop::At(c) {
            break;
        } else if depth <= 0 && (how.separator)(c) {
            push(std::mem::take(&mut cur), &mut out);
            continue;
        }
        cur.push(c);
    }
    match how.empty {
        Empty::DropLastIfBlank if cur.trim().is_empty() => {}
        _ => push(cur, &mut out),
    }
    out
}

/// Splits where `separator` says, outside single and double quotes (nothing nests).
pub fn split_outside_quotes(s: &str, separator: fn(char) -> bool) -> Vec<String> {
    split(
        s,
        &Splitting {
            separator,
            open: &[],
            close: &[],
            stop: Stop::Never,
            empty: Empty::Keep,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_arguments_end_at_the_call_and_keep_nested_calls_whole() {
        let args = split(
            r#""{0}/?resource={1}", Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT"), resource)); next"#,
            &ARGUMENTS,
        );
        assert_eq!(
            args,
            [
                r#""{0}/?resource={1}""#,
                r#" Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT")"#,
                " resource"
            ]
        );
        assert!(split(")", &ARGUMENTS).is_empty());
        assert_eq!(split("a, ", &ARGUMENTS), ["a"]);
        assert_eq!(split("'a,b', c", &ARGUMENTS), ["'a,b'", " c"]);
    }

    #[test]
    fn powershell_words_keep_tables_and_stop_at_a_pipe() {
        let words = split(
            r#"-Uri "$url?a=1 b" -Headers @{Metadata = "true"}  -Method GET | ConvertTo-Json"#,
            &POWERSHELL_WORDS,
        );
        assert_eq!(
            words,
            [
                "-Uri",
                r#""$url?a=1 b""#,
                "-Headers",
                r#"@{Metadata = "true"}"#,
                "-Method",
                "GET"
            ]
        );
    }

    #[test]
    fn plain_splitting_keeps_every_piece() {
        assert_eq!(
            split_outside_quotes("'a+b' + $x +", |c| c == '+'),
            ["'a+b' ", " $x ", ""]
        );
        assert_eq!(split_outside_quotes("", |c| c == ';'), [""]);
    }
}
