//! E2001: a NAT gateway with public connectivity sits in a public subnet.

use super::subnets_in_az;
use crate::model::NatConnectivity;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E2001",
    severity: Severity::Error,
    title: "Public NAT gateway in a private subnet",
    description: "A NAT gateway with public connectivity forwards traffic to the internet \
                  gateway of its own subnet's route table, so it must sit in a public subnet \
                  (one whose route table sends 0.0.0.0/0 to an internet gateway); in a private \
                  subnet every connection through it fails.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-scenarios.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::NatGateway) {
        let Kind::NatGateway(nat) = &resource.kind else {
            continue;
        };
        if nat.connectivity != NatConnectivity::Public || index.is_public(&nat.subnet) {
            continue;
        }
        let Some((subnet, s)) = index.subnet(&nat.subnet) else {
            continue;
        };
        let Some(vpc) = index.vpc_of(&subnet.id) else {
            continue;
        };
        let same_az = subnets_in_az(index, vpc, &s.az, true);
        let any_public: Vec<&ResourceId> = index
            .subnets_of_vpc(vpc)
            .filter(|(r, _)| index.is_public(&r.id))
            .map(|(r, _)| &r.id)
            .collect();
        let target = same_az.first().or(any_public.first());
        let finding = sink.report(
            format!(
                "NAT gateway {:?} is in subnet {:?}, which has no route 0.0.0.0/0 to an internet \
                 gateway",
                resource.name, subnet.name
            ),
            [&resource.id, &subnet.id],
            Some(match target {
                Some(t) => format!("Move the NAT gateway to public subnet {:?}.", index.name(t)),
                None => "Move the NAT gateway to a public subnet (route 0.0.0.0/0 to an internet \
                         gateway)."
                    .to_owned(),
            }),
        );
        if let Some(target) = target {
            finding.quick_fix(QuickFix::new(
                format!("Move NAT gateway {:?} to subnet {:?}", resource.name, index.name(target)),
                vec![Edit::set(&resource.id, "/subnet", target)],
            ));
        }
    }
}
