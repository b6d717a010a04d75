//! I7002: Lambda's own runtime logs need no logs endpoint.

use crate::index::FastSet;
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

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let endpoints = index.of_kind(KindTag::VpcEndpoint);
    if !endpoints.iter().any(|r| matches!(&r.kind, Kind::VpcEndpoint(ep) if ep.service == "logs")) {
        return;
    }
    // The VPCs with functions, and those whose flows call CloudWatch Logs,
    // each found in one pass.
    let with_functions: FastSet<&ResourceId> =
        index.of_kind(KindTag::LambdaFunction).iter().filter_map(|f| index.vpc_of(&f.id)).collect();
    let calling_logs: FastSet<&ResourceId> = index
        .design
        .flows
        .iter()
        .filter(|flow| {
            index.get(&flow.target).is_some_and(|t| service_name(&t.kind) == Some("logs"))
        })
        .filter_map(|flow| index.vpc_of(&flow.source))
        .collect();
    for resource in endpoints {
        let Kind::VpcEndpoint(ep) = &resource.kind else {
            continue;
        };
        if ep.service != "logs" {
            continue;
        }
        let has_functions = with_functions.contains(&ep.vpc);
        let used = calling_logs.contains(&ep.vpc)
            || index
                .flows_to(&resource.id)
                .iter()
                .any(|flow| index.vpc_of(&flow.source) == Some(&ep.vpc));
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
