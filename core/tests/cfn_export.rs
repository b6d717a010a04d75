//! Golden CloudFormation exports of the reference architectures of SPEC §1,
//! in YAML and JSON, rendered without findings so that a change to a rule
//! does not change them (the findings header has its own test). `UPDATE_EXPECT=1 cargo test -p vpcraft-core --test
//! cfn_export` rewrites them after an intended change.

use vpcraft_core::cfn::{self, Format};
use vpcraft_core::{Finding, ResourceRef, Severity, parse_design};

fn reference(name: &str) -> vpcraft_core::Design {
    let path = format!("{}/tests/fixtures/cfn/reference/{name}.json", env!("CARGO_MANIFEST_DIR"));
    parse_design(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

macro_rules! golden {
    ($test:ident, $name:literal) => {
        #[test]
        fn $test() {
            let design = reference($name);
            let yaml = cfn::render(&design, Format::Yaml, &[]);
            expect_test::expect_file![concat!("fixtures/cfn/golden/", $name, ".yaml")]
                .assert_eq(&yaml);
            let json = cfn::render(&design, Format::Json, &[]);
            expect_test::expect_file![concat!("fixtures/cfn/golden/", $name, ".json")]
                .assert_eq(&json);
            // Both formats hold the same template.
            let from_json: serde_json::Value = serde_json::from_str(&json).unwrap();
            let from_yaml = cfn::yaml::read(&yaml).unwrap().to_json();
            assert_eq!(from_yaml, from_json);
        }
    };
}

golden!(reference_a_exports_as_golden_templates, "a");
golden!(reference_b_exports_as_golden_templates, "b");
golden!(reference_c_exports_as_golden_templates, "c");
golden!(reference_d_exports_as_golden_templates, "d");

fn finding(rule: &str, severity: Severity, message: &str) -> Finding {
    Finding {
        rule: rule.into(),
        severity,
        title: "t".into(),
        message: message.into(),
        resources: vec![ResourceRef { id: "fn".into(), name: "worker".into(), logical_id: None }],
        doc_url: String::new(),
        fix: None,
        quick_fixes: vec![],
    }
}

#[test]
fn a_design_with_findings_still_exports_and_lists_them() {
    let design = reference("b");
    let findings = vec![
        finding("E1003", Severity::Error, "the subnet is outside the VPC"),
        finding("W5002", Severity::Warning, "function \"worker\" runs only in zone a"),
        finding("I5003", Severity::Info, "runtime logs need no endpoint"),
    ];
    let yaml = cfn::render(&design, Format::Yaml, &findings);
    let header: Vec<&str> = yaml.lines().take(4).collect();
    assert_eq!(
        header,
        [
            "# CloudFormation template exported by vpcraft from design \"Reference B: private Lambda sends to SQS through an interface endpoint\".",
            "# The design has 2 error or warning finding(s); review them before deploying:",
            "#   E1003 error: the subnet is outside the VPC [worker]",
            "#   W5002 warning: function \"worker\" runs only in zone a [worker]",
        ]
    );
    assert!(yaml.lines().nth(4).unwrap().starts_with("AWSTemplateFormatVersion"));
    let json: serde_json::Value =
        serde_json::from_str(&cfn::render(&design, Format::Json, &findings)).unwrap();
    assert_eq!(
        json["Metadata"]["vpcraft"]["findings"],
        serde_json::json!([
            "E1003 error: the subnet is outside the VPC [worker]",
            "W5002 warning: function \"worker\" runs only in zone a [worker]"
        ])
    );
    // The export runs the rules itself and returns every finding.
    let exported = cfn::export(&design, Format::Yaml);
    assert_eq!(exported.findings, vpcraft_core::validate(&design));
}
