//! The starter templates: the reference architectures A–D of the
//! specification, read from the core's tested fixtures and laid out by
//! the auto-layout.

use vpcraft_core::Design;
use vpcraft_core::layout::auto as auto_layout;

/// One starter template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    pub key: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    source: &'static str,
}

pub const TEMPLATES: &[Template] = &[
    Template {
        key: "A",
        title: "Private Lambda → internal ALB → protected Lambda",
        summary: "Public and private subnets in two AZs, NAT gateways, an internal ALB with a Lambda target, \
                  a CloudWatch Logs endpoint and an ECS service.",
        source: include_str!("../../core/tests/fixtures/reference/A.json"),
    },
    Template {
        key: "B",
        title: "Private Lambda → SQS through an interface endpoint",
        summary: "One private subnet, no internet: the function sends through an SQS endpoint with private DNS; \
                  a dead-letter queue and a consumer outside the VPC.",
        source: include_str!("../../core/tests/fixtures/reference/B.json"),
    },
    Template {
        key: "C",
        title: "API Gateway → Lambda → AWS service, least privilege",
        summary: "A Lambda in two private subnets reaches a service through an endpoint whose security group and \
                  policy admit only that function.",
        source: include_str!("../../core/tests/fixtures/reference/C.json"),
    },
    Template {
        key: "D",
        title: "A, with S3 and DynamoDB gateway endpoints",
        summary: "Architecture A plus gateway endpoints for S3 and DynamoDB on the private route tables.",
        source: include_str!("../../core/tests/fixtures/reference/D.json"),
    },
];

impl Template {
    /// The template by its key (`A` to `D`).
    pub fn by_key(key: &str) -> Option<&'static Template> {
        TEMPLATES.iter().find(|t| t.key.eq_ignore_ascii_case(key))
    }

    /// A fresh design from the template, laid out.
    pub fn design(&self) -> Design {
        let mut design = vpcraft_core::parse_design(self.source)
            .expect("the reference fixtures are valid designs");
        design.layout.positions.clear();
        auto_layout::place_missing(&mut design);
        design
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry;
    use vpcraft_core::{ResourceId, Severity};

    #[test]
    fn every_template_opens_without_errors_overlapping_icons_or_blocked_routes() {
        for template in TEMPLATES {
            let design = template.design();
            let errors: Vec<String> = vpcraft_core::validate(&design)
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| f.summary())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", template.key);
            let drawn: Vec<_> = design
                .resources
                .iter()
                .filter(|r| !geometry::is_container(&r.kind))
                .filter_map(|r| design.layout.positions.get(&r.id).map(|rect| (&r.id, rect)))
                .collect();
            for (i, (a, ra)) in drawn.iter().enumerate() {
                for (b, rb) in &drawn[i + 1..] {
                    assert!(!geometry::intersects(ra, rb), "{}: {a} overlaps {b}", template.key);
                }
            }
            // Every flow finds a clear route: around every icon, replica and
            // title but its own ends.
            let rect_of = |id: &ResourceId| design.layout.positions.get(id).copied();
            let flows: Vec<_> = design.flows.iter().collect();
            let routes = geometry::flow_routes(&design, &rect_of, &flows);
            for (flow, route) in flows.iter().zip(routes) {
                let route = route.expect("both ends are drawn");
                assert!(route.clear, "{}: {} has no clear route", template.key, flow.id);
            }
        }
    }
}
