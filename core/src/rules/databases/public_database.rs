//! E8002: a database is not publicly accessible from a public subnet.

use super::{databases, noun};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E8002",
    severity: Severity::Error,
    title: "Publicly accessible database in a public subnet",
    description: "A publicly accessible database gets a public IP address, and in a subnet \
                  routed to an internet gateway anyone on the internet can reach its port, with \
                  only its security groups in the way. When the template does not say, RDS makes \
                  a database publicly accessible if its VPC has an internet gateway attached. \
                  Set PubliclyAccessible to false and keep databases in private subnets.",
    doc_url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in databases(index) {
        if !index.publicly_accessible(resource) {
            continue;
        }
        let public: Vec<&ResourceId> =
            resource.kind.subnets().iter().filter(|s| index.is_public(s)).collect();
        let Some(first) = public.first() else {
            continue;
        };
        let why = if resource.kind.publicly_accessible().is_some() {
            "is publicly accessible"
        } else {
            "is publicly accessible by default, as its VPC has an internet gateway,"
        };
        let mut ids = vec![&resource.id];
        ids.extend(public.iter().copied());
        sink.report(
            format!(
                "{} {:?} {why} in public subnet {:?}: the internet reaches it",
                noun(resource),
                resource.name,
                index.name(first)
            ),
            ids,
            Some("Make the database not publicly accessible.".into()),
        )
        .quick_fix(QuickFix::new(
            format!("Make {:?} not publicly accessible", resource.name),
            vec![Edit::set(&resource.id, "/publicly_accessible", false)],
        ));
    }
}
