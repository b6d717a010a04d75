//! Reachability: the paths of permitted flows, and that the quick fixes of
//! blocked flows open them.

mod common;

use common::{fixtures, json_files, load};
use expect_test::expect;
use vpcraft_core::reach::{Verdict, analyze};
use vpcraft_core::validate;

#[test]
fn every_flow_of_the_full_design_passes_along_its_path() {
    let design = load(&fixtures("reach").join("full.json"));
    let mut out = String::new();
    for report in analyze(&design) {
        let Verdict::Permitted { path } = &report.verdict else {
            panic!("{} is blocked: {:?}", report.flow, report.verdict);
        };
        let hops: Vec<String> =
            path.iter().map(|h| format!("{} ({})", h.resource, h.step)).collect();
        out.push_str(&format!(
            "{} {}/{}: {}\n",
            report.flow,
            report.protocol,
            report.port,
            hops.join(" → ")
        ));
    }
    expect![[r#"
        f-alb tcp/8080: caller (source) → fn-sg (egress allows tcp/8080 to internal-alb) → vpc (local route) → alb-sg (ingress admits tcp/8080 from "caller") → listener (listener on port 8080) → tg (target group) → protected (invoked by the target group)
        f-sqs tcp/443: caller (source) → fn-sg (egress allows tcp/443 to sqs-endpoint) → vpc (local route) → ep-sg (ingress admits tcp/443 from "caller") → sqs-ep (interface endpoint for sqs) → queue (target)
        f-net tcp/443: caller (source) → fn-sg (egress allows tcp/443 to 0.0.0.0/0) → private-rt (0.0.0.0/0 → NAT gateway "nat-a") → nat-a (NAT gateway) → igw (internet gateway) → private-rt-b (0.0.0.0/0 → NAT gateway "nat-b") → nat-b (NAT gateway) → internet (internet)
        f-web tcp/443: internet (source) → web-sg (ingress admits tcp/443 from "0.0.0.0/0") → web-listener (listener on port 443) → web-tg (target group) → ecs-sg (ingress admits tcp/8080 from "web-alb") → ecs (target on tcp/8080)
        f-api tcp/443: api (source) → outside (public lambda endpoint)
        f-out tcp/443: outside (source) → queue (public sqs endpoint)
        f-s3 tcp/443: caller (source) → fn-sg (egress allows tcp/443 to prefix list com.amazonaws.eu-west-1.s3) → private-rt (route to gateway endpoint "s3-endpoint") → private-rt-b (route to gateway endpoint "s3-endpoint") → s3 (gateway endpoint for s3) → bucket (target)
    "#]]
    .assert_eq(&out);
}

#[test]
fn the_first_quick_fix_of_each_blocked_flow_opens_it() {
    for path in json_files(&fixtures("rules").join("E7001")) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("bad") {
            continue;
        }
        let design = load(&path);
        for finding in validate(&design).iter().filter(|f| f.rule == "E7001") {
            let Some(fix) = finding.quick_fixes.first() else {
                continue;
            };
            let mut patched = design.clone();
            fix.apply(&mut patched).unwrap_or_else(|e| panic!("{name}: {e}"));
            let flow = &finding.resources[0].id;
            let report =
                analyze(&patched).into_iter().find(|r| &r.flow == flow).expect("the flow remains");
            assert!(
                report.is_permitted(),
                "{name}: {:?} leaves {flow} blocked: {:?}",
                fix.title,
                report.verdict
            );
        }
    }
}

#[test]
fn reports_serialize_with_a_verdict_tag() {
    let design = load(&fixtures("rules").join("E7001/bad-from-internet.json"));
    let reports = analyze(&design);
    let json = serde_json::to_string(&reports[0]).unwrap();
    assert!(json.contains(r#""verdict":"blocked""#), "{json}");
}
