//! A fast reader for the part of YAML that templates are written in: block
//! mappings and sequences, one-line flow collections, plain and quoted
//! one-line scalars, literal block scalars (`|`, `|-`, `|+`), comments and
//! short-form tags (`!Ref`). It builds the template tree straight from the
//! text, several times faster than the full reader.
//!
//! It gives up (returns `None`) on anything else (anchors and aliases,
//! folded or multi-line scalars, flow collections over several lines,
//! tabs, carriage returns, several documents, text the full reader would
//! refuse), and the caller then reads the text with the full reader, so
//! that every text reads as the full reader reads it: the tree it builds
//! for what it accepts is the full reader's (tests and the fuzzer compare
//! the two).

mod flow;
mod lexical;
#[cfg(test)]
mod tests;

use super::tree::{Key, Node};
use super::yaml_scalar;
use flow::Flow;
use lexical::*;

/// Deeper nesting is left to the full reader, whose own limit is 128.
pub(super) const MAX_DEPTH: usize = 100;

/// One line of the text: its indentation and what follows it.
#[derive(Clone, Copy)]
struct Line<'t> {
    indent: usize,
    text: &'t str,
}

/// Reads a template with the fast reader, or `None` when the text needs
/// the full reader.
pub(super) fn read(text: &str) -> Option<Node> {
    if !plain_text(text) {
        return None;
    }
    let mut lines = Vec::with_capacity(text.len() / 24);
    let body = text.strip_suffix('\n').unwrap_or(text);
    for (i, raw) in body.split('\n').enumerate() {
        // Document markers (other than a first `---`) are the full reader's.
        if (raw.starts_with("---") && i > 0) || raw.starts_with("...") {
            return None;
        }
        // Spaces are one byte each, so the indentation is found bytewise.
        let indent = raw.bytes().take_while(|&b| b == b' ').count();
        lines.push(Line { indent, text: &raw[indent..] });
    }
    let mut reader = Reader { lines, at: 0, depth: 0, ends_with_newline: text.ends_with('\n') };
    reader.skip_blank();
    if reader.peek()?.text.trim_end() == "---" && reader.peek()?.indent == 0 {
        reader.at += 1;
        reader.skip_blank();
    }
    let first = reader.peek()?;
    if first.indent != 0 {
        return None;
    }
    let node = reader.block(0)?;
    reader.skip_blank();
    (reader.at == reader.lines.len()).then_some(node)
}

/// No character that the fast reader leaves to the full one: tabs,
/// carriage returns, control characters, byte order marks, Unicode line
/// separators, and the indicators of directives, anchors and aliases at a
/// line's start are checked later.
///
/// The text is scanned in chunks of bytes without a branch, which the
/// compiler vectorizes; only a chunk holding a control byte or the first
/// byte of a character the reader refuses (C1 controls start with 0xC2,
/// the line separators with 0xE2, the byte order mark and the
/// noncharacters U+FFFE and U+FFFF with 0xEF) is looked at closely. These
/// lead bytes are never continuation bytes, so a chunk boundary inside a
/// character is harmless.
fn plain_text(text: &str) -> bool {
    const CHUNK: usize = 64;
    let bytes = text.as_bytes();
    let simple = |b: u8| {
        (b.wrapping_sub(0x20) < 0x5f)
            | (b == b'\n')
            | ((b >= 0x80) & (b != 0xc2) & (b != 0xe2) & (b != 0xef))
    };
    for (i, chunk) in bytes.chunks(CHUNK).enumerate() {
        if chunk.iter().fold(true, |ok, &b| ok & simple(b)) {
            continue;
        }
        for (j, &b) in chunk.iter().enumerate() {
            if simple(b) {
                continue;
            }
            let next = &bytes[i * CHUNK + j + 1..];
            let refused = match b {
                0xc2 => matches!(next.first(), Some(0x80..=0x9f)),
                0xe2 => next.starts_with(&[0x80, 0xa8]) || next.starts_with(&[0x80, 0xa9]),
                0xef => {
                    [[0xbb, 0xbf], [0xbf, 0xbe], [0xbf, 0xbf]].iter().any(|s| next.starts_with(s))
                }
                _ => true,
            };
            if refused {
                return false;
            }
        }
    }
    true
}

struct Reader<'t> {
    lines: Vec<Line<'t>>,
    at: usize,
    depth: usize,
    ends_with_newline: bool,
}

impl<'t> Reader<'t> {
    fn peek(&self) -> Option<Line<'t>> {
        self.lines.get(self.at).copied()
    }

    /// Skips empty lines and comment lines.
    fn skip_blank(&mut self) {
        while let Some(line) = self.lines.get(self.at) {
            if line.text.is_empty() || line.text.starts_with('#') {
                self.at += 1;
            } else {
                break;
            }
        }
    }

    /// The next content line's indentation, after blank and comment lines.
    fn next_indent(&mut self) -> Option<usize> {
        self.skip_blank();
        self.peek().map(|l| l.indent)
    }

    /// A block node whose first line is the current one, at `indent`.
    fn block(&mut self, indent: usize) -> Option<Node> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let line = self.peek()?;
        let node = if is_item(line.text) {
            self.sequence(indent)
        } else if is_entry(line.text) {
            self.mapping(indent)
        } else {
            // A lone scalar or flow collection: the line holds all of it.
            self.at += 1;
            self.inline(line.text)
        };
        self.depth -= 1;
        node
    }

    fn mapping(&mut self, indent: usize) -> Option<Node> {
        let mut entries: Vec<(Key, Node)> = Vec::new();
        loop {
            let line = self.peek()?;
            let (key, rest) = split_key(line.text)?;
            self.at += 1;
            let value = self.value(rest, indent, true)?;
            entries.push((key, value));
            match self.next_indent() {
                Some(next) if next == indent => {
                    if is_item(self.peek()?.text) {
                        return None;
                    }
                }
                Some(next) if next > indent => return None,
                _ => break,
            }
        }
        Some(Node::Map(entries).into_intrinsic())
    }

    fn sequence(&mut self, indent: usize) -> Option<Node> {
        let mut items = Vec::new();
        loop {
            let line = self.peek()?;
            let rest = line.text.strip_prefix('-')?;
            let spaces = rest.len() - rest.trim_start_matches(' ').len();
            let rest = &rest[spaces..];
            if !rest.is_empty() && !rest.starts_with('#') && (is_item(rest) || is_entry(rest)) {
                // `- key: value` or `- - item`: a block node starting mid-line.
                let column = indent + 1 + spaces;
                self.lines[self.at] = Line { indent: column, text: rest };
                items.push(self.block(column)?);
            } else {
                self.at += 1;
                items.push(self.value(rest, indent, false)?);
            }
            match self.next_indent() {
                Some(next) if next == indent => {
                    if !is_item(self.peek()?.text) {
                        return None;
                    }
                }
                Some(next) if next > indent => return None,
                _ => break,
            }
        }
        Some(Node::List(items))
    }

    /// What follows `key:` or `- ` (`rest`, the remainder of the line) in a
    /// block at `indent`: an inline value, or a block on the next lines.
    fn value(&mut self, rest: &'t str, indent: usize, in_mapping: bool) -> Option<Node> {
        let rest = strip_comment(rest)?;
        if let Some(tagged) = rest.strip_prefix('!') {
            let (tag, arg) = tagged.split_once(' ').unwrap_or((tagged, ""));
            let arg = arg.trim_start_matches(' ');
            if !valid_tag(tag) || arg.starts_with('!') {
                return None;
            }
            let arg = self.value(arg, indent, in_mapping)?;
            return Some(tagged_node(tag, arg));
        }
        if rest.is_empty() {
            return match self.next_indent() {
                Some(next) if next > indent => self.block(next),
                // A mapping's value may be a sequence at the key's indentation.
                Some(next) if next == indent && in_mapping && is_item(self.peek()?.text) => {
                    self.block(next)
                }
                _ => Some(Node::Null),
            };
        }
        if let Some(header) = rest.strip_prefix('|') {
            return self.literal(header, indent);
        }
        let node = self.inline(rest)?;
        // A plain scalar would go on over a more indented next line.
        match self.next_indent() {
            Some(next) if next > indent => None,
            _ => Some(node),
        }
    }

    /// A value that the line holds whole: a flow collection, a quoted or a
    /// plain scalar.
    fn inline(&mut self, text: &'t str) -> Option<Node> {
        let text = strip_comment(text)?;
        if text.starts_with(['[', '{', '\'', '"']) {
            let mut flow = Flow { text, at: 0, depth: self.depth };
            let node = flow.node()?;
            flow.space();
            return (flow.at == text.len()).then_some(node);
        }
        if !plain_start(text, false) || key_end(text).is_some() {
            return None;
        }
        yaml_scalar::plain(text)
    }

    /// A literal block scalar after its `|`, with the header's chomping
    /// indicator (`-` strips the final line break, `+` keeps every one).
    fn literal(&mut self, header: &str, indent: usize) -> Option<Node> {
        let chomp = match header {
            "" => Chomp::Clip,
            "-" => Chomp::Strip,
            "+" => Chomp::Keep,
            _ => return None,
        };
        let first = self.at;
        let mut block_indent = None;
        let mut end = first;
        while let Some(line) = self.lines.get(end) {
            if line.text.is_empty() {
                end += 1;
                continue;
            }
            match block_indent {
                None if line.indent > indent => block_indent = Some(line.indent),
                Some(b) if line.indent >= b => {}
                _ => break,
            }
            end += 1;
        }
        let block_indent = block_indent?;
        // Trailing empty lines belong to the chomping, not the text.
        let mut last = end;
        while last > first && self.lines[last - 1].text.is_empty() {
            last -= 1;
        }
        if end == self.lines.len() && !self.ends_with_newline {
            return None;
        }
        let mut out = String::new();
        for line in &self.lines[first..last] {
            if line.text.is_empty() {
                if line.indent > block_indent {
                    return None;
                }
            } else {
                out.extend(std::iter::repeat_n(' ', line.indent - block_indent));
                out.push_str(line.text);
            }
            out.push('\n');
        }
        match chomp {
            Chomp::Clip => {}
            Chomp::Strip => {
                out.pop();
            }
            Chomp::Keep => {
                for line in &self.lines[last..end] {
                    if line.indent > block_indent {
                        return None;
                    }
                    out.push('\n');
                }
            }
        }
        self.at = end;
        Some(Node::Str(out))
    }
}

#[derive(Clone, Copy)]
enum Chomp {
    Clip,
    Strip,
    Keep,
}
