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
    let mut lexer = Lexer {
        chars: text.char_indices().collect(),
        i: 0,
        line: 1,
        word: None,
        cmd: Command {
            words: Vec::new(),
            line: 1,
        },
        out: Vec::new(),
    };
    while let Some(&(offset, c)) = lexer.chars.get(lexer.i) {
        lexer.step(offset, c);
    }
    lexer.finish_word();
    lexer.finish_command();
    lexer.out
}

/// The state of one pass over shell text.
struct Lexer {
    chars: Vec<(usize, char)>,
    /// The index in `chars` being read.
    i: usize,
    line: usize,
    word: Option<Word>,
    cmd: Command,
    out: Vec<Command>,
}

impl Lexer {
    fn at(&self, k: usize) -> Option<char> {
        self.chars.get(k).map(|x| x.1)
    }

    /// The word being read, started at `offset` when there is none yet.
    fn word_at(&mut self, offset: usize) -> &mut Word {
        self.word.get_or_insert_with(|| Word {
            offset,
            ..Word::default()
        })
    }

    fn finish_word(&mut self) {
        if let Some(w) = self.word.take() {
            self.cmd.words.push(w);
        }
    }

    fn finish_command(&mut self) {
        if !self.cmd.words.is_empty() {
            self.out.push(std::mem::take(&mut self.cmd));
        }
        self.cmd.line = self.line;
    }

    /// Reads the variable reference at `i` into the current word; false when there is none.
    fn variable(&mut self, offset: usize, expands: bool) -> bool {
        let Some((name, style, len)) = var_at(&self.chars, self.i) else {
            return false;
        };
        let text: String = self
            .chars
            .get(self.i..self.i + len)
            .unwrap_or(&[])
            .iter()
            .map(|x| x.1)
            .collect();
        let w = self.word_at(offset);
        w.vars.push(VarRef {
            name,
            expands,
            style,
        });
        w.text.push_str(&text);
        self.i += len;
        true
    }

    /// Reads from character `c` at `offset` on, leaving `i` after what it read.
    fn step(&mut self, offset: usize, c: char) {
        let next = self.at(self.i + 1);
        match c {
            // Line continuations: bash `\` and PowerShell backtick before a newline.
            '\\' | '`'
                if next == Some('\n')
                    || (next == Some('\r') && self.at(self.i + 2) == Some('\n')) =>
            {
                self.i += if next == Some('\r') { 3 } else { 2 };
                self.line += 1;
                self.finish_word();
                return;
            }
            '\n' => {
                self.finish_word();
                self.line += 1;
                self.finish_command();
            }
            c if c.is_whitespace() => self.finish_word(),
            ';' | '|' | '&' | '(' | ')' => {
                self.finish_word();
                self.finish_command();
            }
            '#' if self.word.is_none() => {
                // A comment to the end of the line.
                while self.at(self.i + 1).is_some_and(|ch| ch != '\n') {
                    self.i += 1;
                }
            }
            '\'' => self.single_quoted(offset),
            '"' => self.double_quoted(offset),
            '$' if next == Some('(') => {
                // Command substitution: what follows is a command of its own.
                self.finish_word();
                self.finish_command();
                self.i += 2;
                return;
            }
            '$' | '%' => {
                if self.variable(offset, true) {
                    return;
                }
                self.word_at(offset).text.push(c);
            }
            '\\' => {
                if let Some(n) = next {
                    self.word_at(offset).text.push(n);
                    self.i += 2;
                    return;
                }
            }
            c => self.word_at(offset).text.push(c),
        }
        self.i += 1;
    }

    /// `'…'`: taken as written; `$NAME` inside is named but not expanded. Leaves `i` on the
    /// closing quote.
    fn single_quoted(&mut self, offset: usize) {
        self.word_at(offset).single_quoted = true;
        self.i += 1;
        while let Some(ch) = self.at(self.i) {
            if ch == '\'' {
                break;
            }
            if ch == '$' && self.variable(offset, false) {
                continue;
            }
            if ch == '\n' {
                self.line += 1;
            }
            self.word_at(offset).text.push(ch);
            self.i += 1;
        }
    }

    /// `"…"`: backslash escapes `"`, `\`, `$` and backtick; variables expand. Leaves `i` on the
    /// closing quote.
    fn double_quoted(&mut self, offset: usize) {
        self.word_at(offset);
        self.i += 1;
        while let Some(ch) = self.at(self.i) {
            match ch {
                '"' => break,
                '\\' if matches!(self.at(self.i + 1), Some('"' | '\\' | '$' | '`')) => {
                    let escaped = self.at(self.i + 1).unwrap_or('\\');
                    self.word_at(offset).text.push(escaped);
                    self.i += 2;
                    continue;
                }
                '$' | '%' => {
                    if self.variable(offset, true) {
                        continue;
                    }
                    self.word_at(offset).text.push(ch);
                }
                '\n' => {
                    self.line += 1;
                    self.word_at(offset).text.push(ch);
                }
                _ => self.word_at(offset).text.push(ch),
            }
            self.i += 1;
        }
    }
}

/// A variable reference starting at `i`: `$NAME`, `${NAME}`, `$env:NAME`, `%NAME%`.
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
}
