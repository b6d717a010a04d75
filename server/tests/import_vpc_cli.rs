//! `vpcraft import vpc` and `vpcraft import stack` as real processes
//! against moto's server, with moto's dummy credentials in the environment
//! and no AWS files read.

#[path = "common/moto.rs"]
mod moto;

use moto::Moto;
use std::process::Command;

/// Runs `vpcraft import vpc` with `args`, isolated from the machine's AWS
/// configuration, and returns its exit code, stdout and stderr.
fn import_vpc(args: &[&str]) -> (i32, String, String) {
    import(&[&["vpc"], args].concat())
}

/// Runs `vpcraft import` with `args`, isolated as [`import_vpc`] is.
fn import(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_vpcraft"))
        .arg("import")
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", "/nonexistent/aws-config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .env_remove("AWS_ENDPOINT_URL")
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn every_vpc_of_a_region_is_written_as_a_design_file() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("account.json");
    let (code, stdout, stderr) = import_vpc(&[
        "--all",
        "--region",
        "us-east-1",
        "--endpoint-url",
        &moto.endpoint,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");
    let design = vpcraft_core::parse_design(&std::fs::read_to_string(&out).unwrap()).unwrap();
    // moto's region holds its default VPC with a default subnet per zone.
    let count = |tag| design.resources.iter().filter(|r| r.kind.tag() == tag).count();
    use vpcraft_core::model::KindTag;
    assert_eq!(count(KindTag::Vpc), 1);
    assert_eq!(count(KindTag::Subnet), count(KindTag::AvailabilityZone));
    assert!(count(KindTag::Subnet) >= 2, "{stderr}");
    assert_eq!(design.region, "us-east-1");
    // Not a terminal: one plain progress line per call, then the summary.
    assert!(stderr.contains("vpcraft: read 1 VPCs (ec2:DescribeVpcs)\n"), "{stderr}");
    assert!(stderr.lines().last().unwrap().starts_with("vpcraft: read 1 VPC(s): "), "{stderr}");
    assert!(!stderr.contains("testing"), "credentials must never be printed: {stderr}");
}

#[test]
fn an_unknown_vpc_is_named_and_nothing_is_written() {
    let moto = Moto::start();
    let (code, stdout, stderr) = import_vpc(&[
        "--vpc-id",
        "vpc-0000000000",
        "--region",
        "us-east-1",
        "--endpoint-url",
        &moto.endpoint,
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("vpcraft: warning: vpc-0000000000: not found in this account and region"),
        "{stderr}"
    );
    assert!(stderr.ends_with("vpcraft: no VPC was read; see the warnings above\n"), "{stderr}");
}

#[test]
fn a_selection_is_required_and_an_external_id_needs_a_role() {
    let (code, _, stderr) = import_vpc(&["--region", "us-east-1"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--vpc-id <ID>"), "{stderr}");
    let (code, _, stderr) = import_vpc(&["--all", "--external-id", "x"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--role-arn <ARN>"), "{stderr}");
}

#[test]
fn an_assumed_role_reads_the_same_account() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("account.json");
    let (code, _, stderr) = import_vpc(&[
        "--all",
        "--region",
        "us-east-1",
        "--role-arn",
        "arn:aws:iam::123456789012:role/vpcraft-reader",
        "--external-id",
        "vpcraft",
        "--endpoint-url",
        &moto.endpoint,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("vpcraft: warning"), "{stderr}");
    let design = vpcraft_core::parse_design(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(design.name.starts_with("AWS account 123456789012"), "{}", design.name);
}

#[test]
fn a_deployed_stack_is_written_with_its_physical_ids() {
    let moto = Moto::start();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let deployed = Command::new(moto::tool("python"))
        .arg(repo.join("tools/deploy_to_moto.py"))
        .arg(&moto.endpoint)
        .arg(repo.join("core/tests/fixtures/cfn/golden/b.yaml"))
        .arg("reference-b")
        .output()
        .unwrap();
    assert!(deployed.status.success(), "{}", String::from_utf8_lossy(&deployed.stderr));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stack.json");
    let (code, stdout, stderr) = import(&[
        "stack",
        "reference-b",
        "--region",
        "eu-west-1",
        "--endpoint-url",
        &moto.endpoint,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");
    let design = vpcraft_core::parse_design(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let original: vpcraft_core::Design = vpcraft_core::parse_design(
        &std::fs::read_to_string(repo.join("core/tests/fixtures/cfn/reference/b.json")).unwrap(),
    )
    .unwrap();
    assert!(vpcraft_core::diff::diff(&original, &design).is_empty());
    let queue = design.resources.iter().find(|r| r.kind.tag().as_str() == "sqs_queue").unwrap();
    assert!(queue.physical_id.as_deref().is_some_and(|id| id.contains("/")), "{queue:?}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines[0], "vpcraft: read stack reference-b (cloudformation:DescribeStacks)");
    assert!(
        lines.last().unwrap().starts_with("vpcraft: read stack reference-b (CREATE_COMPLETE): ")
    );

    let (code, _, stderr) =
        import(&["stack", "absent", "--region", "eu-west-1", "--endpoint-url", &moto.endpoint]);
    assert_eq!((code, stderr.as_str()), (2, "vpcraft: no stack \"absent\" in region eu-west-1\n"));
}
