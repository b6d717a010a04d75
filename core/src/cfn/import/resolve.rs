//! Resolving intrinsic functions against a template: `Ref`, `GetAtt`,
//! `Sub`, `Join`, `Select`, `GetAZs` and parameters' defaults.

use crate::cfn::tree::Node;
use std::collections::{HashMap, HashSet};

/// A property value after resolution: a plain value, or a reference to a
/// resource of the template that only a deployment could turn into text.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    /// `Ref` to a resource.
    Ref(String),
    /// `GetAtt` of a resource.
    Att(String, String),
    List(Vec<Val>),
    Map(Vec<(String, Val)>),
    /// A function that cannot be evaluated without a deployment (`If`,
    /// `ImportValue`, a parameter without a default).
    Unknown,
}

impl Val {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The resource a value points at, by `Ref` or `GetAtt`.
    pub fn target(&self) -> Option<&str> {
        match self {
            Self::Ref(id) | Self::Att(id, _) => Some(id),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Val> {
        match self {
            Self::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Val] {
        match self {
            Self::List(items) => items,
            _ => &[],
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Num(n) => Some(*n as i64),
            Self::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            Self::Str(s) => match s.to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// The value as text a design keeps: references are written back in
    /// `${Logical}` / `${Logical.Attr}` form, so that a re-export turns them
    /// into `!Sub` again.
    pub fn to_text(&self) -> Option<String> {
        match self {
            Self::Str(s) => Some(s.clone()),
            Self::Num(n) if n.fract() == 0.0 => Some((*n as i64).to_string()),
            Self::Num(n) => Some(n.to_string()),
            Self::Bool(b) => Some(b.to_string()),
            Self::Ref(id) => Some(format!("${{{id}}}")),
            Self::Att(id, attr) => Some(format!("${{{id}.{attr}}}")),
            _ => None,
        }
    }

    /// A JSON form for policy documents and generic properties.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Self::Null | Self::Unknown => Value::Null,
            Self::Bool(b) => Value::Bool(*b),
            Self::Num(n) if n.fract() == 0.0 => Value::from(*n as i64),
            Self::Num(n) => Value::from(*n),
            Self::Str(s) => Value::String(s.clone()),
            Self::Ref(_) | Self::Att(..) => Value::String(self.to_text().unwrap_or_default()),
            Self::List(items) => Value::Array(items.iter().map(Self::to_json).collect()),
            Self::Map(entries) => {
                Value::Object(entries.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }
}

/// What resolution knows about the template.
pub struct Resolver<'t> {
    pub parameters: HashMap<&'t str, Option<&'t Node>>,
    pub resources: HashSet<&'t str>,
    pub region: String,
}

impl Resolver<'_> {
    pub fn resolve(&self, node: &Node) -> Val {
        self.resolve_depth(node, 0)
    }

    fn resolve_depth(&self, node: &Node, depth: usize) -> Val {
        if depth > 64 {
            return Val::Unknown;
        }
        let next = |n: &Node| self.resolve_depth(n, depth + 1);
        match node {
            Node::Null => Val::Null,
            Node::Bool(b) => Val::Bool(*b),
            Node::Int(i) => Val::Num(*i as f64),
            Node::Float(f) => Val::Num(*f),
            Node::Str(s) => Val::Str(s.clone()),
            Node::List(items) => Val::List(items.iter().map(next).collect()),
            Node::Map(entries) => {
                Val::Map(entries.iter().map(|(k, v)| (k.to_string(), next(v))).collect())
            }
            Node::Fn(name, arg) => match name.as_ref() {
                "Ref" => match arg.as_str() {
                    Some(target) => self.reference(target, depth),
                    None => Val::Unknown,
                },
                "GetAtt" => match arg.as_list() {
                    Some([id, attr]) => match (id.as_str(), next(attr)) {
                        (Some(id), Val::Str(attr)) => Val::Att(id.to_owned(), attr),
                        _ => Val::Unknown,
                    },
                    _ => Val::Unknown,
                },
                "Sub" => self.sub(arg, depth),
                "Join" => match arg.as_list() {
                    Some([sep, list]) => {
                        let sep = next(sep);
                        let list = next(list);
                        let parts: Option<Vec<String>> =
                            list.items().iter().map(Val::to_text).collect();
                        match (sep.as_str(), parts) {
                            (_, Some(parts)) if parts.len() == 1 => list.items()[0].clone(),
                            (Some(sep), Some(parts)) => Val::Str(parts.join(sep)),
                            _ => Val::Unknown,
                        }
                    }
                    _ => Val::Unknown,
                },
                "Select" => match arg.as_list() {
                    Some([index, list]) => match (next(index).as_i64(), next(list)) {
                        (Some(i), Val::List(items)) => {
                            items.get(i.max(0) as usize).cloned().unwrap_or(Val::Unknown)
                        }
                        _ => Val::Unknown,
                    },
                    _ => Val::Unknown,
                },
                "GetAZs" => Val::List(
                    "abcdef".chars().map(|c| Val::Str(format!("{}{c}", self.region))).collect(),
                ),
                _ => Val::Unknown,
            },
        }
    }

    fn reference(&self, target: &str, depth: usize) -> Val {
        if let Some(default) = self.parameters.get(target) {
            return match default {
                Some(node) => self.resolve_depth(node, depth + 1),
                None => Val::Unknown,
            };
        }
        match target {
            "AWS::Region" => Val::Str(self.region.clone()),
            "AWS::NoValue" => Val::Null,
            t if t.starts_with("AWS::") => Val::Str(format!("${{{t}}}")),
            t => Val::Ref(t.to_owned()),
        }
    }

    /// `!Sub`: parameters and `Fn::Sub` variables are substituted; a string
    /// that is exactly `${Resource}` or `${Resource.Attr}` becomes that
    /// reference; other references and pseudo parameters stay as written.
    fn sub(&self, arg: &Node, depth: usize) -> Val {
        let (text, vars) = match arg {
            Node::Str(s) => (s.as_str(), None),
            Node::List(items) => match items.as_slice() {
                [Node::Str(s), vars] => (s.as_str(), Some(vars)),
                _ => return Val::Unknown,
            },
            _ => return Val::Unknown,
        };
        let variable = |name: &str| -> Option<Val> {
            let node = vars?.get(name)?;
            Some(self.resolve_depth(node, depth + 1))
        };
        let trimmed = text.trim();
        if let Some(inner) = trimmed.strip_prefix("${").and_then(|r| r.strip_suffix('}'))
            && !inner.contains(['$', '{', '}', '!'])
        {
            if let Some(v) = variable(inner) {
                return v;
            }
            if self.parameters.contains_key(inner) {
                return self.reference(inner, depth);
            }
            match inner.split_once('.') {
                Some((id, attr)) if self.resources.contains(id) => {
                    return Val::Att(id.to_owned(), attr.to_owned());
                }
                None if self.resources.contains(inner) => return Val::Ref(inner.to_owned()),
                _ => {}
            }
        }
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            let replaced = if let Some(literal) = name.strip_prefix('!') {
                Some(format!("${{{literal}}}"))
            } else if let Some(v) = variable(name) {
                v.to_text()
            } else if self.parameters.contains_key(name) {
                self.reference(name, depth).to_text()
            } else {
                None
            };
            out.push_str(&replaced.unwrap_or_else(|| format!("${{{name}}}")));
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Val::Str(out)
    }
}

/// The logical IDs a node refers to: `Ref`, `GetAtt` and the names inside
/// `Sub` strings (pseudo parameters and `${!Literal}` excluded).
pub fn references(node: &Node, out: &mut Vec<String>) {
    match node {
        Node::List(items) => items.iter().for_each(|n| references(n, out)),
        Node::Map(entries) => entries.iter().for_each(|(_, n)| references(n, out)),
        Node::Fn(name, arg) => match name.as_ref() {
            "Ref" => {
                if let Some(target) = arg.as_str() {
                    out.push(target.to_owned());
                }
            }
            "GetAtt" => {
                if let Some(id) = arg.as_list().and_then(|l| l.first()).and_then(Node::as_str) {
                    out.push(id.to_owned());
                }
            }
            "Sub" => {
                let (text, vars) = match &**arg {
                    Node::Str(s) => (s.as_str(), None),
                    Node::List(items) => match items.as_slice() {
                        [Node::Str(s), vars] => (s.as_str(), Some(vars)),
                        _ => ("", None),
                    },
                    _ => ("", None),
                };
                let mut rest = text;
                while let Some(start) = rest.find("${") {
                    let after = &rest[start + 2..];
                    let Some(end) = after.find('}') else { break };
                    let name = &after[..end];
                    let id = name.split('.').next().unwrap_or_default();
                    let is_var = vars.is_some_and(|v| v.get(name).is_some());
                    if !name.starts_with('!') && !is_var {
                        out.push(id.to_owned());
                    }
                    rest = &after[end + 1..];
                }
                if let Some(vars) = vars {
                    references(vars, out);
                }
            }
            _ => references(arg, out),
        },
        _ => {}
    }
}
