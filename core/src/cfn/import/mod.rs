//! Template → design: reads YAML (short tags or long forms) or JSON, checks
//! that every reference resolves and nothing depends on itself, then turns
//! the resources into a design, restoring vpcraft's metadata when present
//! and otherwise inferring flows and laying the design out.

mod build;
mod flows;
mod layout;
mod resolve;

use super::metadata;
use super::tree::{Key, Node};
use crate::model::Design;
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
}

/// One resource of the template as written.
pub(crate) struct Entry<'t> {
    pub logical_id: &'t str,
    pub resource_type: &'t str,
    pub properties: &'t Node,
}

/// Imports a CloudFormation template (YAML or JSON).
pub fn import(text: &str) -> Result<Imported, ImportError> {
    let root = super::yaml::read(text).map_err(|e| ImportError::Syntax {
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let Node::Map(_) = &root else {
        return Err(ImportError::NotATemplate("the top level must be a mapping".into()));
    };
    let Some(Node::Map(resources)) = root.get("Resources") else {
        return Err(ImportError::NotATemplate("there is no Resources mapping".into()));
    };
    if resources.is_empty() {
        return Err(ImportError::NotATemplate("Resources is empty".into()));
    }
    let empty = Node::Map(Vec::new());
    let mut entries = Vec::with_capacity(resources.len());
    for (logical_id, resource) in resources {
        let Some(resource_type) = resource.get("Type").and_then(Node::as_str) else {
            return Err(ImportError::MissingProperty {
                logical_id: logical_id.to_string(),
                resource_type: "no type".into(),
                property: "Type".into(),
            });
        };
        let properties = resource.get("Properties").unwrap_or(&empty);
        if !matches!(properties, Node::Map(_)) {
            return Err(ImportError::Invalid {
                logical_id: logical_id.to_string(),
                message: "Properties must be a mapping".into(),
            });
        }
        entries.push(Entry { logical_id, resource_type, properties });
    }
    let parameters: HashMap<&str, Option<&Node>> = match root.get("Parameters") {
        Some(Node::Map(params)) => {
            params.iter().map(|(k, v)| (k.as_ref(), v.get("Default"))).collect()
        }
        _ => HashMap::new(),
    };
    check_references(resources, &parameters)?;
    check_cycles(resources)?;
    for entry in &entries {
        check_required(entry)?;
    }
    let saved = metadata::read(&root);
    let region =
        saved.as_ref().and_then(|s| s.region.clone()).unwrap_or_else(|| "us-east-1".into());
    let resolver = resolve::Resolver {
        parameters,
        resources: entries.iter().map(|e| e.logical_id).collect(),
        region,
    };
    let name = saved
        .as_ref()
        .and_then(|s| s.name.clone())
        .or_else(|| root.get("Description").and_then(Node::as_str).map(str::to_owned))
        .unwrap_or_else(|| "Imported template".into());
    Ok(build::build(name, &entries, &resolver, saved))
}

/// Every `Ref`, `GetAtt`, `Sub` name and `DependsOn` names a resource or a
/// parameter.
fn check_references(
    resources: &[(Key, Node)],
    parameters: &HashMap<&str, Option<&Node>>,
) -> Result<(), ImportError> {
    let known: HashSet<&str> = resources.iter().map(|(k, _)| k.as_ref()).collect();
    for (logical_id, resource) in resources {
        let mut targets = Vec::new();
        resolve::references(resource, &mut targets);
        targets.extend(depends_on(resource));
        for target in targets {
            let ok = known.contains(target.as_str())
                || parameters.contains_key(target.as_str())
                || target.starts_with("AWS::");
            if !ok {
                return Err(ImportError::UnknownReference {
                    logical_id: logical_id.to_string(),
                    target,
                });
            }
        }
    }
    Ok(())
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

/// Refuses resources that depend on themselves through references and
/// `DependsOn`, naming the cycle.
fn check_cycles(resources: &[(Key, Node)]) -> Result<(), ImportError> {
    let index: HashMap<&str, usize> =
        resources.iter().enumerate().map(|(i, (k, _))| (k.as_ref(), i)).collect();
    let edges: Vec<Vec<usize>> = resources
        .iter()
        .map(|(_, resource)| {
            let mut targets = Vec::new();
            if let Some(props) = resource.get("Properties") {
                resolve::references(props, &mut targets);
            }
            targets.extend(depends_on(resource));
            let mut out: Vec<usize> =
                targets.iter().filter_map(|t| index.get(t.as_str()).copied()).collect();
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect();
    // Iterative depth-first search: 0 unvisited, 1 on the stack, 2 done.
    let mut state = vec![0u8; resources.len()];
    for start in 0..resources.len() {
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
                            .map(|(n, _)| resources[*n].0.to_string())
                            .collect();
                        cycle.push(resources[target].0.to_string());
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
    ("AWS::EC2::VPC", &["CidrBlock"]),
    ("AWS::EC2::Subnet", &["VpcId", "CidrBlock"]),
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
    ("AWS::DynamoDB::Table", &["KeySchema"]),
];

fn check_required(entry: &Entry<'_>) -> Result<(), ImportError> {
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
