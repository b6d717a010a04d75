//! W2008: a gateway endpoint serves only the subnets whose route tables it
//! is attached to.

use crate::model::EndpointType;
use crate::reach::service_name;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "W2008",
    severity: Severity::Warning,
    title: "Gateway endpoint not attached where it is used",
    description: "A gateway endpoint (S3, DynamoDB) adds a route to the route tables it is \
                  attached to and serves only their subnets; other subnets reach the service \
                  through a NAT gateway, if at all.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_>) {
    for resource in index.of_kind(KindTag::VpcEndpoint) {
        let Kind::VpcEndpoint(ep) = &resource.kind else { continue };
        if ep.endpoint_type != EndpointType::Gateway {
            continue;
        }
        if ep.route_tables.is_empty() {
            sink.report(
                format!(
                    "gateway endpoint {:?} ({}) is attached to no route table and serves no subnet",
                    resource.name, ep.service
                ),
                [&resource.id],
                Some("Attach it to the route tables of the subnets that use the service.".into()),
            );
        }
        let mut reported = std::collections::HashSet::new();
        // Flows from this VPC to the endpoint's service, from subnets whose
        // route table the endpoint does not serve.
        for target in index
            .design
            .resources
            .iter()
            .filter(|r| service_name(&r.kind) == Some(ep.service.as_str()))
        {
            for flow in index.flows_to(&target.id) {
                let Some(source) = index.get(&flow.source) else { continue };
                for subnet in source.kind.subnets() {
                    if index.vpc_of(subnet) != Some(&ep.vpc) {
                        continue;
                    }
                    let Some((table, _)) = index.route_table_of(subnet) else { continue };
                    if ep.route_tables.contains(&table.id) || !reported.insert(&table.id) {
                        continue;
                    }
                    sink.report(
                        format!(
                            "{:?} calls {} {:?} from subnet {:?}, whose route table {:?} is not \
                             attached to gateway endpoint {:?}",
                            source.name,
                            ep.service,
                            target.name,
                            index.name(subnet),
                            table.name,
                            resource.name
                        ),
                        [&resource.id, &table.id, &source.id],
                        Some(format!("Attach route table {:?} to the endpoint.", table.name)),
                    )
                    .quick_fix(QuickFix::new(
                        format!("Attach route table {:?} to {:?}", table.name, resource.name),
                        vec![Edit::push(&resource.id, "/route_tables", &table.id)],
                    ));
                }
            }
        }
    }
}
