//! Storage figures: saves reference design A 20,000 times (a rename each
//! time, as the app's autosave does for small edits) into a fresh SQLite
//! file and prints the database size, the bytes the same revisions take as
//! plain text, and the save rate. `cargo run --release -p vpcraft-server
//! --example storage_bench [SAVES]`.

use std::time::Instant;
use vpcraft_server::Db;
use vpcraft_server::db::{Packed, codec};

const DESIGN: &str = include_str!("../../core/tests/fixtures/cfn/reference/a.json");

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let saves: i64 = std::env::args().nth(1).map_or(Ok(20_000), |n| n.parse())?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bench.db");
    let db = Db::connect(&format!("sqlite://{}", path.display())).await?;
    let mut design = vpcraft_core::parse_design(DESIGN)?;
    let findings = serde_json::to_string(&vpcraft_core::validate(&design))?;
    let packed_findings = codec::pack(&findings);
    let mut plain = 0usize;
    // Every design has an owner and every revision an author.
    let user = db.create_user("bench@example.com", "not a real hash", false, false).await?;
    let started = Instant::now();
    let packed = |document: &str| Packed {
        document: codec::pack(document),
        findings: packed_findings.clone(),
        errors: 0,
        warnings: 0,
    };
    db.create("bench", &design.name, &packed(&vpcraft_core::to_json(&design)), &user.id, None)
        .await?;
    for base in 1..saves {
        design.name = format!("reference A, save {base}");
        let document = vpcraft_core::to_json(&design);
        plain += document.len() + findings.len();
        db.save("bench", base, &design.name, &packed(&document), None, &user.id, &user.email)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let elapsed = started.elapsed();
    db.close().await;
    let size = std::fs::metadata(&path)?.len();
    let mib = |bytes: f64| bytes / (1024.0 * 1024.0);
    println!("{saves} saves of reference design A ({} bytes as a design file)", DESIGN.len());
    println!("  database file:      {:.1} MiB", mib(size as f64));
    println!("  as plain text:      {:.1} MiB (design files and findings)", mib(plain as f64));
    println!("  saves per second:   {:.0}", saves as f64 / elapsed.as_secs_f64());
    Ok(())
}
