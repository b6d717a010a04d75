//! E5001: a Lambda function's VPC configuration names at least one subnet
//! and one security group.

use crate::model::SecurityGroup;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E5001",
    severity: Severity::Error,
    title: "Lambda VPC configuration incomplete",
    description: "A Lambda function attached to a VPC needs at least one subnet and at least one \
                  security group; with neither, leave the VPC configuration out.",
    doc_url: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::LambdaFunction) {
        let Kind::LambdaFunction(function) = &resource.kind else {
            continue;
        };
        let Some(config) = &function.vpc_config else {
            continue;
        };
        let vpc = index.vpc_of(&resource.id);
        match (config.subnets.is_empty(), config.security_groups.is_empty()) {
            (false, false) => {}
            (true, true) => {
                sink.report(
                    format!("function {:?} has a VPC configuration with no subnet and no security group", resource.name),
                    [&resource.id],
                    Some("Remove the VPC configuration, or give it subnets and a security group.".into()),
                )
                .quick_fix(QuickFix::new(
                    "Remove the VPC configuration",
                    vec![Edit::set(&resource.id, "/vpc_config", ())],
                ));
            }
            (false, true) => {
                let finding = sink.report(
                    format!("function {:?} is in subnets but has no security group", resource.name),
                    [&resource.id],
                    Some("Give the function a security group of its own.".into()),
                );
                if let Some(vpc) = vpc {
                    let id = index.design.fresh_id("sg");
                    let mut sg = SecurityGroup::new(vpc.clone());
                    sg.description = format!("Security group of function {}", resource.name);
                    let name = index.design.fresh_name(&format!("{}-sg", resource.name));
                    finding.quick_fix(QuickFix::new(
                        format!("Create security group {name:?} for it"),
                        vec![
                            Edit::AddResource { resource: Resource::new(id.as_str(), name, sg) },
                            Edit::push(&resource.id, "/vpc_config/security_groups", &id),
                        ],
                    ));
                }
            }
            (true, false) => {
                let finding = sink.report(
                    format!("function {:?} has security groups but no subnet", resource.name),
                    [&resource.id],
                    Some(
                        "Place the function in private subnets of its security groups' VPC.".into(),
                    ),
                );
                let private = vpc.and_then(|vpc| {
                    index
                        .subnets_of_vpc(vpc)
                        .find(|(r, _)| !index.is_public(&r.id))
                        .map(|(r, _)| &r.id)
                });
                if let Some(subnet) = private {
                    finding.quick_fix(QuickFix::new(
                        format!("Place it in subnet {:?}", index.name(subnet)),
                        vec![Edit::push(&resource.id, "/vpc_config/subnets", subnet)],
                    ));
                }
            }
        }
    }
}
