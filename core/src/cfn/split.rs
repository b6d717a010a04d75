//! One design per VPC, for `vpcraft export --per-vpc` (SPEC §4: "one
//! template per design, or per VPC when asked").
//!
//! Each VPC's part holds the VPC and every resource inside it (zones,
//! subnets, tables, groups, endpoints, and what sits in its subnets or
//! groups). A resource outside any VPC (a queue, a bucket, a role's target,
//! a permission) joins the VPC whose resources use it, through a reference
//! or a flow in either direction, step by step outwards; one used from
//! several VPCs, or from none, goes to the `shared` part. Flows between
//! parts are left out of both, since neither template can hold them.
//!
//! [`export_per_vpc`] writes the parts as templates that deploy as separate
//! stacks. Logical IDs are claimed over the whole design, so a resource has
//! the same one whichever part names it. A part whose resources refer to a
//! resource of another part (a function's `${Reports}` naming the shared
//! bucket, a route to a peering connection of the other VPC) gets it by
//! `!ImportValue`, not by a parameter the deployer would have to fill in:
//! the part that holds the resource exports it as an Output named
//! `${AWS::StackName}-<LogicalId>-<Attribute>` (`Ref` for a `!Ref`), and the
//! importing part reads `${<Part>StackName}-<LogicalId>-<Attribute>`, where
//! `<Part>StackName` is a parameter per part it imports from, defaulting to
//! that part's file stem (so stacks named after their files need no
//! parameters). `!Ref` and `!GetAtt` become `!ImportValue`; a `!Sub` keeps
//! its text and takes the imported values through its variable map;
//! `DependsOn` on another part's resource is dropped, since the import
//! already orders the stacks. The templates come back in deploy order: a
//! part after every part it imports from, so `shared` first. Parts that
//! import from each other cannot both deploy first; such a cycle is
//! reported as an export finding (X003) on each part in it.

use super::Format;
use super::export::{self, Exported};
use super::logical_id::{LogicalIds, pascal_case};
use super::tree::{Key, Node};
use crate::finding::{Finding, Severity};
use crate::index::Index;
use crate::model::{Design, Kind, ResourceId};
use std::collections::{BTreeSet, HashMap, HashSet};

/// One template's worth of a design: a file stem and the design it holds.
#[derive(Clone, Debug)]
pub struct Part {
    /// The VPC's ID made safe for a file name, or `shared`.
    pub stem: String,
    pub design: Design,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Vpc(usize),
    Shared,
}

/// Splits a design into one part per VPC, in design order, and a `shared`
/// part when some resources belong to no single VPC.
pub fn split_by_vpc(design: &Design) -> Vec<Part> {
    let index = Index::new(design);
    let vpcs: Vec<&ResourceId> =
        design.resources.iter().filter(|r| matches!(r.kind, Kind::Vpc(_))).map(|r| &r.id).collect();
    let vpc_group: HashMap<&ResourceId, usize> =
        vpcs.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut group: HashMap<&ResourceId, Group> = HashMap::new();
    for r in &design.resources {
        let vpc = if matches!(r.kind, Kind::Vpc(_)) { Some(&r.id) } else { index.vpc_of(&r.id) };
        if let Some(&k) = vpc.and_then(|v| vpc_group.get(v)) {
            group.insert(&r.id, Group::Vpc(k));
        }
    }
    // Who is next to whom: references and flows, both ways.
    let mut neighbours: HashMap<&ResourceId, Vec<&ResourceId>> = HashMap::new();
    let mut link = |a: &'_ ResourceId, b: &'_ ResourceId| {
        let (Some(a), Some(b)) = (index.get(a), index.get(b)) else {
            return;
        };
        neighbours.entry(&a.id).or_default().push(&b.id);
        neighbours.entry(&b.id).or_default().push(&a.id);
    };
    for r in &design.resources {
        for reference in r.kind.references() {
            link(&r.id, reference.target);
        }
    }
    for flow in &design.flows {
        link(&flow.source, &flow.target);
    }
    // Outwards from the VPCs, one ring at a time, so that a resource two
    // VPCs reach in the same ring is shared.
    loop {
        let mut decided: Vec<(&ResourceId, Group)> = Vec::new();
        for r in &design.resources {
            if group.contains_key(&r.id) {
                continue;
            }
            let near: HashSet<usize> = neighbours
                .get(&r.id)
                .into_iter()
                .flatten()
                .filter_map(|n| match group.get(n) {
                    Some(Group::Vpc(k)) => Some(*k),
                    _ => None,
                })
                .collect();
            match near.len() {
                0 => {}
                1 => decided.push((&r.id, Group::Vpc(*near.iter().next().expect("one")))),
                _ => decided.push((&r.id, Group::Shared)),
            }
        }
        if decided.is_empty() {
            break;
        }
        group.extend(decided);
    }
    let mut parts: Vec<Part> = vpcs
        .iter()
        .map(|vpc| Part {
            stem: file_stem(vpc.as_str()),
            design: Design {
                name: format!("{} ({})", design.name, index.name(vpc)),
                ..empty(design)
            },
        })
        .collect();
    let mut shared = Part {
        stem: "shared".into(),
        design: Design { name: format!("{} (shared)", design.name), ..empty(design) },
    };
    let mut part_of: HashMap<&ResourceId, usize> = HashMap::new();
    for r in &design.resources {
        let k = match group.get(&r.id) {
            Some(Group::Vpc(k)) => *k,
            _ => parts.len(),
        };
        part_of.insert(&r.id, k);
        let part = parts.get_mut(k).unwrap_or(&mut shared);
        part.design.resources.push(r.clone());
        if let Some(rect) = design.layout.positions.get(&r.id) {
            part.design.layout.positions.insert(r.id.clone(), *rect);
        }
    }
    for flow in &design.flows {
        let (Some(a), Some(b)) = (part_of.get(&flow.source), part_of.get(&flow.target)) else {
            continue;
        };
        if a == b {
            let part = parts.get_mut(*a).unwrap_or(&mut shared);
            part.design.flows.push(flow.clone());
        }
    }
    if !shared.design.resources.is_empty() {
        parts.push(shared);
    }
    parts
}

/// The design's header without its resources, flows and layout.
fn empty(design: &Design) -> Design {
    let mut out = design.clone();
    out.resources.clear();
    out.flows.clear();
    out.layout.positions.clear();
    out
}

/// Letters, digits, `-` and `_` kept, anything else `-`.
fn file_stem(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .collect();
    if stem.is_empty() || stem == "shared" { format!("vpc-{stem}") } else { stem }
}

/// One part exported: its file stem, the template and its findings, and the
/// stems of the parts it imports from.
#[derive(Clone, Debug)]
pub struct PartTemplate {
    pub stem: String,
    pub exported: Exported,
    /// The parts this one imports values from; they deploy before it.
    pub imports_from: Vec<String>,
}

/// A value one part imports from another: the owner's logical ID and the
/// attribute (`Ref` for the resource's `!Ref`).
type Wanted = (String, String);

/// Splits a design with [`split_by_vpc`] and exports each part, its
/// references to other parts' resources wired through exports and
/// `!ImportValue`, in deploy order. Each part lists the design's findings
/// about its resources (and those about no resource in particular).
pub fn export_per_vpc(design: &Design, format: Format) -> Vec<PartTemplate> {
    let parts = split_by_vpc(design);
    let (ids, _) = export::primary_ids(design);
    let mut owner: HashMap<&str, usize> = HashMap::new();
    let mut holder: HashMap<&ResourceId, usize> = HashMap::new();
    for (k, part) in parts.iter().enumerate() {
        for r in &part.design.resources {
            holder.insert(&r.id, k);
            if let Some(logical) = ids.get(&r.id) {
                owner.insert(logical.as_str(), k);
            }
        }
        for f in &part.design.flows {
            holder.insert(&f.id, k);
        }
    }
    let findings = crate::rules::validate(design);
    let mut trees = Vec::with_capacity(parts.len());
    // What each part imports, by the part it imports from.
    let mut imports: Vec<HashMap<usize, BTreeSet<Wanted>>> = vec![HashMap::new(); parts.len()];
    for (k, part) in parts.iter().enumerate() {
        let (mut root, notes) = export::build_part(&part.design, &ids);
        let mut linker = Linker {
            part: k,
            stems: &parts,
            owner: &owner,
            local: local_names(&root),
            wanted: HashMap::new(),
        };
        if let Some(Node::Map(resources)) = get_mut(&mut root, "Resources") {
            for (_, resource) in resources.iter_mut() {
                linker.resource(resource);
            }
        }
        imports[k] = std::mem::take(&mut linker.wanted);
        trees.push((root, notes));
    }
    // The exports each part owes the others.
    let mut exports: Vec<BTreeSet<Wanted>> = vec![BTreeSet::new(); parts.len()];
    for wanted in &imports {
        for (from, values) in wanted {
            exports[*from].extend(values.iter().cloned());
        }
    }
    let has_shared = parts.last().is_some_and(|p| p.stem == "shared");
    let order = deploy_order(&imports, has_shared);
    let mut out: Vec<Option<PartTemplate>> = vec![None; parts.len()];
    for (k, (part, (mut root, notes))) in parts.iter().zip(trees).enumerate() {
        add_exports(&mut root, &exports[k]);
        let mut from: Vec<usize> = imports[k].keys().copied().collect();
        from.sort_unstable();
        let parameters: Vec<(Key, Node)> = from
            .iter()
            .map(|&f| {
                let stem = &parts[f].stem;
                (
                    Key::from(stack_parameter(stem)),
                    Node::Map(vec![
                        ("Type".into(), Node::str("String")),
                        ("Default".into(), Node::str(stack_name(stem))),
                        (
                            "Description".into(),
                            Node::Str(format!(
                                "The name of the stack of part {stem}, deployed before this one."
                            )),
                        ),
                    ]),
                )
            })
            .collect();
        add_parameters(&mut root, parameters);
        let mut part_findings: Vec<Finding> = findings
            .iter()
            .filter(|f| {
                let held: Vec<usize> =
                    f.resources.iter().filter_map(|r| holder.get(&r.id).copied()).collect();
                held.is_empty() || held.contains(&k)
            })
            .cloned()
            .collect();
        part_findings.extend(notes);
        if order.cyclic.contains(&k) {
            part_findings.push(cycle_finding(&part.stem, &from, &parts));
        }
        let text = export::write(&part.design, root, format, &part_findings);
        out[k] = Some(PartTemplate {
            stem: part.stem.clone(),
            exported: Exported { text, findings: part_findings },
            imports_from: from.iter().map(|&f| parts[f].stem.clone()).collect(),
        });
    }
    order.order.into_iter().filter_map(|k| out[k].take()).collect()
}

/// The parameter naming the stack of the part `stem`.
fn stack_parameter(stem: &str) -> String {
    format!("{}StackName", pascal_case(stem, "Part"))
}

/// A stack name for a part: letters, digits and hyphens, starting with a
/// letter, as CloudFormation requires.
fn stack_name(stem: &str) -> String {
    let name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) { name } else { format!("vpc-{name}") }
}

/// The export name of a value, after the stack's name.
fn export_suffix((logical_id, attribute): &Wanted) -> String {
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

fn get_mut<'a>(node: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    match node {
        Node::Map(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

/// Rewrites one part's references to other parts' resources into imports.
struct Linker<'a> {
    part: usize,
    stems: &'a [Part],
    /// The part holding each primary logical ID of the design.
    owner: &'a HashMap<&'a str, usize>,
    /// What the part's own template defines.
    local: HashSet<String>,
    wanted: HashMap<usize, BTreeSet<Wanted>>,
}

impl Linker<'_> {
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

/// Adds an exported Output for each value other parts import.
fn add_exports(root: &mut Node, exports: &BTreeSet<Wanted>) {
    if exports.is_empty() {
        return;
    }
    let Node::Map(sections) = root else { return };
    if !sections.iter().any(|(k, _)| k == "Outputs") {
        sections.push(("Outputs".into(), Node::Map(Vec::new())));
    }
    let Some((_, Node::Map(outputs))) = sections.iter_mut().find(|(k, _)| k == "Outputs") else {
        return;
    };
    let mut names = LogicalIds::default();
    for (name, _) in outputs.iter() {
        names.reserve(name);
    }
    for wanted in exports {
        let (logical_id, attribute) = wanted;
        let value = if attribute == "Ref" {
            Node::reference(logical_id)
        } else {
            Node::get_att(logical_id, attribute)
        };
        let base = if attribute == "Ref" {
            format!("{logical_id}Export")
        } else {
            format!("{logical_id}{}Export", pascal_case(attribute, "Attr"))
        };
        let name = names.claim(&base);
        outputs.push((
            name.into(),
            Node::Map(vec![
                (
                    "Description".into(),
                    Node::Str(format!(
                        "{logical_id} {attribute}, imported by the other parts of the design."
                    )),
                ),
                ("Value".into(), value),
                (
                    "Export".into(),
                    Node::Map(vec![(
                        "Name".into(),
                        Node::sub(format!("${{AWS::StackName}}-{}", export_suffix(wanted))),
                    )]),
                ),
            ]),
        ));
    }
}

/// Adds parameters, before `Resources` when the template has none yet.
fn add_parameters(root: &mut Node, parameters: Vec<(Key, Node)>) {
    if parameters.is_empty() {
        return;
    }
    let Node::Map(sections) = root else { return };
    if let Some((_, Node::Map(existing))) = sections.iter_mut().find(|(k, _)| k == "Parameters") {
        existing.extend(parameters);
        return;
    }
    let at = sections.iter().position(|(k, _)| k == "Resources").unwrap_or(sections.len());
    sections.insert(at, ("Parameters".into(), Node::Map(parameters)));
}

struct Order {
    /// Part indices, each after the parts it imports from.
    order: Vec<usize>,
    /// Parts on an import cycle, placed last in design order.
    cyclic: HashSet<usize>,
}

/// Parts in deploy order: repeatedly the first part whose imports are all
/// deployed, `shared` (the last part, when `has_shared`) before the VPCs in
/// split order; what is left is on (or behind) a cycle.
fn deploy_order(imports: &[HashMap<usize, BTreeSet<Wanted>>], has_shared: bool) -> Order {
    let n = imports.len();
    let preference: Vec<usize> = if has_shared {
        std::iter::once(n - 1).chain(0..n - 1).collect()
    } else {
        (0..n).collect()
    };
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while let Some(&k) =
        preference.iter().find(|&&k| !done[k] && imports[k].keys().all(|&f| done[f]))
    {
        done[k] = true;
        order.push(k);
    }
    let cyclic: HashSet<usize> = (0..n).filter(|&k| !done[k]).collect();
    order.extend(preference.iter().filter(|k| cyclic.contains(k)));
    Order { order, cyclic }
}

fn cycle_finding(stem: &str, from: &[usize], parts: &[Part]) -> Finding {
    let others: Vec<&str> = from.iter().map(|&f| parts[f].stem.as_str()).collect();
    Finding {
        rule: "X003".into(),
        severity: Severity::Warning,
        title: "Parts import from each other".into(),
        message: format!(
            "Part {stem} imports from {} and is on a cycle of imports, so no deploy order \
             satisfies every import; move the resources that refer across into one part.",
            others.join(", ")
        ),
        resources: Vec::new(),
        doc_url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-importvalue.html".into(),
        fix: None,
        quick_fixes: Vec::new(),
    }
}
