//! Template → design: reads YAML (short tags or long forms) or JSON, checks
//! that every reference resolves and nothing depends on itself, then turns
//! the resources into a design, restoring vpcraft's metadata when present
//! and otherwise inferring flows and laying the design out with the one
//! layout engine ([`crate::layout`]).

mod build;
mod flows;
mod resolve;
mod serverless;
mod stacks;
mod template;
mod wiring;

pub use build::kind_of_type;
pub use stacks::nested_template_urls;
pub use wiring::add as infer_wiring_flows;

use super::metadata;
use super::tree::Node;
use crate::model::{Design, ResourceId};
use std::collections::{HashMap, HashSet};

/// Why a template could not be imported. The `Display` form is one line
/// naming the line and column or the logical ID at fault.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("line {line}, column {column}: {message}")]
    Syntax { line: usize, column: usize, message: String },
    #[error("not a CloudFormation template: {0}")]
    NotATemplate(String),
    #[error("resource {logical_id} ({resource_type}) is missing the required property {property}")]
    MissingProperty { logical_id: String, resource_type: String, property: String },
    #[error(
        "resource {logical_id} refers to {target}, which is neither a resource nor a parameter"
    )]
    UnknownReference { logical_id: String, target: String },
    #[error("resources depend on each other in a cycle: {}", .0.join(" -> "))]
    Cycle(Vec<String>),
    #[error("resource {logical_id}: {message}")]
    Invalid { logical_id: String, message: String },
    /// The shell asked the import to stop ([`crate::cancel`]).
    #[error("the import was cancelled")]
    Cancelled,
}

/// Something the import could not carry over exactly.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ImportWarning {
    pub logical_id: String,
    pub message: String,
}

/// An imported design and what the import could not carry over.
#[derive(Clone, Debug)]
pub struct Imported {
    pub design: Design,
    pub warnings: Vec<ImportWarning>,
    /// The template's parameters and the values this import used, so that
    /// a person can choose others and import again.
    pub parameters: Vec<TemplateParameter>,
    /// The design resource each logical ID of the template became (a
    /// resource folded into another, such as an ingress rule, has none).
    pub resources_by_logical_id: HashMap<String, ResourceId>,
}

/// One parameter of a template, as the import read it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TemplateParameter {
    pub name: String,
    /// The CloudFormation type (`String`, `AWS::EC2::VPC::Id`, ...).
    #[serde(rename = "type")]
    pub type_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// The value the import used: the one given, else the default; none
    /// when the value is known only at deploy time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<String>,
}

/// The parameters a template declares, with the value each resolves to
/// (the one given, else the default; none when only the deployment knows
/// it, as the resolver decides).
fn template_parameters(root: &Node, resolver: &resolve::Resolver<'_>) -> Vec<TemplateParameter> {
    let Some(Node::Map(params)) = root.get("Parameters") else {
        return Vec::new();
    };
    let text = |n: &Node| match n {
        Node::Str(s) => Some(s.clone()),
        Node::Int(i) => Some(i.to_string()),
        Node::Float(f) => Some(f.to_string()),
        Node::Bool(b) => Some(b.to_string()),
        Node::List(items) => {
            let parts: Option<Vec<String>> =
                items.iter().map(|i| i.as_str().map(str::to_owned)).collect();
            parts.map(|p| p.join(","))
        }
        _ => None,
    };
    params
        .iter()
        .map(|(name, decl)| {
            let default = decl.get("Default").and_then(text);
            let type_name = decl.get("Type").and_then(Node::as_str).unwrap_or("String").to_owned();
            let value = match resolver.resolve(&Node::reference(name)) {
                resolve::Val::List(items) => {
                    let parts: Option<Vec<String>> = items.iter().map(|i| i.to_text()).collect();
                    parts.map(|p| p.join(","))
                }
                other => other.to_text(),
            };
            TemplateParameter {
                name: name.to_string(),
                type_name,
                default,
                value,
                description: decl.get("Description").and_then(Node::as_str).map(str::to_owned),
                allowed: decl
                    .get("AllowedValues")
                    .and_then(Node::as_list)
                    .map(|l| l.iter().filter_map(text).collect())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// One resource of the processed template.
pub(crate) struct Entry<'t> {
    pub logical_id: &'t str,
    pub resource_type: &'t str,
    pub properties: &'t Node,
}

/// What the user chose for an import: parameter values that replace the
/// template's defaults.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    pub parameters: HashMap<String, String>,
    /// The logical IDs a deployed stack holds, when the template is read
    /// from one: a resource the stack lacks (its creation failed, or it was
    /// deleted) is left out with a warning, as is one whose condition is
    /// known only at deploy time and turned out false.
    pub deployed: Option<HashSet<String>>,
    /// The templates of nested stacks that the caller could read, by their
    /// `TemplateURL` as the parent writes it (a path beside the parent), or
    /// by file name: a stack whose URL ends in `/network.yaml` reads the
    /// child given as `network.yaml` (the files a person picked together).
    pub children: HashMap<String, String>,
}

/// Imports a CloudFormation template (YAML or JSON) with the parameters'
/// defaults.
pub fn import(text: &str) -> Result<Imported, ImportError> {
    import_with(text, &ImportOptions::default())
}

/// Imports a CloudFormation template as CloudFormation would deploy it
/// with the given parameter values (the defaults for the others).
pub fn import_with(text: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    let root = super::yaml::read(text).map_err(|e| ImportError::Syntax {
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let Node::Map(_) = &root else {
        return Err(ImportError::NotATemplate("the top level must be a mapping".into()));
    };
    let saved = metadata::read(&root);
    let region =
        saved.as_ref().and_then(|s| s.region.clone()).unwrap_or_else(|| "us-east-1".into());
    let mut warnings = Vec::new();
    let unknown: Vec<&String> = options
        .parameters
        .keys()
        .filter(|k| root.get("Parameters").and_then(|p| p.get(k)).is_none())
        .collect();
    if let Some(name) = unknown.first() {
        return Err(ImportError::NotATemplate(format!(
            "the template has no parameter {name:?} to set"
        )));
    }
    let resolver = |resources| resolve::Resolver {
        parameters: template::parameters(&root, &options.parameters),
        resources,
        mappings: root.get("Mappings"),
        conditions: template::conditions(&root),
        region: region.clone(),
    };
    let declared = template::declared(&root, &resolver(HashMap::default()), &mut warnings)?;
    let mut seen: HashMap<&str, usize, crate::index::FastHash> = HashMap::default();
    for (i, d) in declared.iter().enumerate() {
        if seen.insert(&d.logical_id, i).is_some() {
            warnings.push(ImportWarning {
                logical_id: d.logical_id.clone(),
                message: "the template declares this logical ID more than once; CloudFormation \
                          keeps the last declaration"
                    .into(),
            });
        }
    }
    let declared: Vec<&template::Declared> = declared
        .iter()
        .enumerate()
        .filter(|(i, d)| seen[d.logical_id.as_str()] == *i)
        .map(|(_, d)| d)
        .collect();
    let resolver = resolver(
        declared
            .iter()
            .map(|d| (d.logical_id.as_str(), (d.resource_type.as_str(), &*d.properties)))
            .collect(),
    );
    check_references(&declared, &resolver)?;
    check_cycles(&declared)?;
    let mut entries = Vec::with_capacity(declared.len());
    for d in &declared {
        if crate::cancel::requested() {
            return Err(ImportError::Cancelled);
        }
        if !d.translated {
            check_required(d)?;
        }
        let condition = d.condition.as_ref().map(|c| (c, resolver.conditions.value(c, &resolver)));
        let deployed = options.deployed.as_ref().map(|deployed| deployed.contains(&d.logical_id));
        let left_out = match (condition, deployed) {
            (Some((condition, Some(false))), Some(false) | None) => Some(format!(
                "left out: its condition {condition} is false with these parameter values"
            )),
            (_, Some(false)) => Some("left out: the deployed stack has no such resource".into()),
            (Some((condition, None)), None) => {
                warnings.push(ImportWarning {
                    logical_id: d.logical_id.clone(),
                    message: format!(
                        "kept, although its condition {condition} is known only at deploy time"
                    ),
                });
                None
            }
            // A deployed stack says what exists, whatever the conditions.
            _ => None,
        };
        if let Some(message) = left_out {
            warnings.push(ImportWarning { logical_id: d.logical_id.clone(), message });
            continue;
        }
        entries.push(Entry {
            logical_id: &d.logical_id,
            resource_type: &d.resource_type,
            properties: &d.properties,
        });
    }
    let name = saved
        .as_ref()
        .and_then(|s| s.name.clone())
        .or_else(|| root.get("Description").and_then(Node::as_str).map(str::to_owned))
        .unwrap_or_else(|| "Imported template".into());
    // A template vpcraft exported keeps its layout; any other is laid out
    // once its nested stacks know what they hold (their boxes' sizes).
    let fresh = saved.is_none();
    let mut imported = build::build(name, &entries, &resolver, saved);
    stacks::fill(&mut imported.design, &root, &options.children, &mut warnings);
    if fresh {
        crate::layout::place_missing(&mut imported.design);
    }
    warnings.append(&mut imported.warnings);
    imported.warnings = warnings;
    imported.parameters = template_parameters(&root, &resolver);
    Ok(imported)
}

/// How many resources a template declares, as written (before loops are
/// expanded); `None` when it is not a template.
pub fn template_resource_count(text: &str) -> Option<usize> {
    match super::yaml::read(text).ok()?.get("Resources")? {
        Node::Map(resources) => Some(resources.len()),
        _ => None,
    }
}

/// Every `Ref`, `GetAtt`, `Sub` name and `DependsOn` names a resource or a
/// parameter.
fn check_references(
    declared: &[&template::Declared],
    resolver: &resolve::Resolver<'_>,
) -> Result<(), ImportError> {
    for d in declared {
        let mut targets = Vec::new();
        resolve::references(&d.properties, &mut targets);
        targets.extend(d.depends_on.iter().cloned());
        for target in targets {
            let ok = resolver.resources.contains_key(target.as_str())
                || resolver.parameters.contains_key(target.as_str())
                || target.starts_with("AWS::");
            if !ok {
                return Err(ImportError::UnknownReference {
                    logical_id: d.logical_id.clone(),
                    target,
                });
            }
        }
    }
    Ok(())
}

/// Refuses resources that depend on themselves through references and
/// `DependsOn`, naming the cycle.
fn check_cycles(declared: &[&template::Declared]) -> Result<(), ImportError> {
    let index: crate::index::FastMap<&str, usize> =
        declared.iter().enumerate().map(|(i, d)| (d.logical_id.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = declared
        .iter()
        .map(|d| {
            let mut targets = Vec::new();
            resolve::references(&d.properties, &mut targets);
            targets.extend(d.depends_on.iter().cloned());
            let mut out: Vec<usize> =
                targets.iter().filter_map(|t| index.get(t.as_str()).copied()).collect();
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect();
    // Iterative depth-first search: 0 unvisited, 1 on the stack, 2 done.
    let mut state = vec![0u8; declared.len()];
    for start in 0..declared.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&target) = edges[node].get(*next) {
                *next += 1;
                match state[target] {
                    0 => {
                        state[target] = 1;
                        stack.push((target, 0));
                    }
                    1 => {
                        let from = stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                        let mut cycle: Vec<String> = stack[from..]
                            .iter()
                            .map(|(n, _)| declared[*n].logical_id.clone())
                            .collect();
                        cycle.push(declared[target].logical_id.clone());
                        return Err(ImportError::Cycle(cycle));
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    Ok(())
}

/// The properties CloudFormation requires of the types the import reads.
const REQUIRED: &[(&str, &[&str])] = &[
    ("AWS::EC2::Subnet", &["VpcId"]),
    ("AWS::EC2::VPCCidrBlock", &["VpcId"]),
    ("AWS::EC2::VPCGatewayAttachment", &["VpcId"]),
    ("AWS::EC2::NatGateway", &["SubnetId"]),
    ("AWS::EC2::RouteTable", &["VpcId"]),
    ("AWS::EC2::Route", &["RouteTableId"]),
    ("AWS::EC2::SubnetRouteTableAssociation", &["RouteTableId", "SubnetId"]),
    ("AWS::EC2::NetworkAcl", &["VpcId"]),
    ("AWS::EC2::NetworkAclEntry", &["NetworkAclId", "Protocol", "RuleAction", "RuleNumber"]),
    ("AWS::EC2::SubnetNetworkAclAssociation", &["NetworkAclId", "SubnetId"]),
    ("AWS::EC2::SecurityGroup", &["GroupDescription"]),
    ("AWS::EC2::SecurityGroupIngress", &["IpProtocol"]),
    ("AWS::EC2::SecurityGroupEgress", &["GroupId", "IpProtocol"]),
    ("AWS::EC2::VPCEndpoint", &["ServiceName", "VpcId"]),
    ("AWS::EC2::VPCPeeringConnection", &["VpcId", "PeerVpcId"]),
    ("AWS::ElasticLoadBalancingV2::Listener", &["DefaultActions", "LoadBalancerArn"]),
    ("AWS::Lambda::Function", &["Code", "Role"]),
    ("AWS::Lambda::Permission", &["Action", "FunctionName", "Principal"]),
    ("AWS::Lambda::EventSourceMapping", &["FunctionName"]),
    ("AWS::IAM::Role", &["AssumeRolePolicyDocument"]),
    ("AWS::EKS::Cluster", &["ResourcesVpcConfig", "RoleArn"]),
    ("AWS::EKS::Nodegroup", &["ClusterName", "NodeRole", "Subnets"]),
    ("AWS::DynamoDB::Table", &["KeySchema"]),
];

fn check_required(entry: &template::Declared) -> Result<(), ImportError> {
    let Some((_, required)) = REQUIRED.iter().find(|(t, _)| *t == entry.resource_type) else {
        return Ok(());
    };
    for property in *required {
        if entry.properties.get(property).is_none() {
            return Err(ImportError::MissingProperty {
                logical_id: entry.logical_id.to_owned(),
                resource_type: entry.resource_type.to_owned(),
                property: (*property).to_owned(),
            });
        }
    }
    Ok(())
}
