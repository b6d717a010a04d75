//! E4008: an endpoint's fields match its type and service.

use crate::model::EndpointType;
use crate::reach::service::has_gateway_endpoint;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E4008",
    severity: Severity::Error,
    title: "Endpoint settings do not match its type",
    description: "Gateway endpoints exist only for S3 and DynamoDB and take route tables; \
                  interface endpoints take subnets, security groups and private DNS. Settings of \
                  the other type are rejected.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::VpcEndpoint) {
        let Kind::VpcEndpoint(ep) = &resource.kind else {
            continue;
        };
        let mut report = |what: String, title: &str, edits: Vec<Edit>| {
            let finding = sink.report(
                format!(
                    "{} endpoint {:?} ({}) {what}",
                    type_name(ep.endpoint_type),
                    resource.name,
                    ep.service
                ),
                [&resource.id],
                Some("Remove the settings of the other endpoint type.".into()),
            );
            if !edits.is_empty() {
                finding.quick_fix(QuickFix::new(title, edits));
            }
        };
        match ep.endpoint_type {
            EndpointType::Gateway => {
                if !has_gateway_endpoint(&ep.service) {
                    report(
                        format!(
                            "names service {:?}, which has no gateway endpoint (only s3 and dynamodb)",
                            ep.service
                        ),
                        "Make it an interface endpoint",
                        vec![Edit::set(&resource.id, "/endpoint_type", EndpointType::Interface)],
                    );
                }
                if !ep.subnets.is_empty() || !ep.security_groups.is_empty() || ep.private_dns {
                    report(
                        "has subnets, security groups or private DNS, which only interface endpoints take".into(),
                        "Remove the interface settings",
                        vec![
                            Edit::set(&resource.id, "/subnets", Vec::<ResourceId>::new()),
                            Edit::set(&resource.id, "/security_groups", Vec::<ResourceId>::new()),
                            Edit::set(&resource.id, "/private_dns", false),
                        ],
                    );
                }
            }
            EndpointType::Interface => {
                if !ep.route_tables.is_empty() {
                    report(
                        "has route tables, which only gateway endpoints take".into(),
                        "Remove the route tables",
                        vec![Edit::set(&resource.id, "/route_tables", Vec::<ResourceId>::new())],
                    );
                }
                if ep.subnets.is_empty() {
                    report("has no subnet".into(), "", Vec::new());
                }
            }
        }
    }
}

fn type_name(t: EndpointType) -> &'static str {
    match t {
        EndpointType::Interface => "interface",
        EndpointType::Gateway => "gateway",
    }
}
