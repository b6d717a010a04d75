//! JSON for templates: a pretty writer that keeps the tree's key order and
//! spells intrinsics in their long forms (`{"Fn::GetAtt": [..]}`).

use super::tree::{Node, long_name};
use std::fmt::Write;

/// Writes a template tree as indented JSON with a trailing newline.
pub fn write(root: &Node, out: &mut String) {
    write_node(root, 0, out);
    out.push('\n');
}

fn write_node(node: &Node, depth: usize, out: &mut String) {
    match node {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Node::Float(f) => out.push_str(&serde_json::Value::from(*f).to_string()),
        Node::Str(s) => string(s, out),
        Node::List(items) if items.is_empty() => out.push_str("[]"),
        Node::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, depth + 1);
                write_node(item, depth + 1, out);
            }
            out.push('\n');
            indent(out, depth);
            out.push(']');
        }
        Node::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Node::Map(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, depth + 1);
                string(key, out);
                out.push_str(": ");
                write_node(value, depth + 1, out);
            }
            out.push('\n');
            indent(out, depth);
            out.push('}');
        }
        Node::Fn(name, arg) => {
            out.push_str("{ ");
            string(&long_name(name), out);
            out.push_str(": ");
            let mark = out.len();
            if !(compact(arg, out) && out.len() - mark <= 80) {
                out.truncate(mark);
                write_node(arg, depth, out);
            }
            out.push_str(" }");
        }
    }
}

/// Appends the one-line form of a function's argument (serde_json's compact
/// form) and says whether it has one: it has none when it holds a map.
fn compact(node: &Node, out: &mut String) -> bool {
    match node {
        Node::Map(_) => return false,
        Node::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !compact(item, out) {
                    return false;
                }
            }
            out.push(']');
        }
        Node::Fn(name, arg) => {
            out.push('{');
            string(&long_name(name), out);
            out.push(':');
            if !compact(arg, out) {
                return false;
            }
            out.push('}');
        }
        scalar => write_node(scalar, 0, out),
    }
    true
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// Appends a JSON string; text without quotes, backslashes or control
/// characters is copied as it is.
fn string(s: &str, out: &mut String) {
    if s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(&serde_json::to_string(s).expect("strings serialize"));
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_ordered_json_with_long_forms() {
        let tree = Node::Map(vec![
            ("Type".into(), Node::str("AWS::EC2::Subnet")),
            ("Zone".into(), Node::zone(1)),
            ("Empty".into(), Node::List(vec![])),
        ]);
        let mut text = String::new();
        write(&tree, &mut text);
        expect_test::expect![[r#"
            {
              "Type": "AWS::EC2::Subnet",
              "Zone": { "Fn::Select": [1,{"Fn::GetAZs":""}] },
              "Empty": []
            }
        "#]]
        .assert_eq(&text);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["Zone"], serde_json::json!({"Fn::Select": [1, {"Fn::GetAZs": ""}]}));
    }
}
