//! Cancellation: with its flag raised, validation, reachability, export
//! and import stop at their first checkpoint; without one they run whole.

use vpcraft_core::cancel::{Flag, with_flag};
use vpcraft_core::cfn::{self, Format, ImportError};
use vpcraft_core::{reach, synth, validate};

fn raised() -> Flag {
    let flag = Flag::new();
    flag.raise();
    flag
}

#[test]
fn validation_stops_before_its_first_rule() {
    let design = synth::design(500);
    assert!(!validate(&design).is_empty(), "the synthetic design has findings");
    assert_eq!(with_flag(&raised(), || validate(&design)), Vec::new());
}

#[test]
fn reachability_analyses_no_flow_once_asked_to_stop() {
    let design = synth::design(500);
    assert!(!design.flows.is_empty());
    assert_eq!(reach::analyze(&design).len(), design.flows.len());
    assert_eq!(with_flag(&raised(), || reach::analyze(&design)).len(), 0);
}

#[test]
fn export_writes_no_resource_type_and_import_says_it_was_cancelled() {
    let design = synth::design(500);
    let whole = cfn::export(&design, Format::Yaml).text;
    let stopped = with_flag(&raised(), || cfn::export(&design, Format::Yaml).text);
    // The layout metadata is still written; no resource is.
    let resources = |text: &str| text.matches("Type: AWS::").count();
    assert!(resources(&whole) > 500, "{}", resources(&whole));
    assert_eq!(resources(&stopped), 0);
    assert!(cfn::import(&whole).is_ok());
    let imported = with_flag(&raised(), || cfn::import(&whole));
    assert!(matches!(imported, Err(ImportError::Cancelled)), "{:?}", imported.err());
}

#[test]
fn an_unraised_flag_changes_nothing() {
    let design = synth::design(300);
    assert_eq!(with_flag(&Flag::new(), || validate(&design)), validate(&design));
}
