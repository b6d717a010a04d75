//! The diff as text: one line per changed resource or flow, an indented line
//! per property, then the findings fixed and introduced, the change of the
//! monthly estimate, and a summary.

use super::{Change, DesignDiff};
use crate::cost::format_usd;
use std::fmt::Write;

/// Renders a diff for people, as `vpcraft diff` prints it.
pub fn render_text(diff: &DesignDiff) -> String {
    let mut out = String::new();
    for change in &diff.design {
        let _ = writeln!(out, "design {}", change.describe());
    }
    for r in &diff.resources {
        let renamed = r.old_id.as_ref().map(|old| format!(", was {old}")).unwrap_or_default();
        let _ = writeln!(out, "{} {} ({}, {}{renamed})", r.change.mark(), r.name, r.kind, r.id);
        for property in &r.properties {
            let _ = writeln!(out, "    {}", property.describe());
        }
    }
    for f in &diff.flows {
        let _ = writeln!(out, "{} flow {} → {} ({})", f.change.mark(), f.source, f.target, f.id);
        for property in &f.properties {
            let _ = writeln!(out, "    {}", property.describe());
        }
    }
    if !diff.moved.is_empty() {
        let moved: Vec<&str> = diff.moved.iter().map(|id| id.as_str()).collect();
        let _ = writeln!(out, "moved on the canvas only: {}", moved.join(", "));
    }
    for (title, findings) in [("fixed", &diff.fixed), ("introduced", &diff.introduced)] {
        for finding in findings {
            let _ = writeln!(out, "{title}: {}", finding.summary());
        }
    }
    let cost = &diff.cost;
    if cost.change_usd != 0.0 {
        let sign = if cost.change_usd > 0.0 { "+" } else { "−" };
        let _ = writeln!(
            out,
            "monthly estimate: {} → {} ({sign}{})",
            format_usd(cost.old_monthly_usd),
            format_usd(cost.new_monthly_usd),
            format_usd(cost.change_usd.abs())
        );
    }
    for r in &cost.resources {
        let sign = if r.change_usd > 0.0 { "+" } else { "−" };
        let _ = writeln!(
            out,
            "  {}: {} → {} ({sign}{})",
            r.name,
            format_usd(r.old_monthly_usd),
            format_usd(r.new_monthly_usd),
            format_usd(r.change_usd.abs())
        );
    }
    let (added, removed, changed) = diff.counts();
    let flows = |c: Change| diff.flows.iter().filter(|f| f.change == c).count();
    let _ = writeln!(
        out,
        "resources: {added} added, {removed} removed, {changed} changed; flows: {} added, {} \
         removed, {} changed; findings: {} fixed, {} introduced",
        flows(Change::Added),
        flows(Change::Removed),
        flows(Change::Changed),
        diff.fixed.len(),
        diff.introduced.len()
    );
    out
}
