//! The corpus test: every published template of `../shared/corpus` is read
//! as CloudFormation reads it. No template crashes or hangs; valid ones are
//! never refused; a refusal of a bad one names its line and column or the
//! resource at fault; and the published templates of `good/real` get no
//! error finding except the true ones listed in `true-errors.tsv`, each of
//! which must still be reported, by logical ID.
//!
//! The corpus is found at `VPCRAFT_CORPUS` or beside the workspace at
//! `../shared/corpus`; where neither exists the test says so and checks
//! nothing. `cargo xtask test` runs it with `--nocapture` so the summary
//! (templates read, resources kept, generic nodes by type and the generic
//! count of each first-class type, which must be 0, flows inferred,
//! errors) is printed;
//! `VPCRAFT_CORPUS_VERBOSE=1` also lists every error finding and refusal.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use vpcraft_core::cfn;
use vpcraft_core::{Severity, validate};

fn corpus_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("VPCRAFT_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    dir.is_dir().then_some(dir)
}

/// The templates of one folder of the corpus, sorted by path.
fn templates(root: &Path, folder: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.join(folder)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json" | "template")
            ) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Whether to list every error finding and refusal (`VPCRAFT_CORPUS_VERBOSE=1`).
fn verbose() -> bool {
    std::env::var_os("VPCRAFT_CORPUS_VERBOSE").is_some()
}

/// How many types the summary lists by their generic count, most first.
const GENERIC_TYPES_SHOWN: usize = 25;

/// The template types the design models first-class (issue #10): the
/// summary prints their generic count even when it is 0, and any generic
/// node of one of them is a problem.
const FIRST_CLASS: &[&str] = &[
    "AWS::EC2::Instance",
    "AWS::EC2::LaunchTemplate",
    "AWS::AutoScaling::LaunchConfiguration",
    "AWS::AutoScaling::AutoScalingGroup",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBSubnetGroup",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::ElastiCache::SubnetGroup",
    "AWS::EFS::FileSystem",
    "AWS::EFS::MountTarget",
    "AWS::ElasticLoadBalancing::LoadBalancer",
    "AWS::CloudFormation::Stack",
    "AWS::EC2::EgressOnlyInternetGateway",
    "AWS::EC2::VPCCidrBlock",
    "AWS::EC2::TransitGateway",
    "AWS::EC2::TransitGatewayAttachment",
    "AWS::EC2::TransitGatewayVpcAttachment",
    "AWS::EC2::VPNGateway",
    "AWS::EC2::CustomerGateway",
    "AWS::EC2::VPNConnection",
    "AWS::EC2::NetworkInterface",
    "AWS::EKS::Cluster",
    "AWS::EKS::Nodegroup",
];

/// One error finding: (relative path, rule, logical ID of a resource).
type ErrorKey = (String, String, String);

/// The true errors: those that must be reported, and the debatable ones
/// that may be.
fn true_errors(root: &Path) -> (BTreeSet<ErrorKey>, BTreeSet<ErrorKey>) {
    let text = std::fs::read_to_string(root.join("true-errors.tsv")).unwrap();
    let mut must = BTreeSet::new();
    let mut may = BTreeSet::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [path, rule, logical_id, verdict, ..] = cols[..] else { continue };
        let key = (path.to_owned(), rule.to_owned(), logical_id.to_owned());
        match verdict {
            "true" => must.insert(key),
            _ => may.insert(key),
        };
    }
    (must, may)
}

#[derive(Default)]
struct Tally {
    read: usize,
    refused: usize,
    template_resources: usize,
    design_resources: usize,
    generic: usize,
    /// Generic nodes by template type, for the summary.
    generic_types: BTreeMap<String, usize>,
    flows: usize,
    templates_with_flows: usize,
    errors: usize,
    /// IPv6 and transit gateway routes the import left out.
    dropped_routes: usize,
    slowest: (Duration, String),
}

/// Imports and validates one template, returning its error findings by
/// logical ID, or the refusal.
fn read_one(path: &Path, rel: &str, tally: &mut Tally) -> Result<Vec<ErrorKey>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let imported = cfn::import(&text).map_err(|e| e.to_string());
    let imported = match imported {
        Ok(imported) => imported,
        Err(e) => {
            tally.refused += 1;
            return Err(e);
        }
    };
    let findings = validate(&imported.design);
    let took = started.elapsed();
    if took > tally.slowest.0 {
        tally.slowest = (took, rel.to_owned());
    }
    tally.read += 1;
    tally.template_resources += count_template_resources(&text);
    tally.design_resources += imported.design.resources.len();
    for resource in &imported.design.resources {
        if let vpcraft_core::Kind::Generic(g) = &resource.kind {
            tally.generic += 1;
            *tally.generic_types.entry(g.resource_type.clone()).or_default() += 1;
        }
    }
    tally.dropped_routes += imported
        .warnings
        .iter()
        .filter(|w| {
            w.message.starts_with("an IPv6 route")
                || w.message.starts_with("a transit gateway route")
        })
        .count();
    tally.flows += imported.design.flows.len();
    tally.templates_with_flows += usize::from(!imported.design.flows.is_empty());
    let mut errors = Vec::new();
    for finding in findings.iter().filter(|f| f.severity == Severity::Error) {
        tally.errors += 1;
        for resource in &finding.resources {
            let logical = resource.logical_id.clone().unwrap_or_else(|| resource.id.to_string());
            errors.push((rel.to_owned(), finding.rule.clone(), logical));
        }
        if finding.resources.is_empty() {
            errors.push((rel.to_owned(), finding.rule.clone(), String::new()));
        }
        if verbose() {
            eprintln!("    {rel}: {}", finding.summary());
        }
    }
    Ok(errors)
}

/// How many resources the template declares, by a plain reading of its
/// `Resources` mapping (for the summary only).
fn count_template_resources(text: &str) -> usize {
    cfn::template_resource_count(text).unwrap_or(0)
}

/// Whether a refusal is one CloudFormation makes too: a reference to a
/// name the template does not declare, or a required property missing.
fn invalid_cloudformation(reason: &str) -> bool {
    reason.contains("which is neither a resource nor a parameter")
        || reason.contains("is missing the required property")
}

#[test]
fn corpus() {
    let Some(root) = corpus_dir() else {
        eprintln!("corpus: ../shared/corpus not found and VPCRAFT_CORPUS not set; nothing checked");
        return;
    };
    let (must, may) = true_errors(&root);
    let mut problems = Vec::new();
    let mut summary = BTreeMap::new();
    let mut reported: BTreeSet<ErrorKey> = BTreeSet::new();
    for folder in ["good/real", "good/lint", "bad"] {
        let mut tally = Tally::default();
        for path in templates(&root, folder) {
            let rel = path.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
            match read_one(&path, &rel, &mut tally) {
                Ok(errors) if folder == "good/real" => reported.extend(errors),
                Ok(_) => {}
                // cfn-lint's clean fixtures include snippets that
                // CloudFormation itself rejects (a `Ref` to an undeclared
                // name, a resource without a property it requires); the
                // published templates must all be read.
                Err(reason) if folder == "good/lint" && invalid_cloudformation(&reason) => {
                    if verbose() {
                        eprintln!("    {rel}: refused as invalid CloudFormation: {reason}");
                    }
                }
                Err(reason) if folder.starts_with("good") => {
                    problems.push(format!("{rel}: valid template refused: {reason}"));
                }
                Err(reason) => {
                    let named = reason.starts_with("line ")
                        || reason.starts_with("resource ")
                        || reason.starts_with("resources ")
                        || reason.starts_with("not a CloudFormation template");
                    if !named {
                        problems.push(format!("{rel}: refusal names no position: {reason}"));
                    }
                }
            }
        }
        summary.insert(folder, tally);
    }
    for key in reported.difference(&must) {
        if !may.contains(key) {
            problems.push(format!("{}: false error {} on {}", key.0, key.1, key.2));
        }
    }
    for key in must.difference(&reported) {
        problems.push(format!("{}: true error {} on {} not reported", key.0, key.1, key.2));
    }
    eprintln!("corpus summary:");
    for (folder, t) in &summary {
        eprintln!(
            "  {folder}: {} read, {} refused; {} of {} template resources as design \
             resources ({} generic); {} flows in {} templates; {} error findings; slowest {:?} \
             ({})",
            t.read,
            t.refused,
            t.design_resources,
            t.template_resources,
            t.generic,
            t.flows,
            t.templates_with_flows,
            t.errors,
            t.slowest.0,
            t.slowest.1
        );
        let mut types: Vec<(&String, &usize)> = t.generic_types.iter().collect();
        types.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let shown: Vec<String> =
            types.iter().take(GENERIC_TYPES_SHOWN).map(|(ty, n)| format!("{ty} {n}")).collect();
        eprintln!("    generic by type: {}", shown.join(", "));
        let first_class: Vec<String> = FIRST_CLASS
            .iter()
            .map(|ty| format!("{ty} {}", t.generic_types.get(*ty).unwrap_or(&0)))
            .collect();
        eprintln!("    generic of the first-class types: {}", first_class.join(", "));
        eprintln!("    IPv6 and transit gateway routes left out: {}", t.dropped_routes);
        if t.dropped_routes > 0 {
            problems.push(format!(
                "{folder}: {} IPv6 or transit gateway routes left out",
                t.dropped_routes
            ));
        }
        for ty in FIRST_CLASS {
            if let Some(n) = t.generic_types.get(*ty) {
                problems.push(format!("{folder}: {n} {ty} left generic"));
            }
        }
    }
    eprintln!("  {} problems", problems.len());
    for problem in &problems {
        eprintln!("  {problem}");
    }
    assert!(problems.is_empty(), "{} corpus problems (listed above)", problems.len());
}
