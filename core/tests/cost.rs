//! The monthly estimate: the reference architectures A–D and a design that
//! exercises every price, with the expected figures worked out here from
//! the published prices (not read back from the price table, so a wrong
//! table entry fails), the goldens of every line, and the cost advice
//! (I2010 to I2012) whose quick fixes clear their finding and lower the
//! estimate by what the message promised.

mod common;

use common::{fixtures, load};
use expect_test::expect_file;
use vpcraft_core::cost::{Estimate, cents, estimate};
use vpcraft_core::{ResourceId, validate};

const HOURS: f64 = 730.0;

/// Europe (Ireland) prices as published on the AWS pricing pages
/// (read 2026-12-03; the price table cites each page).
mod eu {
    pub const NAT_HOUR: f64 = 0.048;
    pub const NAT_GB: f64 = 0.048;
    pub const ENDPOINT_AZ_HOUR: f64 = 0.011;
    pub const ENDPOINT_GB: f64 = 0.01;
    pub const ALB_HOUR: f64 = 0.0252;
    pub const LCU_HOUR: f64 = 0.008;
    pub const IPV4_HOUR: f64 = 0.005;
    pub const LAMBDA_REQUEST: f64 = 0.20 / 1e6;
    pub const LAMBDA_GB_SECOND: f64 = 0.0000166667;
    pub const SQS_REQUEST: f64 = 0.40 / 1e6;
    pub const HTTP_API_REQUEST: f64 = 1.11 / 1e6;
    pub const FARGATE_VCPU_HOUR: f64 = 0.04048;
    pub const FARGATE_GB_HOUR: f64 = 0.004445;
    pub const LOGS_GB: f64 = 0.57;
    pub const S3_GB_MONTH: f64 = 0.023;
    pub const S3_GET: f64 = 0.0004 / 1000.0;
    pub const DDB_WRITE: f64 = 0.705 / 1e6;
    pub const DDB_READ: f64 = 0.141 / 1e6;
    pub const DDB_GB_MONTH: f64 = 0.283;
}

/// US East (N. Virginia) prices as published (read 2026-12-03).
mod us {
    pub const NAT_HOUR: f64 = 0.045;
    pub const NAT_GB: f64 = 0.045;
    pub const ENDPOINT_AZ_HOUR: f64 = 0.01;
    pub const ENDPOINT_GB: f64 = 0.01;
    pub const NLB_HOUR: f64 = 0.0225;
    pub const IPV4_HOUR: f64 = 0.005;
    pub const CROSS_AZ_GB_EACH_WAY: f64 = 0.01;
    pub const INTERNET_OUT_GB: f64 = 0.09;
    pub const LAMBDA_REQUEST: f64 = 0.20 / 1e6;
    pub const LAMBDA_GB_SECOND: f64 = 0.0000166667;
    pub const SQS_FIFO_REQUEST: f64 = 0.50 / 1e6;
    pub const REST_API_REQUEST: f64 = 3.50 / 1e6;
    pub const T3_SMALL_HOUR: f64 = 0.0208;
    pub const M5_LARGE_HOUR: f64 = 0.096;
    pub const FARGATE_VCPU_HOUR: f64 = 0.04048;
    pub const FARGATE_GB_HOUR: f64 = 0.004445;
}

/// A Lambda function's two lines at 100 ms (the default) and 128 MB.
fn lambda_128mb(invocations: f64) -> f64 {
    cents(invocations * eu::LAMBDA_REQUEST)
        + cents(invocations * 0.1 * 128.0 / 1024.0 * eu::LAMBDA_GB_SECOND)
}

/// One Fargate task of 0.25 vCPU and 0.5 GB all month.
fn fargate_task() -> f64 {
    cents(0.25 * HOURS * eu::FARGATE_VCPU_HOUR) + cents(0.5 * HOURS * eu::FARGATE_GB_HOUR)
}

/// What A and D share: two NAT gateways with Elastic IPs, the internal ALB
/// with Lambda targets (two flows of 10 GB and a million requests, 0.4 GB
/// per LCU-hour), the logs endpoint in two zones, the ECS service, the
/// log group ingesting the put-logs flow's 10 GB and the two functions.
fn expected_a() -> Vec<(&'static str, f64)> {
    vec![
        ("nat-a", cents(HOURS * eu::NAT_HOUR) + cents(0.0 * eu::NAT_GB)),
        ("nat-b", cents(HOURS * eu::NAT_HOUR)),
        ("eip-a", cents(HOURS * eu::IPV4_HOUR)),
        ("eip-b", cents(HOURS * eu::IPV4_HOUR)),
        ("alb", cents(HOURS * eu::ALB_HOUR) + cents(20.0 / 0.4 * eu::LCU_HOUR)),
        ("logs-ep", cents(2.0 * HOURS * eu::ENDPOINT_AZ_HOUR) + cents(10.0 * eu::ENDPOINT_GB)),
        ("ecs", fargate_task()),
        ("logs", cents(10.0 * eu::LOGS_GB)),
        // Nothing calls "caller": the default million invocations.
        ("caller", lambda_128mb(1e6)),
        // The ALB invokes "protected" for both flows through it.
        ("protected", lambda_128mb(2e6)),
    ]
}

fn expected_b() -> Vec<(&'static str, f64)> {
    vec![
        ("sqs-ep", cents(HOURS * eu::ENDPOINT_AZ_HOUR) + cents(10.0 * eu::ENDPOINT_GB)),
        ("sender", lambda_128mb(1e6)),
        ("consumer", lambda_128mb(1e6)),
        ("queue", cents(1e6 * eu::SQS_REQUEST)),
        ("dlq", cents(1e6 * eu::SQS_REQUEST)),
    ]
}

fn expected_c() -> Vec<(&'static str, f64)> {
    vec![
        ("sm-ep", cents(2.0 * HOURS * eu::ENDPOINT_AZ_HOUR) + cents(10.0 * eu::ENDPOINT_GB)),
        ("api", cents(1e6 * eu::HTTP_API_REQUEST)),
        ("handler", lambda_128mb(1e6)),
        ("secrets", 0.0),
    ]
}

fn expected_d() -> Vec<(&'static str, f64)> {
    let mut lines = expected_a();
    lines.extend([
        ("bucket", cents(10.0 * eu::S3_GB_MONTH) + cents(1e6 * eu::S3_GET)),
        (
            "table",
            cents(0.5e6 * eu::DDB_WRITE) + cents(0.5e6 * eu::DDB_READ) + cents(eu::DDB_GB_MONTH),
        ),
        ("s3-ep", 0.0),
        ("ddb-ep", 0.0),
    ]);
    lines
}

/// Every line of an estimate, for the golden files.
fn render(e: &Estimate) -> String {
    let mut out = format!(
        "total {:.2} USD a month ({}, prices of {})\n",
        e.total_monthly_usd, e.priced_region, e.price_table_version
    );
    for l in &e.lines {
        out.push_str(&format!(
            "{} | {:?} | {} | {} {} x {} = {:.2}\n",
            l.resource,
            l.category,
            l.description,
            l.quantity,
            l.unit,
            l.unit_price_usd,
            l.monthly_usd
        ));
    }
    for a in &e.assumptions {
        out.push_str(&format!("assumes: {a}\n"));
    }
    out
}

/// Checks each resource's monthly figure and that every other resource
/// costs nothing, so the total is the sum of the expected figures.
fn check(name: &str, expected: &[(&str, f64)]) -> Estimate {
    let path = fixtures("reference").join(format!("{name}.json"));
    let e = estimate(&load(&path));
    for (id, usd) in expected {
        let got = e.of_resource(&ResourceId::new(*id));
        assert!((got - usd).abs() < 0.001, "{name}: {id} costs {got}, expected {usd}");
    }
    for (id, _, usd) in e.by_resource() {
        if !expected.iter().any(|(x, _)| *x == id.as_str()) {
            assert_eq!(usd, 0.0, "{name}: {id} costs {usd}, expected nothing");
        }
    }
    let total = cents(expected.iter().map(|(_, usd)| usd).sum());
    assert!(
        (e.total_monthly_usd - total).abs() < 0.001,
        "{name}: {} != {total}",
        e.total_monthly_usd
    );
    expect_file![fixtures("cost").join(format!("{name}.estimate"))].assert_eq(&render(&e));
    e
}

#[test]
fn reference_a_pays_most_for_its_two_nat_gateways() {
    let e = check("A", &expected_a());
    assert_eq!(e.total_monthly_usd, 128.28);
    let categories = e.by_category();
    assert_eq!(categories[0].0.title(), "NAT gateways");
    assert_eq!(categories[0].1, 70.08);
}

#[test]
fn reference_b_is_one_endpoint_and_requests() {
    let e = check("B", &expected_b());
    assert_eq!(e.total_monthly_usd, 9.75);
}

#[test]
fn reference_c_prices_the_api_and_names_what_it_does_not_price() {
    let e = check("C", &expected_c());
    assert_eq!(e.total_monthly_usd, 17.68);
    assert!(
        e.assumptions.iter().any(|a| a.contains("Not priced") && a.contains("secretsmanager")),
        "{:#?}",
        e.assumptions
    );
}

#[test]
fn reference_d_adds_storage_and_free_gateway_endpoints() {
    let e = check("D", &expected_d());
    assert_eq!(e.total_monthly_usd, 129.61);
}

#[test]
fn a_design_that_uses_every_price() {
    let design = load(&fixtures("cost").join("us-east-1-every-price.json"));
    let e = estimate(&design);
    let line = |id: &str| e.of_resource(&ResourceId::new(id));
    // 100 GB to the internet from two subnets: half from zone b crosses
    // to the NAT gateway in zone a, charged out of b and into a.
    let nat = cents(HOURS * us::NAT_HOUR)
        + cents(100.0 * us::NAT_GB)
        + cents(50.0 * 2.0 * us::CROSS_AZ_GB_EACH_WAY);
    // 20 GB to the queue through an endpoint in zone a only: zone b's
    // half crosses.
    let endpoint = cents(HOURS * us::ENDPOINT_AZ_HOUR)
        + cents(20.0 * us::ENDPOINT_GB)
        + cents(10.0 * 2.0 * us::CROSS_AZ_GB_EACH_WAY);
    let worker =
        cents(2e6 * us::LAMBDA_REQUEST) + cents(2e6 * 0.25 * 512.0 / 1024.0 * us::LAMBDA_GB_SECOND);
    let expected = [
        ("nat", nat),
        ("eip", cents(HOURS * us::IPV4_HOUR)),
        ("internet", cents(100.0 * us::INTERNET_OUT_GB)),
        ("sqs-ep", endpoint),
        ("queue", cents(3e6 * us::SQS_FIFO_REQUEST)),
        ("worker", worker),
        ("web", cents(HOURS * us::T3_SMALL_HOUR) + cents(HOURS * us::IPV4_HOUR)),
        ("asg", cents(3.0 * HOURS * us::M5_LARGE_HOUR)),
        (
            "ecs",
            cents(2.0 * 0.25 * HOURS * us::FARGATE_VCPU_HOUR)
                + cents(2.0 * 0.5 * HOURS * us::FARGATE_GB_HOUR)
                + cents(2.0 * HOURS * us::IPV4_HOUR),
        ),
        // Internet-facing in one zone: one public address; no traffic.
        ("nlb", cents(HOURS * us::NLB_HOUR) + cents(HOURS * us::IPV4_HOUR)),
        ("api", cents(5e6 * us::REST_API_REQUEST)),
    ];
    for (id, usd) in expected {
        assert!((line(id) - usd).abs() < 0.001, "{id} costs {}, expected {usd}", line(id));
    }
    let total = cents(expected.iter().map(|(_, usd)| usd).sum());
    assert!((e.total_monthly_usd - total).abs() < 0.001, "{} != {total}", e.total_monthly_usd);
    assert_eq!(e.priced_region, "us-east-1");
    expect_file![fixtures("cost").join("us-east-1-every-price.estimate")].assert_eq(&render(&e));
}

#[test]
fn an_unpriced_region_says_whose_prices_it_uses() {
    let mut design = load(&fixtures("reference").join("B.json"));
    design.region = "ap-southeast-7".into();
    let e = estimate(&design);
    assert_eq!(e.priced_region, "us-east-1");
    assert!(e.assumptions[1].contains("no prices for ap-southeast-7"), "{:#?}", e.assumptions);
    // us-east-1's endpoint hour is $0.01, not Ireland's $0.011.
    let expected = cents(HOURS * us::ENDPOINT_AZ_HOUR) + cents(10.0 * us::ENDPOINT_GB);
    assert!((e.of_resource(&ResourceId::new("sqs-ep")) - expected).abs() < 0.001);
}

#[test]
fn usage_in_a_design_survives_a_round_trip_and_is_absent_when_empty() {
    let path = fixtures("cost").join("us-east-1-every-price.json");
    let design = load(&path);
    let text = vpcraft_core::to_json(&design);
    let again = vpcraft_core::parse_design(&text).unwrap();
    assert_eq!(again.usage, design.usage);
    let plain = load(&fixtures("reference").join("B.json"));
    assert!(!vpcraft_core::to_json(&plain).contains("usage"));
}

/// Applies the first quick fix of `rule`'s finding on a fixture and
/// returns the estimate before and after, checking that the finding is
/// gone.
fn fix_and_price(rule: &str, file: &str) -> (f64, f64) {
    let design = load(&fixtures("rules").join(rule).join(file));
    let finding = validate(&design)
        .into_iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("{rule}/{file} has no {rule} finding"));
    let mut fixed = design.clone();
    finding.quick_fixes[0].apply(&mut fixed).unwrap();
    assert!(
        !validate(&fixed).iter().any(|f| f.rule == rule),
        "{rule}/{file}: {:?} leaves a {rule} finding",
        finding.quick_fixes[0].title
    );
    (estimate(&design).total_monthly_usd, estimate(&fixed).total_monthly_usd)
}

fn saves(rule: &str, file: &str, expected: f64) {
    let (before, after) = fix_and_price(rule, file);
    assert!(
        (before - after - expected).abs() < 0.001,
        "{rule}/{file}: {before} → {after} saves {}, expected {expected}",
        before - after
    );
}

#[test]
fn a_gateway_endpoint_for_s3_saves_the_nat_data_processing() {
    // The flow's 10 GB no longer pass the NAT gateways.
    saves("I2010", "bad.json", cents(10.0 * eu::NAT_GB));
}

#[test]
fn removing_unused_nat_gateways_saves_their_hours_and_addresses() {
    saves(
        "I2011",
        "bad-unused.json",
        2.0 * (cents(HOURS * eu::NAT_HOUR) + cents(HOURS * eu::IPV4_HOUR)),
    );
}

#[test]
fn an_sqs_endpoint_instead_of_nat_gateways_saves_the_difference() {
    let nats = 2.0 * (cents(HOURS * eu::NAT_HOUR) + cents(HOURS * eu::IPV4_HOUR))
        + 2.0 * cents(5.0 * eu::NAT_GB);
    let endpoint = cents(2.0 * HOURS * eu::ENDPOINT_AZ_HOUR) + cents(10.0 * eu::ENDPOINT_GB);
    saves("I2011", "bad-sqs.json", nats - endpoint);
}

#[test]
fn sharing_one_nat_gateway_saves_a_gateway_but_pays_the_cross_zone_transfer() {
    let gateway = cents(HOURS * eu::NAT_HOUR) + cents(HOURS * eu::IPV4_HOUR);
    // Zone b's 5 GB now cross into zone a, charged both ways at $0.01.
    let transfer = cents(5.0 * 2.0 * 0.01);
    saves("I2012", "bad.json", gateway - transfer);
}

#[test]
fn the_advice_quotes_both_monthly_figures() {
    let design = load(&fixtures("rules").join("I2011").join("bad-sqs.json"));
    let finding = validate(&design).into_iter().find(|f| f.rule == "I2011").unwrap();
    assert!(finding.message.contains("cost $77.86 a month"), "{}", finding.message);
    assert!(finding.message.contains("would cost $16.16 a month"), "{}", finding.message);
}
