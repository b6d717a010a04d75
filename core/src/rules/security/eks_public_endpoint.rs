//! W6005: an EKS cluster's public API endpoint does not admit the whole
//! internet.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "W6005",
    severity: Severity::Warning,
    title: "EKS API endpoint open to the internet",
    description: "An EKS cluster's public endpoint admits every address (0.0.0.0/0) unless its \
                  public access CIDRs say otherwise, so anyone can try its Kubernetes API. \
                  Restrict the public access CIDRs to the addresses of your administrators and \
                  pipelines, or turn the public endpoint off and use the private one from inside \
                  the VPC.",
    doc_url: "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::EksCluster) {
        let Kind::EksCluster(cluster) = &resource.kind else {
            continue;
        };
        if !cluster.public_to_everyone() {
            continue;
        }
        sink.report(
            format!(
                "the public API endpoint of EKS cluster {:?} admits every address (0.0.0.0/0)",
                resource.name
            ),
            [&resource.id],
            Some(
                "Restrict the public access CIDRs to known addresses, or turn the public endpoint \
                 off and use the private one."
                    .into(),
            ),
        )
        .quick_fix(QuickFix::new(
            format!(
                "Use only the private API endpoint of {:?} (from inside its VPC)",
                resource.name
            ),
            vec![
                Edit::set(&resource.id, "/endpoint_private", true),
                Edit::set(&resource.id, "/endpoint_public", false),
            ],
        ));
    }
}
