//! The reference architectures of SPEC §1 (A–D) and their faulty variants.
//!
//! `fixtures/reference/<X>.json` is a correct architecture and must produce
//! no error and no blocked flow; `<X>-<fault>.json` is a faulty variant and
//! must produce at least one error (`<X>-warn-<fault>.json`: a warning),
//! each naming the resources involved, and the first quick fix of every
//! error must apply and make that error disappear. All findings are
//! pinned in golden `.findings` files (refresh with `UPDATE_EXPECT=1`).

mod common;

use common::{fixtures, json_files, load, render};
use expect_test::expect_file;
use std::panic::{AssertUnwindSafe, catch_unwind};
use vpcraft_core::reach::analyze;
use vpcraft_core::{Severity, validate};

#[test]
fn reference_architectures_and_their_faulty_variants() {
    let files = json_files(&fixtures("reference"));
    assert!(files.len() >= 4, "the four reference architectures are missing");
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let design = load(path);
        let findings = validate(&design);
        let errors: Vec<_> = findings.iter().filter(|f| f.severity == Severity::Error).collect();
        let golden = expect_file![path.with_extension("findings")];
        let rendered = render(&findings);
        if catch_unwind(AssertUnwindSafe(|| golden.assert_eq(&rendered))).is_err() {
            failures.push(format!("{name}: golden findings differ"));
        }
        if !name.contains('-') {
            if !errors.is_empty() {
                failures.push(format!("{name}: a reference architecture has errors:\n{rendered}"));
            }
            if let Some(blocked) = analyze(&design).into_iter().find(|r| !r.is_permitted()) {
                failures.push(format!("{name}: flow {} is blocked", blocked.flow));
            }
            continue;
        }
        if name.contains("-warn-") {
            if !findings.iter().any(|f| f.severity == Severity::Warning) {
                failures.push(format!("{name}: a variant named -warn- has no warning"));
            }
        } else if errors.is_empty() {
            failures.push(format!("{name}: a faulty variant has no error"));
        }
        for error in &errors {
            if error.resources.is_empty() {
                failures.push(format!("{name}: {} names no resource", error.summary()));
            }
            let Some(fix) = error.quick_fixes.first() else {
                continue;
            };
            let mut patched = design.clone();
            if let Err(e) = fix.apply(&mut patched) {
                failures.push(format!("{name}: {:?} does not apply: {e}", fix.title));
                continue;
            }
            let after = validate(&patched);
            if after.iter().any(|f| f.rule == error.rule && f.message == error.message) {
                failures.push(format!("{name}: {:?} leaves {}", fix.title, error.summary()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
