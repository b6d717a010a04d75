//! Exporting the parts as stacks: each part's template with the Outputs
//! other parts import and a stack-name parameter per part it imports from,
//! its findings, and the deploy order (with X003 on import cycles).

use super::link::{Linker, Wanted, export_suffix, stack_parameter};
use super::{Part, split_by_vpc};
use crate::cfn::Format;
use crate::cfn::export::{self, Exported};
use crate::cfn::logical_id::{LogicalIds, pascal_case};
use crate::cfn::tree::{Key, Node};
use crate::finding::{Finding, Severity};
use crate::model::{Design, ResourceId};
use std::collections::{BTreeSet, HashMap, HashSet};

/// One part exported: its file stem, the template and its findings, and the
/// stems of the parts it imports from.
#[derive(Clone, Debug)]
pub struct PartTemplate {
    pub stem: String,
    pub exported: Exported,
    /// The parts this one imports values from; they deploy before it.
    pub imports_from: Vec<String>,
}

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
        imports[k] = Linker::new(k, &parts, &owner, &root).link(&mut root);
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

/// A stack name for a part: letters, digits and hyphens, starting with a
/// letter, as CloudFormation requires.
fn stack_name(stem: &str) -> String {
    let name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) { name } else { format!("vpc-{name}") }
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
