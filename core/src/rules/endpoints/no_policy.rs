//! I4006: an endpoint without a policy grants full access.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "I4006",
    severity: Severity::Info,
    title: "Endpoint without a policy",
    description: "An endpoint without an endpoint policy allows every action on every resource of \
                  its service to every principal that can reach it; a policy can narrow it to the \
                  actions, resources and roles the design needs.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::VpcEndpoint) {
        let Kind::VpcEndpoint(ep) = &resource.kind else {
            continue;
        };
        if ep.policy.as_ref().is_some_and(|p| !p.is_null()) {
            continue;
        }
        sink.report(
            format!(
                "endpoint {:?} has no policy and allows full access to {}",
                resource.name, ep.service
            ),
            [&resource.id],
            Some(
                "Add an endpoint policy that allows only the actions and resources in use.".into(),
            ),
        );
    }
}
