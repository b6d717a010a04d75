//! `read_stack` against moto's server: a reference architecture exported by
//! vpcraft, deployed as a stack, comes back as the same design with the
//! physical IDs of what the stack created.

mod common;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_sdk_cloudformation::types::{Capability, StackStatus};
use common::Moto;
use std::path::Path;
use std::time::Duration;
use vpcraft_aws::{StackError, read_stack};
use vpcraft_core::diff::{diff, render_text};

/// The region the reference architectures are drawn in.
const REGION: &str = "eu-west-1";

fn fixture(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    std::fs::read_to_string(root.join("core/tests/fixtures").join(path)).unwrap()
}

async fn config(moto: &Moto) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
        .endpoint_url(&moto.endpoint)
        .load()
        .await
}

/// Creates a stack and waits until its creation ends.
async fn deploy(config: &SdkConfig, name: &str, template: &str) {
    let client = aws_sdk_cloudformation::Client::new(config);
    client
        .create_stack()
        .stack_name(name)
        .template_body(template)
        .capabilities(Capability::CapabilityIam)
        .send()
        .await
        .unwrap();
    for _ in 0..300 {
        let described = client.describe_stacks().stack_name(name).send().await.unwrap();
        let status = described.stacks()[0].stack_status().cloned();
        match status {
            Some(StackStatus::CreateInProgress) => {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Some(StackStatus::CreateComplete) => return,
            other => panic!("stack {name} ended {other:?}"),
        }
    }
    panic!("stack {name} did not finish in 60 s");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deployed_reference_architecture_comes_back_as_designed() {
    let moto = Moto::start();
    let config = config(&moto).await;
    deploy(&config, "reference-a", &fixture("cfn/golden/a.yaml")).await;

    let lines = std::sync::Mutex::new(Vec::new());
    let progress = |line: &str| lines.lock().unwrap().push(line.to_owned());
    let drawn = read_stack(&config, "reference-a", &progress).await.unwrap();
    assert_eq!(drawn.status, "CREATE_COMPLETE");
    assert_eq!(drawn.design.region, REGION);
    let lines = lines.into_inner().unwrap();
    assert_eq!(lines[0], "read stack reference-a (cloudformation:DescribeStacks)");
    assert_eq!(lines[1], "read the template (cloudformation:GetTemplate)");
    assert!(lines[2].ends_with("stack resources (cloudformation:ListStackResources)"), "{lines:?}");

    // The template carries the drawing, so the design is the one exported,
    // less what moto does not create.
    let original = vpcraft_core::parse_design(&fixture("cfn/reference/a.json")).unwrap();
    expect_test::expect![[r#"
        resources: 0 added, 0 removed, 0 changed; flows: 0 added, 0 removed, 0 changed; findings: 0 fixed, 0 introduced
    "#]]
    .assert_eq(&render_text(&diff(&original, &drawn.design)));

    // Every resource the stack created carries its physical ID; zones and
    // the AWS services called are drawn, not deployed.
    let without: Vec<String> = drawn
        .design
        .resources
        .iter()
        .filter(|r| r.physical_id.is_none())
        .map(|r| format!("{} ({})", r.name, r.kind.tag().as_str()))
        .collect();
    expect_test::expect![[r#"
        a (availability_zone)
        b (availability_zone)
        CloudWatch Logs (aws_service)"#]]
    .assert_eq(&without.join("\n"));
    let vpc = drawn.design.resources.iter().find(|r| r.name == "main").unwrap();
    assert!(vpc.physical_id.as_deref().is_some_and(|id| id.starts_with("vpc-")), "{vpc:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_stack_is_named_with_its_region() {
    let moto = Moto::start();
    let config = config(&moto).await;
    let error = read_stack(&config, "absent", &|_| {}).await.unwrap_err();
    assert!(matches!(error, StackError::NotFound { .. }), "{error:?}");
    assert_eq!(error.to_string(), "no stack \"absent\" in region eu-west-1");
}
