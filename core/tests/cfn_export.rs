//! Golden CloudFormation exports of the reference architectures of SPEC §1,
//! in YAML and JSON. `UPDATE_EXPECT=1 cargo test -p vpcraft-core --test
//! cfn_export` rewrites them after an intended change.

use vpcraft_core::cfn::{self, Format};
use vpcraft_core::parse_design;

fn reference(name: &str) -> vpcraft_core::Design {
    let path = format!(
        "{}/tests/fixtures/cfn/reference/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    parse_design(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

macro_rules! golden {
    ($test:ident, $name:literal) => {
        #[test]
        fn $test() {
            let design = reference($name);
            let yaml = cfn::export(&design, Format::Yaml);
            expect_test::expect_file![concat!("fixtures/cfn/golden/", $name, ".yaml")]
                .assert_eq(&yaml.text);
            let json = cfn::export(&design, Format::Json);
            expect_test::expect_file![concat!("fixtures/cfn/golden/", $name, ".json")]
                .assert_eq(&json.text);
            // Both formats hold the same template.
            let from_json: serde_json::Value = serde_json::from_str(&json.text).unwrap();
            let from_yaml = cfn::yaml::read(&yaml.text).unwrap().to_json();
            let mut without_findings = from_json.clone();
            if let Some(meta) = without_findings["Metadata"]["vpcraft"].as_object_mut() {
                meta.remove("findings");
            }
            assert_eq!(from_yaml, without_findings);
        }
    };
}

golden!(reference_a_exports_as_golden_templates, "a");
golden!(reference_b_exports_as_golden_templates, "b");
golden!(reference_c_exports_as_golden_templates, "c");
golden!(reference_d_exports_as_golden_templates, "d");
