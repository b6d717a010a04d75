//! `vpcraft import vpc`: reads VPCs of a live AWS account through
//! `vpcraft-aws` and writes them as a design file. Progress and warnings go
//! to stderr: a spinner on a terminal, else one line each; credentials are
//! never printed.

use crate::import_cmd::{LoadError, write_output};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use vpcraft_aws::{ConnectOptions, Selection};

/// The options of `vpcraft import vpc`.
#[derive(Debug, clap::Args)]
pub struct VpcArgs {
    /// A VPC to read (repeatable).
    #[arg(long = "vpc-id", value_name = "ID", required_unless_present = "all")]
    pub vpc_ids: Vec<String>,
    /// Read every VPC of the region.
    #[arg(long, conflicts_with = "vpc_ids")]
    pub all: bool,
    /// The region (else AWS_REGION or the profile's region).
    #[arg(long)]
    pub region: Option<String>,
    /// A named profile of the AWS configuration files.
    #[arg(long)]
    pub profile: Option<String>,
    /// A role to assume with the credentials found.
    #[arg(long, value_name = "ARN")]
    pub role_arn: Option<String>,
    /// The external ID the role's trust policy requires.
    #[arg(long, requires = "role_arn")]
    pub external_id: Option<String>,
    /// Another endpoint for every AWS service (else AWS_ENDPOINT_URL).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Where to write the design (stdout when absent).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Why the import could not run at all; a call that fails is a warning.
#[derive(Debug, thiserror::Error)]
pub enum ImportVpcError {
    #[error(transparent)]
    Config(#[from] vpcraft_aws::ConfigError),
    #[error(transparent)]
    Write(#[from] LoadError),
    #[error("no VPC was read; see the warnings above")]
    Nothing,
}

/// A spinner on stderr that counts the finished calls.
fn spinner() -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} calls, {elapsed}: {msg}") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Reads the selected VPCs and writes the design.
pub async fn import_vpc(args: &VpcArgs) -> Result<(), ImportVpcError> {
    let options = ConnectOptions {
        region: args.region.clone(),
        profile: args.profile.clone(),
        role_arn: args.role_arn.clone(),
        external_id: args.external_id.clone(),
        endpoint_url: args.endpoint_url.clone(),
    };
    let config = vpcraft_aws::sdk_config(&options).await?;
    let selection = if args.all { Selection::All } else { Selection::Vpcs(args.vpc_ids.clone()) };
    let bar = std::io::stderr().is_terminal().then(spinner);
    let progress = |line: &str| match &bar {
        // On a terminal a spinner counts the calls and shows the last one.
        Some(bar) => {
            bar.inc(1);
            bar.set_message(line.to_owned());
        }
        None => eprintln!("vpcraft: {line}"),
    };
    let imported = vpcraft_aws::read(&config, &selection, &progress).await;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    for warning in &imported.warnings {
        eprintln!("vpcraft: warning: {warning}");
    }
    let vpcs = imported
        .design
        .resources
        .iter()
        .filter(|r| matches!(r.kind, vpcraft_core::Kind::Vpc(_)))
        .count();
    if vpcs == 0 {
        return Err(ImportVpcError::Nothing);
    }
    eprintln!(
        "vpcraft: read {vpcs} VPC(s): {} resources, {} flows, {} warning(s)",
        imported.design.resources.len(),
        imported.design.flows.len(),
        imported.warnings.len()
    );
    let mut json = vpcraft_core::to_json(&imported.design);
    json.push('\n');
    write_output(args.output.as_deref(), &json)?;
    Ok(())
}
