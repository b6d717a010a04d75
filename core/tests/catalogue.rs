//! `docs/rules.md` is the rule catalogue rendered from the code. When this
//! test fails, run `cargo xtask docs` and commit the regenerated file.

use expect_test::expect_file;

#[test]
fn docs_rules_md_is_current() {
    expect_file!["../../docs/rules.md"].assert_eq(&vpcraft_core::catalogue_markdown());
}
