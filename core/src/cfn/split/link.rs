//! Linking the parts: one part's references to another part's resources
//! (`!Ref`, `!GetAtt`, `${X}` in a `!Sub`, `DependsOn`) become
//! `!ImportValue`s of that part's exports, and the names both sides agree on.

use super::Part;
use crate::cfn::logical_id::pascal_case;
use crate::cfn::tree::Node;
use std::collections::{BTreeSet, HashMap, HashSet};

/// A value one part imports from another: the owner's logical ID and the
/// attribute (`Ref` for the resource's `!Ref`).
pub(super) type Wanted = (String, String);

/// The parameter naming the stack of the part `stem`.
pub(super) fn stack_parameter(stem: &str) -> String {
    format!("{}StackName", pascal_case(stem, "Part"))
}

/// The export name of a value, after the stack's name.
pub(super) fn export_suffix((logical_id, attribute): &Wanted) -> String {
    format!("{logical_id}-{}", attribute.replace('.', "-"))
}

/// The logical IDs and parameter names a template defines.
fn local_names(root: &Node) -> HashSet<String> {
    ["Resources", "Parameters"]
        .iter()
        .filter_map(|section| match root.get(section) {
            Some(Node::Map(entries)) => Some(entries.iter().map(|(k, _)| k.to_string())),
            _ => None,
        })
        .flatten()
        .collect()
}

/// The value of `key` in a mapping node, to change it in place.
fn get_mut<'a>(node: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    match node {
        Node::Map(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

/// Rewrites one part's references to other parts' resources into imports.
pub(super) struct Linker<'a> {
    part: usize,
    stems: &'a [Part],
    /// The part holding each primary logical ID of the design.
    owner: &'a HashMap<&'a str, usize>,
    /// What the part's own template defines.
    local: HashSet<String>,
    wanted: HashMap<usize, BTreeSet<Wanted>>,
}

impl<'a> Linker<'a> {
    /// A linker for the part at `part` of `parts`, whose template is `root`.
    pub(super) fn new(
        part: usize,
        parts: &'a [Part],
        owner: &'a HashMap<&'a str, usize>,
        root: &Node,
    ) -> Self {
        Self { part, stems: parts, owner, local: local_names(root), wanted: HashMap::new() }
    }

    /// Rewrites the references of every resource of `root`, and returns what
    /// the part imports, by the part it imports from.
    pub(super) fn link(mut self, root: &mut Node) -> HashMap<usize, BTreeSet<Wanted>> {
        if let Some(Node::Map(resources)) = get_mut(root, "Resources") {
            for (_, resource) in resources.iter_mut() {
                self.resource(resource);
            }
        }
        self.wanted
    }

    /// The part holding a logical ID this part does not define.
    fn foreign(&self, logical_id: &str) -> Option<usize> {
        if self.local.contains(logical_id) {
            return None;
        }
        self.owner.get(logical_id).copied().filter(|&k| k != self.part)
    }

    /// `!ImportValue !Sub '${<Part>StackName}-<LogicalId>-<Attribute>'`,
    /// recording the value as wanted from its part.
    fn import(&mut self, from: usize, logical_id: &str, attribute: &str) -> Node {
        let wanted = (logical_id.to_owned(), attribute.to_owned());
        let name =
            format!("${{{}}}-{}", stack_parameter(&self.stems[from].stem), export_suffix(&wanted));
        self.wanted.entry(from).or_default().insert(wanted);
        Node::Fn("ImportValue".into(), Box::new(Node::sub(name)))
    }

    fn resource(&mut self, resource: &mut Node) {
        let Node::Map(entries) = resource else { return };
        entries.retain_mut(|(key, value)| match key.as_ref() {
            "DependsOn" => {
                let keep = |n: &Node| n.as_str().is_none_or(|id| self.foreign(id).is_none());
                match value {
                    Node::List(items) => {
                        items.retain(keep);
                        !items.is_empty()
                    }
                    other => keep(other),
                }
            }
            _ => {
                self.node(value);
                true
            }
        });
    }

    fn node(&mut self, node: &mut Node) {
        match node {
            Node::List(items) => items.iter_mut().for_each(|n| self.node(n)),
            Node::Map(entries) => entries.iter_mut().for_each(|(_, n)| self.node(n)),
            Node::Fn(name, arg) => match name.as_ref() {
                "Ref" => {
                    if let Some(id) = arg.as_str().map(str::to_owned)
                        && let Some(from) = self.foreign(&id)
                    {
                        *node = self.import(from, &id, "Ref");
                    }
                }
                "GetAtt" => {
                    let target = match arg.as_list() {
                        Some([Node::Str(id), Node::Str(attribute)]) => {
                            Some((id.clone(), attribute.clone()))
                        }
                        _ => None,
                    };
                    if let Some((id, attribute)) = target
                        && let Some(from) = self.foreign(&id)
                    {
                        *node = self.import(from, &id, &attribute);
                    }
                }
                "Sub" => self.sub(arg),
                _ => self.node(arg),
            },
            _ => {}
        }
    }

    /// Rewrites `${X}` and `${X.Attr}` naming another part's resource into
    /// variables of the `!Sub`'s map (`X`, `XAttr`) bound to imports.
    fn sub(&mut self, arg: &mut Node) {
        let (text, mut vars) = match std::mem::replace(arg, Node::Null) {
            Node::Str(text) => (text, Vec::new()),
            Node::List(mut items) if items.len() == 2 => {
                let vars = items.pop().expect("two");
                let text = items.pop().expect("two");
                let mut vars = match vars {
                    Node::Map(entries) => entries,
                    other => {
                        *arg = Node::List(vec![text, other]);
                        return;
                    }
                };
                vars.iter_mut().for_each(|(_, n)| self.node(n));
                match text {
                    Node::Str(text) => (text, vars),
                    other => {
                        *arg = Node::List(vec![other, Node::Map(vars)]);
                        return;
                    }
                }
            }
            other => {
                *arg = other;
                self.node(arg);
                return;
            }
        };
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start + 2]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                rest = after;
                break;
            };
            let name = &after[..end];
            let (id, attribute) = name.split_once('.').unwrap_or((name, "Ref"));
            let is_var = vars.iter().any(|(k, _)| k == name);
            let from = (!is_var && !name.starts_with('!')).then(|| self.foreign(id)).flatten();
            match from {
                Some(from) => {
                    let var = if attribute == "Ref" {
                        id.to_owned()
                    } else {
                        format!("{id}{}", pascal_case(attribute, "Attr"))
                    };
                    if !vars.iter().any(|(k, _)| *k == var) {
                        let value = self.import(from, id, attribute);
                        vars.push((var.clone().into(), value));
                    }
                    out.push_str(&var);
                }
                None => out.push_str(name),
            }
            out.push('}');
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        *arg = if vars.is_empty() {
            Node::Str(out)
        } else {
            Node::List(vec![Node::Str(out), Node::Map(vars)])
        };
    }
}
