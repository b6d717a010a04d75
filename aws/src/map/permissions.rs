//! Lambda permissions: the statements of a function's resource policy that
//! let an AWS service invoke it, drawn as the design's `LambdaPermission`
//! resources (what a template's `AWS::Lambda::Permission` is), so that a
//! function behind a target group is judged with the permission AWS holds.

use super::Mapper;
use super::compute::function_id_of_arn;
use super::load_balancing::tg_id;
use serde_json::Value;
use vpcraft_core::model::LambdaPermission;

/// One service's right to invoke a function, from one policy statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Grant {
    /// The service principal (`elasticloadbalancing.amazonaws.com`).
    pub principal: String,
    /// The resource the statement limits the call to (`AWS:SourceArn`);
    /// `None` when it names none (any resource of the service).
    pub source: Option<String>,
}

/// The grants of a resource policy (the JSON text `GetPolicy` answers):
/// allowing statements whose actions include `lambda:InvokeFunction`, one
/// grant per service principal and source ARN. A statement limited to
/// sources by a pattern (`arn:...:targetgroup/*`) grants none here: which
/// of the design's resources it admits is not known, and a permission
/// drawn for all of them would hide a missing one.
pub(super) fn grants(policy: &str) -> Vec<Grant> {
    let Ok(policy) = serde_json::from_str::<Value>(policy) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for statement in one_or_many(&policy["Statement"]) {
        if statement["Effect"] != "Allow" || !one_or_many(&statement["Action"]).any(invokes) {
            continue;
        }
        let principals: Vec<&str> = match &statement["Principal"] {
            Value::Object(p) => p
                .get("Service")
                .map(one_or_many)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect(),
            _ => Vec::new(),
        };
        let sources = source_arns(&statement["Condition"]);
        if sources.iter().any(|s| s.contains('*') || s.contains('?')) {
            continue;
        }
        for principal in principals {
            if sources.is_empty() {
                out.push(Grant { principal: principal.to_owned(), source: None });
            }
            for source in &sources {
                out.push(Grant { principal: principal.to_owned(), source: Some(source.clone()) });
            }
        }
    }
    out
}

/// A value that is one item or a list of them, as policies write both.
fn one_or_many(value: &Value) -> impl Iterator<Item = &Value> {
    match value {
        Value::Array(items) => items.iter().collect::<Vec<_>>().into_iter(),
        Value::Null => Vec::new().into_iter(),
        one => vec![one].into_iter(),
    }
}

/// Whether an action pattern covers `lambda:InvokeFunction` (actions are
/// case-insensitive).
fn invokes(action: &Value) -> bool {
    let Some(action) = action.as_str() else { return false };
    let action = action.to_ascii_lowercase();
    matches!(action.as_str(), "*" | "lambda:*" | "lambda:invoke*" | "lambda:invokefunction")
}

/// The source ARNs a statement's condition names under any operator
/// (`ArnLike`, `ArnEquals`, `StringEquals`, ...); condition keys are
/// case-insensitive.
fn source_arns(condition: &Value) -> Vec<String> {
    let Value::Object(operators) = condition else { return Vec::new() };
    operators
        .values()
        .filter_map(Value::as_object)
        .flat_map(|keys| keys.iter())
        .filter(|(key, _)| key.eq_ignore_ascii_case("aws:SourceArn"))
        .flat_map(|(_, value)| one_or_many(value))
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

impl Mapper<'_> {
    /// The invoke permissions of the drawn functions whose policies were
    /// read. A grant limited to a resource that is not drawn is left out:
    /// it lets nothing in the design invoke the function.
    pub(super) fn lambda_permissions(&mut self) {
        let s = self.snapshot;
        for (arn, policy) in &s.function_policies {
            let function = function_id_of_arn(arn);
            let Some(function) = self.known(&function) else { continue };
            let function_name = self.design.resource(&function).map(|r| r.name.clone());
            for (n, grant) in grants(policy).into_iter().enumerate() {
                let source = match &grant.source {
                    Some(arn) => match self.known(&tg_id(arn)) {
                        Some(tg) => Some(tg),
                        None => continue,
                    },
                    None => None,
                };
                let service = grant.principal.split('.').next().unwrap_or(&grant.principal);
                let name = format!("{}-{service}-invoke", function_name.as_deref().unwrap_or("fn"));
                let kind = LambdaPermission {
                    function: function.clone(),
                    principal: grant.principal,
                    source,
                };
                self.push(format!("perm-{function}-{n}"), name, kind);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(principal: &str, source: Option<&str>) -> Grant {
        Grant { principal: principal.into(), source: source.map(str::to_owned) }
    }

    #[test]
    fn the_invoke_statements_of_a_policy_are_its_grants() {
        let tg =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/0123456789abcdef";
        let cases = [
            // What AddPermission writes for a target group.
            (
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Sid": "elb", "Effect": "Allow",
                    "Principal": {{"Service": "elasticloadbalancing.amazonaws.com"}},
                    "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:api",
                    "Condition": {{"ArnLike": {{"AWS:SourceArn": "{tg}"}}}}}}]}}"#
                ),
                vec![grant("elasticloadbalancing.amazonaws.com", Some(tg))],
            ),
            // One statement object, actions as a list, no condition: any source.
            (
                r#"{"Statement": {"Effect": "Allow", "Principal": {"Service": ["apigateway.amazonaws.com", "s3.amazonaws.com"]},
                    "Action": ["lambda:GetFunction", "lambda:invokefunction"]}}"#
                    .to_owned(),
                vec![grant("apigateway.amazonaws.com", None), grant("s3.amazonaws.com", None)],
            ),
            // Denials, other actions, account principals and patterns of sources grant nothing here.
            (
                r#"{"Statement": [
                    {"Effect": "Deny", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction"},
                    {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:GetPolicy"},
                    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "lambda:*"},
                    {"Effect": "Allow", "Principal": {"Service": "elasticloadbalancing.amazonaws.com"}, "Action": "lambda:*",
                     "Condition": {"ArnLike": {"aws:sourcearn": "arn:aws:elasticloadbalancing:*:*:targetgroup/*"}}}]}"#
                    .to_owned(),
                vec![],
            ),
            ("not JSON".to_owned(), vec![]),
        ];
        for (policy, expected) in cases {
            assert_eq!(grants(&policy), expected, "{policy}");
        }
    }
}
