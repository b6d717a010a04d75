//! Export: one of the reference designs A to D with some of its numbers
//! and CIDR prefixes replaced by the fuzzer's, and maybe a resource left
//! out; a design that still parses must export as YAML without a panic,
//! and the template must import again unless the design had errors.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use vpcraft_core::cfn::{self, Format};
use vpcraft_core::{Severity, parse_design};

const REFERENCES: [&str; 4] = [
    include_str!("../../core/tests/fixtures/cfn/reference/a.json"),
    include_str!("../../core/tests/fixtures/cfn/reference/b.json"),
    include_str!("../../core/tests/fixtures/cfn/reference/c.json"),
    include_str!("../../core/tests/fixtures/cfn/reference/d.json"),
];

/// Numbers at the edges of the model's integer types, likelier to matter
/// than uniformly random ones.
const EDGES: [i64; 10] = [0, 1, -1, 255, 256, 65_535, 65_536, 4_294_967_295, 4_294_967_296, 32_767];

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let mut value: Value = serde_json::from_str(REFERENCES[u.choose_index(REFERENCES.len())?])
        .expect("the reference designs are JSON");
    let mut leaves = Vec::new();
    collect_leaves(&value, String::new(), &mut leaves);
    for _ in 0..u.int_in_range(1..=8)? {
        let pointer = &leaves[u.choose_index(leaves.len())?];
        let Some(leaf) = value.pointer_mut(pointer) else { continue };
        *leaf = match leaf {
            Value::String(cidr) => Value::String(mutate_cidr(cidr, u)?),
            _ if u.arbitrary()? => Value::from(*u.choose(&EDGES)?),
            _ => Value::from(u.arbitrary::<u16>()?),
        };
    }
    if u.ratio(1, 4)? {
        if let Some(Value::Array(resources)) = value.get_mut("resources") {
            let index = u.choose_index(resources.len())?;
            resources.remove(index);
        }
    }
    let Ok(design) = parse_design(&value.to_string()) else { return Ok(()) };
    let exported = cfn::export(&design, Format::Yaml);
    let reimported = cfn::import(&exported.text);
    // A design with errors still exports, and may refer to what is not
    // there (a dangling reference is an error finding); one without must
    // give a template that imports.
    let clean = !exported.findings.iter().any(|f| f.severity == Severity::Error);
    if let (true, Err(e)) = (clean, reimported) {
        panic!("an exported template without errors does not import again: {e}\n{}", exported.text);
    }
    Ok(())
}

/// The JSON pointers of every number and every CIDR-like string.
fn collect_leaves(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Number(_) => out.push(pointer),
        Value::String(s) if s.contains('/') && s.contains('.') => out.push(pointer),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_leaves(item, format!("{pointer}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                collect_leaves(item, format!("{pointer}/{key}"), out);
            }
        }
        _ => {}
    }
}

/// A CIDR with another prefix length or another last octet.
fn mutate_cidr(cidr: &str, u: &mut Unstructured<'_>) -> Result<String> {
    let Some((address, _)) = cidr.split_once('/') else { return Ok(cidr.to_owned()) };
    if u.arbitrary()? {
        return Ok(format!("{address}/{}", u.int_in_range(0..=33)?));
    }
    let (network, prefix) = cidr.rsplit_once('/').unwrap_or((cidr, "24"));
    let head = network.rsplit_once('.').map_or(network, |(head, _)| head);
    Ok(format!("{head}.{}/{prefix}", u.arbitrary::<u8>()?))
}
