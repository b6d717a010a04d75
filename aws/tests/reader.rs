//! The reader against a fake HTTP client that answers each call by its
//! action, as AWS would: pages are followed, a throttled call is retried,
//! and a denied call leaves a partial design and a warning.

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_smithy_http_client::test_util::infallible_client_fn;
use aws_smithy_types::body::SdkBody;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vpcraft_aws::{Selection, read};

const EC2_NS: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

/// A canned answer: a status and a body.
type Answer = (u16, String);

/// The answers queued for each action and page token.
type Answers = HashMap<(String, String), Vec<Answer>>;

/// Answers by action (and page token); every call is counted. An action
/// without an answer gets an empty, successful one.
#[derive(Clone, Default)]
struct Fake {
    answers: Arc<Mutex<Answers>>,
    calls: Arc<Mutex<Vec<String>>>,
    /// The form body of each call, by its action.
    bodies: Arc<Mutex<Vec<(String, String)>>>,
}

impl Fake {
    /// Queues an answer for an EC2 action on a page (`""` for the first);
    /// several answers for one key are given in turn.
    fn ec2(&self, action: &str, token: &str, status: u16, inner: &str) -> &Self {
        let body = if status == 200 {
            format!(
                r#"<{action}Response xmlns="{EC2_NS}"><requestId>r</requestId>{inner}</{action}Response>"#
            )
        } else {
            format!(
                "<Response><Errors><Error>{inner}</Error></Errors><RequestID>r</RequestID></Response>"
            )
        };
        self.answers
            .lock()
            .unwrap()
            .entry((action.to_owned(), token.to_owned()))
            .or_default()
            .push((status, body));
        self
    }

    fn calls_of(&self, action: &str) -> usize {
        self.calls.lock().unwrap().iter().filter(|c| c.as_str() == action).count()
    }

    /// The form bodies of an action's calls.
    fn bodies_of(&self, action: &str) -> Vec<String> {
        let bodies = self.bodies.lock().unwrap();
        bodies.iter().filter(|(a, _)| a == action).map(|(_, b)| b.clone()).collect()
    }

    fn answer(&self, request: http::Request<SdkBody>) -> http::Response<SdkBody> {
        let host = request.uri().host().unwrap_or_default().to_owned();
        let body = request
            .body()
            .bytes()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let form: HashMap<String, String> = body
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let target = request.headers().get("x-amz-target").and_then(|v| v.to_str().ok());
        let action = form
            .get("Action")
            .cloned()
            .or_else(|| target.map(|t| t.rsplit('.').next().unwrap_or(t).to_owned()))
            .unwrap_or_else(|| request.uri().path().to_owned());
        self.calls.lock().unwrap().push(action.clone());
        self.bodies.lock().unwrap().push((action.clone(), body.clone()));
        let token = form.get("NextToken").cloned().unwrap_or_default();
        let queued = {
            let mut answers = self.answers.lock().unwrap();
            answers
                .get_mut(&(action.clone(), token))
                .and_then(|q| if q.len() > 1 { Some(q.remove(0)) } else { q.first().cloned() })
        };
        let (status, body) = queued.unwrap_or_else(|| (200, empty(&host, &action)));
        http::Response::builder().status(status).body(SdkBody::from(body)).unwrap()
    }
}

/// A successful answer that lists nothing.
fn empty(host: &str, action: &str) -> String {
    if host.starts_with("ec2.") {
        format!(r#"<{action}Response xmlns="{EC2_NS}"><requestId>r</requestId></{action}Response>"#)
    } else if host.starts_with("sts.") {
        r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"#.to_owned()
    } else if let Some(ns) = [
        ("elasticloadbalancing.", "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"),
        ("autoscaling.", "http://autoscaling.amazonaws.com/doc/2011-01-01/"),
        ("rds.", "http://rds.amazonaws.com/doc/2014-10-31/"),
        ("elasticache.", "http://elasticache.amazonaws.com/doc/2015-02-02/"),
    ]
    .iter()
    .find_map(|(prefix, ns)| host.starts_with(prefix).then_some(ns))
    {
        // The query protocols: an empty result element.
        format!(
            r#"<{action}Response xmlns="{ns}"><{action}Result></{action}Result></{action}Response>"#
        )
    } else {
        "{}".to_owned()
    }
}

async fn config(fake: &Fake) -> SdkConfig {
    let fake = fake.clone();
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
        .http_client(infallible_client_fn(move |request| fake.answer(request)))
        // Standard retry with a short backoff: adaptive retry (what
        // `sdk_config` sets) also slows every later call of the process
        // after a throttle, by design, which would only slow these tests.
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .load()
        .await
}

fn subnet(id: &str, zone: &str, cidr: &str) -> String {
    format!(
        "<item><subnetId>{id}</subnetId><vpcId>vpc-1</vpcId><availabilityZone>{zone}</availabilityZone><cidrBlock>{cidr}</cidrBlock></item>"
    )
}

/// One VPC with a subnet on each of two pages.
fn two_pages() -> Fake {
    let fake = Fake::default();
    fake.ec2(
        "DescribeVpcs",
        "",
        200,
        "<vpcSet><item><vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/16</cidrBlock></item></vpcSet>",
    )
    .ec2(
        "DescribeSubnets",
        "",
        200,
        &format!(
            "<subnetSet>{}</subnetSet><nextToken>page-2</nextToken>",
            subnet("subnet-a", "us-east-1a", "10.0.0.0/24")
        ),
    )
    .ec2(
        "DescribeSubnets",
        "page-2",
        200,
        &format!("<subnetSet>{}</subnetSet>", subnet("subnet-b", "us-east-1b", "10.0.1.0/24")),
    );
    fake
}

fn subnets(design: &vpcraft_core::Design) -> Vec<&str> {
    design
        .resources
        .iter()
        .filter(|r| r.kind.tag() == vpcraft_core::model::KindTag::Subnet)
        .map(|r| r.id.as_str())
        .collect()
}

#[tokio::test]
async fn a_paginated_listing_is_read_to_its_last_page() {
    let fake = two_pages();
    let imported = read(&config(&fake).await, &Selection::All, &|_| {}).await;
    assert_eq!(subnets(&imported.design), ["subnet-a", "subnet-b"]);
    assert_eq!(fake.calls_of("DescribeSubnets"), 2);
    assert_eq!(imported.warnings, []);
    assert_eq!(imported.design.name, "AWS account 123456789012 (us-east-1)");
}

#[tokio::test]
async fn a_denied_call_leaves_a_partial_design_and_a_warning_naming_its_action() {
    let fake = two_pages();
    fake.ec2(
        "DescribeNetworkAcls",
        "",
        403,
        "<Code>UnauthorizedOperation</Code><Message>You are not authorized.</Message>",
    );
    let lines = Mutex::new(Vec::new());
    let progress = |line: &str| lines.lock().unwrap().push(line.to_owned());
    let imported = read(&config(&fake).await, &Selection::All, &progress).await;
    assert_eq!(subnets(&imported.design), ["subnet-a", "subnet-b"]);
    let warnings: Vec<(String, Option<&str>)> =
        imported.warnings.iter().map(|w| (w.to_string(), w.action)).collect();
    assert_eq!(
        warnings,
        [(
            "network ACLs: not read: access denied (UnauthorizedOperation); the policy needs \
             ec2:DescribeNetworkAcls"
                .to_owned(),
            Some("ec2:DescribeNetworkAcls")
        )]
    );
    let lines = lines.into_inner().unwrap();
    assert!(lines.contains(&"read 2 subnets (ec2:DescribeSubnets)".to_owned()), "{lines:?}");
    assert!(!lines.iter().any(|l| l.contains("network ACLs")), "{lines:?}");
}

#[tokio::test]
async fn a_throttled_call_is_retried() {
    let fake = Fake::default();
    fake.ec2(
        "DescribeVpcs",
        "",
        503,
        "<Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message>",
    )
    .ec2(
        "DescribeVpcs",
        "",
        200,
        "<vpcSet><item><vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/16</cidrBlock></item></vpcSet>",
    );
    let imported = read(&config(&fake).await, &Selection::All, &|_| {}).await;
    assert_eq!(fake.calls_of("DescribeVpcs"), 2);
    assert_eq!(imported.warnings, []);
    assert!(imported.design.resource(&"vpc-1".into()).is_some());
}

#[tokio::test]
async fn a_call_that_keeps_failing_is_a_warning_naming_its_action() {
    let fake = two_pages();
    fake.ec2(
        "DescribeRouteTables",
        "",
        500,
        "<Code>InternalError</Code><Message>An internal error has occurred.</Message>",
    );
    let imported = read(&config(&fake).await, &Selection::All, &|_| {}).await;
    assert_eq!(subnets(&imported.design), ["subnet-a", "subnet-b"]);
    // Standard retry makes three attempts before giving up.
    assert_eq!(fake.calls_of("DescribeRouteTables"), 3);
    let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        ["route tables: not read: the call failed (InternalError: An internal error has \
             occurred.); it needs ec2:DescribeRouteTables"]
    );
}

#[tokio::test]
async fn a_selected_vpc_that_does_not_exist_is_a_warning() {
    let fake = two_pages();
    let selection = Selection::Vpcs(vec!["vpc-1".into(), "vpc-gone".into()]);
    let imported = read(&config(&fake).await, &selection, &|_| {}).await;
    let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, ["vpc-gone: not found in this account and region"]);
}

#[tokio::test]
async fn gateways_connections_and_customer_gateways_are_read_only_when_named() {
    let fake = two_pages();
    let imported = read(&config(&fake).await, &Selection::All, &|_| {}).await;
    assert_eq!(imported.warnings, []);
    // Read by VPC (or, for egress-only gateways, the region's) and by the
    // subnets once they are in.
    for action in [
        "DescribeTransitGatewayVpcAttachments",
        "DescribeEgressOnlyInternetGateways",
        "DescribeVpnGateways",
        "DescribeNetworkInterfaces",
        "DescribeFlowLogs",
    ] {
        assert_eq!(fake.calls_of(action), 1, "{action}");
    }
    let flow_logs = fake.bodies_of("DescribeFlowLogs").concat();
    for id in ["vpc-1", "subnet-a", "subnet-b"] {
        assert!(flow_logs.contains(id), "{flow_logs}");
    }
    let interfaces = fake.bodies_of("DescribeNetworkInterfaces").concat();
    assert!(interfaces.contains("requester-managed"), "{interfaces}");
    // Nothing attached, so nothing more to ask.
    for action in ["DescribeTransitGateways", "DescribeVpnConnections", "DescribeCustomerGateways"]
    {
        assert_eq!(fake.calls_of(action), 0, "{action}");
    }
}

#[tokio::test]
async fn vpn_connections_are_one_call_kept_by_their_gateway() {
    let fake = two_pages();
    fake.ec2(
        "DescribeVpnGateways",
        "",
        200,
        "<vpnGatewaySet><item><vpnGatewayId>vgw-1</vpnGatewayId><state>available</state>\
         <attachments><item><vpcId>vpc-1</vpcId><state>attached</state></item></attachments>\
         </item></vpnGatewaySet>",
    )
    .ec2(
        "DescribeVpnConnections",
        "",
        200,
        "<vpnConnectionSet>\
         <item><vpnConnectionId>vpn-1</vpnConnectionId><customerGatewayId>cgw-1</customerGatewayId>\
         <vpnGatewayId>vgw-1</vpnGatewayId><state>available</state></item>\
         <item><vpnConnectionId>vpn-2</vpnConnectionId><customerGatewayId>cgw-2</customerGatewayId>\
         <vpnGatewayId>vgw-other</vpnGatewayId><state>available</state></item>\
         </vpnConnectionSet>",
    )
    .ec2(
        "DescribeCustomerGateways",
        "",
        200,
        "<customerGatewaySet><item><customerGatewayId>cgw-1</customerGatewayId>\
         <ipAddress>203.0.113.12</ipAddress><bgpAsn>65010</bgpAsn><state>available</state>\
         </item></customerGatewaySet>",
    );
    let imported = read(&config(&fake).await, &Selection::All, &|_| {}).await;
    assert_eq!(imported.warnings, []);
    let design = &imported.design;
    for (id, present) in [("vgw-1", true), ("vpn-1", true), ("cgw-1", true), ("vpn-2", false)] {
        assert_eq!(design.resource(&id.into()).is_some(), present, "{id}");
    }
    assert_eq!(fake.calls_of("DescribeVpnConnections"), 1);
    // Only the customer gateway of a kept connection is asked for.
    let customers = fake.bodies_of("DescribeCustomerGateways").concat();
    assert!(customers.contains("cgw-1") && !customers.contains("cgw-2"), "{customers}");
    assert_eq!(fake.calls_of("DescribeTransitGateways"), 0);
}
