//! E3006: a function behind a target group lets elasticloadbalancing
//! invoke it.

use crate::model::{LambdaPermission, TargetType};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E3006",
    severity: Severity::Error,
    title: "Lambda target without an invoke permission",
    description: "A load balancer invokes a Lambda target only if the function's resource policy \
                  allows the principal elasticloadbalancing.amazonaws.com to call \
                  lambda:InvokeFunction (scoped to the target group).",
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html#register-lambda-function",
    check,
};

pub(crate) const ELB_PRINCIPAL: &str = "elasticloadbalancing.amazonaws.com";

/// True when the function lets the load balancer service invoke it for
/// this target group (or for any source).
pub(crate) fn has_permission(index: &Index<'_>, function: &ResourceId, tg: &ResourceId) -> bool {
    index.permissions_of(function).iter().any(|p| match &p.kind {
        Kind::LambdaPermission(p) => {
            p.principal == ELB_PRINCIPAL && p.source.as_ref().is_none_or(|s| s == tg)
        }
        _ => false,
    })
}

/// A quick fix that adds the permission.
pub(crate) fn add_permission(
    index: &Index<'_>,
    function: &ResourceId,
    tg: &ResourceId,
) -> QuickFix {
    let id = index.design.fresh_id("perm");
    let permission = LambdaPermission {
        function: function.clone(),
        principal: ELB_PRINCIPAL.to_owned(),
        source: Some(tg.clone()),
    };
    QuickFix::new(
        format!("Let target group {:?} invoke {:?}", index.name(tg), index.name(function)),
        vec![Edit::AddResource {
            resource: Resource::new(
                id.as_str(),
                index.design.fresh_name(&format!("{}-elb-invoke", index.name(function))),
                permission,
            ),
        }],
    )
}

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::TargetGroup) {
        let Kind::TargetGroup(tg) = &resource.kind else {
            continue;
        };
        if tg.target_type != TargetType::Lambda {
            continue;
        }
        for function in tg.targets.iter().filter(|t| index.lambda(t).is_some()) {
            if has_permission(index, function, &resource.id) {
                continue;
            }
            sink.report(
                format!(
                    "function {:?} is a target of {:?} but has no permission for {ELB_PRINCIPAL} \
                     to invoke it",
                    index.name(function),
                    resource.name
                ),
                [function, &resource.id],
                Some(
                    "Add a Lambda permission for elasticloadbalancing.amazonaws.com with the \
                      target group as source."
                        .into(),
                ),
            )
            .quick_fix(add_permission(index, function, &resource.id));
        }
    }
}
