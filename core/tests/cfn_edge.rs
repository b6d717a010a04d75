//! Export edge cases the reference architectures do not cover, in one design
//! (`fixtures/cfn/edge.json`, reference D with changes): a main route table
//! that subnets use implicitly, routes to gateway endpoints, ip target
//! groups without a port, and an NLB listener without a target group. Each
//! has a golden template (linted by `cfn_tools`), and the design survives a
//! round trip except for what the export leaves out with a finding.
//! `UPDATE_EXPECT=1 cargo test -p vpcraft-core --test cfn_edge` rewrites
//! the golden template after an intended change.

use serde_json::Value;
use vpcraft_core::cfn::{self, Format};
use vpcraft_core::model::Kind;
use vpcraft_core::{Design, parse_design};

fn edge() -> Design {
    let path = format!("{}/tests/fixtures/cfn/edge.json", env!("CARGO_MANIFEST_DIR"));
    parse_design(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A design as comparable JSON: resources and flows sorted by ID, role
/// actions sorted (the export groups them by service).
fn normalized(design: &Design) -> Value {
    let mut value = serde_json::to_value(design).unwrap();
    for key in ["resources", "flows"] {
        value[key].as_array_mut().unwrap().sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    }
    for resource in value["resources"].as_array_mut().unwrap() {
        if let Some(actions) = resource.pointer_mut("/role/actions").and_then(Value::as_array_mut) {
            actions.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        }
    }
    value
}

fn template_json(design: &Design) -> Value {
    serde_json::from_str(&cfn::render(design, Format::Json, &[])).unwrap()
}

#[test]
fn the_edge_design_exports_as_a_golden_template() {
    let yaml = cfn::render(&edge(), Format::Yaml, &[]);
    expect_test::expect_file!["fixtures/cfn/golden/edge.yaml"].assert_eq(&yaml);
}

#[test]
fn a_main_route_table_is_associated_with_the_subnets_that_use_it_implicitly() {
    let template = template_json(&edge());
    let resources = template["Resources"].as_object().unwrap();
    let associations: Vec<(&str, &str)> = resources
        .values()
        .filter(|r| r["Type"] == "AWS::EC2::SubnetRouteTableAssociation")
        .map(|r| {
            (
                r["Properties"]["SubnetId"]["Ref"].as_str().unwrap(),
                r["Properties"]["RouteTableId"]["Ref"].as_str().unwrap(),
            )
        })
        .collect();
    // private-b has no association of its own: the main table gets one.
    assert!(associations.contains(&("PrivateB", "PrivateBRoutes")), "{associations:?}");
    assert_eq!(associations.iter().filter(|(s, _)| *s == "PrivateB").count(), 1);
    assert_eq!(template["Metadata"]["vpcraft"]["extra"]["PrivateBRoutes"]["main"], true);
}

#[test]
fn routes_to_gateway_endpoints_attach_their_tables_to_the_endpoint() {
    let template = template_json(&edge());
    let resources = &template["Resources"];
    // No AWS::EC2::Route may target a gateway endpoint.
    for resource in resources.as_object().unwrap().values() {
        if resource["Type"] == "AWS::EC2::Route" {
            assert!(resource["Properties"].get("VpcEndpointId").is_none(), "{resource}");
        }
    }
    let tables = |endpoint: &str| -> Vec<String> {
        resources[endpoint]["Properties"]["RouteTableIds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["Ref"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(tables("S3Endpoint"), ["PrivateARoutes", "PrivateBRoutes"]);
    // The public table routes to the DynamoDB endpoint, so it is attached too.
    assert_eq!(tables("DynamodbEndpoint"), ["PrivateARoutes", "PrivateBRoutes", "Public"]);
}

#[test]
fn target_group_ports_come_from_the_listener_or_a_finding() {
    let design = edge();
    let template = template_json(&design);
    let port = |id: &str| template["Resources"][id]["Properties"]["Port"].clone();
    assert_eq!(port("IpTargets"), 8081);
    assert_eq!(port("SpareTargets"), 80);
    let exported = cfn::export(&design, Format::Yaml);
    let summaries: Vec<String> =
        exported.findings.iter().filter(|f| f.rule.starts_with('X')).map(|f| f.summary()).collect();
    assert_eq!(
        summaries,
        [
            "X001 warning: target group \"spare targets\" has no port and no listener forwards to it; the template uses port 80: set the port in the design [spare targets]",
            "X002 warning: listener \"nlb listener\" of network load balancer \"internal nlb\" forwards to no target group, and NLB listeners support no other action; it was left out of the template [nlb listener]",
        ]
    );
    // Both are in the template's header too.
    assert!(exported.text.contains("#   X001 warning: target group \"spare targets\""));
    assert!(exported.text.contains("#   X002 warning: listener \"nlb listener\""));
}

#[test]
fn an_nlb_listener_without_a_target_group_is_left_out() {
    let template = template_json(&edge());
    let listeners: Vec<&Value> = template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::ElasticLoadBalancingV2::Listener")
        .collect();
    assert_eq!(listeners.len(), 2);
    for listener in listeners {
        assert_eq!(listener["Properties"]["DefaultActions"][0]["Type"], "forward");
    }
}

#[test]
fn the_edge_design_survives_a_round_trip_but_for_the_nlb_listener() {
    let design = edge();
    let mut expected = design.clone();
    expected.resources.retain(|r| r.id.as_str() != "nlb-listener");
    expected.layout.positions.remove(&"nlb-listener".into());
    for format in [Format::Yaml, Format::Json] {
        let exported = cfn::export(&design, format);
        let imported = cfn::import(&exported.text).unwrap();
        assert_eq!(imported.warnings, vec![], "{format:?}");
        assert_eq!(normalized(&imported.design), normalized(&expected), "{format:?}");
        let main = imported.design.resources.iter().find(|r| r.id.as_str() == "rtb-private-b");
        assert!(
            matches!(&main.unwrap().kind, Kind::RouteTable(rt) if rt.main && rt.associations.is_empty())
        );
    }
}
