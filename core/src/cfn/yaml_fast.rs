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

use super::tree::{FUNCTIONS, Key, Node};
use super::yaml_scalar;

/// Deeper nesting is left to the full reader, whose own limit is 128.
const MAX_DEPTH: usize = 100;

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
        let body = raw.trim_start_matches(' ');
        lines.push(Line { indent: raw.len() - body.len(), text: body });
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
fn plain_text(text: &str) -> bool {
    let ascii_ok = |b: u8| b == b'\n' || (0x20..0x7f).contains(&b);
    if text.bytes().all(ascii_ok) {
        return true;
    }
    text.chars().all(|c| {
        if c.is_ascii() {
            ascii_ok(c as u8)
        } else {
            !matches!(
                c,
                '\u{80}'
                    ..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
        }
    })
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

/// The characters that cannot start a plain scalar here (or that start
/// what the fast reader leaves to the full one).
const INDICATORS: &[char] = &[
    '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
];

/// Whether a plain scalar may start `text`: not with an indicator, except
/// `-` before a character that is neither a space nor (in a flow
/// collection) a flow indicator.
fn plain_start(text: &str, in_flow: bool) -> bool {
    let bytes = text.as_bytes();
    match bytes.first() {
        None => false,
        Some(b'-') => match bytes.get(1) {
            None | Some(b' ') => false,
            Some(b',' | b'[' | b']' | b'{' | b'}') => !in_flow,
            Some(_) => true,
        },
        Some(_) => !text.starts_with(INDICATORS),
    }
}

/// Whether a line starts a block sequence item (`- x` or a lone `-`).
fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// Drops a trailing comment (`# ...` after a space) and trailing spaces;
/// `None` when a quote makes the comment's start unclear.
fn strip_comment(text: &str) -> Option<&str> {
    if text.starts_with('#') {
        return Some("");
    }
    let text = match find_pair(text, b' ', b'#') {
        Some(at) if text[..at].contains(['\'', '"']) => return None,
        Some(at) => &text[..at],
        None => text,
    };
    Some(text.trim_end_matches(' '))
}

/// Where the two bytes `a` then `b` first occur in `text`.
fn find_pair(text: &str, a: u8, b: u8) -> Option<usize> {
    text.as_bytes().windows(2).position(|w| w[0] == a && w[1] == b)
}

/// Where a plain key ends: at the first `: `, or at a final `:`.
fn key_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .position(|(i, &b)| b == b':' && bytes.get(i + 1).is_none_or(|&n| n == b' '))
}

/// Whether a line is a block mapping entry (`key:` or `key: value`).
fn is_entry(text: &str) -> bool {
    if text.starts_with(['\'', '"']) {
        return split_key(text).is_some();
    }
    plain_start(text, false) && key_end(text).is_some()
}

/// Splits a block mapping line into its key and the rest after `: `.
fn split_key(text: &str) -> Option<(Key, &str)> {
    if text.starts_with(['\'', '"']) {
        let mut flow = Flow { text, at: 0, depth: 0 };
        let Node::Str(key) = flow.quoted()? else { return None };
        let rest = &text[flow.at..];
        let rest = rest.strip_prefix(':')?;
        return (rest.is_empty() || rest.starts_with(' '))
            .then(|| (Key::Owned(key), rest.trim_start_matches(' ')));
    }
    if !plain_start(text, false) {
        return None;
    }
    let at = key_end(text)?;
    let (key, rest) = (&text[..at], text.get(at + 2..).unwrap_or(""));
    if key.is_empty()
        || key.len() > 1000
        || key.ends_with(' ')
        || find_pair(key, b' ', b'#').is_some()
    {
        return None;
    }
    Some((plain_key(key)?, rest.trim_start_matches(' ')))
}

/// A plain key as the tree keeps it; the keys every template repeats are
/// shared rather than allocated.
fn plain_key(text: &str) -> Option<Key> {
    let first = text.as_bytes()[0];
    if !first.is_ascii_alphabetic() || matches!(first, b'n' | b'N' | b't' | b'T' | b'f' | b'F') {
        return Some(Key::Owned(yaml_scalar::key(yaml_scalar::plain(text)?)));
    }
    let common = match text {
        "Type" => "Type",
        "Properties" => "Properties",
        "Ref" => "Ref",
        "Key" => "Key",
        "Value" => "Value",
        "Tags" => "Tags",
        "VpcId" => "VpcId",
        "SubnetId" => "SubnetId",
        "SubnetIds" => "SubnetIds",
        "CidrBlock" => "CidrBlock",
        "CidrIp" => "CidrIp",
        "Description" => "Description",
        "GroupDescription" => "GroupDescription",
        "SecurityGroupIds" => "SecurityGroupIds",
        "SecurityGroupIngress" => "SecurityGroupIngress",
        "SecurityGroupEgress" => "SecurityGroupEgress",
        "IpProtocol" => "IpProtocol",
        "FromPort" => "FromPort",
        "ToPort" => "ToPort",
        "SourceSecurityGroupId" => "SourceSecurityGroupId",
        "DestinationSecurityGroupId" => "DestinationSecurityGroupId",
        "GroupId" => "GroupId",
        "RouteTableId" => "RouteTableId",
        "AvailabilityZone" => "AvailabilityZone",
        "DependsOn" => "DependsOn",
        "Condition" => "Condition",
        "Metadata" => "Metadata",
        "Name" => "Name",
        "Export" => "Export",
        "Role" => "Role",
        "Runtime" => "Runtime",
        "Handler" => "Handler",
        "Code" => "Code",
        "VpcConfig" => "VpcConfig",
        "Environment" => "Environment",
        "Variables" => "Variables",
        "Statement" => "Statement",
        "Effect" => "Effect",
        "Action" => "Action",
        "Resource" => "Resource",
        "Principal" => "Principal",
        "PolicyDocument" => "PolicyDocument",
        "Port" => "Port",
        "Protocol" => "Protocol",
        _ => return Some(Key::Owned(text.to_owned())),
    };
    Some(Key::Borrowed(common))
}

/// Whether a tag is a plain local tag (`!Ref`, `!GetAtt`) rather than a
/// standard (`!!str`), verbatim (`!<...>`) or empty one.
fn valid_tag(tag: &str) -> bool {
    !tag.is_empty() && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b':' || b == b'_')
}

/// A tagged node: a known function becomes the function, any other tag is
/// dropped. A tagged plain scalar resolves as an untagged one.
fn tagged_node(tag: &str, arg: Node) -> Node {
    if FUNCTIONS.contains(&tag) { Node::intrinsic(tag, arg) } else { arg }
}

/// A one-line flow collection or quoted scalar.
struct Flow<'t> {
    text: &'t str,
    at: usize,
    depth: usize,
}

impl Flow<'_> {
    fn space(&mut self) {
        while self.text.as_bytes().get(self.at) == Some(&b' ') {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn node(&mut self) -> Option<Node> {
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
                // only a key's `: ` is read here.
                b':' if rest.as_bytes().get(i + 1) == Some(&b' ') => {
                    end = i;
                    break;
                }
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
    fn quoted(&mut self) -> Option<Node> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The full reader's tree for `text`, when the fast reader accepts it;
    /// the trees are compared through their debug form so that NaN equals
    /// itself.
    fn same_as_full_reader(text: &str) -> bool {
        let Some(fast) = read(text) else { return false };
        let full = super::super::yaml_read::read(text).unwrap_or_else(|e| {
            panic!("the fast reader accepted what the full one refuses ({e}):\n{text}")
        });
        assert_eq!(format!("{fast:?}"), format!("{full:?}"), "the readers differ on:\n{text}");
        true
    }

    #[test]
    fn what_it_accepts_reads_as_the_full_reader_reads_it() {
        let cases = [
            "A: 1\nB: -1\nC: '-1'\nD: 1.5\nE: ~\nF:\nG: true\nH: yes\nI: 0x10\nJ: 007\n",
            "A: !Ref B\nC: !GetAtt D.E\nK: 1\nK: 2\nT: !Unknown x\nE: !Ref\n",
            "Z: !Select [1, !GetAZs '']\nJ: !Join ['', [a, !Ref B, 'c''d']]\n",
            "M: {Key: Name, Value: !Sub '${AWS::StackName}-x'}\nN: {}\nO: []\n",
            "Code: |\n  def f():\n      return 1\n\nNext: x\n",
            "Code: |-\n  a\n\n  b\n\n\nNext: x\n",
            "Code: |+\n  a\n\n\nNext: x\n",
            "L:\n- a\n- b: c\n  d: e\n-\n- - x\n  - y\n",
            "L:\n  - !If [c, a, b]\n  - !Sub\n    - '${X}'\n    - X: 1\n",
            "S: \"esc \\\"q\\\" \\n \\t \\u00e9 \\x41 \\/\"\nT: 'it''s'\n",
            "# comment\n---\nA: b # trailing\n  # indented comment\nC: d#e\n",
            "1: a\n1.0: b\ntrue: c\n~: d\n'q': e\n\"r\": f\n-x: g\n",
            "A: b: c\n",
            "A: b\n  c\n",
            "A: [a,\n  b]\n",
            "A: &x 1\nB: *x\n",
            "A: >\n  folded\n",
            "A: 'multi\n  line'\n",
            "A: 99999999999999999999\n",
            "A:\n\tB: 1\n",
            "A: 1\n---\nB: 2\n",
            "- a\n- b\n",
            "just a scalar\n",
            "A: [1, -2, -x, :y, a:b, 'c']\n",
            "A: {a: {b: [c, {d: e}]}}\n",
            "A: !!str 1\n",
            "A: |\n  x",
            "A:\n  - B: 1\n    C:\n      - 2\n  - D\n",
            "Fn:\n  Fn::GetAtt: [A, B]\nR:\n  Ref: X\n",
            "A: .inf\nB: -.Inf\nC: .nan\nD: +1\nE: 1e3\nF: 1_000\nG: 0o17\nH: 0b11\n",
            "A: x # c 'q'\nB: \"x\" # c\n",
            "A: é ü 日本\n",
        ];
        let accepted = cases.iter().filter(|c| same_as_full_reader(c)).count();
        assert!(accepted >= 18, "only {accepted} of {} cases were read fast", cases.len());
    }

    #[test]
    fn exported_templates_are_read_fast() {
        let design = crate::synth::design(300);
        let text = super::super::render(&design, super::super::Format::Yaml, &[]);
        assert!(same_as_full_reader(&text), "an exported template needs the full reader");
    }

    /// Every template of the fixtures, the fuzzer's seeds and (when present)
    /// the published corpus: where the fast reader accepts one, its tree is
    /// the full reader's.
    #[test]
    fn templates_on_disk_read_the_same() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("tests/fixtures"), root.join("../fuzz/corpus")];
        dirs.push(
            std::env::var_os("VPCRAFT_CORPUS")
                .map_or_else(|| root.join("../../shared/corpus"), Into::into),
        );
        let (mut seen, mut fast) = (0, 0);
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                seen += 1;
                if same_as_full_reader(&text) {
                    fast += 1;
                }
            }
        }
        println!("the fast reader read {fast} of {seen} files");
    }
}
