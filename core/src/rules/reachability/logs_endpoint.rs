//! I7002: Lambda's own runtime logs need no logs endpoint.

use crate::reach::service_name;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "I7002",
    severity: Severity::Info,
    title: "Logs endpoint not needed for Lambda's own logs",
    description: "The Lambda service delivers a function's runtime logs (stdout, stderr) to \
                  CloudWatch Logs whatever the function's VPC configuration, so a VPC needs no \
                  logs endpoint and no NAT route for them. Only code that calls the CloudWatch \
                  Logs or metrics API itself needs the logs or monitoring endpoint; draw that call \
                  as a flow.",
    doc_url: "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_>) {
    for resource in index.of_kind(KindTag::VpcEndpoint) {
        let Kind::VpcEndpoint(ep) = &resource.kind else { continue };
        if ep.service != "logs" {
            continue;
        }
        let has_functions = index
            .of_kind(KindTag::LambdaFunction)
            .iter()
            .any(|f| index.vpc_of(&f.id) == Some(&ep.vpc));
        let used = index.design.flows.iter().any(|flow| {
            index.vpc_of(&flow.source) == Some(&ep.vpc)
                && (flow.target == resource.id
                    || index
                        .get(&flow.target)
                        .is_some_and(|t| service_name(&t.kind) == Some("logs")))
        });
        if has_functions && !used {
            sink.report(
                format!(
                    "no flow in VPC {:?} calls CloudWatch Logs, and Lambda delivers its functions' \
                     runtime logs without endpoint {:?}",
                    index.name(&ep.vpc),
                    resource.name
                ),
                [&resource.id],
                Some(
                    "Remove the endpoint unless code calls the CloudWatch Logs API itself; then \
                     draw that call as a flow."
                        .into(),
                ),
            );
        }
    }
}
