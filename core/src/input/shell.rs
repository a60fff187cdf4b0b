//! Splitting shell text (bash, and curl lines pasted from PowerShell or cmd) into commands and
//! words, the way the shell would: quotes, backslash and backtick line continuations, `$VAR` and
//! `%VAR%` references, pipes and command substitutions. Each word remembers which variables it
//! names and whether the shell would expand them (not inside single quotes).

/// A variable a word refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarRef {
    pub name: String,
    /// False inside single quotes, where bash passes `$NAME` on literally.
    pub expands: bool,
    /// How it was written: `$`, `${}`, `%%` (cmd) or `$env:` (PowerShell).
    pub style: VarStyle,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarStyle {
    Dollar,
    Percent,
    PowerShellEnv,
}

/// One shell word after quote removal; variable references are kept as written (`$IDENTITY_HEADER`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub vars: Vec<VarRef>,
    /// Some part was single-quoted.
    pub single_quoted: bool,
    /// Byte offset of the word's start in the text.
    pub offset: usize,
}

/// A command: its words, and where it started.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Command {
    pub words: Vec<Word>,
    /// 1-based line of its first word.
    pub line: usize,
}

/// Splits text into commands (separated by newlines, `;`, `|`, `&&`, `||`, `(`, `)` and `$(`),
/// joining continued lines.
pub fn commands(text: &str) -> Vec<Command> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut cmd = Command {
        words: Vec::new(),
        line: 1,
    };
    let mut word: Option<Word> = None;
    let mut line = 1;
    let mut i = 0;
    let finish_word = |word: &mut Option<Word>, cmd: &mut Command| {
        if let Some(w) = word.take() {
            cmd.words.push(w);
        }
    };
    let finish_cmd = |cmd: &mut Command, out: &mut Vec<Command>, line: usize| {
        if !cmd.words.is_empty() {
            out.push(std::mem::take(cmd));
        }
        cmd.line = line;
    };
    while let Some(&(offset, c)) = chars.get(i) {
        let next = chars.get(i + 1).map(|x| x.1);
        match c {
            // Line continuations: bash `\` and PowerShell backtick before a newline.
            '\\' | '`'
                if next == Some('\n')
                    || (next == Some('\r') && chars.get(i + 2).map(|x| x.1) == Some('\n')) =>
            {
                i += if next == Some('\r') { 3 } else { 2 };
                line += 1;
                finish_word(&mut word, &mut cmd);
                continue;
            }
            '\n' => {
                finish_word(&mut word, &mut cmd);
                line += 1;
                finish_cmd(&mut cmd, &mut out, line);
            }
            c if c.is_whitespace() => finish_word(&mut word, &mut cmd),
            ';' | '|' | '&' | '(' | ')' => {
                finish_word(&mut word, &mut cmd);
                finish_cmd(&mut cmd, &mut out, line);
            }
            '#' if word.is_none() => {
                // A comment to the end of the line.
                while chars.get(i + 1).is_some_and(|x| x.1 != '\n') {
                    i += 1;
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(|| Word {
                    offset,
                    ..Word::default()
                });
                w.single_quoted = true;
                i += 1;
                while let Some(&(o, ch)) = chars.get(i) {
                    if ch == '\'' {
                        break;
                    }
                    if ch == '$' {
                        if let Some((name, style, len)) = var_at(&chars, i) {
                            w.vars.push(VarRef {
                                name,
                                expands: false,
                                style,
                            });
                            w.text
                                .extend(chars.get(i..i + len).unwrap_or(&[]).iter().map(|x| x.1));
                            i += len;
                            continue;
                        }
                    }
                    if ch == '\n' {
                        line += 1;
                    }
                    let _ = o;
                    w.text.push(ch);
                    i += 1;
                }
            }
            '"' => {
                let w = word.get_or_insert_with(|| Word {
                    offset,
                    ..Word::default()
                });
                i += 1;
                while let Some(&(_, ch)) = chars.get(i) {
                    match ch {
                        '"' => break,
                        '\\' if matches!(
                            chars.get(i + 1).map(|x| x.1),
                            Some('"' | '\\' | '$' | '`')
                        ) =>
                        {
                            w.text.push(chars.get(i + 1).map_or('\\', |x| x.1));
                            i += 2;
                            continue;
                        }
                        '$' | '%' => {
                            if let Some((name, style, len)) = var_at(&chars, i) {
                                w.vars.push(VarRef {
                                    name,
                                    expands: true,
                                    style,
                                });
                                w.text.extend(
                                    chars.get(i..i + len).unwrap_or(&[]).iter().map(|x| x.1),
                                );
                                i += len;
                                continue;
                            }
                            w.text.push(ch);
                        }
                        '\n' => {
                            line += 1;
                            w.text.push(ch);
                        }
                        _ => w.text.push(ch),
                    }
                    i += 1;
                }
            }
            '$' if next == Some('(') => {
                // Command substitution: what follows is a command of its own.
                finish_word(&mut word, &mut cmd);
                finish_cmd(&mut cmd, &mut out, line);
                i += 2;
                continue;
            }
            '$' | '%' => {
                let w = word.get_or_insert_with(|| Word {
                    offset,
                    ..Word::default()
                });
                match var_at(&chars, i) {
                    Some((name, style, len)) => {
                        w.vars.push(VarRef {
                            name,
                            expands: true,
                            style,
                        });
                        w.text
                            .extend(chars.get(i..i + len).unwrap_or(&[]).iter().map(|x| x.1));
                        i += len;
                        continue;
                    }
                    None => w.text.push(c),
                }
            }
            '\\' => {
                if let Some(n) = next {
                    word.get_or_insert_with(|| Word {
                        offset,
                        ..Word::default()
                    })
                    .text
                    .push(n);
                    i += 2;
                    continue;
                }
            }
            c => word
                .get_or_insert_with(|| Word {
                    offset,
                    ..Word::default()
                })
                .text
                .push(c),
        }
        i += 1;
    }
    finish_word(&mut word, &mut cmd);
    finish_cmd(&mut cmd, &mut out, line);
    out
}

/// A variable reference starting at `i`: `$NAME`, `${NAME}`, `$env:NAME`, `%NAME%`.
/// A word as a person would type it into bash: unchanged when every character is one bash takes
/// literally (`api://AzureADTokenExchange`, `system:serviceaccount:ns:sa`), otherwise in single
/// quotes with `'` written as `'\''`, so the shell passes exactly `s` on. Used in commands the
/// report suggests; the snippet generator quotes every value instead (`snippets::escape::bash`).
pub fn word_for(s: &str) -> String {
    let literal = !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '_' | '-' | '.' | '/' | ':' | '@' | '%' | '+' | '=' | ',')
        });
    if literal {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn var_at(chars: &[(usize, char)], i: usize) -> Option<(String, VarStyle, usize)> {
    let at = |k: usize| chars.get(k).map(|x| x.1);
    let ident = |from: usize| -> String {
        chars
            .iter()
            .skip(from)
            .map(|x| x.1)
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    match at(i)? {
        '$' if at(i + 1) == Some('{') => {
            let name = ident(i + 2);
            (at(i + 2 + name.chars().count()) == Some('}') && !name.is_empty())
                .then(|| (name.clone(), VarStyle::Dollar, name.len() + 3))
        }
        '$' => {
            let rest: String = chars.iter().skip(i + 1).take(4).map(|x| x.1).collect();
            if rest.eq_ignore_ascii_case("env:") {
                let name = ident(i + 5);
                return (!name.is_empty())
                    .then(|| (name.clone(), VarStyle::PowerShellEnv, name.len() + 5));
            }
            let name = ident(i + 1);
            (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()))
                .then(|| (name.clone(), VarStyle::Dollar, name.len() + 1))
        }
        '%' => {
            // `%NAME%`, but not percent-encoding (`%3A%2F`, `%AF%`): names start with a letter and
            // are not a lone hexadecimal pair.
            let name = ident(i + 1);
            let hex_pair = name.len() == 2 && name.chars().all(|c| c.is_ascii_hexdigit());
            let starts_well = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
            (starts_well && !hex_pair && at(i + 1 + name.len()) == Some('%'))
                .then(|| (name.clone(), VarStyle::Percent, name.len() + 2))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(c: &Command) -> Vec<&str> {
        c.words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn quotes_continuations_and_variables() {
        // Azure/azure-sdk-for-python#11346: shell variables in double quotes expand.
        let cmds = commands(
            r#"curl "$IDENTITY_ENDPOINT?resource=https://vault.azure.net&api-version=2019-08-01" -H "X-IDENTITY-HEADER: $IDENTITY_HEADER""#,
        );
        assert_eq!(
            texts(&cmds[0]),
            [
                "curl",
                "$IDENTITY_ENDPOINT?resource=https://vault.azure.net&api-version=2019-08-01",
                "-H",
                "X-IDENTITY-HEADER: $IDENTITY_HEADER"
            ]
        );
        assert!(cmds[0].words[3].vars[0].expands);
        // In single quotes bash does not expand.
        let cmds = commands("curl -H 'X-IDENTITY-HEADER: $IDENTITY_HEADER' \\\n  'http://x'");
        assert_eq!(cmds.len(), 1);
        assert!(!cmds[0].words[2].vars[0].expands);
        assert_eq!(texts(&cmds[0])[3], "http://x");
        // PowerShell backtick continuation and %VAR%.
        let cmds = commands(
            "curl.exe -H \"X-IDENTITY-HEADER: %IDENTITY_HEADER%\" `\n \"%IDENTITY_ENDPOINT%?a=b\"",
        );
        assert_eq!(cmds.len(), 1);
        assert_eq!(cmds[0].words[2].vars[0].style, VarStyle::Percent);
    }

    #[test]
    fn substitutions_pipes_and_comments_split_commands() {
        // MicrosoftDocs azure-arc managed-identity-authentication.md bash sample.
        let text = "ChallengeTokenPath=$(curl -s -D - -H Metadata:true \"http://127.0.0.1:40342/metadata/identity/oauth2/token?api-version=2019-11-01&resource=https%3A%2F%2Fmanagement.azure.com\" | grep Www-Authenticate | cut -d \"=\" -f 2 | tr -d \"[:cntrl:]\")\nChallengeToken=$(cat $ChallengeTokenPath)";
        let cmds = commands(text);
        let curl: Vec<&Command> = cmds
            .iter()
            .filter(|c| c.words.first().is_some_and(|w| w.text == "curl"))
            .collect();
        assert_eq!(curl.len(), 1);
        assert_eq!(curl[0].words.len(), 7);
        assert!(commands("# a comment\necho hi")
            .iter()
            .all(|c| c.words[0].text == "echo"));
        // Percent-encoding is not a cmd.exe variable.
        let cmds = commands("curl \"http://x?resource=https%3A%2F%2Fvault.azure.net%2F&a=%AF%\"");
        assert!(cmds[0].words[1].vars.is_empty());
    }

    #[test]
    fn words_are_quoted_only_when_bash_would_change_them() {
        assert_eq!(
            word_for("api://AzureADTokenExchange"),
            "api://AzureADTokenExchange"
        );
        assert_eq!(
            word_for("repo:o/r:environment:Prod uction"),
            "'repo:o/r:environment:Prod uction'"
        );
        assert_eq!(word_for("it's $HOME"), "'it'\\''s $HOME'");
        assert_eq!(word_for(""), "''");
        // Read back by this module's own splitter, as bash would.
        for s in ["a b", "it's", "$x", "*", "a\\b", "!x"] {
            let cmds = commands(&format!("echo {}", word_for(s)));
            assert_eq!(cmds[0].words[1].text, s, "{s}");
        }
    }
}
