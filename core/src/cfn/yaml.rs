//! YAML for templates: a writer with short-form intrinsic tags (`!Ref`,
//! `!GetAtt`, `!Sub`, `!Select`, `!GetAZs`) and a reader that accepts both
//! the short tags and the long `Fn::` forms.

use super::tree::{Key, Node};
use std::fmt::Write;

/// Writes a template tree as block-style YAML.
///
/// The writer appends straight to `out` without building intermediate
/// strings: an inline form is written in place and taken back (the text
/// truncated) when the node turns out to need a block.
pub fn write(root: &Node, out: &mut String) {
    match root {
        Node::Map(entries) => write_entries(entries, 0, out),
        other => {
            let mark = out.len();
            if !inline_into(other, false, out) {
                out.truncate(mark);
                out.push_str("{}");
            }
            out.push('\n');
        }
    }
}

fn indent(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut n = n;
    while n > 0 {
        let step = n.min(SPACES.len());
        out.push_str(&SPACES[..step]);
        n -= step;
    }
}

fn write_entries(entries: &[(Key, Node)], depth: usize, out: &mut String) {
    for (key, value) in entries {
        indent(out, depth);
        scalar_into(key, out);
        out.push(':');
        write_value(value, depth, out);
    }
}

/// Writes what follows `key:` or `- `: an inline value on the same line, or
/// a nested block on the next lines.
fn write_value(value: &Node, depth: usize, out: &mut String) {
    if let Node::Str(s) = value
        && s.contains('\n')
    {
        write_block_literal(s, depth + 2, out);
        return;
    }
    let mark = out.len();
    out.push(' ');
    if inline_into(value, false, out) {
        out.push('\n');
        return;
    }
    out.truncate(mark);
    match value {
        Node::Map(entries) => {
            out.push('\n');
            write_entries(entries, depth + 2, out);
        }
        Node::List(items) => {
            out.push('\n');
            write_items(items, depth + 2, out);
        }
        Node::Fn(name, arg) => {
            // A function whose argument needs a block keeps its long form.
            out.push('\n');
            let key = super::tree::long_name(name);
            write_entries(&[(key, (**arg).clone())], depth + 2, out);
        }
        _ => unreachable!("scalars are always inline"),
    }
}

fn write_items(items: &[Node], depth: usize, out: &mut String) {
    for item in items {
        indent(out, depth);
        out.push('-');
        match item {
            // A map with entries is never inline: its first entry shares the
            // dash's line and the rest align with it.
            Node::Map(entries) if !entries.is_empty() => {
                let (first, rest) = entries.split_first().expect("not empty");
                out.push(' ');
                scalar_into(&first.0, out);
                out.push(':');
                write_value(&first.1, depth + 2, out);
                write_entries(rest, depth + 2, out);
            }
            _ => write_value(item, depth, out),
        }
    }
}

fn write_block_literal(text: &str, depth: usize, out: &mut String) {
    let chomp = if text.ends_with('\n') { "" } else { "-" };
    let _ = writeln!(out, " |{chomp}");
    for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
        if !line.is_empty() {
            indent(out, depth);
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// Appends the one-line form of a node and says whether it has a readable
/// one; when it has not, `out` holds partial text the caller takes back.
/// Inside a flow list (`flow`), scalars with `[]{},` are quoted too.
fn inline_into(node: &Node, flow: bool, out: &mut String) -> bool {
    match node {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Node::Float(f) => {
            let _ = write!(out, "{f:?}");
        }
        Node::Str(s) if s.contains('\n') => return false,
        Node::Str(s) => text_into(s, flow, out),
        Node::List(items) if items.is_empty() => out.push_str("[]"),
        Node::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Node::List(items) => return flow_list_into(items, out),
        Node::Map(_) => return false,
        Node::Fn(name, arg) => match (name.as_ref(), &**arg) {
            ("GetAtt", Node::List(parts)) if parts.len() == 2 => {
                let (Some(id), Some(attr)) = (parts[0].as_str(), parts[1].as_str()) else {
                    return false;
                };
                out.push_str("!GetAtt ");
                let start = out.len();
                out.push_str(id);
                out.push('.');
                out.push_str(attr);
                if needs_quotes(&out[start..]) || (flow && has_flow_indicator(&out[start..])) {
                    let joined = out[start..].to_owned();
                    out.truncate(start);
                    text_into(&joined, flow, out);
                }
            }
            (_, arg @ (Node::Str(_) | Node::Int(_) | Node::Bool(_))) => {
                out.push('!');
                out.push_str(name);
                out.push(' ');
                return inline_into(arg, flow, out);
            }
            (_, Node::List(items)) => {
                out.push('!');
                out.push_str(name);
                out.push(' ');
                return flow_list_into(items, out);
            }
            _ => return false,
        },
    }
    true
}

/// Appends `[a, b, !Ref c]` for short lists of scalars and functions.
fn flow_list_into(items: &[Node], out: &mut String) -> bool {
    let start = out.len();
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let ok = match item {
            Node::Map(_) => false,
            Node::List(inner) => flow_list_into(inner, out),
            other => inline_into(other, true, out),
        };
        if !ok {
            return false;
        }
    }
    out.push(']');
    out.len() - start <= 100
}

/// A plain scalar when YAML reads it back as the same string, else a quoted
/// one.
pub fn scalar(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    scalar_into(s, &mut out);
    out
}

/// Appends [`scalar`]'s form of `s`.
fn scalar_into(s: &str, out: &mut String) {
    if needs_quotes(s) {
        if s.chars().any(char::is_control) {
            out.push_str(&serde_json::to_string(s).expect("strings serialize"));
        } else {
            single_quoted(s, out);
        }
    } else {
        out.push_str(s);
    }
}

fn single_quoted(s: &str, out: &mut String) {
    out.push('\'');
    for (i, part) in s.split('\'').enumerate() {
        if i > 0 {
            out.push_str("''");
        }
        out.push_str(part);
    }
    out.push('\'');
}

/// Appends a scalar; inside a flow list (`flow`) `[]{},` are indicators.
fn text_into(s: &str, flow: bool, out: &mut String) {
    if flow && !needs_quotes(s) && has_flow_indicator(s) {
        single_quoted(s, out);
    } else {
        scalar_into(s, out);
    }
}

fn has_flow_indicator(s: &str) -> bool {
    s.bytes().any(|b| matches!(b, b'[' | b']' | b'{' | b'}' | b','))
}

/// Whether a plain scalar would read back as something else: an indicator
/// first, `: ` or ` #` inside, a control character, a reserved word, a
/// number or a date. One pass over the bytes; the rarer checks only run on
/// short or number-like text.
fn needs_quotes(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return true;
    };
    let indicator = matches!(
        first,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
            | b' '
    );
    if indicator || s.ends_with(' ') || s.ends_with(':') {
        return true;
    }
    let mut prev = 0u8;
    let mut ascii = true;
    for &b in bytes {
        if (prev == b':' && b == b' ') || (prev == b' ' && b == b'#') || b < 0x20 || b == 0x7f {
            return true;
        }
        ascii &= b < 0x80;
        prev = b;
    }
    // C1 control characters are two bytes in UTF-8.
    if !ascii && s.chars().any(char::is_control) {
        return true;
    }
    if bytes.len() <= 5
        && matches!(first.to_ascii_lowercase(), b't' | b'f' | b'y' | b'n' | b'o' | b'~' | b'.')
    {
        let reserved = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".nan"];
        if reserved.iter().any(|r| r.eq_ignore_ascii_case(s)) {
            return true;
        }
    }
    if s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case(".inf")) {
        return true;
    }
    // Only text starting like a number can read back as one.
    let numeric = (first.is_ascii_digit() || first == b'.')
        && (s.parse::<f64>().is_ok()
            || s.get(..2)
                .is_some_and(|p| p.eq_ignore_ascii_case("0x") || p.eq_ignore_ascii_case("0o"))
            || s.bytes().all(|c| c.is_ascii_digit() || b"_.:+-eE".contains(&c)));
    // Dates and times (`2010-09-09`) would read back as timestamps in YAML 1.1.
    let date_like =
        bytes.len() >= 8 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-';
    numeric || date_like
}

/// Why a YAML text could not be read.
#[derive(Debug)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Reads YAML (or JSON, its subset) into a template tree.
pub fn read(text: &str) -> Result<Node, SyntaxError> {
    // Most templates are in the part of YAML the fast reader reads; the
    // rest (and every text with an error) goes to the full reader.
    if let Some(node) = super::yaml_fast::read(text) {
        return Ok(node);
    }
    read_full(text)
}

/// Reads YAML with the full reader only (what [`read`] falls back to), so
/// that tests and the fuzzer can compare the two readers.
#[doc(hidden)]
pub fn read_full(text: &str) -> Result<Node, SyntaxError> {
    if let Some((line, column)) = super::nesting::too_deep(text, super::nesting::MAX_FLOW_DEPTH) {
        return Err(SyntaxError {
            line,
            column,
            message: format!(
                "collections nested more than {} deep",
                super::nesting::MAX_FLOW_DEPTH
            ),
        });
    }
    super::yaml_read::read(text).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let message = e.to_string();
        let message = match message.find(" at line ") {
            Some(at) => message[..at].to_owned(),
            None => message,
        };
        SyntaxError { line, column, message }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_that_would_change_meaning_are_quoted() {
        assert_eq!(scalar("2010-09-09"), "'2010-09-09'");
        assert_eq!(scalar("10.0.0.0/16"), "10.0.0.0/16");
        assert_eq!(scalar("0.0.0.0/0"), "0.0.0.0/0");
        assert_eq!(scalar("443"), "'443'");
        assert_eq!(scalar("yes"), "'yes'");
        assert_eq!(scalar(""), "''");
        assert_eq!(scalar("*"), "'*'");
        assert_eq!(scalar("sqs:SendMessage"), "sqs:SendMessage");
        assert_eq!(scalar("it's"), "it's");
        assert_eq!(scalar("'x"), "'''x'");
    }

    #[test]
    fn short_tags_read_as_functions() {
        let node = read("A: !GetAtt Fn.Arn\nB: !Select [1, !GetAZs '']\nC: !Ref X\n").unwrap();
        assert_eq!(node.get("A"), Some(&Node::get_att("Fn", "Arn")));
        assert_eq!(node.get("B"), Some(&Node::zone(1)));
        assert_eq!(node.get("C"), Some(&Node::reference("X")));
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let tree = Node::Map(vec![
            ("Version".into(), Node::str("2010-09-09")),
            ("Zone".into(), Node::zone(0)),
            ("Code".into(), Node::str("def handler(event, context):\n    return 1\n")),
            (
                "Tags".into(),
                Node::List(vec![Node::Map(vec![
                    ("Key".into(), Node::str("Name")),
                    ("Value".into(), Node::str("a: b")),
                ])]),
            ),
            ("Nested".into(), Node::List(vec![Node::List(vec![]), Node::Map(vec![])])),
            ("Att".into(), Node::get_att("Queue", "Arn")),
            ("Sub".into(), Node::sub("com.amazonaws.${AWS::Region}.sqs")),
            ("Flow".into(), Node::List(vec![Node::sub("${B.Arn}/*"), Node::str("a,b")])),
        ]);
        let mut text = String::new();
        write(&tree, &mut text);
        expect_test::expect![[r#"
            Version: '2010-09-09'
            Zone: !Select [0, !GetAZs '']
            Code: |
              def handler(event, context):
                  return 1
            Tags:
              - Key: Name
                Value: 'a: b'
            Nested:
              - []
              - {}
            Att: !GetAtt Queue.Arn
            Sub: !Sub com.amazonaws.${AWS::Region}.sqs
            Flow: [!Sub '${B.Arn}/*', 'a,b']
        "#]]
        .assert_eq(&text);
        assert_eq!(read(&text).unwrap(), tree);
    }
}
