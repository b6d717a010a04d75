//! Prints how long exporting a generated 5,000-resource design takes:
//! `cargo run --release -p vpcraft-core --example export_bench`.
//! The target is under 50 ms for the template alone, natively.

use std::time::Instant;
use vpcraft_core::Design;
use vpcraft_core::cfn::{self, Format};
use vpcraft_core::model::*;

/// Ten VPCs of 500 resources: zones, subnets, route tables, security groups
/// that reference each other, functions, queues and endpoints.
fn generate(total: usize) -> Design {
    let mut d = Design::new("benchmark");
    let mut n = 0;
    let push = |d: &mut Design, id: String, kind: Kind| {
        d.resources.push(Resource {
            id: ResourceId::new(id.clone()),
            name: id,
            logical_id: None,
            physical_id: None,
            kind,
        });
    };
    let mut v = 0;
    while n < total {
        let vpc = format!("vpc{v}");
        push(
            &mut d,
            vpc.clone(),
            Vpc { cidr_blocks: vec![format!("10.{v}.0.0/16").parse().unwrap()], ..Vpc::default() }
                .into(),
        );
        for z in ["a", "b"] {
            push(
                &mut d,
                format!("{vpc}-az-{z}"),
                AvailabilityZone { vpc: vpc.as_str().into(), zone: z.into() }.into(),
            );
        }
        n += 3;
        let mut i = 0;
        while n < total && i < 99 {
            let zone = if i % 2 == 0 { "a" } else { "b" };
            let subnet = format!("{vpc}-subnet{i}");
            push(
                &mut d,
                subnet.clone(),
                Subnet {
                    az: format!("{vpc}-az-{zone}").as_str().into(),
                    cidr: Some(format!("10.{v}.{i}.0/24").parse().unwrap()),
                    map_public_ip_on_launch: false,
                    ipv6: None,
                }
                .into(),
            );
            let sg = format!("{vpc}-sg{i}");
            let mut group = SecurityGroup::new(vpc.as_str().into());
            if i > 0 {
                group.ingress.push(SecurityGroupRule {
                    protocol: Protocol::Tcp,
                    ports: Some(PortRange::single(443)),
                    peer: SgPeer::SecurityGroup(format!("{vpc}-sg{}", i - 1).as_str().into()),
                    description: String::new(),
                });
            }
            push(&mut d, sg.clone(), group.into());
            push(
                &mut d,
                format!("{vpc}-rtb{i}"),
                RouteTable {
                    vpc: vpc.as_str().into(),
                    main: false,
                    routes: vec![],
                    associations: vec![subnet.as_str().into()],
                }
                .into(),
            );
            push(
                &mut d,
                format!("{vpc}-fn{i}"),
                LambdaFunction {
                    vpc_config: Some(VpcConfig {
                        subnets: vec![subnet.as_str().into()],
                        security_groups: vec![sg.as_str().into()],
                    }),
                    role: IamRole { arn: None, actions: vec!["sqs:SendMessage".into()] },
                    ..LambdaFunction::default()
                }
                .into(),
            );
            push(&mut d, format!("{vpc}-queue{i}"), SqsQueue::default().into());
            n += 5;
            i += 1;
        }
        v += 1;
    }
    d.resources.truncate(total);
    d
}

fn main() {
    let design = generate(5_000);
    let runs = 10;
    let mut best = f64::MAX;
    let mut bytes = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let text = cfn::render(&design, Format::Yaml, &[]);
        best = best.min(start.elapsed().as_secs_f64() * 1000.0);
        bytes = text.len();
    }
    let start = Instant::now();
    let json = cfn::render(&design, Format::Json, &[]);
    let json_ms = start.elapsed().as_secs_f64() * 1000.0;
    let start = Instant::now();
    let exported = cfn::export(&design, Format::Yaml);
    let full_ms = start.elapsed().as_secs_f64() * 1000.0;
    let start = Instant::now();
    let imported = cfn::import(&exported.text).unwrap();
    let import_ms = start.elapsed().as_secs_f64() * 1000.0;
    println!("resources: {}", design.resources.len());
    println!("export YAML (template only): {best:.1} ms best of {runs}, {} KiB", bytes / 1024);
    println!("export JSON (template only): {json_ms:.1} ms, {} KiB", json.len() / 1024);
    println!("export YAML with validation ({} findings): {full_ms:.1} ms", exported.findings.len());
    println!(
        "import of that template: {import_ms:.1} ms, {} resources",
        imported.design.resources.len()
    );
}
