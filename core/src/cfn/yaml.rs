//! YAML for templates: a writer with short-form intrinsic tags (`!Ref`,
//! `!GetAtt`, `!Sub`, `!Select`, `!GetAZs`) and a reader that accepts both
//! the short tags and the long `Fn::` forms.

use super::tree::{FUNCTIONS, Node};
use serde_norway::Value;
use std::fmt::Write;

/// Writes a template tree as block-style YAML.
pub fn write(root: &Node, out: &mut String) {
    match root {
        Node::Map(entries) => write_entries(entries, 0, out),
        other => {
            out.push_str(&inline(other).unwrap_or_else(|| "{}".into()));
            out.push('\n');
        }
    }
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn write_entries(entries: &[(String, Node)], depth: usize, out: &mut String) {
    for (key, value) in entries {
        indent(out, depth);
        out.push_str(&scalar(key));
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
    if let Some(text) = inline(value) {
        out.push(' ');
        out.push_str(&text);
        out.push('\n');
        return;
    }
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
            Node::Map(entries) if !entries.is_empty() && inline(item).is_none() => {
                // The first entry shares the dash's line; the rest align with it.
                let (first, rest) = entries.split_first().expect("not empty");
                out.push(' ');
                out.push_str(&scalar(&first.0));
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

/// The one-line form of a node, when it has a readable one.
fn inline(node: &Node) -> Option<String> {
    inline_in(node, false)
}

/// The one-line form of a node; inside a flow list (`flow`), scalars with
/// `[]{},` are quoted too.
fn inline_in(node: &Node, flow: bool) -> Option<String> {
    let text = |s: &str| if flow { flow_scalar(s) } else { scalar(s) };
    match node {
        Node::Null => Some("null".into()),
        Node::Bool(b) => Some(b.to_string()),
        Node::Int(i) => Some(i.to_string()),
        Node::Float(f) => Some(format!("{f:?}")),
        Node::Str(s) if s.contains('\n') => None,
        Node::Str(s) => Some(text(s)),
        Node::List(items) if items.is_empty() => Some("[]".into()),
        Node::Map(entries) if entries.is_empty() => Some("{}".into()),
        Node::List(items) => flow_list(items),
        Node::Map(_) => None,
        Node::Fn(name, arg) => match (name.as_str(), &**arg) {
            ("GetAtt", Node::List(parts)) if parts.len() == 2 => {
                let (id, attr) = (parts[0].as_str()?, parts[1].as_str()?);
                Some(format!("!GetAtt {}", text(&format!("{id}.{attr}"))))
            }
            (_, arg @ (Node::Str(_) | Node::Int(_) | Node::Bool(_))) => {
                Some(format!("!{name} {}", inline_in(arg, flow)?))
            }
            (_, Node::List(items)) => Some(format!("!{name} {}", flow_list(items)?)),
            _ => None,
        },
    }
}

/// `[a, b, !Ref c]` for short lists of scalars and functions.
fn flow_list(items: &[Node]) -> Option<String> {
    let parts: Option<Vec<String>> = items
        .iter()
        .map(|item| match item {
            Node::Str(s) if s.contains('\n') => None,
            Node::Map(_) => None,
            Node::List(inner) => flow_list(inner),
            other => inline_in(other, true),
        })
        .collect();
    let text = format!("[{}]", parts?.join(", "));
    (text.len() <= 100).then_some(text)
}

/// A plain scalar when YAML reads it back as the same string, else a quoted
/// one.
pub fn scalar(s: &str) -> String {
    if needs_quotes(s) {
        if s.chars().any(|c| c.is_control()) {
            serde_json::to_string(s).expect("strings serialize")
        } else {
            format!("'{}'", s.replace('\'', "''"))
        }
    } else {
        s.to_owned()
    }
}

/// A scalar inside a flow list, where `[]{},` are indicators.
fn flow_scalar(s: &str) -> String {
    if !needs_quotes(s) && s.contains(['[', ']', '{', '}', ',']) {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        scalar(s)
    }
}

fn needs_quotes(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return true;
    };
    if "-?:,[]{}#&*!|>'\"%@` ".contains(first) || s.ends_with(' ') || s.ends_with(':') {
        return true;
    }
    if s.contains(": ") || s.contains(" #") || s.chars().any(|c| c.is_control()) {
        return true;
    }
    let reserved = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".nan"];
    if reserved.iter().any(|r| r.eq_ignore_ascii_case(s))
        || s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case(".inf"))
    {
        return true;
    }
    // Only text starting like a number can read back as one.
    let numeric = (first.is_ascii_digit() || first == '.')
        && (s.parse::<f64>().is_ok()
            || s.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0x") || p.eq_ignore_ascii_case("0o"))
            || s.chars().all(|c| c.is_ascii_digit() || "_.:+-eE".contains(c)));
    // Dates and times (`2010-09-09`) would read back as timestamps in YAML 1.1.
    let date_like = s.len() >= 8
        && s.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && s.as_bytes()[4] == b'-';
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
    let value: Value = serde_norway::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let message = e.to_string();
        let message = match message.find(" at line ") {
            Some(at) => message[..at].to_owned(),
            None => message,
        };
        SyntaxError {
            line,
            column,
            message,
        }
    })?;
    Ok(from_value(value))
}

fn from_value(value: Value) -> Node {
    match value {
        Value::Null => Node::Null,
        Value::Bool(b) => Node::Bool(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Node::Int(i),
            None => Node::Float(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => Node::Str(s),
        Value::Sequence(items) => Node::List(items.into_iter().map(from_value).collect()),
        Value::Mapping(map) => {
            let entries = map
                .into_iter()
                .map(|(k, v)| {
                    let key = match from_value(k) {
                        Node::Str(s) => s,
                        Node::Int(i) => i.to_string(),
                        Node::Bool(b) => b.to_string(),
                        Node::Float(f) => f.to_string(),
                        _ => String::new(),
                    };
                    (key, from_value(v))
                })
                .collect();
            Node::Map(entries).into_intrinsic()
        }
        Value::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let name = tag.trim_start_matches('!');
            let arg = from_value(tagged.value);
            if FUNCTIONS.contains(&name) {
                Node::intrinsic(name, arg)
            } else {
                arg
            }
        }
    }
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
            (
                "Code".into(),
                Node::str("def handler(event, context):\n    return 1\n"),
            ),
            (
                "Tags".into(),
                Node::List(vec![Node::Map(vec![
                    ("Key".into(), Node::str("Name")),
                    ("Value".into(), Node::str("a: b")),
                ])]),
            ),
            (
                "Nested".into(),
                Node::List(vec![Node::List(vec![]), Node::Map(vec![])]),
            ),
            ("Att".into(), Node::get_att("Queue", "Arn")),
            ("Sub".into(), Node::sub("com.amazonaws.${AWS::Region}.sqs")),
            (
                "Flow".into(),
                Node::List(vec![Node::sub("${B.Arn}/*"), Node::str("a,b")]),
            ),
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
