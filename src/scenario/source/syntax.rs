//! RON text → a tree of [`Node`]s with byte spans, reporting syntax errors with positions.
//!
//! The lexer recovers from small mistakes (a bad escape, a stray character) and stops at an
//! unterminated string or comment, since everything after it would be misread. The parser
//! recovers from missing commas and unexpected tokens by skipping to the next `,` or bracket, so
//! one run reports several independent syntax errors.

use std::fmt;

use super::{Diagnostic, Span};

/// Deeper nesting is refused so that hostile input cannot overflow the stack.
const MAX_DEPTH: usize = 128;
/// After this many syntax errors the rest would be noise (e.g. a binary file).
const MAX_ERRORS: usize = 50;

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Node {
    pub span: Span,
    pub kind: NodeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum NodeKind {
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Char(char),
    Bytes(Vec<u8>),
    /// A bare name: a unit variant, a unit struct, `None`.
    Ident(String),
    List(Vec<Node>),
    Map(Vec<(Node, Node)>),
    /// `Name(...)` or `(...)`; `()` is an empty tuple body.
    Compound(Compound),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Compound {
    pub name: Option<Name>,
    /// `Name(` or `(`: where to point for problems with the whole compound.
    pub head: Span,
    pub body: Body,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Body {
    Tuple(Vec<Node>),
    Fields(Vec<Field>),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Name {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Field {
    pub name: Name,
    pub value: Node,
}

/// Parses a whole document, returning every syntax error found. The tree is returned too when
/// every error was recovered from without losing anything (a missing comma, a text not closed on
/// its line), so that the rest of the file can still be checked; after any other error parts of
/// the tree are missing and checking it would only report those gaps as mistakes.
pub(super) fn parse_document(src: &str) -> (Option<Node>, Vec<Diagnostic>) {
    let lexed = Lexer::new(src).run();
    let from_lexer = lexed.diags.len();
    let lexer_lossy = lexed.diags.len() > lexed.lossless;
    let mut parser = Parser {
        tokens: &lexed.tokens,
        pos: 0,
        diags: lexed.diags,
        truncated: lexed.truncated,
        open: Vec::new(),
        lossy: lexer_lossy,
    };
    let root = parser.document();
    let mut diags = parser.diags;
    if let Some(from) = lexed.suspect_from {
        // Tokens after a misplaced quote are paired up wrongly; errors about them are noise.
        let from_parser = diags.split_off(from_lexer);
        diags.extend(
            from_parser
                .into_iter()
                .filter(|d| d.span.is_none_or(|s| s.start < from)),
        );
    }
    let whole = !parser.lossy && !lexed.truncated && lexed.suspect_from.is_none();
    (root.filter(|_| whole), diags)
}

// ---------------------------------------------------------------------------------------------
// Lexer

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Open(Bracket),
    Close(Bracket),
    Comma,
    Colon,
    Hash,
    Bang,
    Ident(String),
    Int(i128),
    Float(f64),
    Str(String),
    Char(char),
    Bytes(Vec<u8>),
    /// Something malformed that was already reported.
    Invalid,
    Eof,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bracket {
    Paren,
    Square,
    Curly,
}

impl Bracket {
    fn open(self) -> char {
        match self {
            Bracket::Paren => '(',
            Bracket::Square => '[',
            Bracket::Curly => '{',
        }
    }

    fn close(self) -> char {
        match self {
            Bracket::Paren => ')',
            Bracket::Square => ']',
            Bracket::Curly => '}',
        }
    }
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    span: Span,
}

struct Lexed {
    tokens: Vec<Token>,
    diags: Vec<Diagnostic>,
    /// Lexing stopped early after a fatal error; the parser must not complain about the end.
    truncated: bool,
    /// After an unterminated text: where the tokens may have gone wrong.
    suspect_from: Option<usize>,
    /// How many of `diags` were recovered from without losing any token.
    lossless: usize,
}

struct Lexer<'s> {
    src: &'s str,
    pos: usize,
    tokens: Vec<Token>,
    diags: Vec<Diagnostic>,
    suspect_from: Option<usize>,
    lossless: usize,
}

/// Lexing cannot sensibly continue (unterminated string or comment, too many errors).
struct Stop;

const INT_SUFFIXES: [&str; 12] = [
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
];

impl<'s> Lexer<'s> {
    fn new(src: &'s str) -> Self {
        Lexer {
            src,
            pos: 0,
            tokens: Vec::new(),
            diags: Vec::new(),
            suspect_from: None,
            lossless: 0,
        }
    }

    fn run(mut self) -> Lexed {
        let truncated = self.tokens_until_end().is_err();
        let end = self.src.len();
        self.tokens.push(Token {
            tok: Tok::Eof,
            span: Span::new(end, end),
        });
        Lexed {
            tokens: self.tokens,
            diags: self.diags,
            truncated,
            suspect_from: self.suspect_from,
            lossless: self.lossless,
        }
    }

    fn rest(&self) -> &'s str {
        &self.src[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn error(&mut self, diag: Diagnostic) -> Result<(), Stop> {
        self.diags.push(diag);
        if self.diags.len() >= MAX_ERRORS {
            Err(Stop)
        } else {
            Ok(())
        }
    }

    fn push(&mut self, tok: Tok, start: usize) {
        self.tokens.push(Token {
            tok,
            span: Span::new(start, self.pos),
        });
    }

    fn tokens_until_end(&mut self) -> Result<(), Stop> {
        while let Some(c) = self.peek() {
            let start = self.pos;
            match c {
                // A byte-order mark, as some Windows editors save, counts as whitespace.
                c if c.is_whitespace() || c == '\u{feff}' => {
                    self.bump();
                }
                '/' if self.rest().starts_with("//") => self.line_comment(),
                '/' if self.rest().starts_with("/*") => self.block_comment()?,
                '(' | '[' | '{' | ')' | ']' | '}' | ',' | ':' | '#' | '!' => {
                    self.bump();
                    self.push(punctuation(c), start);
                }
                '"' => self.string(start)?,
                '\'' => self.char_literal(start)?,
                'r' if self.raw_string_ahead(1) => self.raw_string(start, 1)?,
                'b' if self.rest().starts_with("b\"") => self.byte_string(start)?,
                'b' if self.rest().starts_with("br") && self.raw_string_ahead(2) => {
                    self.raw_string(start, 2)?
                }
                'b' if self.rest().starts_with("b'") => self.byte_char(start)?,
                'r' if self.rest().starts_with("r#")
                    && self.peek_at(2).is_some_and(is_raw_ident_char) =>
                {
                    self.raw_ident(start)
                }
                c if is_ident_start(c) => self.ident(start)?,
                c if self.number_ahead(c) => self.number(start)?,
                _ => self.unexpected_char(start, c)?,
            }
        }
        Ok(())
    }

    fn line_comment(&mut self) {
        let len = self.rest().find('\n').unwrap_or(self.rest().len());
        self.pos += len;
    }

    /// Block comments nest, as in Rust and RON.
    fn block_comment(&mut self) -> Result<(), Stop> {
        let start = self.pos;
        let mut depth = 0usize;
        loop {
            let rest = self.rest();
            if rest.starts_with("/*") {
                depth += 1;
                self.pos += 2;
            } else if rest.starts_with("*/") {
                depth -= 1;
                self.pos += 2;
                if depth == 0 {
                    return Ok(());
                }
            } else if self.bump().is_none() {
                self.diags.push(
                    Diagnostic::error(Span::new(start, start + 2), "this comment is never closed")
                        .with_help("end the comment with `*/`"),
                );
                return Err(Stop);
            }
        }
    }

    fn string(&mut self, start: usize) -> Result<(), Stop> {
        self.bump();
        let mut text = String::new();
        let mut valid = true;
        // Where the first line of the text ends, and the text up to there.
        let mut first_line: Option<(usize, String)> = None;
        loop {
            match self.bump() {
                Some('"') => break,
                Some('\\') => match self.escape(false)? {
                    Some(c) => text.push(c),
                    None => valid = false,
                },
                Some('\n') => {
                    first_line.get_or_insert_with(|| (self.pos - 1, text.clone()));
                    text.push('\n');
                }
                Some(c) => text.push(c),
                None => return Err(self.unterminated(start, '"', "text")),
            }
        }
        if let Some((line_end, first)) = first_line
            && closes_next_text(&text)
        {
            self.not_closed_on_its_line(start, line_end, first);
            return Ok(());
        }
        self.push(if valid { Tok::Str(text) } else { Tok::Invalid }, start);
        Ok(())
    }

    /// A text whose closing quote is missing at the end of its line. Left alone, its `"` pairs
    /// with the opening quote of the next text, every quote after it is paired wrongly and dozens
    /// of errors follow, none on the line at fault. So the text is cut at the end of its line,
    /// reported there once, and lexing goes on from the next line as if the quote were there.
    fn not_closed_on_its_line(&mut self, start: usize, line_end: usize, first: String) {
        let line_text = self.src[start..line_end].trim_end();
        let (value, comma) = match first.trim_end().strip_suffix(',') {
            // `title: "Storm,` meant `title: "Storm",`: the comma belongs after the text.
            Some(value) => (value.to_string(), true),
            None => (first.trim_end().to_string(), false),
        };
        let fixed = match comma {
            true => format!("{}\",", line_text.trim_end_matches(',')),
            false => format!("{line_text}\""),
        };
        self.diags.push(
            Diagnostic::error(
                Span::new(start, start + 1),
                "this text is not closed on its line: there is no `\"` before the line ends",
            )
            .with_label(
                Span::new(start + line_text.len(), start + line_text.len()),
                "a `\"` is probably missing here",
            )
            .with_help(format!("end the text on its line: `{fixed}`")),
        );
        self.lossless += 1;
        self.pos = start + line_text.len();
        let end = if comma { self.pos - 1 } else { self.pos };
        self.tokens.push(Token {
            tok: Tok::Str(value),
            span: Span::new(start, end),
        });
        if comma {
            self.tokens.push(Token {
                tok: Tok::Comma,
                span: Span::new(end, self.pos),
            });
        }
        self.pos = line_end;
    }

    /// Reports a string or char literal that runs to the end of the file. The closing quote is
    /// most often missing at the end of the line where the literal starts, so point there too.
    fn unterminated(&mut self, start: usize, quote: char, what: &str) -> Stop {
        let line_end = self.src[start..]
            .find('\n')
            .map_or(self.src.len(), |i| start + i);
        let mut diag = Diagnostic::error(
            Span::new(start, start + 1),
            format!("this {what} is never closed: there is no matching `{quote}`"),
        )
        .with_help(format!("add a `{quote}` where the {what} should end"));
        if line_end < self.src.len() {
            diag = diag.with_label(
                Span::new(line_end, line_end),
                format!("perhaps a `{quote}` is missing here"),
            );
        }
        // Text may run over several lines, so a quote missing earlier only shows up here, after
        // the following quotes have been paired up wrongly. Point at the first such text.
        let earlier = if quote == '"' {
            self.first_multiline_text()
        } else {
            None
        };
        if let Some(earlier) = earlier {
            diag = diag.with_label(
                earlier,
                "this text runs over several lines: is its closing `\"` missing?",
            );
        }
        self.suspect_from = Some(earlier.map_or(start, |e| e.start.min(start)));
        self.diags.push(diag);
        Stop
    }

    fn first_multiline_text(&self) -> Option<Span> {
        self.tokens
            .iter()
            .filter(|t| matches!(t.tok, Tok::Str(_)))
            .find(|t| self.src[t.span.start..t.span.end].contains('\n'))
            .map(|t| Span::new(t.span.start, t.span.start + 1))
    }

    /// After a backslash. Returns `None` for an invalid escape, which is reported.
    fn escape(&mut self, in_char: bool) -> Result<Option<char>, Stop> {
        let start = self.pos - 1;
        let c = match self.bump() {
            Some('n') => '\n',
            Some('t') => '\t',
            Some('r') => '\r',
            Some('0') => '\0',
            Some('\\') => '\\',
            Some('"') => '"',
            Some('\'') => '\'',
            Some('x') => return self.hex_escape(start),
            Some('u') => return self.unicode_escape(start),
            Some(other) => {
                let span = Span::new(start, self.pos);
                let what = if in_char { "character" } else { "text" };
                self.error(
                    Diagnostic::error(span, format!("unknown escape `\\{other}` in {what}"))
                        .with_help(
                            "to write a backslash use `\\\\`; the known escapes are \
                             `\\n` `\\t` `\\r` `\\0` `\\\\` `\\\"` `\\'` `\\xNN` and `\\u{NNNN}`",
                        ),
                )?;
                return Ok(None);
            }
            None => return Ok(None), // the caller reports the unterminated literal
        };
        Ok(Some(c))
    }

    fn hex_escape(&mut self, start: usize) -> Result<Option<char>, Stop> {
        let digits: String = self.rest().chars().take(2).collect();
        let value = (digits.len() == 2)
            .then(|| u8::from_str_radix(&digits, 16).ok())
            .flatten();
        match value {
            Some(v) if v.is_ascii() => {
                self.pos += 2;
                Ok(Some(char::from(v)))
            }
            _ => {
                let span = Span::new(start, self.pos);
                self.error(
                    Diagnostic::error(span, "invalid `\\x` escape")
                        .with_help("write `\\x` followed by two hex digits from 00 to 7F, e.g. `\\x41`, or use `\\u{...}`"),
                )?;
                Ok(None)
            }
        }
    }

    fn unicode_escape(&mut self, start: usize) -> Result<Option<char>, Stop> {
        let rest = self.rest();
        let parsed = rest.strip_prefix('{').and_then(|r| {
            let close = r.find('}')?;
            let digits = &r[..close];
            let ok_len = (1..=6).contains(&digits.len());
            let value = ok_len
                .then(|| u32::from_str_radix(digits, 16).ok())
                .flatten()?;
            Some((char::from_u32(value), close + 2))
        });
        match parsed {
            Some((Some(c), len)) => {
                self.pos += len;
                Ok(Some(c))
            }
            Some((None, len)) => {
                self.pos += len;
                let span = Span::new(start, self.pos);
                self.error(Diagnostic::error(
                    span,
                    "this `\\u{...}` escape is not a valid Unicode character",
                ))?;
                Ok(None)
            }
            None => {
                let span = Span::new(start, self.pos);
                self.error(Diagnostic::error(span, "invalid `\\u` escape").with_help(
                    "write a Unicode escape as `\\u{1F600}`: 1 to 6 hex digits in braces",
                ))?;
                Ok(None)
            }
        }
    }

    /// `'c'`. A quoted word (`'hello'`) is a common slip for text, so say so.
    fn char_literal(&mut self, start: usize) -> Result<(), Stop> {
        self.bump();
        let value = match self.bump() {
            None => return Err(self.unterminated(start, '\'', "character")),
            Some('\\') => self.escape(true)?,
            Some('\'') => {
                let span = Span::new(start, self.pos);
                self.error(
                    Diagnostic::error(span, "empty character `''`")
                        .with_help("write one character between the quotes, like 'x'"),
                )?;
                self.push(Tok::Invalid, start);
                return Ok(());
            }
            Some(c) => Some(c),
        };
        if self.peek() == Some('\'') {
            self.bump();
            self.push(value.map_or(Tok::Invalid, Tok::Char), start);
            return Ok(());
        }
        self.overlong_char(start)
    }

    fn overlong_char(&mut self, start: usize) -> Result<(), Stop> {
        let line = &self.src[start
            ..self.src[start..]
                .find('\n')
                .map_or(self.src.len(), |i| start + i)];
        match line[1..].find('\'') {
            Some(close) => {
                self.pos = start + 1 + close + 1;
                let inner = &self.src[start + 1..self.pos - 1];
                let span = Span::new(start, self.pos);
                self.error(
                    Diagnostic::error(span, "single quotes hold exactly one character")
                        .with_help(format!("for text, use double quotes: \"{inner}\"")),
                )?;
            }
            None => {
                let span = Span::new(start, start + 1);
                self.error(
                    Diagnostic::error(
                        span,
                        "this character is never closed: there is no matching `'`",
                    )
                    .with_help("write a character as 'x', or text in double quotes as \"text\""),
                )?;
            }
        }
        self.push(Tok::Invalid, start);
        Ok(())
    }

    fn byte_char(&mut self, start: usize) -> Result<(), Stop> {
        self.pos += 1; // the `b`
        let before = self.tokens.len();
        self.char_literal(start)?;
        if let Some(token) = self.tokens.get_mut(before) {
            token.tok = match token.tok {
                Tok::Char(c) if c.is_ascii() => Tok::Int(i128::from(c as u8)),
                Tok::Char(_) => {
                    self.diags.push(Diagnostic::error(
                        token.span,
                        "a byte literal `b'…'` must be an ASCII character",
                    ));
                    Tok::Invalid
                }
                _ => Tok::Invalid,
            };
        }
        Ok(())
    }

    fn byte_string(&mut self, start: usize) -> Result<(), Stop> {
        self.pos += 1; // the `b`
        let before = self.tokens.len();
        self.string(start)?;
        if let Some(token) = self.tokens.get_mut(before)
            && let Tok::Str(s) = &mut token.tok
        {
            token.tok = Tok::Bytes(std::mem::take(s).into_bytes());
        }
        Ok(())
    }

    /// `r"..."`, `r#"..."#` (after `prefix` bytes of `r`/`br`).
    fn raw_string_ahead(&self, prefix: usize) -> bool {
        let after = self.rest().get(prefix..).unwrap_or("");
        after.trim_start_matches('#').starts_with('"')
    }

    fn raw_string(&mut self, start: usize, prefix: usize) -> Result<(), Stop> {
        self.pos += prefix;
        let hashes = self.rest().len() - self.rest().trim_start_matches('#').len();
        self.pos += hashes + 1;
        let closing = format!("\"{}", "#".repeat(hashes));
        let Some(len) = self.rest().find(&closing) else {
            let quote_at = start + prefix + hashes;
            let _ = self.unterminated(quote_at, '"', "text");
            if let Some(diag) = self.diags.last_mut() {
                diag.help = Some(format!("end this raw text with `{closing}`"));
            }
            return Err(Stop);
        };
        let text = self.rest()[..len].to_string();
        self.pos += len + closing.len();
        let tok = if prefix == 2 {
            Tok::Bytes(text.into_bytes())
        } else {
            Tok::Str(text)
        };
        self.push(tok, start);
        Ok(())
    }

    fn raw_ident(&mut self, start: usize) {
        self.pos += 2;
        let len = self
            .rest()
            .find(|c| !is_raw_ident_char(c))
            .unwrap_or(self.rest().len());
        let name = self.rest()[..len].to_string();
        self.pos += len;
        self.push(Tok::Ident(name), start);
    }

    fn ident(&mut self, start: usize) -> Result<(), Stop> {
        let len = self
            .rest()
            .find(|c| !is_ident_continue(c))
            .unwrap_or(self.rest().len());
        let name = &self.rest()[..len];
        self.pos += len;
        // `inf` and `NaN` are floats, like in RON; everything else is decided by the parser.
        let tok = match name {
            "inf" => Tok::Float(f64::INFINITY),
            "NaN" => Tok::Float(f64::NAN),
            _ => Tok::Ident(name.to_string()),
        };
        self.push(tok, start);
        if matches!(self.peek(), Some('"' | '\'')) && name.len() > 1 {
            // e.g. `target: db"` — a forgotten opening quote.
            let span = Span::new(start, self.pos);
            self.error(
                Diagnostic::error(span, format!("`{name}` is followed directly by a quote"))
                    .with_help(format!("if this is text, quote all of it: \"{name}\"")),
            )?;
        }
        Ok(())
    }

    fn number_ahead(&self, c: char) -> bool {
        let digit_at = |n| self.peek_at(n).is_some_and(|c: char| c.is_ascii_digit());
        match c {
            '0'..='9' => true,
            '.' => digit_at(1),
            '+' | '-' => {
                digit_at(1)
                    || (self.peek_at(1) == Some('.') && digit_at(2))
                    || self.rest()[1..].starts_with("inf")
                    || self.rest()[1..].starts_with("NaN")
            }
            _ => false,
        }
    }

    fn number(&mut self, start: usize) -> Result<(), Stop> {
        let negative = self.peek() == Some('-');
        if matches!(self.peek(), Some('+' | '-')) {
            self.bump();
        }
        for (word, value) in [("inf", f64::INFINITY), ("NaN", f64::NAN)] {
            if self.rest().starts_with(word) && !self.rest()[3..].starts_with(is_ident_continue) {
                self.pos += 3;
                self.push(Tok::Float(if negative { -value } else { value }), start);
                return Ok(());
            }
        }
        let radix = match self.rest().get(..2) {
            Some("0x") => 16,
            Some("0b") => 2,
            Some("0o") => 8,
            _ => 10,
        };
        let tok = if radix == 10 {
            self.decimal(start, negative)?
        } else {
            self.radix_int(start, negative, radix)?
        };
        self.push(tok, start);
        Ok(())
    }

    fn decimal(&mut self, start: usize, negative: bool) -> Result<Tok, Stop> {
        let digits_start = self.pos;
        let mut is_float = false;
        self.skip_digits();
        if self.peek() == Some('.') && self.peek_at(1) != Some('.') {
            is_float = true;
            self.bump();
            self.skip_digits();
            if self.peek() == Some('.') && self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
                // `1.2.3`: a version number or time, not a number.
                while matches!(self.peek(), Some('0'..='9' | '.' | '_')) {
                    self.bump();
                }
                let text = &self.src[start..self.pos];
                self.error(
                    Diagnostic::error(
                        Span::new(start, self.pos),
                        format!("`{text}` is not a number"),
                    )
                    .with_help(format!("if this is text, put it in quotes: \"{text}\"")),
                )?;
                return Ok(Tok::Invalid);
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let sign = usize::from(matches!(self.peek_at(1), Some('+' | '-')));
            if self.peek_at(1 + sign).is_some_and(|c| c.is_ascii_digit()) {
                is_float = true;
                self.pos += 1 + sign;
                self.skip_digits();
            }
        }
        let digits: String = self.src[digits_start..self.pos]
            .chars()
            .filter(|&c| c != '_')
            .collect();
        match self.number_suffix(start)? {
            Suffix::None | Suffix::Int => {}
            Suffix::Float => is_float = true,
            Suffix::Bad => return Ok(Tok::Invalid),
        }
        if is_float {
            let value: f64 = match digits.parse() {
                Ok(v) => v,
                Err(_) => return self.bad_number(start, "this is not a valid number"),
            };
            return Ok(Tok::Float(if negative { -value } else { value }));
        }
        self.int_value(start, &digits, negative, 10)
    }

    fn radix_int(&mut self, start: usize, negative: bool, radix: u32) -> Result<Tok, Stop> {
        self.pos += 2;
        let digits_start = self.pos;
        let len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(self.rest().len());
        self.pos += len;
        let digits: String = self.src[digits_start..self.pos]
            .chars()
            .filter(|&c| c != '_')
            .collect();
        self.int_value(start, &digits, negative, radix)
    }

    fn int_value(
        &mut self,
        start: usize,
        digits: &str,
        negative: bool,
        radix: u32,
    ) -> Result<Tok, Stop> {
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return self.bad_number(start, "this is not a valid number");
        }
        let magnitude = match u128::from_str_radix(digits, radix) {
            Ok(m) => m,
            Err(_) => return self.bad_number(start, "this number is too large"),
        };
        let value = if negative {
            0i128.checked_sub_unsigned(magnitude)
        } else {
            i128::try_from(magnitude).ok()
        };
        match value {
            Some(v) => Ok(Tok::Int(v)),
            None => self.bad_number(start, "this number is too large"),
        }
    }

    fn skip_digits(&mut self) {
        let len = self
            .rest()
            .find(|c: char| !(c.is_ascii_digit() || c == '_'))
            .unwrap_or(self.rest().len());
        self.pos += len;
    }

    /// Letters right after a number: a RON type suffix (`5u8`, `1.5f32`) or, far more likely
    /// in a scenario, text that should have been quoted (`5m`, `10s`).
    fn number_suffix(&mut self, start: usize) -> Result<Suffix, Stop> {
        let len = self
            .rest()
            .find(|c| !is_ident_continue(c))
            .unwrap_or(self.rest().len());
        if len == 0 {
            return Ok(Suffix::None);
        }
        let suffix = &self.rest()[..len];
        self.pos += len;
        if INT_SUFFIXES.contains(&suffix) {
            return Ok(Suffix::Int);
        }
        if suffix == "f32" || suffix == "f64" {
            return Ok(Suffix::Float);
        }
        let text = &self.src[start..self.pos];
        let span = Span::new(start, self.pos);
        self.error(
            Diagnostic::error(span, format!("`{text}` is not a number"))
                .with_help(format!("if this is text, put it in quotes: \"{text}\"")),
        )?;
        Ok(Suffix::Bad)
    }

    fn bad_number(&mut self, start: usize, message: &str) -> Result<Tok, Stop> {
        self.error(Diagnostic::error(Span::new(start, self.pos), message))?;
        Ok(Tok::Invalid)
    }

    fn unexpected_char(&mut self, start: usize, c: char) -> Result<(), Stop> {
        self.bump();
        let span = Span::new(start, self.pos);
        let help = match c {
            '=' => Some("use `:` between a field name and its value, like `name: value`"),
            ';' => Some("use `,` to separate values"),
            '\u{201C}' | '\u{201D}' | '\u{201E}' => Some(
                "use straight double quotes `\"`; curly quotes often come from copying out of a word processor",
            ),
            '\u{2018}' | '\u{2019}' => Some("use straight quotes `'` or `\"`"),
            _ => None,
        };
        let shown = if c.is_control() {
            format!("{c:?}")
        } else {
            format!("`{c}`")
        };
        let mut diag = Diagnostic::error(span, format!("unexpected character {shown}"));
        if let Some(help) = help {
            diag = diag.with_help(help);
        }
        self.error(diag)?;
        self.push(Tok::Invalid, start);
        Ok(())
    }
}

enum Suffix {
    None,
    Int,
    Float,
    Bad,
}

/// Whether a text spanning lines really ends where the next one should start: its last line is
/// only indentation, perhaps with the opening of a record and a field name (`    summary: `), so
/// its closing `"` is the opening quote of the next text. Real multi-line prose does not end so.
fn closes_next_text(text: &str) -> bool {
    let Some((_, last)) = text.rsplit_once('\n') else {
        return false;
    };
    let rest = last.trim_start_matches(|c: char| c.is_whitespace() || c == '(' || c == '[');
    let Some(name) = rest.trim_end().strip_suffix(':') else {
        return rest.trim().is_empty();
    };
    let name = name.trim_end();
    name.chars().next().is_some_and(is_ident_start) && name.chars().all(is_ident_continue)
}

fn punctuation(c: char) -> Tok {
    match c {
        '(' => Tok::Open(Bracket::Paren),
        '[' => Tok::Open(Bracket::Square),
        '{' => Tok::Open(Bracket::Curly),
        ')' => Tok::Close(Bracket::Paren),
        ']' => Tok::Close(Bracket::Square),
        '}' => Tok::Close(Bracket::Curly),
        ',' => Tok::Comma,
        ':' => Tok::Colon,
        '#' => Tok::Hash,
        _ => Tok::Bang,
    }
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// RON's raw identifiers (`r#foo-bar`) may also contain `.`, `+` and `-`.
fn is_raw_ident_char(c: char) -> bool {
    is_ident_continue(c) || matches!(c, '.' | '+' | '-')
}

// ---------------------------------------------------------------------------------------------
// Parser

struct Parser<'t> {
    tokens: &'t [Token],
    pos: usize,
    diags: Vec<Diagnostic>,
    truncated: bool,
    /// Brackets currently open, innermost last, for unclosed/mismatched bracket reports.
    open: Vec<(Bracket, Span)>,
    /// An error was recovered from by skipping tokens, so the tree lacks something.
    lossy: bool,
}

/// What a bracketed sequence holds; decides how each element is parsed.
#[derive(Clone, Copy, PartialEq)]
enum Items {
    Values,
    Fields,
    Entries,
}

enum Element {
    Value(Node),
    Field(Field),
    Entry(Node, Node),
}

impl Element {
    fn end(&self) -> usize {
        match self {
            Element::Value(node) | Element::Entry(_, node) => node.span.end,
            Element::Field(field) => field.value.span.end,
        }
    }
}

impl<'t> Parser<'t> {
    fn peek(&self) -> &'t Token {
        // The token list always ends with Eof and `pos` never passes it.
        &self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    fn peek_tok(&self) -> &'t Tok {
        &self.peek().tok
    }

    fn nth_tok(&self, n: usize) -> &'t Tok {
        &self.tokens[(self.pos + n).min(self.tokens.len() - 1)].tok
    }

    fn advance(&mut self) -> &'t Token {
        let token = self.peek();
        if token.tok != Tok::Eof {
            self.pos += 1;
        }
        token
    }

    fn at_eof(&self) -> bool {
        *self.peek_tok() == Tok::Eof
    }

    fn error(&mut self, diag: Diagnostic) {
        self.lossy = true;
        self.mistake(diag);
    }

    /// Reports a mistake that parsing carries on from as if it were corrected, losing nothing.
    fn mistake(&mut self, diag: Diagnostic) {
        if self.diags.len() < MAX_ERRORS {
            self.diags.push(diag);
        }
        if self.diags.len() >= MAX_ERRORS {
            self.give_up();
        }
    }

    /// Stops parsing: jump to the end and keep quiet about it.
    fn give_up(&mut self) {
        self.truncated = true;
        self.pos = self.tokens.len() - 1;
    }

    fn document(&mut self) -> Option<Node> {
        while *self.peek_tok() == Tok::Hash {
            self.attribute();
        }
        if self.at_eof() {
            if !self.truncated {
                self.diags.push(
                    Diagnostic::file_error("the file contains no value")
                        .with_help(
                            "write the scenario, e.g. `Scenario( ... )`, or in a command file the commands, e.g. `Commands(commands: [ ... ])`",
                        ),
                );
            }
            return None;
        }
        let start = self.pos;
        let root = self.value(format_args!("at the start of the file"));
        // A failed value that consumed nothing was reported already; don't report it twice.
        if root.is_some() || self.pos != start {
            self.trailing();
        }
        root
    }

    /// `#![enable(...)]` at the top of a file. The features they enable (implicit `Some`,
    /// unwrapped newtypes) are always on here, so attributes are accepted and skipped.
    fn attribute(&mut self) {
        let hash = self.advance().span;
        let shaped =
            *self.peek_tok() == Tok::Bang && *self.nth_tok(1) == Tok::Open(Bracket::Square);
        if !shaped {
            self.error(Diagnostic::error(hash, "unexpected `#`").with_help(
                "attributes are written `#![enable(implicit_some)]`; comments start with `//`",
            ));
            return;
        }
        self.advance(); // `!`
        self.advance(); // `[`
        self.skip_balanced();
    }

    fn trailing(&mut self) {
        if self.at_eof() {
            return;
        }
        let token = self.peek();
        let message = match token.tok {
            Tok::Close(b) => format!(
                "unexpected `{}`: there is no `{}` for it to close",
                b.close(),
                b.open()
            ),
            _ => format!(
                "unexpected {} after the end of the document",
                describe(&token.tok)
            ),
        };
        self.error(Diagnostic::error(token.span, message).with_help(
            "a file holds a single value; check for an extra closing bracket or a value outside the brackets",
        ));
    }

    /// Parses one value. On failure reports it (unless already reported) and returns `None`
    /// without consuming a closing bracket, comma or colon, so the caller can resynchronise.
    fn value(&mut self, context: fmt::Arguments<'_>) -> Option<Node> {
        let token = self.peek();
        let leaf = |kind| {
            Some(Node {
                span: token.span,
                kind,
            })
        };
        match &token.tok {
            Tok::Open(bracket) => {
                self.advance();
                self.bracketed(*bracket, None, token.span)
            }
            Tok::Ident(name) => {
                self.advance();
                self.after_ident(name, token.span)
            }
            Tok::Int(v) => {
                self.advance();
                leaf(NodeKind::Int(*v))
            }
            Tok::Float(v) => {
                self.advance();
                leaf(NodeKind::Float(*v))
            }
            Tok::Str(s) => {
                self.advance();
                leaf(NodeKind::Str(s.clone()))
            }
            Tok::Char(c) => {
                self.advance();
                leaf(NodeKind::Char(*c))
            }
            Tok::Bytes(b) => {
                self.advance();
                leaf(NodeKind::Bytes(b.clone()))
            }
            Tok::Invalid => {
                self.advance();
                None
            }
            Tok::Eof => {
                self.unexpected_end(context);
                None
            }
            other => {
                let message = format!("expected a value {context}, found {}", describe(other));
                self.error(Diagnostic::error(token.span, message));
                None
            }
        }
    }

    fn unexpected_end(&mut self, context: fmt::Arguments<'_>) {
        if self.truncated {
            return;
        }
        // An unclosed bracket is reported by its owner; only report a bare missing value.
        if self.open.is_empty() {
            let end = self.peek().span;
            self.error(Diagnostic::error(
                end,
                format!("expected a value {context}, but the file ends here"),
            ));
        }
    }

    fn after_ident(&mut self, name: &str, span: Span) -> Option<Node> {
        let kind = match name {
            "true" => NodeKind::Bool(true),
            "false" => NodeKind::Bool(false),
            _ if *self.peek_tok() == Tok::Open(Bracket::Paren) => {
                let open = self.advance().span;
                let name = Name {
                    text: name.to_string(),
                    span,
                };
                return self.bracketed(Bracket::Paren, Some(name), open);
            }
            _ => NodeKind::Ident(name.to_string()),
        };
        Some(Node { span, kind })
    }

    /// After an opening bracket: a compound body, a list or a map.
    fn bracketed(&mut self, bracket: Bracket, name: Option<Name>, open: Span) -> Option<Node> {
        if self.open.len() >= MAX_DEPTH {
            self.error(Diagnostic::error(
                open,
                "the values are nested too deeply here",
            ));
            self.give_up();
            return None;
        }
        let items = match bracket {
            Bracket::Curly => Items::Entries,
            Bracket::Paren if self.fields_ahead() => Items::Fields,
            _ => Items::Values,
        };
        self.open.push((bracket, open));
        let (elements, end) = self.elements(bracket, items, open);
        self.open.pop();
        let start = name.as_ref().map_or(open.start, |n| n.span.start);
        let span = Span::new(start, end);
        let head = Span::new(start, open.end);
        Some(Node {
            span,
            kind: assemble(bracket, name, head, elements),
        })
    }

    /// A `:` directly inside these parentheses means named fields, even when the first field
    /// is malformed (`(name "x", kind: Crash)`), so that the mistake is reported as such.
    fn fields_ahead(&self) -> bool {
        let mut depth = 0usize;
        for token in &self.tokens[self.pos..] {
            match token.tok {
                Tok::Colon if depth == 0 => return true,
                Tok::Open(_) => depth += 1,
                Tok::Close(_) if depth == 0 => return false,
                Tok::Close(_) => depth -= 1,
                Tok::Eof => return false,
                _ => {}
            }
        }
        false
    }

    /// Parses comma-separated elements up to the closing bracket. Returns them and the end
    /// offset of the bracketed text.
    fn elements(&mut self, bracket: Bracket, items: Items, open: Span) -> (Vec<Element>, usize) {
        let mut elements = Vec::new();
        loop {
            let token = self.peek();
            match token.tok {
                Tok::Close(b) if b == bracket => {
                    self.advance();
                    return (elements, token.span.end);
                }
                Tok::Eof => {
                    self.unclosed(bracket, open, None);
                    return (elements, token.span.end);
                }
                Tok::Close(other) if self.is_open_outside(other) => {
                    self.unclosed(bracket, open, Some(token.span));
                    return (elements, token.span.start);
                }
                // Most likely the wrong kind of bracket typed to close this one.
                Tok::Close(other) => {
                    self.advance();
                    let (want, found) = (bracket.close(), other.close());
                    let message = format!("expected `{want}` here, found `{found}`");
                    self.error(
                        Diagnostic::error(token.span, message)
                            .with_label(open, format!("to close this `{}`", bracket.open()))
                            .with_help(format!("change `{found}` to `{want}`")),
                    );
                    return (elements, token.span.end);
                }
                _ => {}
            }
            match self.element(items, bracket) {
                Some(element) => {
                    let end = element.end();
                    elements.push(element);
                    self.separator(bracket, items, end);
                }
                None => self.recover(),
            }
        }
    }

    fn is_open_outside(&self, bracket: Bracket) -> bool {
        let outer = &self.open[..self.open.len().saturating_sub(1)];
        outer.iter().any(|(b, _)| *b == bracket)
    }

    fn unclosed(&mut self, bracket: Bracket, open: Span, found: Option<Span>) {
        if self.truncated {
            return;
        }
        let close = bracket.close();
        let mut diag =
            Diagnostic::error(open, format!("this `{}` is never closed", bracket.open()))
                .with_help(format!("add a matching `{close}`"));
        if let Some(found) = found {
            diag = diag.with_label(found, format!("expected `{close}` before this"));
        }
        self.error(diag);
    }

    fn element(&mut self, items: Items, bracket: Bracket) -> Option<Element> {
        let context = match bracket {
            Bracket::Square => format_args!("in this list"),
            Bracket::Curly => format_args!("in this map"),
            Bracket::Paren => format_args!("here"),
        };
        match items {
            Items::Values => self.value(context).map(Element::Value),
            Items::Fields => self.field().map(Element::Field),
            Items::Entries => self.entry(),
        }
    }

    fn field(&mut self) -> Option<Field> {
        let token = self.peek();
        let name = match &token.tok {
            Tok::Ident(name) => name.clone(),
            Tok::Str(name) if *self.nth_tok(1) == Tok::Colon => {
                self.error(
                    Diagnostic::error(token.span, "field names are written without quotes")
                        .with_help(format!("write `{name}: ...`")),
                );
                name.clone()
            }
            other => {
                let message = format!("expected a field name, found {}", describe(other));
                let help = "every item here must be written as `name: value`";
                self.error(Diagnostic::error(token.span, message).with_help(help));
                return None;
            }
        };
        self.advance();
        let name = Name {
            text: name,
            span: token.span,
        };
        if !self.colon(format_args!("field name `{}`", name.text), name.span) {
            return None;
        }
        let value = self.value(format_args!("for `{}`", name.text))?;
        Some(Field { name, value })
    }

    fn entry(&mut self) -> Option<Element> {
        let key = self.value(format_args!("as a map key"))?;
        if !self.colon(format_args!("this key"), key.span) {
            return None;
        }
        let value = self.value(format_args!("for this key"))?;
        Some(Element::Entry(key, value))
    }

    /// Expects `:`. When it is missing, reports it; returns whether a value follows anyway (then
    /// parsing carries on as if the colon were there).
    fn colon(&mut self, after: fmt::Arguments<'_>, prev: Span) -> bool {
        let tok = self.peek_tok();
        if *tok == Tok::Colon {
            self.advance();
            return true;
        }
        if *tok == Tok::Invalid {
            return true;
        }
        let at = Span::new(prev.end, prev.end);
        self.error(
            Diagnostic::error(at, format!("expected `:` after {after}"))
                .with_help("write `name: value`"),
        );
        starts_element(tok)
    }

    /// After an element: a comma, the closing bracket, or a reported missing comma.
    fn separator(&mut self, bracket: Bracket, items: Items, prev_end: usize) {
        let token = self.peek();
        match token.tok {
            Tok::Comma => {
                self.advance();
            }
            Tok::Close(_) | Tok::Eof | Tok::Invalid => {}
            _ if starts_element(&token.tok) => {
                let what = if items == Items::Fields {
                    "field"
                } else {
                    "value"
                };
                let at = Span::new(prev_end, prev_end);
                self.mistake(
                    Diagnostic::error(at, format!("missing `,` after this {what}"))
                        .with_help(format!(
                            "separate items with commas: `a, b`; the next {what} starts right after"
                        ))
                        .with_label(token.span, format!("the next {what} starts here")),
                );
            }
            _ => {
                let message = format!(
                    "expected `,` or `{}`, found {}",
                    bracket.close(),
                    describe(&token.tok)
                );
                self.error(Diagnostic::error(token.span, message));
                self.recover();
            }
        }
    }

    /// Skips to the next `,` (consumed) or closing bracket (kept), stepping over nested groups.
    fn recover(&mut self) {
        loop {
            match self.peek_tok() {
                Tok::Comma => {
                    self.advance();
                    return;
                }
                Tok::Close(_) | Tok::Eof => return,
                Tok::Open(_) => {
                    self.advance();
                    self.skip_balanced();
                }
                _ => {
                    self.advance();
                }
            }
        }
    }

    /// After an opening bracket: skips up to and including its closing bracket.
    fn skip_balanced(&mut self) {
        let mut depth = 1usize;
        while depth > 0 {
            match self.advance().tok {
                Tok::Open(_) => depth += 1,
                Tok::Close(_) => depth -= 1,
                Tok::Eof => return,
                _ => {}
            }
        }
    }
}

fn starts_element(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::Open(_)
            | Tok::Ident(_)
            | Tok::Int(_)
            | Tok::Float(_)
            | Tok::Str(_)
            | Tok::Char(_)
            | Tok::Bytes(_)
    )
}

fn assemble(bracket: Bracket, name: Option<Name>, head: Span, elements: Vec<Element>) -> NodeKind {
    let mut values = Vec::new();
    let mut fields = Vec::new();
    let mut entries = Vec::new();
    for element in elements {
        match element {
            Element::Value(v) => values.push(v),
            Element::Field(f) => fields.push(f),
            Element::Entry(k, v) => entries.push((k, v)),
        }
    }
    match bracket {
        Bracket::Square => NodeKind::List(values),
        Bracket::Curly => NodeKind::Map(entries),
        Bracket::Paren if !fields.is_empty() => NodeKind::Compound(Compound {
            name,
            head,
            body: Body::Fields(fields),
        }),
        Bracket::Paren => NodeKind::Compound(Compound {
            name,
            head,
            body: Body::Tuple(values),
        }),
    }
}

/// A token as the user would recognise it in an error message.
fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Open(b) => format!("`{}`", b.open()),
        Tok::Close(b) => format!("`{}`", b.close()),
        Tok::Comma => "`,`".into(),
        Tok::Colon => "`:`".into(),
        Tok::Hash => "`#`".into(),
        Tok::Bang => "`!`".into(),
        Tok::Ident(name) => format!("`{name}`"),
        Tok::Int(_) | Tok::Float(_) => "a number".into(),
        Tok::Str(_) => "text".into(),
        Tok::Char(_) => "a character".into(),
        Tok::Bytes(_) => "a byte string".into(),
        Tok::Invalid => "an invalid token".into(),
        Tok::Eof => "the end of the file".into(),
    }
}
