//! E0001: a reference points at a resource that does not exist or has the
//! wrong kind.

use crate::finding::Severity;
use crate::fix::{Edit, QuickFix};
use crate::index::Index;
use crate::rules::{Rule, Sink};

pub static RULE: Rule = Rule {
    id: "E0001",
    severity: Severity::Error,
    title: "Reference to a missing resource or the wrong kind",
    description: "Every reference in a design (a subnet's availability zone, a route's target, a \
                  function's security groups) must name an existing resource of a kind AWS \
                  accepts there. Rules skip what such a reference makes impossible to judge.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/how-it-works.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in &index.design.resources {
        resource.kind.for_each_reference(|reference| {
            let finding = match index.get(reference.target) {
                None => sink.report(
                    format!(
                        "{} {:?} refers in {} to {:?}, which does not exist",
                        resource.kind.tag().title(),
                        resource.name,
                        reference.field,
                        reference.target.as_str()
                    ),
                    [&resource.id],
                    Some(format!(
                        "Remove the reference from {} or create the resource.",
                        reference.field
                    )),
                ),
                Some(target) if !reference.allowed.contains(&target.kind.acts_as()) => {
                    let allowed: Vec<&str> = reference.allowed.iter().map(|k| k.title()).collect();
                    sink.report(
                        format!(
                            "{} {:?} refers in {} to {} {:?}, but only {} may be named there",
                            resource.kind.tag().title(),
                            resource.name,
                            reference.field,
                            target.kind.tag().title(),
                            target.name,
                            allowed.join(" or ")
                        ),
                        [&resource.id, &target.id],
                        None,
                    )
                }
                Some(_) => return,
            };
            if LIST_FIELDS.contains(&reference.field) {
                finding.quick_fix(QuickFix::new(
                    format!("Remove {:?} from {}", reference.target.as_str(), reference.field),
                    vec![Edit::pull(&resource.id, &pointer(reference.field), reference.target)],
                ));
            }
        });
    }
    for flow in &index.design.flows {
        for end in [&flow.source, &flow.target] {
            if index.get(end).is_none() {
                sink.report(
                    format!(
                        "flow {:?} names {:?}, which does not exist",
                        flow.id.as_str(),
                        end.as_str()
                    ),
                    [&flow.id],
                    Some("Delete the flow or reconnect it.".into()),
                )
                .quick_fix(QuickFix::new(
                    "Delete the flow",
                    vec![Edit::RemoveFlow { id: flow.id.clone() }],
                ));
                break;
            }
        }
    }
}

/// Reference fields that hold lists, from which a dangling entry can simply
/// be removed.
const LIST_FIELDS: &[&str] = &[
    "subnets",
    "security_groups",
    "route_tables",
    "associations",
    "targets",
    "vpc_config.subnets",
    "vpc_config.security_groups",
    "network.subnets",
    "network.security_groups",
];

/// The JSON pointer of a dotted field name.
fn pointer(field: &str) -> String {
    format!("/{}", field.replace('.', "/"))
}
