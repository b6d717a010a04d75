//! Reading a [`Resource`] and its [`Kind`] from JSON as a tree.
//!
//! A resource is one JSON object: its identity, its `type` and its kind's
//! properties side by side. Serde's derive reads such a form (a flattened,
//! internally tagged enum) by buffering it in its private `Content` type and
//! reading every kind's properties from that buffer, which compiles a
//! second copy of the whole model's deserialization code next to the one
//! for `serde_json::Value`; in the browser's wasm that copy cost about a
//! tenth of the code. Here the object is taken as a `Value`, the resource's
//! own fields are set apart, and what remains is read as the kind
//! named by `type`: what the derive accepts and rejects, with its messages,
//! but by the one copy of the code.

use super::{Kind, Resource, ResourceId};
use serde::de::{Deserialize, Deserializer, Error as _, Unexpected};
use serde_json::{Map, Value};

impl<'de> Deserialize<'de> for Resource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        resource(value).map_err(D::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        match value {
            Value::Object(object) => {
                let (mut own, rest) = partition(object, &["type"]);
                kind(own.pop().map(|(_, tag)| tag), rest)
            }
            other => Err(invalid_type(&other, "internally tagged enum Kind")),
        }
        .map_err(D::Error::custom)
    }
}

/// The kind `tag` names, read from the object's other members.
fn kind(tag: Option<Value>, rest: Map<String, Value>) -> Result<Kind, serde_json::Error> {
    match tag {
        Some(Value::String(tag)) => Kind::from_tagged(&tag, Value::Object(rest)),
        Some(other) => Err(invalid_type(&other, "variant identifier")),
        None => Err(serde_json::Error::missing_field("type")),
    }
}

fn resource(value: Value) -> Result<Resource, serde_json::Error> {
    let object = match value {
        Value::Object(object) => object,
        other => return Err(invalid_type(&other, "struct Resource")),
    };
    let (own, rest) = partition(object, &["id", "name", "logical_id", "physical_id", "type"]);
    let [mut id, mut name, mut logical_id, mut physical_id, mut tag] =
        [None, None, None, None, None];
    for (key, value) in own {
        let slot = match key.as_str() {
            "id" => &mut id,
            "name" => &mut name,
            "logical_id" => &mut logical_id,
            "physical_id" => &mut physical_id,
            _ => &mut tag,
        };
        *slot = Some(value);
    }
    let id = ResourceId::deserialize(id.ok_or_else(|| serde_json::Error::missing_field("id"))?)?;
    let name = String::deserialize(name.ok_or_else(|| serde_json::Error::missing_field("name"))?)?;
    let logical_id = logical_id.map_or(Ok(None), Option::<String>::deserialize)?;
    let physical_id = physical_id.map_or(Ok(None), Option::<String>::deserialize)?;
    let kind = kind(tag, rest)?;
    Ok(Resource { id, name, logical_id, physical_id, kind })
}

/// Splits an object's members into those named in `own` and the rest, each
/// in the object's order (serde_json's map, where it keeps the order,
/// removes a member by moving the last one into its place, which would
/// change which of several errors is reported first).
fn partition(
    object: Map<String, Value>,
    own: &[&str],
) -> (Vec<(String, Value)>, Map<String, Value>) {
    let mut taken = Vec::new();
    let mut rest = Map::new();
    for (key, value) in object {
        if own.contains(&key.as_str()) {
            taken.push((key, value));
        } else {
            rest.insert(key, value);
        }
    }
    (taken, rest)
}

/// The derive's error for a value of the wrong type.
pub(crate) fn invalid_type(value: &Value, expected: &str) -> serde_json::Error {
    let unexpected = match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            (None, None) => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    };
    serde_json::Error::invalid_type(unexpected, &expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: Value) -> String {
        match serde_json::from_value::<Resource>(value) {
            Ok(r) => {
                format!("{} {:?} {:?} {}", r.id, r.logical_id, r.physical_id, r.kind.tag().as_str())
            }
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn a_resource_reads_as_the_derive_read_it() {
        let cases = [
            (
                json!({"id": "v", "name": "main", "type": "vpc", "cidr_blocks": ["10.0.0.0/16"]}),
                "v None None vpc",
            ),
            (
                json!({"type": "vpc", "name": "n", "id": "v", "logical_id": "Vpc", "physical_id": null, "cidr_blocks": []}),
                "v Some(\"Vpc\") None vpc",
            ),
            (
                json!({"type": "vpc", "name": "n", "id": "v", "logical_id": "Vpc"}),
                "error: missing field `cidr_blocks`",
            ),
            (
                json!({"id": "v", "name": "n", "type": "subnet", "cidr": "10.0.0.0/33", "az": "a"}),
                "error: invalid IP address syntax",
            ),
            (json!({"id": "v", "name": "n"}), "error: missing field `type`"),
            (json!({"name": "n", "type": "vpc"}), "error: missing field `id`"),
            (json!({"id": "v", "type": "vpc"}), "error: missing field `name`"),
            (
                json!({"id": "v", "name": "n", "type": "vpx"}),
                "error: unknown variant `vpx`, expected one of `vpc`, `availability_zone`, `subnet`, `internet_gateway`, `egress_only_internet_gateway`, `nat_gateway`, `elastic_ip`, `route_table`, `network_acl`, `security_group`, `vpc_endpoint`, `vpc_peering`, `transit_gateway`, `transit_gateway_attachment`, `vpn_gateway`, `customer_gateway`, `vpn_connection`, `flow_log`, `load_balancer`, `listener`, `target_group`, `lambda_function`, `lambda_permission`, `ecs_service`, `ec2_instance`, `network_interface`, `launch_template`, `auto_scaling_group`, `eks_cluster`, `eks_node_group`, `rds_instance`, `db_cluster`, `cache_cluster`, `efs_file_system`, `api_gateway`, `sqs_queue`, `event_source_mapping`, `log_group`, `nested_stack`, `s3_bucket`, `dynamodb_table`, `aws_service`, `generic`, `external`",
            ),
            // The derive read a number as a kind's index and then failed
            // with "missing field `vpc`"; a number is no kind.
            (
                json!({"id": "v", "name": "n", "type": 7}),
                "error: invalid type: integer `7`, expected variant identifier",
            ),
            (
                json!({"id": "v", "name": "n", "type": null}),
                "error: invalid type: null, expected variant identifier",
            ),
            (
                json!({"id": 1, "name": "n", "type": "vpc"}),
                "error: invalid type: integer `1`, expected a string",
            ),
            (
                json!({"id": "v", "name": "n", "logical_id": false, "type": "vpc"}),
                "error: invalid type: boolean `false`, expected a string",
            ),
            (
                json!({"id": "v", "name": "n", "type": "vpc", "dns": true}),
                "error: unknown field `dns`, expected one of `cidr_blocks`, `cidr_at_deploy`, `enable_dns_support`, `enable_dns_hostnames`, `ipv6`",
            ),
            (json!(["v", "n"]), "error: invalid type: sequence, expected struct Resource"),
        ];
        for (input, expected) in cases {
            assert_eq!(read(input.clone()), expected, "{input}");
        }
    }

    #[test]
    fn a_kind_reads_alone_and_round_trips() {
        let kind = Kind::deserialize(json!({"type": "sqs_queue", "fifo": true})).unwrap();
        let back = serde_json::to_value(&kind).unwrap();
        assert_eq!(Kind::deserialize(back).unwrap(), kind);
        let error = Kind::deserialize(json!("vpc")).unwrap_err().to_string();
        assert_eq!(error, "invalid type: string \"vpc\", expected internally tagged enum Kind");
    }
}
