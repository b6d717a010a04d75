//! E1004: a subnet's CIDR is between /16 and /28.

use crate::finding::Severity;
use crate::index::Index;
use crate::rules::{Rule, Sink};

pub static RULE: Rule = Rule {
    id: "E1004",
    severity: Severity::Error,
    title: "Subnet CIDR size out of range",
    description: "An IPv4 subnet must have a prefix between /16 and /28.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for (resource, _, cidr) in index.subnet_blocks() {
        let prefix = cidr.prefix_len();
        if !(16..=28).contains(&prefix) {
            sink.report(
                format!(
                    "{} of subnet {:?} is a /{prefix}; subnets must be /16 to /28",
                    cidr, resource.name
                ),
                [&resource.id],
                Some("Resize the subnet to between /16 and /28.".into()),
            );
        }
    }
}
