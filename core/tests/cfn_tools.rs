//! The golden templates against the real tools: cfn-lint finds no errors
//! (and no warnings: should one ever be accepted, list it here with its
//! justification), and each reference architecture deploys to moto's
//! server, started on 127.0.0.1, with what moto describes matching the
//! design.
//!
//! The tools come from the virtualenv `tools/setup-python.sh` creates
//! (`<repo>/.venv`, or `$VPCRAFT_PYTHON_VENV`); without it these tests fail
//! and say how to create it.
//!
//! moto 5.2 keeps less than AWS: it skips SecurityGroupEgress, NetworkAcl*
//! and VPCCidrBlock resources, does not read back subnet route-table
//! associations made by CloudFormation, reports EnableDnsHostnames false,
//! and ignores target-group targets, so only what it keeps is compared.

use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use vpcraft_core::model::{Kind, Protocol, SgPeer};
use vpcraft_core::{Design, parse_design};

const REFERENCES: [&str; 4] = ["a", "b", "c", "d"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

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

fn golden(name: &str, ext: &str) -> PathBuf {
    repo().join(format!("core/tests/fixtures/cfn/golden/{name}.{ext}"))
}

#[test]
fn cfn_lint_finds_nothing_in_the_golden_templates() {
    // The edge-case design of `cfn_edge` and the kinds designs of
    // `cfn_kinds`, `cfn_data`, `cfn_ipv6`, `cfn_transit`, `cfn_classic` and
    // `cfn_eks` are linted with the references. The EKS design is not
    // deployed to moto below: moto 5's CloudFormation has no EKS resources
    // (it skips `AWS::EKS::Cluster` and `AWS::EKS::Nodegroup`), so a deploy
    // would check nothing of them.
    let files: Vec<PathBuf> = REFERENCES
        .iter()
        .flat_map(|n| [golden(n, "yaml"), golden(n, "json")])
        .chain([
            golden("edge", "yaml"),
            golden("kinds", "yaml"),
            golden("data", "yaml"),
            golden("ipv6", "yaml"),
            golden("transit", "yaml"),
            golden("classic", "yaml"),
            golden("eks", "yaml"),
        ])
        .collect();
    let output = Command::new(tool("cfn-lint")).args(&files).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    // cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 infos.
    assert_eq!(
        output.status.code(),
        Some(0),
        "cfn-lint reported:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout, "");
}

#[test]
fn the_apps_starter_templates_export_to_what_cfn_lint_accepts_for_any_account() {
    // The app's "New from template" designs (`core/tests/fixtures/reference`,
    // the architectures A–D as a person starts from them) deploy as drawn in
    // any account and region: their endpoint policies name the stack's own
    // roles and resources (`${Role.Arn}`, `${AWS::AccountId}`), never a
    // literal account, and every function holds the actions of the AWS
    // services its flows call.
    let dir = std::env::temp_dir().join(format!("vpcraft-starters-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for name in ["A", "B", "C", "D"] {
        let path = repo().join(format!("core/tests/fixtures/reference/{name}.json"));
        let design = parse_design(&std::fs::read_to_string(path).unwrap()).unwrap();
        let text = vpcraft_core::cfn::export(&design, vpcraft_core::cfn::Format::Yaml).text;
        assert!(!text.contains("123456789012"), "starter {name} names an account");
        assert!(!text.contains("Statement: []"), "starter {name} has a policy that allows nothing");
        for flow in &design.flows {
            let (Some(source), Some(target)) =
                (design.resource(&flow.source), design.resource(&flow.target))
            else {
                continue;
            };
            let service = match &target.kind {
                Kind::SqsQueue(_) => "sqs",
                Kind::S3Bucket(_) => "s3",
                Kind::DynamoDbTable(_) => "dynamodb",
                Kind::AwsService(s) => s.service.as_str(),
                _ => continue,
            };
            if let Kind::LambdaFunction(f) = &source.kind {
                assert!(
                    f.role.actions.iter().any(|a| a.starts_with(&format!("{service}:"))),
                    "starter {name}: function {:?} calls {service} without a {service}: action",
                    source.id
                );
            }
        }
        let file = dir.join(format!("{name}.yaml"));
        std::fs::write(&file, text).unwrap();
        files.push(file);
    }
    let output = Command::new(tool("cfn-lint")).args(&files).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "cfn-lint reported:\n{stdout}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn cfn_lint_takes_the_metadata_of_fractional_usage_and_positions() {
    // cfn-lint's schema of `Metadata` refuses numbers that are not integers
    // (E4002): an Auto Scaling group's 3.5 instances on average and a
    // position halfway between grid points are written as text.
    let path = repo().join("core/tests/fixtures/cost/us-east-1-databases.json");
    let mut design = parse_design(&std::fs::read_to_string(path).unwrap()).unwrap();
    let asg = vpcraft_core::ResourceId::new("asg");
    assert_eq!(design.usage.resources[&asg].instances, Some(3.5), "the fixture's fraction");
    let moved = vpcraft_core::model::Rect::new(10.5, 20.0, 112.0, 84.0);
    design.layout.positions.insert(asg, moved);
    let dir = std::env::temp_dir().join(format!("vpcraft-metadata-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("fractions.yaml");
    let text = vpcraft_core::cfn::export(&design, vpcraft_core::cfn::Format::Yaml).text;
    std::fs::write(&file, &text).unwrap();
    let output = Command::new(tool("cfn-lint")).arg(&file).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "cfn-lint reported:\n{stdout}");
    // And the design reads back with its numbers.
    let again = vpcraft_core::cfn::import(&text).unwrap().design;
    assert_eq!(again.usage, design.usage);
    assert!(again.layout.positions.values().any(|r| *r == moved), "{moved:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn cfn_lint_finds_nothing_in_the_nested_export_but_its_local_template() {
    // The export of `cfn_nested` sits beside its child template, which
    // cfn-lint reads too; W3002 says what is meant: a local TemplateURL
    // deploys after `aws cloudformation package`.
    let file = repo().join("core/tests/fixtures/cfn/nested/exported.yaml");
    let output = Command::new(tool("cfn-lint"))
        .args(["--ignore-checks", "W3002", "--"])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "cfn-lint reported:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// moto's server on a free port of 127.0.0.1, stopped when dropped.
struct Moto {
    child: Child,
    endpoint: String,
}

impl Moto {
    fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(tool("moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "moto_server did not start in 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Self { child, endpoint: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn deploy(moto: &Moto, name: &str) -> Value {
    deploy_file(moto, name, &golden(name, "yaml"))
}

/// Deploys the template at `path` as stack `reference-{name}`.
fn deploy_file(moto: &Moto, name: &str, path: &Path) -> Value {
    let output = Command::new(tool("python"))
        .arg(repo().join("tools/deploy_to_moto.py"))
        .arg(&moto.endpoint)
        .arg(path)
        .arg(format!("reference-{name}"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "reference {name} did not deploy: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).unwrap()
}

/// Design ID → logical ID, from the template's vpcraft metadata.
fn logical_ids(name: &str) -> HashMap<String, String> {
    let text = std::fs::read_to_string(golden(name, "yaml")).unwrap();
    let template = vpcraft_core::cfn::yaml::read(&text).unwrap().to_json();
    template["Metadata"]["vpcraft"]["resources"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(logical, pair)| (pair[0].as_str().unwrap().to_owned(), logical.clone()))
        .collect()
}

/// What moto should describe for a design, in the deploy script's shape.
fn expected(design: &Design, ids: &HashMap<String, String>) -> Value {
    let l = |id: &vpcraft_core::ResourceId| json!(ids[id.as_str()]);
    let sorted = |list: &[vpcraft_core::ResourceId]| {
        let mut names: Vec<&String> = list.iter().map(|id| &ids[id.as_str()]).collect();
        names.sort();
        json!(names)
    };
    let mut out = json!({
        "status": "CREATE_COMPLETE", "vpcs": {}, "subnets": {}, "route_tables": {},
        "security_groups": {}, "endpoints": {}, "load_balancers": {}, "functions": {}, "queues": {},
    });
    let zone_of = |az: &vpcraft_core::ResourceId| match design.resource(az).map(|r| &r.kind) {
        Some(Kind::AvailabilityZone(az)) => (az.vpc.clone(), az.zone.clone()),
        _ => panic!("a zone"),
    };
    for r in &design.resources {
        let name = ids.get(r.id.as_str()).cloned().unwrap_or_default();
        match &r.kind {
            Kind::Vpc(v) => out["vpcs"][&name] = json!({"cidr": v.cidr_blocks[0].to_string()}),
            Kind::Subnet(s) => {
                let (vpc, zone) = zone_of(&s.az);
                out["subnets"][&name] =
                    json!({"cidr": s.cidr.map(|c| c.to_string()), "vpc": l(&vpc), "zone": zone});
            }
            Kind::RouteTable(rt) => {
                let mut routes: Vec<Value> = rt
                    .routes
                    .iter()
                    .map(|route| {
                        let dest = match &route.destination {
                            vpcraft_core::model::RouteDestination::Cidr(c) => c.to_string(),
                            vpcraft_core::model::RouteDestination::Cidr6(c) => c.to_string(),
                            vpcraft_core::model::RouteDestination::PrefixList(p) => p.clone(),
                        };
                        json!([dest, l(&route.target)])
                    })
                    .collect();
                routes.sort_by_key(|r| r.to_string());
                out["route_tables"][&name] = json!({"vpc": l(&rt.vpc), "routes": routes});
            }
            Kind::SecurityGroup(sg) => {
                let mut ingress: Vec<Value> = sg
                    .ingress
                    .iter()
                    .map(|rule| {
                        let protocol = match rule.protocol {
                            Protocol::Tcp => "tcp",
                            Protocol::Udp => "udp",
                            Protocol::Icmp => "icmp",
                            Protocol::All => "-1",
                        };
                        let ports =
                            rule.ports.map_or(json!([null, null]), |p| json!([p.from, p.to]));
                        let peer = match &rule.peer {
                            SgPeer::Cidr(c) => json!(c.to_string()),
                            SgPeer::SecurityGroup(g) => l(g),
                            other => json!(format!("{other:?}")),
                        };
                        json!([protocol, ports, peer])
                    })
                    .collect();
                ingress.sort_by_key(|r| r.to_string());
                out["security_groups"][&name] = json!({"vpc": l(&sg.vpc), "ingress": ingress});
            }
            Kind::VpcEndpoint(ep) => {
                let interface = ep.is_interface();
                out["endpoints"][&name] = json!({
                    "service": format!("com.amazonaws.eu-west-1.{}", ep.service),
                    "type": if interface { "Interface" } else { "Gateway" },
                    "subnets": sorted(&ep.subnets),
                    "route_tables": sorted(&ep.route_tables),
                    "private_dns": ep.private_dns,
                });
            }
            Kind::LoadBalancer(lb) => {
                out["load_balancers"][&name] = json!({
                    "type": serde_json::to_value(lb.lb_type).unwrap(),
                    "scheme": if lb.scheme == vpcraft_core::model::Scheme::Internal { "internal" } else { "internet-facing" },
                    "subnets": sorted(&lb.subnets),
                    "security_groups": sorted(&lb.security_groups),
                });
            }
            Kind::LambdaFunction(f) => {
                let cfg = f.vpc_config.clone().unwrap_or_default();
                out["functions"][&name] = json!({
                    "runtime": f.runtime, "timeout": f.timeout_s,
                    "subnets": sorted(&cfg.subnets), "security_groups": sorted(&cfg.security_groups),
                });
            }
            Kind::SqsQueue(q) => {
                out["queues"][&name] = json!({"visibility_timeout": q.visibility_timeout_s, "redrive": q.redrive.is_some()});
            }
            _ => {}
        }
    }
    out
}

/// Drops what moto changes or does not keep: zones become the letter only
/// (moto answers in its own default region), routes moto adds for gateway
/// endpoints are left out.
fn comparable(mut described: Value, gateway_endpoints: &[String]) -> Value {
    for subnet in described["subnets"].as_object_mut().unwrap().values_mut() {
        let zone = subnet["zone"].as_str().unwrap().chars().last().unwrap().to_string();
        subnet["zone"] = json!(zone);
    }
    for rt in described["route_tables"].as_object_mut().unwrap().values_mut() {
        rt["routes"].as_array_mut().unwrap().retain(|r| {
            !gateway_endpoints.iter().any(|g| r[1] == json!(g))
                && !r[0].as_str().unwrap_or("").starts_with("pl-")
        });
    }
    described
}

#[test]
fn reference_architectures_deploy_to_moto_as_designed() {
    let moto = Moto::start();
    for name in REFERENCES {
        let path = repo().join(format!("core/tests/fixtures/cfn/reference/{name}.json"));
        let design = parse_design(&std::fs::read_to_string(path).unwrap()).unwrap();
        let ids = logical_ids(name);
        let gateway_endpoints: Vec<String> = design
            .resources
            .iter()
            .filter(|r| matches!(&r.kind, Kind::VpcEndpoint(ep) if !ep.is_interface()))
            .map(|r| ids[r.id.as_str()].clone())
            .collect();
        let described = comparable(deploy(&moto, name), &gateway_endpoints);
        for kind in ["vpcs", "subnets", "route_tables", "security_groups", "endpoints", "functions"]
        {
            assert!(
                !described[kind].as_object().unwrap().is_empty(),
                "moto described no {kind} for {name}"
            );
        }
        assert_eq!(described, expected(&design, &ids), "reference {name}");
    }
}

#[test]
fn the_kinds_design_deploys_to_moto_as_designed() {
    let moto = Moto::start();
    let described = deploy(&moto, "kinds");
    assert_eq!(described["status"], "CREATE_COMPLETE");
    // moto's CloudFormation launches an instance with its type and
    // `SubnetId` only: it ignores `SecurityGroupIds` and
    // `NetworkInterfaces`, so those are checked by cfn-lint and the
    // golden template, not here.
    let instances = &described["instances"];
    assert_eq!(instances["App"]["type"], "t3.micro");
    assert_eq!(instances["App"]["subnet"], "PrivateA");
    assert_eq!(instances["Web"]["type"], "t3.small");
    let groups = described["auto_scaling_groups"].as_object().unwrap();
    let workers: Vec<&Value> = groups.values().collect();
    assert_eq!(
        workers,
        [&json!({"subnets": ["PrivateA", "PrivateB"], "min": 2, "max": 4, "target_groups": 1})]
    );
}

#[test]
fn the_classic_design_deploys_to_moto_as_designed() {
    // moto looks the HTTPS listener's certificate up in its own ACM, where
    // the fixture's ARN is not, so the design deploys without that listener
    // (cfn-lint checks it above).
    let path = repo().join("core/tests/fixtures/cfn/classic.json");
    let mut design = parse_design(&std::fs::read_to_string(path).unwrap()).unwrap();
    for resource in &mut design.resources {
        if let Kind::LoadBalancer(lb) = &mut resource.kind {
            lb.classic_listeners.retain(|l| !l.protocol.needs_certificate());
        }
    }
    design.flows.retain(|f| f.port != Some(443));
    let template =
        std::env::temp_dir().join(format!("vpcraft-classic-{}.yaml", std::process::id()));
    std::fs::write(
        &template,
        vpcraft_core::cfn::render(&design, vpcraft_core::cfn::Format::Yaml, &[]),
    )
    .unwrap();
    let moto = Moto::start();
    let described = deploy_file(&moto, "classic", &template);
    let _ = std::fs::remove_file(&template);
    assert_eq!(described["status"], "CREATE_COMPLETE");
    // moto's CloudFormation ignores a classic balancer's `Subnets` and
    // `SecurityGroups` (it gives it a group of its own), so those are
    // checked by cfn-lint and the golden template, not here. The instances
    // are the one named and the two the Auto Scaling group registered by
    // name.
    let lb = &described["classic_load_balancers"]["LegacyWeb"];
    assert_eq!(lb["scheme"], "internet-facing");
    assert_eq!(lb["listeners"], json!([[80, "HTTP", 8080]]));
    let instances: Vec<&str> =
        lb["instances"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(instances.len(), 3, "{instances:?}");
    assert!(instances.contains(&"App"), "{instances:?}");
}

#[test]
fn the_transit_design_deploys_to_moto_as_designed() {
    // moto creates the transit gateway, its attachments, the virtual
    // private gateway and the VPN parts, but describes a route to a transit
    // gateway without its target, so the routes are checked by their
    // destinations here and by cfn-lint and the golden template otherwise.
    // (The IPv6 design does not deploy: moto has no `Ipv6CidrBlocks`
    // attribute for `!GetAtt` of a VPC.)
    let moto = Moto::start();
    let described = deploy(&moto, "transit");
    assert_eq!(described["status"], "CREATE_COMPLETE");
    assert_eq!(
        described["vpcs"],
        json!({"Hub": {"cidr": "10.0.0.0/16"}, "Spoke": {"cidr": "10.1.0.0/16"}})
    );
    let destinations = |table: &str| -> Vec<String> {
        described["route_tables"][table]["routes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[0].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(destinations("HubRt"), ["10.1.0.0/16", "192.168.0.0/16"]);
    assert_eq!(destinations("SpokeRt"), ["10.0.0.0/8"]);
    assert_eq!(
        described["security_groups"]["DbSg"]["ingress"],
        json!([["tcp", [5432, 5432], "10.1.0.0/16"]])
    );
}

#[test]
fn the_data_design_deploys_to_moto_as_designed() {
    // moto's CloudFormation has no Aurora cluster and no ElastiCache, so
    // the data design deploys without them (cfn-lint checks them above).
    let path = repo().join("core/tests/fixtures/cfn/data.json");
    let mut design = parse_design(&std::fs::read_to_string(path).unwrap()).unwrap();
    design.resources.retain(|r| !matches!(r.kind, Kind::DbCluster(_) | Kind::CacheCluster(_)));
    let kept: Vec<_> = design.resources.iter().map(|r| r.id.clone()).collect();
    design.flows.retain(|f| kept.contains(&f.target));
    let template = std::env::temp_dir().join(format!("vpcraft-data-{}.yaml", std::process::id()));
    std::fs::write(
        &template,
        vpcraft_core::cfn::render(&design, vpcraft_core::cfn::Format::Yaml, &[]),
    )
    .unwrap();
    let moto = Moto::start();
    let described = deploy_file(&moto, "data", &template);
    let _ = std::fs::remove_file(&template);
    assert_eq!(described["status"], "CREATE_COMPLETE");
    // moto's CloudFormation reads a DB instance's groups from
    // `VpcSecurityGroupIds`, not from `VPCSecurityGroups` as AWS does, so
    // they are checked by cfn-lint and the golden template, not here.
    assert_eq!(
        described["databases"],
        json!({"Orders": {
            "engine": "postgres", "class": "db.t3.micro", "subnets": ["DataA", "DataB"],
            "publicly_accessible": false, "multi_az": true
        }})
    );
    assert_eq!(
        described["file_systems"],
        json!({"Shared": {
            "encrypted": true, "subnets": ["DataA", "DataB"], "security_groups": ["EfsSg"]
        }})
    );
}
