//! Quick fixes: small, serializable design patches attached to findings,
//! which the app applies in one click.
//!
//! A fix is a list of [`Edit`]s applied atomically: either every edit
//! applies and the design changes, or the design is left as it was and an
//! error says which edit failed. Undo is the caller's business (the app keeps
//! the previous design), so edits need no inverse.

use crate::model::{Design, Resource, ResourceId, Route, RouteDestination, SecurityGroupRule};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A named change to a design that resolves a finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuickFix {
    /// What the fix does, as a button label: "Add a route 0.0.0.0/0 to nat-a".
    pub title: String,
    pub edits: Vec<Edit>,
}

// Resources hold no floating-point values, so equality is total.
impl Eq for QuickFix {}

/// Which rule list of a security group an edit touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Ingress,
    Egress,
}

/// One change to a design.
///
/// Pointers are JSON pointers (RFC 6901) into a resource as the design file
/// writes it, such as `/subnet` or `/vpc_config/security_groups`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Adds a resource whose ID is not yet used.
    AddResource { resource: Resource },
    /// Removes a resource and the flows that start or end at it.
    RemoveResource { id: ResourceId },
    /// Removes a flow.
    RemoveFlow { id: ResourceId },
    /// Sets a property, creating the last key when it is absent.
    SetProperty { id: ResourceId, pointer: String, value: Value },
    /// Appends a value to a list property unless it is already there.
    AddToList { id: ResourceId, pointer: String, value: Value },
    /// Removes every occurrence of a value from a list property.
    RemoveFromList { id: ResourceId, pointer: String, value: Value },
    /// Adds a route, replacing any route of the table for the same
    /// destination.
    AddRoute { route_table: ResourceId, route: Route },
    /// Adds a rule to a security group unless an equal rule is there.
    AddSecurityGroupRule {
        security_group: ResourceId,
        direction: Direction,
        rule: SecurityGroupRule,
    },
    /// Removes a rule equal to this one from a security group.
    RemoveSecurityGroupRule {
        security_group: ResourceId,
        direction: Direction,
        rule: SecurityGroupRule,
    },
}

/// What of a VPC's DNS is off ("DNS support", "DNS hostnames", or both
/// joined by "and") with the edits that turn each on; `None` when both are
/// on, as private DNS names need.
pub(crate) fn vpc_dns_off(
    vpc_id: &ResourceId,
    vpc: &crate::model::Vpc,
) -> Option<(String, Vec<Edit>)> {
    let mut off = Vec::new();
    let mut edits = Vec::new();
    if !vpc.enable_dns_support {
        off.push("DNS support");
        edits.push(Edit::set(vpc_id, "/enable_dns_support", true));
    }
    if !vpc.enable_dns_hostnames {
        off.push("DNS hostnames");
        edits.push(Edit::set(vpc_id, "/enable_dns_hostnames", true));
    }
    (!off.is_empty()).then(|| (off.join(" and "), edits))
}

/// Why a fix could not be applied; the design is unchanged.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FixError {
    #[error("no resource {0:?}")]
    NoSuchResource(String),
    #[error("a resource {0:?} already exists")]
    DuplicateId(String),
    #[error("resource {id:?} has no list at {pointer}")]
    NotAList { id: String, pointer: String },
    #[error("resource {id:?} has no property at {pointer}")]
    NoSuchProperty { id: String, pointer: String },
    #[error("the edit leaves resource {id:?} invalid: {message}")]
    Invalid { id: String, message: String },
}

impl QuickFix {
    pub fn new(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self { title: title.into(), edits }
    }

    /// Applies every edit, or none of them.
    pub fn apply(&self, design: &mut Design) -> Result<(), FixError> {
        let mut patched = design.clone();
        for edit in &self.edits {
            edit.apply(&mut patched)?;
        }
        *design = patched;
        Ok(())
    }
}

impl Edit {
    /// Sets `pointer` of resource `id` to `value`, serialized.
    pub fn set(id: &ResourceId, pointer: &str, value: impl Serialize) -> Self {
        Self::SetProperty { id: id.clone(), pointer: pointer.to_owned(), value: to_value(value) }
    }

    /// Appends `value` to the list at `pointer` of resource `id`.
    pub fn push(id: &ResourceId, pointer: &str, value: impl Serialize) -> Self {
        Self::AddToList { id: id.clone(), pointer: pointer.to_owned(), value: to_value(value) }
    }

    /// Removes `value` from the list at `pointer` of resource `id`.
    pub fn pull(id: &ResourceId, pointer: &str, value: impl Serialize) -> Self {
        Self::RemoveFromList { id: id.clone(), pointer: pointer.to_owned(), value: to_value(value) }
    }

    /// Applies this edit alone; on error the design may be half-changed, so
    /// callers go through [`QuickFix::apply`].
    pub fn apply(&self, design: &mut Design) -> Result<(), FixError> {
        match self {
            Edit::AddResource { resource } => {
                let taken = design.resources.iter().any(|r| r.id == resource.id)
                    || design.flows.iter().any(|f| f.id == resource.id);
                if taken {
                    return Err(FixError::DuplicateId(resource.id.to_string()));
                }
                design.resources.push(resource.clone());
            }
            Edit::RemoveResource { id } => {
                let before = design.resources.len();
                design.resources.retain(|r| &r.id != id);
                if design.resources.len() == before {
                    return Err(FixError::NoSuchResource(id.to_string()));
                }
                design.flows.retain(|f| &f.source != id && &f.target != id);
                design.layout.positions.remove(id);
            }
            Edit::RemoveFlow { id } => {
                let before = design.flows.len();
                design.flows.retain(|f| &f.id != id);
                if design.flows.len() == before {
                    return Err(FixError::NoSuchResource(id.to_string()));
                }
            }
            Edit::SetProperty { id, pointer, value } => {
                edit_json(design, id, |json| {
                    let slot = slot_mut(json, pointer).ok_or_else(|| no_property(id, pointer))?;
                    *slot = value.clone();
                    Ok(())
                })?;
            }
            Edit::AddToList { id, pointer, value } => {
                edit_json(design, id, |json| {
                    let list = list_mut(json, id, pointer)?;
                    if !list.contains(value) {
                        list.push(value.clone());
                    }
                    Ok(())
                })?;
            }
            Edit::RemoveFromList { id, pointer, value } => {
                edit_json(design, id, |json| {
                    list_mut(json, id, pointer)?.retain(|v| v != value);
                    Ok(())
                })?;
            }
            Edit::AddRoute { route_table, route } => {
                let resource = resource_mut(design, route_table)?;
                let crate::model::Kind::RouteTable(table) = &mut resource.kind else {
                    return Err(invalid(route_table, "not a route table"));
                };
                table.routes.retain(|r| !same_destination(&r.destination, &route.destination));
                table.routes.push(route.clone());
            }
            Edit::AddSecurityGroupRule { security_group, direction, rule } => {
                let rules = sg_rules_mut(design, security_group, *direction)?;
                if !rules.contains(rule) {
                    rules.push(rule.clone());
                }
            }
            Edit::RemoveSecurityGroupRule { security_group, direction, rule } => {
                sg_rules_mut(design, security_group, *direction)?.retain(|r| r != rule);
            }
        }
        Ok(())
    }
}

fn to_value(value: impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn same_destination(a: &RouteDestination, b: &RouteDestination) -> bool {
    match (a, b) {
        (RouteDestination::Cidr(x), RouteDestination::Cidr(y)) => x.trunc() == y.trunc(),
        _ => a == b,
    }
}

fn resource_mut<'d>(design: &'d mut Design, id: &ResourceId) -> Result<&'d mut Resource, FixError> {
    design.resource_mut(id).ok_or_else(|| FixError::NoSuchResource(id.to_string()))
}

fn sg_rules_mut<'d>(
    design: &'d mut Design,
    id: &ResourceId,
    direction: Direction,
) -> Result<&'d mut Vec<SecurityGroupRule>, FixError> {
    let resource = resource_mut(design, id)?;
    let crate::model::Kind::SecurityGroup(sg) = &mut resource.kind else {
        return Err(invalid(id, "not a security group"));
    };
    Ok(match direction {
        Direction::Ingress => &mut sg.ingress,
        Direction::Egress => &mut sg.egress,
    })
}

fn invalid(id: &ResourceId, message: &str) -> FixError {
    FixError::Invalid { id: id.to_string(), message: message.to_owned() }
}

fn no_property(id: &ResourceId, pointer: &str) -> FixError {
    FixError::NoSuchProperty { id: id.to_string(), pointer: pointer.to_owned() }
}

/// Edits a resource through its JSON form, then reads it back, so that a
/// fix can only produce a resource the design file format accepts.
fn edit_json(
    design: &mut Design,
    id: &ResourceId,
    change: impl FnOnce(&mut Value) -> Result<(), FixError>,
) -> Result<(), FixError> {
    let resource = resource_mut(design, id)?;
    let mut json = serde_json::to_value(&*resource).map_err(|e| invalid(id, &e.to_string()))?;
    change(&mut json)?;
    let patched: Resource =
        serde_json::from_value(json).map_err(|e| invalid(id, &e.to_string()))?;
    if patched.id != *id {
        return Err(invalid(id, "a fix cannot change a resource's ID"));
    }
    *resource = patched;
    Ok(())
}

/// The value at `pointer`, creating the last key of an object (or the
/// object itself, when its parent is null) if it is absent.
fn slot_mut<'v>(json: &'v mut Value, pointer: &str) -> Option<&'v mut Value> {
    if pointer.is_empty() {
        return Some(json);
    }
    let (parent, key) = pointer.rsplit_once('/')?;
    let key = key.replace("~1", "/").replace("~0", "~");
    let parent = slot_mut(json, parent)?;
    if parent.is_null() {
        *parent = Value::Object(serde_json::Map::new());
    }
    match parent {
        Value::Object(map) => Some(map.entry(key).or_insert(Value::Null)),
        Value::Array(items) => items.get_mut(key.parse::<usize>().ok()?),
        _ => None,
    }
}

fn list_mut<'v>(
    json: &'v mut Value,
    id: &ResourceId,
    pointer: &str,
) -> Result<&'v mut Vec<Value>, FixError> {
    let slot = slot_mut(json, pointer).ok_or_else(|| no_property(id, pointer))?;
    if slot.is_null() {
        *slot = Value::Array(Vec::new());
    }
    slot.as_array_mut()
        .ok_or_else(|| FixError::NotAList { id: id.to_string(), pointer: pointer.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, NatConnectivity, NatGateway, Subnet};

    fn design() -> Design {
        let mut d = Design::new("t");
        d.resources.push(Resource::new(
            "nat",
            "nat",
            NatGateway {
                subnet: "s1".into(),
                connectivity: NatConnectivity::Public,
                elastic_ip: None,
            },
        ));
        d.resources.push(Resource::new(
            "s1",
            "s1",
            Subnet {
                az: "az".into(),
                cidr: Some("10.0.0.0/24".parse().unwrap()),
                map_public_ip_on_launch: false,
                ipv6: None,
            },
        ));
        d
    }

    #[test]
    fn set_property_creates_absent_keys_and_round_trips() {
        let mut d = design();
        QuickFix::new("t", vec![Edit::set(&"nat".into(), "/elastic_ip", "eip")])
            .apply(&mut d)
            .unwrap();
        let Kind::NatGateway(nat) = &d.resources[0].kind else { panic!() };
        assert_eq!(nat.elastic_ip, Some("eip".into()));
    }

    #[test]
    fn a_failing_edit_leaves_the_design_unchanged() {
        let mut d = design();
        let before = d.clone();
        let fix = QuickFix::new(
            "t",
            vec![
                Edit::set(&"nat".into(), "/elastic_ip", "eip"),
                Edit::set(&"s1".into(), "/cidr", "not a cidr"),
            ],
        );
        assert!(matches!(fix.apply(&mut d), Err(FixError::Invalid { .. })));
        assert_eq!(d, before);
        let fix = QuickFix::new("t", vec![Edit::set(&"s1".into(), "/id", "other")]);
        assert!(fix.apply(&mut d).is_err());
        assert_eq!(d, before);
    }

    #[test]
    fn edits_serialize_with_an_op_tag() {
        let edit = Edit::push(&"lb".into(), "/subnets", "s2");
        assert_eq!(
            serde_json::to_string(&edit).unwrap(),
            r#"{"op":"add_to_list","id":"lb","pointer":"/subnets","value":"s2"}"#
        );
    }
}
