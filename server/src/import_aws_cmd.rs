//! `vpcraft import vpc` and `vpcraft import stack`: read VPCs of a live AWS
//! account, or a deployed stack, through `vpcraft-aws` and write them as a
//! design file. Progress and warnings go to stderr: a spinner on a
//! terminal, else one line each; credentials are never printed.

use crate::import_cmd::{LoadError, write_output};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
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
    #[command(flatten)]
    pub connect: ConnectArgs,
    /// How many AWS calls to make at once (at most half of them to one
    /// service); 1 reads one call at a time.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Where to write the design (stdout when absent).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// The options of `vpcraft import stack`.
#[derive(Debug, clap::Args)]
pub struct StackArgs {
    /// The stack's name (or ID).
    pub name: String,
    #[command(flatten)]
    pub connect: ConnectArgs,
    /// Where to write the design (stdout when absent).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// How to reach the account: the standard credential chain, refined.
#[derive(Debug, clap::Args)]
pub struct ConnectArgs {
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
}

impl ConnectArgs {
    fn options(&self) -> ConnectOptions {
        ConnectOptions {
            region: self.region.clone(),
            profile: self.profile.clone(),
            role_arn: self.role_arn.clone(),
            external_id: self.external_id.clone(),
            endpoint_url: self.endpoint_url.clone(),
            credentials: None,
        }
    }
}

/// Why the import could not run at all; a call that fails is a warning.
#[derive(Debug, thiserror::Error)]
pub enum ImportAwsError {
    #[error(transparent)]
    Config(#[from] vpcraft_aws::ConfigError),
    #[error(transparent)]
    Write(#[from] LoadError),
    #[error("no VPC was read; see the warnings above")]
    Nothing,
    #[error(transparent)]
    Stack(#[from] vpcraft_aws::StackError),
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

/// Progress on stderr: on a terminal a spinner that counts the calls and
/// shows the last one, else a line per call.
struct Progress(Option<ProgressBar>);

impl Progress {
    fn new() -> Self {
        Self(std::io::stderr().is_terminal().then(spinner))
    }

    fn line(&self, line: &str) {
        match &self.0 {
            Some(bar) => {
                bar.inc(1);
                bar.set_message(line.to_owned());
            }
            None => eprintln!("vpcraft: {line}"),
        }
    }

    /// Clears the spinner and prints the warnings.
    fn finish(self, warnings: &[vpcraft_aws::Warning]) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
        for warning in warnings {
            eprintln!("vpcraft: warning: {warning}");
        }
    }
}

/// Reads a deployed stack and writes its design.
pub async fn import_stack(args: &StackArgs) -> Result<(), ImportAwsError> {
    let config = vpcraft_aws::sdk_config(&args.connect.options()).await?;
    let progress = Progress::new();
    let drawn = vpcraft_aws::read_stack(&config, &args.name, &|line| progress.line(line)).await;
    let drawn = match drawn {
        Ok(drawn) => drawn,
        Err(e) => {
            progress.finish(&[]);
            return Err(e.into());
        }
    };
    progress.finish(&drawn.warnings);
    eprintln!(
        "vpcraft: read stack {} ({}): {} resources, {} flows, {} warning(s)",
        args.name,
        drawn.status,
        drawn.design.resources.len(),
        drawn.design.flows.len(),
        drawn.warnings.len()
    );
    write_design(&drawn.design, args.output.as_deref())
}

fn write_design(
    design: &vpcraft_core::Design,
    output: Option<&Path>,
) -> Result<(), ImportAwsError> {
    let mut json = vpcraft_core::to_json(design);
    json.push('\n');
    write_output(output, &json)?;
    Ok(())
}

/// Reads the selected VPCs and writes the design.
pub async fn import_vpc(args: &VpcArgs) -> Result<(), ImportAwsError> {
    let config = vpcraft_aws::sdk_config(&args.connect.options()).await?;
    let selection = if args.all { Selection::All } else { Selection::Vpcs(args.vpc_ids.clone()) };
    let progress = Progress::new();
    let concurrency = vpcraft_aws::Concurrency::new(args.concurrency.into());
    let imported =
        vpcraft_aws::read_with(&config, &selection, concurrency, &|line| progress.line(line)).await;
    progress.finish(&imported.warnings);
    let vpcs = imported
        .design
        .resources
        .iter()
        .filter(|r| matches!(r.kind, vpcraft_core::Kind::Vpc(_)))
        .count();
    if vpcs == 0 {
        return Err(ImportAwsError::Nothing);
    }
    eprintln!(
        "vpcraft: read {vpcs} VPC(s): {} resources, {} flows, {} warning(s)",
        imported.design.resources.len(),
        imported.design.flows.len(),
        imported.warnings.len()
    );
    write_design(&imported.design, args.output.as_deref())
}
