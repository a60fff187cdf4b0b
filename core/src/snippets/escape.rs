//! String literals for every target language: one function per literal kind, shared by all
//! targets. Each returns the complete literal, quotes included, that evaluates to exactly the given
//! text in that language.
//!
//! Rules, from the bugs other generators shipped (../shared/reference/snippets-and-yew.md §A3):
//! - bash: always single quotes, `'` written as `'\''`; double quotes would expand `$`, backticks
//!   and `!`. Bash strings cannot hold NUL ([`fits_in_shell`]).
//! - PowerShell: single quotes with every quote doubled, including the curly quotes U+2018–U+201B
//!   that PowerShell also treats as single quotes (httpsnippet left `-Uri '…'` unescaped).
//! - C#, Java, JavaScript, Go, Python, Rust: double quotes; `\`, `"`, newline, carriage return and
//!   tab always escaped (httpsnippet escaped only `"` for Python and Rust). Every other control
//!   character and everything outside ASCII is written as an escape too, so the literal is plain
//!   ASCII whatever encoding the file is later saved in. Each language's own escape form:
//!   C# and JavaScript `\uXXXX` (UTF-16 units, never C#'s variable-length `\x`), Java octal for
//!   control characters (Java turns `\u000a` into a real line break before it lexes the string),
//!   Go `\xHH` only below 0x80 (above it `\x` is a raw byte), Rust `\u{…}` (rustc rejects `\xa0`),
//!   Python `\xHH`/`\uXXXX`/`\UXXXXXXXX`.

/// Whether a shell can carry the text at all: bash variables and arguments end at a NUL byte.
pub fn fits_in_shell(s: &str) -> bool {
    !s.contains('\0')
}

/// A bash single-quoted word: `'it'\''s'`.
pub fn bash(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A PowerShell single-quoted string: `'it''s'`; the curly single quotes are doubled as well.
pub fn powershell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// The escapes the C-family languages share; `None` for characters each writes its own way.
fn common_escape(c: char) -> Option<&'static str> {
    match c {
        '\\' => Some(r"\\"),
        '"' => Some("\\\""),
        '\n' => Some(r"\n"),
        '\r' => Some(r"\r"),
        '\t' => Some(r"\t"),
        _ => None,
    }
}

/// Whether a character can stand for itself inside a double-quoted literal.
fn plain(c: char) -> bool {
    c.is_ascii() && !c.is_ascii_control()
}

/// A double-quoted literal, with `other` writing the characters that are neither plain nor common.
fn quoted(s: &str, other: impl Fn(char, &mut String)) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if let Some(e) = common_escape(c) {
            out.push_str(e);
        } else if plain(c) {
            out.push(c);
        } else {
            other(c, &mut out);
        }
    }
    out.push('"');
    out
}

/// `\uXXXX` for each UTF-16 unit (surrogate pairs above U+FFFF).
fn utf16_escapes(c: char, out: &mut String) {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        out.push_str(&format!("\\u{unit:04x}"));
    }
}

/// `\uXXXX` below U+10000, `\UXXXXXXXX` above (Go and Python).
fn code_point_escapes(c: char, out: &mut String) {
    let v = u32::from(c);
    if v < 0x80 {
        out.push_str(&format!("\\x{v:02x}"));
    } else if v <= 0xFFFF {
        out.push_str(&format!("\\u{v:04x}"));
    } else {
        out.push_str(&format!("\\U{v:08x}"));
    }
}

/// A C# regular string literal.
pub fn csharp(s: &str) -> String {
    quoted(s, utf16_escapes)
}

/// A Java string literal. Control characters are octal escapes: a `\u000a` would be turned into a
/// line break before the compiler reads the string.
pub fn java(s: &str) -> String {
    quoted(s, |c, out| {
        if c.is_ascii() {
            out.push_str(&format!("\\{:03o}", u32::from(c)));
        } else {
            utf16_escapes(c, out);
        }
    })
}

/// A JavaScript string literal (also valid JSON).
pub fn javascript(s: &str) -> String {
    quoted(s, utf16_escapes)
}

/// A Go interpreted string literal.
pub fn go(s: &str) -> String {
    quoted(s, code_point_escapes)
}

/// A Python string literal.
pub fn python(s: &str) -> String {
    quoted(s, code_point_escapes)
}

/// A Rust string literal.
pub fn rust(s: &str) -> String {
    quoted(s, |c, out| {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character issue 5 names: quotes, backslash, shell and PowerShell metacharacters, line
    /// break, tab, a no-break space, a curly quote, an emoji and `&`.
    const HOSTILE: &str = "a'b\"c\\d$e`f!g#h\ni\tj\u{a0}k\u{2019}l\u{1F600}m&n";

    #[test]
    fn bash_single_quotes_everything_and_splices_quotes() {
        assert_eq!(bash("plain"), "'plain'");
        assert_eq!(
            bash(HOSTILE),
            "'a'\\''b\"c\\d$e`f!g#h\ni\tj\u{a0}k\u{2019}l\u{1F600}m&n'"
        );
        assert!(fits_in_shell(HOSTILE));
        assert!(!fits_in_shell("a\0b"));
    }

    #[test]
    fn powershell_doubles_straight_and_curly_single_quotes() {
        assert_eq!(
            powershell(HOSTILE),
            "'a''b\"c\\d$e`f!g#h\ni\tj\u{a0}k\u{2019}\u{2019}l\u{1F600}m&n'"
        );
        assert_eq!(
            powershell("\u{2018}\u{201A}\u{201B}"),
            "'\u{2018}\u{2018}\u{201A}\u{201A}\u{201B}\u{201B}'"
        );
    }

    #[test]
    fn csharp_and_javascript_use_utf16_escapes() {
        let expected = r#""a'b\"c\\d$e`f!g#h\ni\tj\u00a0k\u2019l\ud83d\ude00m&n""#;
        assert_eq!(csharp(HOSTILE), expected);
        assert_eq!(javascript(HOSTILE), expected);
        assert_eq!(csharp("\0\u{7f}\u{85}"), r#""\u0000\u007f\u0085""#);
    }

    #[test]
    fn java_writes_control_characters_in_octal() {
        assert_eq!(
            java(HOSTILE),
            r#""a'b\"c\\d$e`f!g#h\ni\tj\u00a0k\u2019l\ud83d\ude00m&n""#
        );
        // Never \u000a or \u0022: Java would decode them before reading the literal.
        assert_eq!(java("\0\u{1b}\u{7f}9"), r#""\000\033\1779""#);
        assert_eq!(java(r"\u0022"), r#""\\u0022""#);
    }

    #[test]
    fn go_and_python_use_code_point_escapes() {
        let expected = r#""a'b\"c\\d$e`f!g#h\ni\tj\u00a0k\u2019l\U0001f600m&n""#;
        assert_eq!(go(HOSTILE), expected);
        assert_eq!(python(HOSTILE), expected);
        // \x only below 0x80, where Go's byte and Python's code point agree.
        assert_eq!(go("\0\u{7f}\u{80}"), r#""\x00\x7f\u0080""#);
    }

    #[test]
    fn rust_uses_braced_unicode_escapes() {
        assert_eq!(
            rust(HOSTILE),
            r#""a'b\"c\\d$e`f!g#h\ni\tj\u{a0}k\u{2019}l\u{1f600}m&n""#
        );
        assert_eq!(rust("\0\u{7f}"), r#""\u{0}\u{7f}""#);
    }
}
