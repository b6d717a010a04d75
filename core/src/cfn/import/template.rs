//! The template as CloudFormation processes it before provisioning: macros
//! of the language extensions (`Fn::ForEach`) expanded, the SAM transform's
//! serverless functions translated to Lambda resources, resources whose
//! `Condition` is false left out, and a `Properties: Fn::If` decided.
//!
//! The result owns its resources, because expansion and translation make
//! resources the text does not hold.

use super::resolve::{Conditions, Param, Resolver, Val};
use super::{ImportError, ImportWarning};
use crate::cfn::tree::{Key, Node};
use std::borrow::Cow;
use std::collections::HashMap;

/// `Fn::ForEach` loops nest at most this deep and make at most this many
/// resources, which bounds the work of a crafted template.
const MAX_LOOP_DEPTH: usize = 8;
const MAX_EXPANDED: usize = 100_000;

/// One resource of the processed template.
#[derive(Clone, Debug)]
pub(crate) struct Declared<'t> {
    pub logical_id: String,
    pub resource_type: String,
    /// The template's own properties where nothing changed them.
    pub properties: Cow<'t, Node>,
    pub condition: Option<String>,
    pub depends_on: Vec<String>,
    /// Made by a transform, not written as such: CloudFormation's checks of
    /// required properties apply to what the transform makes of it.
    pub translated: bool,
}

/// The parameters of a template with the values the user gave.
pub(crate) fn parameters<'t>(
    root: &'t Node,
    given: &HashMap<String, String>,
) -> HashMap<&'t str, Param<'t>> {
    match root.get("Parameters") {
        Some(Node::Map(params)) => params
            .iter()
            .map(|(name, decl)| {
                (name.as_ref(), Param::new(decl, given.get(name.as_ref()).map(String::as_str)))
            })
            .collect(),
        _ => HashMap::new(),
    }
}

/// The resources of the template with loops expanded and serverless
/// functions translated.
pub(crate) fn declared<'t>(
    root: &'t Node,
    resolver: &Resolver<'_>,
    warnings: &mut Vec<ImportWarning>,
) -> Result<Vec<Declared<'t>>, ImportError> {
    let Some(Node::Map(resources)) = root.get("Resources") else {
        return Err(ImportError::NotATemplate("there is no Resources mapping".into()));
    };
    let mut expanded = Vec::with_capacity(resources.len());
    expand(resources, resolver, &[], 0, &mut expanded)?;
    if expanded.is_empty() {
        return Err(ImportError::NotATemplate("Resources is empty".into()));
    }
    let serverless = has_transform(root, "AWS::Serverless");
    let globals = root.get("Globals").and_then(|g| g.get("Function"));
    let mut out = Vec::with_capacity(expanded.len());
    for (logical_id, resource) in expanded {
        let Some(resource_type) = resource.get("Type").and_then(Node::as_str) else {
            return Err(ImportError::MissingProperty {
                logical_id,
                resource_type: "no type".into(),
                property: "Type".into(),
            });
        };
        let properties = match &resource {
            Cow::Borrowed(r) => properties(r, &logical_id, resolver, warnings)?,
            Cow::Owned(r) => {
                Cow::Owned(properties(r, &logical_id, resolver, warnings)?.into_owned())
            }
        };
        let declared = Declared {
            condition: resource.get("Condition").and_then(Node::as_str).map(str::to_owned),
            depends_on: depends_on(&resource),
            resource_type: resource_type.to_owned(),
            properties,
            logical_id,
            translated: false,
        };
        if serverless && declared.resource_type.starts_with("AWS::Serverless::") {
            super::serverless::translate(declared, globals, &mut out);
        } else {
            out.push(declared);
        }
    }
    Ok(out)
}

/// A resource's properties: its `Properties` mapping, the branch of a
/// `Properties: Fn::If` its condition picks, or an empty mapping.
fn properties<'n>(
    resource: &'n Node,
    logical_id: &str,
    resolver: &Resolver<'_>,
    warnings: &mut Vec<ImportWarning>,
) -> Result<Cow<'n, Node>, ImportError> {
    let empty = || Cow::Owned(Node::Map(Vec::new()));
    Ok(match resource.get("Properties") {
        None | Some(Node::Null) => empty(),
        Some(Node::Fn(name, arg)) if name == "If" => match choose(arg, resolver) {
            Some(branch @ Node::Map(_)) => Cow::Borrowed(branch),
            Some(_) => empty(),
            None => {
                warnings.push(ImportWarning {
                    logical_id: logical_id.to_owned(),
                    message: "its Properties depend on a condition known only at deploy time; \
                              the first branch is shown"
                        .into(),
                });
                match arg.as_list().and_then(|l| l.get(1)) {
                    Some(branch @ Node::Map(_)) => Cow::Borrowed(branch),
                    _ => empty(),
                }
            }
        },
        Some(props @ Node::Map(_)) => Cow::Borrowed(props),
        Some(_) => {
            return Err(ImportError::Invalid {
                logical_id: logical_id.to_owned(),
                message: "Properties must be a mapping".into(),
            });
        }
    })
}

/// The branch of `Fn::If [condition, then, else]` the condition picks.
fn choose<'n>(arg: &'n Node, resolver: &Resolver<'_>) -> Option<&'n Node> {
    let [condition, then, otherwise] = arg.as_list()? else {
        return None;
    };
    match resolver.conditions.value(condition.as_str()?, resolver)? {
        true => Some(then),
        false => Some(otherwise),
    }
}

fn depends_on(resource: &Node) -> Vec<String> {
    match resource.get("DependsOn") {
        Some(Node::Str(s)) => vec![s.clone()],
        Some(Node::List(items)) => {
            items.iter().filter_map(Node::as_str).map(str::to_owned).collect()
        }
        _ => Vec::new(),
    }
}

/// Whether the template names a transform starting with `prefix`.
fn has_transform(root: &Node, prefix: &str) -> bool {
    match root.get("Transform") {
        Some(Node::Str(s)) => s.starts_with(prefix),
        Some(Node::List(items)) => {
            items.iter().any(|t| t.as_str().is_some_and(|s| s.starts_with(prefix)))
        }
        _ => false,
    }
}

/// Expands `Fn::ForEach::Name: [Identifier, Collection, {Key: Template}]`
/// entries (nested ones too) into plain resources, substituting each
/// collection item for `${Identifier}`, `&{Identifier}` and
/// `Ref: Identifier`.
fn expand<'t>(
    entries: &'t [(Key, Node)],
    resolver: &Resolver<'_>,
    bindings: &[(String, String)],
    depth: usize,
    out: &mut Vec<(String, Cow<'t, Node>)>,
) -> Result<(), ImportError> {
    for (key, node) in entries {
        if !key.starts_with("Fn::ForEach::") {
            let logical_id = substitute_text(key, bindings);
            // Outside loops a resource is the template's own, unchanged.
            let node = if bindings.is_empty() {
                Cow::Borrowed(node)
            } else {
                Cow::Owned(substitute(node, bindings))
            };
            out.push((logical_id, node));
            continue;
        }
        let invalid = |message: &str| ImportError::Invalid {
            logical_id: key.to_string(),
            message: message.to_owned(),
        };
        if depth >= MAX_LOOP_DEPTH {
            return Err(invalid("Fn::ForEach loops nest too deeply"));
        }
        let Some([identifiers, collection, Node::Map(template)]) = node.as_list() else {
            return Err(invalid("Fn::ForEach takes [identifier, collection, template]"));
        };
        // An identifier may itself be a parameter's value.
        let name = |n: &Node| resolver.resolve(&substitute(n, bindings)).to_text();
        let identifiers: Option<Vec<String>> = match identifiers {
            Node::List(many) => many.iter().map(name).collect(),
            one => name(one).map(|n| vec![n]),
        };
        let identifiers = identifiers.unwrap_or_default();
        if identifiers.is_empty() {
            return Err(invalid("the identifier of Fn::ForEach is not a name"));
        }
        // Each iteration binds every identifier: one item to one name, a
        // list item to as many names, a map entry to a key and a value.
        let rows: Vec<Vec<Val>> = match resolver.resolve(&substitute(collection, bindings)) {
            Val::List(items) if identifiers.len() == 1 => {
                items.into_iter().map(|item| vec![item]).collect()
            }
            Val::List(items) => items.into_iter().map(|item| item.items().to_vec()).collect(),
            Val::Map(entries) if identifiers.len() == 2 => {
                entries.into_iter().map(|(k, v)| vec![Val::Str(k), v]).collect()
            }
            _ => {
                return Err(invalid(
                    "the collection of Fn::ForEach is not a list known before deployment",
                ));
            }
        };
        for row in rows {
            let texts: Option<Vec<String>> = row.iter().map(Val::to_text).collect();
            let Some(texts) = texts.filter(|t| t.len() == identifiers.len()) else {
                return Err(invalid(
                    "an item of the Fn::ForEach collection does not fit its identifiers",
                ));
            };
            let mut inner = bindings.to_vec();
            inner.extend(identifiers.iter().cloned().zip(texts));
            expand(template, resolver, &inner, depth + 1, out)?;
            if out.len() > MAX_EXPANDED {
                return Err(invalid("Fn::ForEach makes too many resources"));
            }
        }
    }
    Ok(())
}

/// A node with the loop bindings substituted.
fn substitute(node: &Node, bindings: &[(String, String)]) -> Node {
    if bindings.is_empty() {
        return node.clone();
    }
    match node {
        Node::Str(s) => Node::Str(substitute_text(s, bindings)),
        Node::List(items) => Node::List(items.iter().map(|n| substitute(n, bindings)).collect()),
        Node::Map(entries) => Node::Map(
            entries
                .iter()
                .map(|(k, v)| (Key::from(substitute_text(k, bindings)), substitute(v, bindings)))
                .collect(),
        ),
        Node::Fn(name, arg) if name == "Ref" => match arg.as_str() {
            Some(target) => match bindings.iter().rev().find(|(id, _)| id == target) {
                Some((_, value)) => Node::Str(value.clone()),
                None => node.clone(),
            },
            None => node.clone(),
        },
        Node::Fn(name, arg) => Node::Fn(name.clone(), Box::new(substitute(arg, bindings))),
        other => other.clone(),
    }
}

/// `${Identifier}` (spaces inside the braces allowed) becomes the item,
/// `&{Identifier}` the item without its non-alphanumeric characters (for
/// logical IDs).
fn substitute_text(text: &str, bindings: &[(String, String)]) -> String {
    if !text.contains("${") && !text.contains("&{") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(['$', '&']) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let alphanumeric = from.starts_with('&');
        let replaced = from.get(1..).filter(|r| r.starts_with('{')).and_then(|r| {
            let end = r.find('}')?;
            let name = r[1..end].trim();
            let (_, value) = bindings.iter().rev().find(|(id, _)| id == name)?;
            let value = if alphanumeric {
                value.chars().filter(char::is_ascii_alphanumeric).collect()
            } else {
                value.clone()
            };
            Some((value, end + 2))
        });
        match replaced {
            Some((value, used)) => {
                out.push_str(&value);
                rest = &from[used..];
            }
            None => {
                out.push_str(&from[..1]);
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The conditions of the template.
pub(crate) fn conditions(root: &Node) -> Conditions<'_> {
    Conditions::new(root.get("Conditions"))
}
