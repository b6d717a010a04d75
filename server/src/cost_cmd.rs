//! `vpcraft cost FILE [--format text|json]`: a design's (or a template's)
//! estimated monthly cost, by category and by resource, with the
//! assumptions it rests on.

use crate::import_cmd::{LoadError, load};
use std::io::Write;
use std::path::Path;
use vpcraft_core::cost::{Estimate, estimate, format_usd};

/// Why a file could not be priced.
#[derive(Debug, thiserror::Error)]
pub enum CostError {
    #[error("{0}")]
    Load(LoadError),
    #[error("cannot write the output: {0}")]
    Write(#[from] std::io::Error),
}

/// Prints the estimate of a design or template as text or JSON.
pub fn cost_file(
    path: &Path,
    json: bool,
    options: &vpcraft_core::cfn::ImportOptions,
    out: &mut impl Write,
) -> Result<Estimate, CostError> {
    let loaded = load(path, options).map_err(CostError::Load)?;
    let estimate = estimate(&loaded.design);
    if json {
        serde_json::to_writer_pretty(&mut *out, &estimate).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        write_text(&path.display().to_string(), &estimate, out)?;
    }
    Ok(estimate)
}

/// A unit price as published: enough digits to show $0.0000166667.
fn unit_price(usd: f64) -> String {
    let text = format!("{usd:.10}");
    let trimmed = text.trim_end_matches('0');
    let digits = trimmed.split('.').nth(1).map_or(0, str::len);
    if digits < 2 { format!("${usd:.2}") } else { format!("${trimmed}") }
}

/// A quantity without trailing zeros: 730, 12,500, 0.5.
fn quantity(n: f64) -> String {
    if n.fract() == 0.0 {
        return vpcraft_core::cost::defaults::thousands(n);
    }
    let text = format!("{n:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn write_text(shown: &str, e: &Estimate, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{shown}: {} a month ({}, prices of {})",
        format_usd(e.total_monthly_usd),
        e.priced_region,
        e.price_table_version
    )?;
    writeln!(out, "\nBy category:")?;
    for (category, usd) in e.by_category() {
        writeln!(out, "  {:<28} {:>12}", category.title(), format_usd(usd))?;
    }
    writeln!(out, "\nBy resource:")?;
    for (id, name, usd) in e.by_resource() {
        writeln!(out, "  {name:<40} {:>12}", format_usd(usd))?;
        for line in e.lines.iter().filter(|l| l.resource == id && l.unit_price_usd > 0.0) {
            writeln!(
                out,
                "      {}: {} {} × {} = {}",
                line.description,
                quantity(line.quantity),
                line.unit,
                unit_price(line.unit_price_usd),
                format_usd(line.monthly_usd)
            )?;
        }
    }
    writeln!(out, "\nAssumptions:")?;
    for assumption in &e.assumptions {
        writeln!(out, "  - {assumption}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_and_quantities_print_as_published() {
        assert_eq!(unit_price(0.048), "$0.048");
        assert_eq!(unit_price(0.0000166667), "$0.0000166667");
        assert_eq!(unit_price(0.5), "$0.50");
        assert_eq!(quantity(730.0), "730");
        assert_eq!(quantity(0.5), "0.5");
        assert_eq!(quantity(1_000_000.0), "1,000,000");
    }
}
