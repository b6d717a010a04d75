//! W5003: a Lambda function is not placed in a public subnet.

use crate::rules::prelude::*;
use crate::rules::subnet_placement::swap_subnet_fix;

pub static RULE: Rule = Rule {
    id: "W5003",
    severity: Severity::Warning,
    title: "Lambda function in a public subnet",
    description: "A Lambda function in a VPC never gets a public IP address, so a public subnet \
                  gives it no internet access; it reaches the internet only through a NAT \
                  gateway from a private subnet.",
    doc_url: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::LambdaFunction) {
        let subnets = resource.kind.subnets();
        for subnet in subnets.iter().filter(|s| index.is_public(s)) {
            let finding = sink.report(
                format!(
                    "function {:?} is in public subnet {:?}, where it gets no public IP and no \
                     internet access",
                    resource.name,
                    index.name(subnet)
                ),
                [&resource.id, subnet],
                Some("Place the function in private subnets routed to a NAT gateway.".into()),
            );
            if let Some(fix) =
                swap_subnet_fix(index, &resource.id, "/vpc_config/subnets", subnets, subnet, false)
            {
                finding.quick_fix(fix);
            }
        }
    }
}
