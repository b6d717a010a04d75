//! E3005: an HTTPS or TLS listener has a certificate.

use crate::model::ListenerProtocol;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E3005",
    severity: Severity::Error,
    title: "HTTPS or TLS listener without a certificate",
    description: "A listener that terminates TLS (HTTPS on an application load balancer, TLS on a \
                  network load balancer, HTTPS or SSL on a classic load balancer) needs a server \
                  certificate.",
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::LoadBalancer) {
        let Kind::LoadBalancer(lb) = &resource.kind else {
            continue;
        };
        for l in &lb.classic_listeners {
            if !l.protocol.needs_certificate()
                || l.certificate.as_deref().is_some_and(|c| !c.trim().is_empty())
            {
                continue;
            }
            let protocol = if l.protocol == ListenerProtocol::Tls { "SSL" } else { "HTTPS" };
            sink.report(
                format!(
                    "{protocol} listener on port {} of load balancer {:?} has no certificate",
                    l.port, resource.name
                ),
                [&resource.id],
                Some("Set the ARN of an ACM or IAM server certificate for the listener.".into()),
            );
        }
    }
    for resource in index.of_kind(KindTag::Listener) {
        let Kind::Listener(listener) = &resource.kind else {
            continue;
        };
        let has_certificate = listener.certificate.as_deref().is_some_and(|c| !c.trim().is_empty());
        if !listener.protocol.needs_certificate() || has_certificate {
            continue;
        }
        let protocol = serde_json::to_value(listener.protocol)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        sink.report(
            format!(
                "{protocol} listener {:?} on port {} of load balancer {:?} has no certificate",
                resource.name,
                listener.port,
                index.name(&listener.load_balancer)
            ),
            [&resource.id, &listener.load_balancer],
            Some("Set the ARN of an ACM certificate for the listener's domain.".into()),
        );
    }
}
