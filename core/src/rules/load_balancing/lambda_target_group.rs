//! E3007: a target group's targets match its target type.

use crate::model::TargetType;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E3007",
    severity: Severity::Error,
    title: "Target group targets do not match its type",
    description: "A Lambda target group has exactly one target, a Lambda function; ip and \
                  instance target groups take network targets (ECS services, instances) and \
                  belong to a VPC.",
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::TargetGroup) {
        let Kind::TargetGroup(tg) = &resource.kind else {
            continue;
        };
        let functions: Vec<&ResourceId> =
            tg.targets.iter().filter(|t| index.lambda(t).is_some()).collect();
        let others: Vec<&ResourceId> = tg
            .targets
            .iter()
            .filter(|t| index.get(t).is_some() && index.lambda(t).is_none())
            .collect();
        match tg.target_type {
            TargetType::Lambda => {
                for other in &others {
                    sink.report(
                        format!(
                            "Lambda target group {:?} has target {:?}, which is not a function",
                            resource.name,
                            index.name(other)
                        ),
                        [&resource.id, *other],
                        Some("Register it in an ip or instance target group.".into()),
                    )
                    .quick_fix(QuickFix::new(
                        format!("Deregister {:?}", index.name(other)),
                        vec![Edit::pull(&resource.id, "/targets", other)],
                    ));
                }
                if functions.len() > 1 {
                    let names: Vec<String> =
                        functions.iter().map(|f| format!("{:?}", index.name(f))).collect();
                    let mut ids = vec![&resource.id];
                    ids.extend(functions.iter().copied());
                    sink.report(
                        format!(
                            "Lambda target group {:?} has {} functions ({}); it takes exactly one",
                            resource.name,
                            functions.len(),
                            names.join(", ")
                        ),
                        ids,
                        Some("Give each function its own target group.".into()),
                    );
                }
            }
            TargetType::Ip | TargetType::Instance => {
                for function in &functions {
                    sink.report(
                        format!(
                            "{} target group {:?} has function {:?} as a target; functions need a \
                             Lambda target group",
                            if tg.target_type == TargetType::Ip { "ip" } else { "instance" },
                            resource.name,
                            index.name(function)
                        ),
                        [&resource.id, *function],
                        Some("Put the function in a target group of type lambda.".into()),
                    );
                }
                if tg.vpc.is_none() && !tg.targets.is_empty() {
                    let vpc = tg.targets.iter().find_map(|t| index.vpc_of(t));
                    let finding = sink.report(
                        format!("target group {:?} has network targets but no VPC", resource.name),
                        [&resource.id],
                        Some("Set the VPC of its targets.".into()),
                    );
                    if let Some(vpc) = vpc {
                        finding.quick_fix(QuickFix::new(
                            format!("Set VPC {:?}", index.name(vpc)),
                            vec![Edit::set(&resource.id, "/vpc", vpc)],
                        ));
                    }
                }
            }
        }
    }
}
