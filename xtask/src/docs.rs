//! `cargo xtask docs`: writes the generated documentation (the rule
//! catalogue in docs/rules.md); a core test keeps it current.

use crate::paths::root;
use anyhow::Context;

pub fn write_rules() -> anyhow::Result<()> {
    let path = root().join("docs/rules.md");
    std::fs::write(&path, vpcraft_core::catalogue_markdown())
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}
