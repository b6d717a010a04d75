//! `export --per-vpc`: reference D with a second VPC whose function sends to
//! its own queue and writes to D's bucket. Each VPC gets its part; the
//! queue goes with the VPC that uses it, and the bucket, used from both, is
//! in `shared`. The parts import what they use from `shared`; each passes
//! cfn-lint, and `shared` then each VPC part deploy to moto as stacks.

use std::path::{Path, PathBuf};
use std::process::Command;
use vpcraft_core::cfn::{self, Format, export_per_vpc, split_by_vpc};
use vpcraft_core::model::*;
use vpcraft_core::{Design, parse_design};

fn two_vpcs() -> Design {
    let path = format!("{}/tests/fixtures/cfn/reference/d.json", env!("CARGO_MANIFEST_DIR"));
    let mut d = parse_design(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut push = |id: &str, kind: Kind| {
        d.resources.push(Resource::new(id, id, kind));
    };
    push(
        "vpc2",
        Vpc { cidr_blocks: vec!["10.1.0.0/16".parse().unwrap()], ..Vpc::default() }.into(),
    );
    push("vpc2-az-a", AvailabilityZone { vpc: "vpc2".into(), zone: "a".into() }.into());
    push(
        "vpc2-subnet",
        Subnet {
            az: "vpc2-az-a".into(),
            cidr: Some("10.1.0.0/24".parse().unwrap()),
            map_public_ip_on_launch: false,
            ipv6: None,
        }
        .into(),
    );
    push("vpc2-sg", SecurityGroup::new("vpc2".into()).into());
    push(
        "vpc2-fn",
        LambdaFunction {
            vpc_config: Some(VpcConfig {
                subnets: vec!["vpc2-subnet".into()],
                security_groups: vec!["vpc2-sg".into()],
            }),
            environment: [("BUCKET", "${Reports}"), ("BUCKET_ARN", "arn: ${Reports.Arn}")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            ..LambdaFunction::default()
        }
        .into(),
    );
    push("vpc2-queue", SqsQueue::default().into());
    for (id, target) in [("flow-vpc2-queue", "vpc2-queue"), ("flow-vpc2-bucket", "bucket")] {
        d.flows.push(Flow {
            id: id.into(),
            source: "vpc2-fn".into(),
            target: target.into(),
            protocol: Protocol::Tcp,
            port: Some(443),
            inferred: false,
            label: String::new(),
        });
    }
    d
}

fn ids(design: &Design) -> Vec<&str> {
    design.resources.iter().map(|r| r.id.as_str()).collect()
}

#[test]
fn each_vpc_gets_its_part_and_what_only_it_uses() {
    let design = two_vpcs();
    let parts = split_by_vpc(&design);
    let stems: Vec<&str> = parts.iter().map(|p| p.stem.as_str()).collect();
    assert_eq!(stems, ["vpc", "vpc2", "shared"]);
    let first = ids(&parts[0].design);
    let second = ids(&parts[1].design);
    let shared = ids(&parts[2].design);
    // D's own resources outside the VPC go with it: the table, the logs
    // service, the target group's function and its permission.
    for id in ["vpc", "subnet-a", "fn-caller", "table", "svc-logs", "perm-protected", "tg"] {
        assert!(first.contains(&id) || !ids(&design).contains(&id), "{id} in {first:?}");
    }
    assert_eq!(second, ["vpc2", "vpc2-az-a", "vpc2-subnet", "vpc2-sg", "vpc2-fn", "vpc2-queue"]);
    // Both VPCs' functions use the bucket.
    assert_eq!(shared, ["bucket"]);
    // Every resource is in exactly one part.
    let total: usize = parts.iter().map(|p| p.design.resources.len()).sum();
    assert_eq!(total, design.resources.len());
    // Flows stay inside a part; those between parts are left out.
    assert_eq!(parts[1].design.flows.len(), 1);
    assert!(parts[0].design.flows.iter().all(|f| f.target.as_str() != "bucket"));
    // Each part exports and reads back as the same resources.
    let templates = export_per_vpc(&design, Format::Yaml);
    for template in &templates {
        let imported = cfn::import(&template.exported.text).unwrap();
        let part = parts.iter().find(|p| p.stem == template.stem).unwrap();
        assert_eq!(imported.design.resources.len(), part.design.resources.len(), "{}", part.stem);
    }
}

#[test]
fn references_to_another_part_become_imports_of_its_exports() {
    let templates = export_per_vpc(&two_vpcs(), Format::Yaml);
    // Deploy order: what the others import from comes first.
    let stems: Vec<&str> = templates.iter().map(|t| t.stem.as_str()).collect();
    assert_eq!(stems, ["shared", "vpc", "vpc2"]);
    let shared = &templates[0];
    assert!(shared.imports_from.is_empty());
    assert!(
        shared.exported.text.contains("Name: !Sub ${AWS::StackName}-Reports-Ref"),
        "{}",
        shared.exported.text
    );
    let first = &templates[1];
    assert_eq!(first.imports_from, ["shared"]);
    // The function's `${Reports}` keeps its text and imports the bucket.
    let text = &first.exported.text;
    assert!(text.contains("SharedStackName:"), "{text}");
    assert!(text.contains("- ${Reports}\n"), "{text}");
    assert!(text.contains("Fn::ImportValue: !Sub ${SharedStackName}-Reports-Ref"), "{text}");
    assert!(!text.contains("Export:"), "{text}");
    // JSON spells the same in long form.
    let json = export_per_vpc(&two_vpcs(), Format::Json);
    let value: serde_json::Value = serde_json::from_str(&json[1].exported.text).unwrap();
    let vars = &value["Resources"]["Caller"]["Properties"]["Environment"]["Variables"]["BUCKET"];
    assert_eq!(vars["Fn::Sub"][0], "${Reports}");
    assert_eq!(
        vars["Fn::Sub"][1]["Reports"]["Fn::ImportValue"]["Fn::Sub"],
        "${SharedStackName}-Reports-Ref"
    );
}

#[test]
fn a_design_with_one_vpc_and_nothing_shared_is_one_part() {
    let path = format!("{}/tests/fixtures/cfn/reference/b.json", env!("CARGO_MANIFEST_DIR"));
    let design = parse_design(&std::fs::read_to_string(path).unwrap()).unwrap();
    let parts = split_by_vpc(&design);
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].design.resources, design.resources);
    assert_eq!(parts[0].design.flows, design.flows);
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A tool of the virtualenv, found as `cfn_tools` finds it.
fn tool(name: &str) -> PathBuf {
    let venv =
        std::env::var_os("VPCRAFT_PYTHON_VENV").map_or_else(|| repo().join(".venv"), PathBuf::from);
    let path = venv.join("bin").join(name);
    assert!(
        path.exists(),
        "{} is missing: run `bash tools/setup-python.sh` to create the Python virtualenv with cfn-lint and moto",
        path.display()
    );
    path
}

/// The parts of the two-VPC design written into a fresh directory, in
/// deploy order.
fn written(test: &str, format: Format, ext: &str) -> (PathBuf, Vec<(String, PathBuf)>) {
    let dir =
        std::env::temp_dir().join(format!("vpcraft-cfn-split-{}-{test}-{ext}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files = export_per_vpc(&two_vpcs(), format)
        .into_iter()
        .map(|t| {
            let path = dir.join(format!("{}.{ext}", t.stem));
            std::fs::write(&path, &t.exported.text).unwrap();
            (t.stem, path)
        })
        .collect();
    (dir, files)
}

#[test]
fn cfn_lint_finds_nothing_in_the_parts() {
    for (format, ext) in [(Format::Yaml, "yaml"), (Format::Json, "json")] {
        let (dir, files) = written("lint", format, ext);
        let output =
            Command::new(tool("cfn-lint")).args(files.iter().map(|(_, p)| p)).output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "cfn-lint reported:\n{stdout}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn shared_then_each_vpc_part_deploys_to_moto() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut moto = Command::new(tool("moto_server"))
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed().as_secs() < 30, "moto_server did not start in 30 s");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let (dir, files) = written("moto", Format::Yaml, "yaml");
    let mut results = Vec::new();
    // Each stack is named after its file, as the stack-name parameters'
    // defaults expect.
    for (stem, path) in &files {
        let output = Command::new(tool("python"))
            .arg(repo().join("tools/deploy_to_moto.py"))
            .arg(format!("http://127.0.0.1:{port}"))
            .arg(path)
            .arg(stem)
            .output()
            .unwrap();
        results.push((stem.clone(), output));
    }
    let _ = moto.kill();
    let _ = moto.wait();
    std::fs::remove_dir_all(dir).unwrap();
    for (stem, output) in results {
        assert!(
            output.status.success(),
            "part {stem} did not deploy: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The design as a file for the server's CLI test of `export --per-vpc`;
/// run with `VPCRAFT_BLESS=1` to rewrite it after changing `two_vpcs`.
#[test]
fn the_two_vpc_fixture_is_current() {
    let path = repo().join("core/tests/fixtures/cfn/split/two-vpcs.json");
    let text = vpcraft_core::to_json(&two_vpcs());
    if std::env::var_os("VPCRAFT_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "run with VPCRAFT_BLESS=1");
}
