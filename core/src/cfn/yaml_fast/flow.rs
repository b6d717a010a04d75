//! One-line flow collections and quoted scalars for the fast YAML reader.

use super::super::tree::{Key, Node};
use super::super::yaml_scalar;
use super::MAX_DEPTH;
use super::lexical::*;

/// A one-line flow collection or quoted scalar.
pub(super) struct Flow<'t> {
    pub(super) text: &'t str,
    pub(super) at: usize,
    pub(super) depth: usize,
}

impl Flow<'_> {
    pub(super) fn space(&mut self) {
        while self.text.as_bytes().get(self.at) == Some(&b' ') {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    pub(super) fn node(&mut self) -> Option<Node> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.space();
        let node = match self.peek()? {
            b'[' => self.sequence(),
            b'{' => self.mapping(),
            b'\'' | b'"' => self.quoted(),
            b'!' => {
                let rest = &self.text[self.at + 1..];
                let end = rest.find(' ')?;
                let tag = &rest[..end];
                if !valid_tag(tag) || rest[end..].trim_start_matches(' ').starts_with('!') {
                    return None;
                }
                self.at += 1 + end;
                let arg = self.node()?;
                Some(tagged_node(tag, arg))
            }
            _ => self.plain(),
        };
        self.depth -= 1;
        node
    }

    fn sequence(&mut self) -> Option<Node> {
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(Node::List(items));
        }
        loop {
            items.push(self.node()?);
            self.space();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(Node::List(items));
                }
                _ => return None,
            }
        }
    }

    fn mapping(&mut self) -> Option<Node> {
        self.at += 1;
        let mut entries: Vec<(Key, Node)> = Vec::new();
        self.space();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(Node::Map(entries));
        }
        loop {
            self.space();
            let key = match self.peek()? {
                b'\'' | b'"' => self.quoted()?,
                b'[' | b'{' | b'!' => return None,
                _ => self.plain()?,
            };
            if self.text.as_bytes().get(self.at..self.at + 2) != Some(b": ") {
                return None;
            }
            self.at += 2;
            let value = self.node()?;
            entries.push((Key::Owned(yaml_scalar::key(key)), value));
            self.space();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(Node::Map(entries).into_intrinsic());
                }
                _ => return None,
            }
        }
    }

    /// A plain scalar inside a flow collection: it ends at `,`, `]`, `}`
    /// or `: `.
    fn plain(&mut self) -> Option<Node> {
        let rest = &self.text[self.at..];
        if !plain_start(rest, true) {
            return None;
        }
        let mut end = rest.len();
        for (i, b) in rest.bytes().enumerate() {
            match b {
                b',' | b']' | b'}' | b'[' | b'{' => {
                    end = i;
                    break;
                }
                // The full reader ends a plain scalar at `:` only in some
                // places of a flow collection and refuses it in others:
                // only a key's `: ` is read here, and a `:` followed by a
                // letter or digit, which YAML keeps inside the scalar
                // (`logs:PutLogEvents`).
                b':' if rest.as_bytes().get(i + 1) == Some(&b' ') => {
                    end = i;
                    break;
                }
                b':' if rest.as_bytes().get(i + 1).is_some_and(u8::is_ascii_alphanumeric) => {}
                b':' => return None,
                b'#' if i > 0 && rest.as_bytes()[i - 1] == b' ' => return None,
                _ => {}
            }
        }
        let value = rest[..end].trim_end_matches(' ');
        if value.is_empty() {
            return None;
        }
        self.at += end;
        yaml_scalar::plain(value)
    }

    /// A single- or double-quoted scalar that ends on this line.
    pub(super) fn quoted(&mut self) -> Option<Node> {
        let quote = self.peek()?;
        let bytes = self.text.as_bytes();
        let mut out = String::new();
        let mut i = self.at + 1;
        let mut start = i;
        loop {
            let b = *bytes.get(i)?;
            if b == quote {
                out.push_str(&self.text[start..i]);
                if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    out.push('\'');
                    i += 2;
                    start = i;
                    continue;
                }
                self.at = i + 1;
                return Some(Node::Str(out));
            }
            if quote == b'"' && b == b'\\' {
                out.push_str(&self.text[start..i]);
                let (c, len) = escape(&self.text[i + 1..])?;
                out.push(c);
                i += 1 + len;
                start = i;
                continue;
            }
            i += 1;
        }
    }
}

/// A double-quoted scalar's escape after its backslash: the character and
/// how many bytes the escape takes.
fn escape(text: &str) -> Option<(char, usize)> {
    let c = text.chars().next()?;
    let simple = match c {
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        't' => '\t',
        'n' => '\n',
        'v' => '\u{b}',
        'f' => '\u{c}',
        'r' => '\r',
        'e' => '\u{1b}',
        ' ' => ' ',
        '"' => '"',
        '/' => '/',
        '\\' => '\\',
        'N' => '\u{85}',
        '_' => '\u{a0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        'x' | 'u' | 'U' => {
            let len = match c {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let hex = text.get(1..1 + len)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let code = u32::from_str_radix(hex, 16).ok()?;
            return Some((char::from_u32(code)?, 1 + len));
        }
        _ => return None,
    };
    Some((simple, 1))
}
