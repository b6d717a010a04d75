//! Resolving intrinsic functions against a template as CloudFormation does
//! before it provisions anything: parameters (given values, else defaults),
//! pseudo parameters, `Ref`, `GetAtt`, `Sub`, `Join`, `Select`, `Split`,
//! `GetAZs`, `FindInMap`, `Cidr`, `If` with the template's `Conditions`,
//! `ImportValue` and `AWS::NoValue`.
//!
//! What only a deployment could tell (a parameter without a value, an
//! imported value, a nested stack's output) resolves to [`Val::External`],
//! never to a placeholder: the builder turns it into an external resource
//! or leaves the property unknown.

mod conditions;
mod functions;
mod value;

pub use conditions::Conditions;
pub use value::Val;

use crate::cfn::tree::{Node, sub_names};
use crate::model::ExternalSource;
use std::collections::HashMap;

/// Nesting deeper than this resolves to [`Val::Unknown`], which bounds the
/// work of a crafted template.
const MAX_DEPTH: usize = 64;

/// A template parameter's value as the deployment would see it.
#[derive(Clone, Debug)]
pub enum ParamValue<'t> {
    /// A value the user gave (`--parameter Key=Value`).
    Given(String),
    /// The parameter's `Default`.
    Default(&'t Node),
    /// No value before deployment.
    Unset,
}

/// One parameter: its value and whether its type is a list.
#[derive(Clone, Debug)]
pub struct Param<'t> {
    pub value: ParamValue<'t>,
    /// `List<...>` and `CommaDelimitedList` types.
    pub list: bool,
    /// `AWS::SSM::Parameter::Value<...>`: the default names an SSM
    /// parameter, whose value only the deployment reads.
    pub ssm: bool,
    /// An AWS-specific type (`AWS::EC2::VPC::Id`, `List<AWS::EC2::Subnet::Id>`),
    /// whose empty value means that the deployer must choose one.
    pub aws_typed: bool,
}

impl<'t> Param<'t> {
    /// A parameter from its declaration and the value the user gave.
    pub fn new(declaration: &'t Node, given: Option<&str>) -> Self {
        let ty = declaration.get("Type").and_then(Node::as_str).unwrap_or("String");
        let value = match (given, declaration.get("Default")) {
            (Some(v), _) => ParamValue::Given(v.to_owned()),
            (None, Some(Node::Null) | None) => ParamValue::Unset,
            (None, Some(default)) => ParamValue::Default(default),
        };
        Self {
            value,
            list: ty.starts_with("List<") || ty == "CommaDelimitedList",
            ssm: ty.starts_with("AWS::SSM::Parameter::Value<"),
            aws_typed: ty.starts_with("AWS::") || ty.starts_with("List<AWS::"),
        }
    }
}

/// What resolution knows about the template.
pub struct Resolver<'t> {
    pub parameters: HashMap<&'t str, Param<'t>>,
    /// Each resource's type and properties, by logical ID.
    pub resources: HashMap<&'t str, (&'t str, &'t Node), crate::index::FastHash>,
    pub mappings: Option<&'t Node>,
    pub conditions: Conditions<'t>,
    pub region: String,
}

impl<'t> Resolver<'t> {
    pub fn resolve(&self, node: &Node) -> Val {
        match self.resolve_depth(node, 0) {
            Val::NoValue => Val::Null,
            other => other,
        }
    }

    pub(super) fn resolve_depth(&self, node: &Node, depth: usize) -> Val {
        if depth > MAX_DEPTH {
            return Val::Unknown;
        }
        let next = |n: &Node| self.resolve_depth(n, depth + 1);
        match node {
            Node::Null => Val::Null,
            Node::Bool(b) => Val::Bool(*b),
            Node::Int(i) => Val::Num(*i as f64),
            Node::Float(f) => Val::Num(*f),
            Node::Str(s) => Val::Str(s.clone()),
            Node::List(items) => {
                Val::List(items.iter().map(next).filter(|v| *v != Val::NoValue).collect())
            }
            Node::Map(entries) => Val::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.to_string(), next(v)))
                    .filter(|(_, v)| *v != Val::NoValue)
                    .collect(),
            ),
            Node::Fn(name, arg) => self.function(name, arg, depth),
        }
    }

    fn function(&self, name: &str, arg: &Node, depth: usize) -> Val {
        let next = |n: &Node| self.resolve_depth(n, depth + 1);
        match name {
            "Ref" => match arg.as_str() {
                Some(target) => self.reference(target, depth),
                None => Val::Unknown,
            },
            "GetAtt" => match arg.as_list() {
                Some([id, attr]) => match (id.as_str(), next(attr)) {
                    (Some(id), Val::Str(attr)) => self.attribute(id, &attr, depth),
                    _ => Val::Unknown,
                },
                _ => Val::Unknown,
            },
            "Sub" => self.sub(arg, depth),
            "Join" => functions::join(arg, next),
            "Select" => functions::select(arg, next),
            "Split" => functions::split(arg, next),
            "GetAZs" => Val::List(
                "abcdef".chars().map(|c| Val::Str(format!("{}{c}", self.region))).collect(),
            ),
            "FindInMap" => functions::find_in_map(self.mappings, arg, next),
            "Cidr" => functions::cidr(arg, next),
            "If" => match arg.as_list() {
                Some([condition, then, otherwise]) => {
                    match condition.as_str().and_then(|c| self.conditions.value(c, self)) {
                        Some(true) => next(then),
                        Some(false) => next(otherwise),
                        None => Val::Unknown,
                    }
                }
                _ => Val::Unknown,
            },
            "ImportValue" => match next(arg).to_text() {
                Some(export) => Val::external(ExternalSource::Import(export)),
                None => Val::external(ExternalSource::Computed("an imported value".into())),
            },
            "Base64" => next(arg),
            "Length" => match next(arg) {
                Val::List(items) => Val::Num(items.len() as f64),
                _ => Val::Unknown,
            },
            "ToJsonString" => Val::Str(next(arg).to_json().to_string()),
            _ => Val::Unknown,
        }
    }

    pub(super) fn reference(&self, target: &str, depth: usize) -> Val {
        if let Some(param) = self.parameters.get(target) {
            return self.parameter(target, param, depth);
        }
        match target {
            "AWS::Region" => Val::Str(self.region.clone()),
            "AWS::NoValue" => Val::NoValue,
            "AWS::Partition" => Val::Str("aws".into()),
            "AWS::URLSuffix" => Val::Str("amazonaws.com".into()),
            t if t.starts_with("AWS::") => Val::Str(format!("${{{t}}}")),
            t => Val::Ref(t.to_owned()),
        }
    }

    fn parameter(&self, name: &str, param: &Param<'_>, depth: usize) -> Val {
        let external = || Val::External {
            source: ExternalSource::Parameter(name.to_owned()),
            list: param.list,
            index: None,
        };
        if param.ssm {
            return external();
        }
        let value = match &param.value {
            ParamValue::Given(text) => Val::Str(text.clone()),
            ParamValue::Default(node) => self.resolve_depth(node, depth + 1),
            ParamValue::Unset => return external(),
        };
        match value {
            // An empty value of an AWS-specific type is no value at all:
            // the deployer must choose one.
            Val::Str(text) if text.is_empty() && param.aws_typed => external(),
            Val::Str(text) if param.list => Val::List(
                text.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Val::Str(s.to_owned()))
                    .collect(),
            ),
            other => other,
        }
    }

    /// `GetAtt`: a VPC's `CidrBlock` is known from the template; a nested
    /// stack's outputs only after its deployment.
    fn attribute(&self, id: &str, attr: &str, depth: usize) -> Val {
        match self.resources.get(id) {
            Some(("AWS::EC2::VPC", props)) if attr == "CidrBlock" => {
                match props.get("CidrBlock").map(|n| self.resolve_depth(n, depth + 1)) {
                    Some(Val::Str(cidr)) => Val::Str(cidr),
                    _ => Val::Att(id.to_owned(), attr.to_owned()),
                }
            }
            Some(("AWS::CloudFormation::Stack", _)) if attr.starts_with("Outputs.") => {
                Val::external(ExternalSource::StackOutput(format!("{id}.{attr}")))
            }
            _ => Val::Att(id.to_owned(), attr.to_owned()),
        }
    }

    /// `!Sub`: parameters and `Fn::Sub` variables are substituted; a string
    /// that is exactly `${Resource}` or `${Resource.Attr}` becomes that
    /// reference; other references and pseudo parameters stay as written.
    /// Names may be padded with spaces (`${ Name }`), as CloudFormation allows.
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
            let inner = inner.trim();
            if let Some(v) = variable(inner) {
                return v;
            }
            if self.parameters.contains_key(inner) {
                return self.reference(inner, depth);
            }
            match inner.split_once('.') {
                Some((id, attr)) if self.resources.contains_key(id) => {
                    return self.attribute(id, attr, depth);
                }
                None if self.resources.contains_key(inner) => return Val::Ref(inner.to_owned()),
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
            let name = after[..end].trim();
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
/// `Sub` strings (pseudo parameters, `Fn::Sub` variables and `${!Literal}`
/// excluded).
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
                for name in sub_names(text) {
                    let id = name.split('.').next().unwrap_or_default();
                    let is_var = vars.is_some_and(|v| v.get(name).is_some());
                    if !is_var && !id.starts_with("AWS::") {
                        out.push(id.to_owned());
                    }
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
