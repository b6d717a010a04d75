//! The command line: `vpcraft serve`, `vpcraft validate`, `vpcraft export`,
//! `vpcraft cost`, `vpcraft diff`, `vpcraft import template`, `vpcraft import
//! vpc`, `vpcraft import stack` and `vpcraft admin`.
//!
//! Exit codes: 0 when no errors were found, 1 when the design has error
//! findings, 2 for bad input or a failure (with a one-line reason).

use clap::{Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "vpcraft", version, about = "Design, validate and export AWS VPC architectures")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the designer and its API.
    Serve {
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080", env = "VPCRAFT_ADDR")]
        addr: SocketAddr,
        /// The database URL; the SQLite file is created on first start.
        #[arg(long, default_value = "sqlite://vpcraft.db", env = "VPCRAFT_DATABASE")]
        database: String,
        /// A host name the server answers to besides localhost, 127.0.0.1
        /// and [::1] (repeatable; needed when it listens on 0.0.0.0).
        #[arg(
            long = "allowed-host",
            value_name = "NAME",
            env = "VPCRAFT_ALLOWED_HOSTS",
            value_delimiter = ','
        )]
        allowed_hosts: Vec<String>,
        /// Connections open at once.
        #[arg(long, default_value_t = 256)]
        max_connections: usize,
        /// Keep only the N latest revisions of each design (all when absent).
        #[arg(long, value_name = "N", env = "VPCRAFT_KEEP_REVISIONS")]
        keep_revisions: Option<u32>,
        #[command(flatten)]
        aws: AwsServeArgs,
        #[command(flatten)]
        oidc: OidcServeArgs,
    },
    /// Export a design (or a template) to CloudFormation.
    Export {
        /// The design file (.json) or CloudFormation template.
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = TemplateFormat::Yaml)]
        format: TemplateFormat,
        /// Where to write the template (stdout when absent); with
        /// `--per-vpc`, the directory for the templates.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// One template per VPC (and `shared`), written into the `-o` directory.
        #[arg(long)]
        per_vpc: bool,
        #[command(flatten)]
        parameters: Parameters,
    },
    /// Estimate a design's (or a template's) monthly cost.
    Cost {
        /// The design file (.json) or CloudFormation template.
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = CostFormat::Text)]
        format: CostFormat,
        #[command(flatten)]
        parameters: Parameters,
    },
    /// Import a design from elsewhere.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Manage accounts and access tokens in a server's database.
    Admin {
        #[command(subcommand)]
        command: crate::admin_cmd::AdminCommand,
    },
    /// Validate a design file and print its findings.
    Validate {
        /// The design file (.json).
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        parameters: Parameters,
    },
    /// Compare two designs (design files or templates): the resources and
    /// flows added, removed and changed, property by property, and the
    /// findings the change fixed and introduced. Exits with 1 when the new
    /// design introduces an error finding.
    Diff {
        /// The design before the change.
        old: PathBuf,
        /// The design after the change.
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        #[command(flatten)]
        parameters: Parameters,
    },
}

/// The output formats of `vpcraft diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

/// Parameter values for a template, in place of its defaults.
#[derive(Debug, Default, clap::Args)]
pub struct Parameters {
    /// A template parameter's value, as a deployment would be given it
    /// (repeatable): `--parameter VpcId=vpc-0abc --parameter EnvType=prod`.
    #[arg(long = "parameter", value_name = "KEY=VALUE", value_parser = parse_parameter)]
    values: Vec<(String, String)>,
}

impl Parameters {
    fn options(&self) -> vpcraft_core::cfn::ImportOptions {
        vpcraft_core::cfn::ImportOptions {
            parameters: self.values.iter().cloned().collect(),
            ..Default::default()
        }
    }
}

fn parse_parameter(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_owned(), value.to_owned()))
        }
        _ => Err(format!("{text:?} is not KEY=VALUE")),
    }
}

/// What `vpcraft import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// Import a CloudFormation template (YAML or JSON) as a design file.
    Template {
        /// The template file.
        file: PathBuf,
        /// Where to write the design (stdout when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        parameters: Parameters,
    },
    /// Read VPCs of a live AWS account (read-only calls; see
    /// aws/iam-policy.json for the permissions) and write them as a design.
    Vpc(crate::import_aws_cmd::VpcArgs),
    /// Read a deployed CloudFormation stack (its template, parameter values
    /// and resources with their physical IDs) and write it as a design.
    Stack(crate::import_aws_cmd::StackArgs),
}

/// The template formats of `vpcraft export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    Yaml,
    Json,
}

/// The output formats of `vpcraft cost`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CostFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// SARIF 2.1.0, for CI systems that annotate pull requests.
    Sarif,
}

/// How `vpcraft serve` reaches AWS for "Import from AWS": its own
/// credential chain (environment, profile, SSO, instance role), never the
/// browser's.
#[derive(Debug, clap::Args)]
pub struct AwsServeArgs {
    /// The region the import dialog starts from (the browser may pick another).
    #[arg(long = "aws-region", value_name = "REGION", env = "AWS_REGION")]
    pub region: Option<String>,
    /// A named profile of the AWS configuration files.
    #[arg(long = "aws-profile", value_name = "PROFILE")]
    pub profile: Option<String>,
    /// A role to assume with the credentials found.
    #[arg(long = "aws-role-arn", value_name = "ARN")]
    pub role_arn: Option<String>,
    /// The external ID the role's trust policy requires.
    #[arg(long = "aws-external-id", value_name = "ID", requires = "role_arn")]
    pub external_id: Option<String>,
    /// Another endpoint for every AWS service (moto, LocalStack).
    #[arg(long = "aws-endpoint-url", value_name = "URL", env = "AWS_ENDPOINT_URL")]
    pub endpoint_url: Option<String>,
}

impl AwsServeArgs {
    fn options(self) -> vpcraft_aws::ConnectOptions {
        vpcraft_aws::ConnectOptions {
            region: self.region,
            profile: self.profile,
            role_arn: self.role_arn,
            external_id: self.external_id,
            endpoint_url: self.endpoint_url,
            credentials: None,
        }
    }
}

/// Sign-in with the company's identity provider (OpenID Connect). The
/// client secret is read from a file (or the environment variable
/// `VPCRAFT_OIDC_CLIENT_SECRET`), never from the command line, where other
/// users of the machine could read it.
#[derive(Debug, clap::Args)]
pub struct OidcServeArgs {
    /// The identity provider's issuer URL; its
    /// `/.well-known/openid-configuration` is read at start. Adds "Sign in
    /// with NAME" to the sign-in page.
    #[arg(long = "oidc-issuer", value_name = "URL", env = "VPCRAFT_OIDC_ISSUER")]
    pub issuer: Option<String>,
    /// The client ID registered at the provider for this server.
    #[arg(long = "oidc-client-id", value_name = "ID", env = "VPCRAFT_OIDC_CLIENT_ID")]
    pub client_id: Option<String>,
    /// A file holding the client secret (surrounding white space ignored);
    /// none for a public client, which PKCE protects.
    #[arg(
        long = "oidc-client-secret-file",
        value_name = "PATH",
        env = "VPCRAFT_OIDC_CLIENT_SECRET_FILE"
    )]
    pub client_secret_file: Option<PathBuf>,
    /// The callback address registered at the provider,
    /// `<public address>/api/auth/oidc/callback` (by default the address
    /// the server listens on).
    #[arg(long = "oidc-redirect-url", value_name = "URL", env = "VPCRAFT_OIDC_REDIRECT_URL")]
    pub redirect_url: Option<String>,
    /// The provider's name on the sign-in button.
    #[arg(
        long = "oidc-name",
        value_name = "NAME",
        env = "VPCRAFT_OIDC_NAME",
        default_value = "SSO"
    )]
    pub name: String,
    /// Only identities whose email is of this domain sign in through the
    /// provider (`example.com`: not its subdomains).
    #[arg(
        long = "oidc-allowed-domain",
        value_name = "DOMAIN",
        env = "VPCRAFT_OIDC_ALLOWED_DOMAIN"
    )]
    pub allowed_domain: Option<String>,
}

impl OidcServeArgs {
    /// The configuration, `None` without an issuer; an error sentence for
    /// an incomplete one or an unreadable secret file (never its content).
    pub fn config(self) -> Result<Option<crate::auth::oidc::OidcConfig>, String> {
        let (issuer, client_id) = match (self.issuer, self.client_id) {
            (None, None) => return Ok(None),
            (Some(issuer), Some(client_id)) => (issuer, client_id),
            (Some(_), None) => return Err("--oidc-issuer needs --oidc-client-id".into()),
            (None, Some(_)) => return Err("--oidc-client-id needs --oidc-issuer".into()),
        };
        let client_secret = match self.client_secret_file {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    format!("cannot read the client secret file {}: {e}", path.display())
                })?;
                let secret = text.trim().to_owned();
                if secret.is_empty() {
                    return Err(format!("the client secret file {} is empty", path.display()));
                }
                Some(secret)
            }
            None => std::env::var("VPCRAFT_OIDC_CLIENT_SECRET").ok().filter(|s| !s.is_empty()),
        };
        let allowed_domain = match self.allowed_domain {
            Some(domain) => {
                let domain = domain.trim().trim_start_matches('@').to_ascii_lowercase();
                if domain.is_empty() || domain.contains('@') || !domain.contains('.') {
                    return Err(format!(
                        "--oidc-allowed-domain {domain:?} is not a domain such as example.com"
                    ));
                }
                Some(domain)
            }
            None => None,
        };
        let mut config = crate::auth::oidc::OidcConfig::new(
            issuer,
            client_id,
            client_secret,
            self.redirect_url.unwrap_or_default(),
            self.name,
        );
        config.allowed_domain = allowed_domain;
        Ok(Some(config))
    }
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Serve {
            addr,
            database,
            allowed_hosts,
            max_connections,
            keep_revisions,
            aws,
            oidc,
        } => {
            crate::serve::init_tracing();
            let oidc = match oidc.config() {
                Ok(oidc) => oidc,
                Err(e) => return fail(e),
            };
            let runtime = match tokio::runtime::Runtime::new() {
                Ok(runtime) => runtime,
                Err(e) => return fail(format!("cannot start the async runtime: {e}")),
            };
            let limits = crate::serve::Limits { max_connections, ..Default::default() };
            let options = crate::serve::ServeOptions {
                addr,
                database,
                allowed_hosts,
                limits,
                keep_revisions,
                aws: aws.options(),
                oidc,
            };
            let outcome = runtime.block_on(crate::serve::serve(options));
            // Work still running past the shutdown deadline is abandoned.
            runtime.shutdown_timeout(std::time::Duration::from_secs(1));
            match outcome {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(format!("{e:#}")),
            }
        }
        Command::Export { file, format, output, per_vpc, parameters } => {
            let options = parameters.options();
            let format = match format {
                TemplateFormat::Yaml => vpcraft_core::cfn::Format::Yaml,
                TemplateFormat::Json => vpcraft_core::cfn::Format::Json,
            };
            let result = match (per_vpc, output.as_deref()) {
                (true, Some(dir)) => {
                    crate::export_cmd::export_per_vpc(&file, format, dir, &options)
                }
                (true, None) => return fail("--per-vpc needs -o DIR".into()),
                (false, output) => crate::export_cmd::export_file(&file, format, output, &options),
            };
            match result {
                Ok(errors) => ExitCode::from(u8::from(errors > 0)),
                Err(e) => fail(e.to_string()),
            }
        }
        Command::Cost { file, format, parameters } => {
            let mut stdout = std::io::stdout().lock();
            let json = format == CostFormat::Json;
            match crate::cost_cmd::cost_file(&file, json, &parameters.options(), &mut stdout) {
                Ok(_) => ExitCode::SUCCESS,
                Err(e) => fail(e.to_string()),
            }
        }
        Command::Import { source: ImportSource::Template { file, output, parameters } } => {
            match crate::import_cmd::import_template(
                &file,
                output.as_deref(),
                &parameters.options(),
            ) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(e.to_string()),
            }
        }
        Command::Import { source: ImportSource::Vpc(args) } => {
            run_async(crate::import_aws_cmd::import_vpc(&args))
        }
        Command::Import { source: ImportSource::Stack(args) } => {
            run_async(crate::import_aws_cmd::import_stack(&args))
        }
        Command::Diff { old, new, format, parameters } => {
            let mut stdout = std::io::stdout().lock();
            let options = parameters.options();
            match crate::diff_cmd::diff_files(&old, &new, format, &options, &mut stdout) {
                Ok(introduced_errors) => ExitCode::from(u8::from(introduced_errors > 0)),
                Err(e) => fail(e.to_string()),
            }
        }
        Command::Admin { command } => {
            let runtime = match tokio::runtime::Runtime::new() {
                Ok(runtime) => runtime,
                Err(e) => return fail(format!("cannot start the async runtime: {e}")),
            };
            let mut stdin = std::io::stdin().lock();
            let mut stdout = std::io::stdout().lock();
            match runtime.block_on(crate::admin_cmd::run(command, &mut stdin, &mut stdout)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(format!("{e:#}")),
            }
        }
        Command::Validate { file, format, parameters } => {
            let mut stdout = std::io::stdout().lock();
            let options = parameters.options();
            match crate::validate_cmd::validate_file(&file, format, &options, &mut stdout) {
                Ok(outcome) => ExitCode::from(outcome.exit_code()),
                Err(e) => fail(e.to_string()),
            }
        }
    }
}

/// Runs a command that talks to AWS on a runtime of its own.
fn run_async<E: std::fmt::Display>(work: impl Future<Output = Result<(), E>>) -> ExitCode {
    match tokio::runtime::Runtime::new() {
        Ok(runtime) => match runtime.block_on(work) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(e.to_string()),
        },
        Err(e) => fail(format!("cannot start the async runtime: {e}")),
    }
}

fn fail(reason: String) -> ExitCode {
    eprintln!("vpcraft: {reason}");
    ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oidc(args: &[&str]) -> Result<Option<crate::auth::oidc::OidcConfig>, String> {
        let mut line = vec!["vpcraft", "serve"];
        line.extend_from_slice(args);
        match Cli::try_parse_from(line).unwrap().command {
            Command::Serve { oidc, .. } => oidc.config(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn the_identity_provider_needs_an_issuer_and_a_client() {
        assert!(oidc(&[]).unwrap().is_none());
        assert_eq!(
            oidc(&["--oidc-issuer", "https://idp.example.com"]).unwrap_err(),
            "--oidc-issuer needs --oidc-client-id"
        );
        assert_eq!(
            oidc(&["--oidc-client-id", "vpcraft"]).unwrap_err(),
            "--oidc-client-id needs --oidc-issuer"
        );
    }

    #[test]
    fn the_client_secret_is_read_from_its_file_without_surrounding_space() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("secret");
        std::fs::write(&file, "  s3cret\n").unwrap();
        let path = file.to_str().unwrap();
        let base = ["--oidc-issuer", "https://idp.example.com", "--oidc-client-id", "vpcraft"];
        let mut args = base.to_vec();
        args.extend(["--oidc-client-secret-file", path, "--oidc-name", "Acme SSO"]);
        let config = oidc(&args).unwrap().unwrap();
        assert_eq!(config.client_secret.as_deref(), Some("s3cret"));
        assert_eq!(config.display_name, "Acme SSO");
        assert_eq!(config.redirect_url, "");
        std::fs::write(&file, "\n").unwrap();
        assert_eq!(oidc(&args).unwrap_err(), format!("the client secret file {path} is empty"));
        let missing = dir.path().join("missing");
        let mut args = base.to_vec();
        args.extend(["--oidc-client-secret-file", missing.to_str().unwrap()]);
        let error = oidc(&args).unwrap_err();
        assert!(error.starts_with("cannot read the client secret file "), "{error}");
    }

    #[test]
    fn the_allowed_domain_is_a_domain() {
        let base = ["--oidc-issuer", "https://idp.example.com", "--oidc-client-id", "vpcraft"];
        let with = |domain: &str| {
            let mut args = base.to_vec();
            args.extend(["--oidc-allowed-domain", domain]);
            oidc(&args)
        };
        assert_eq!(oidc(&base).unwrap().unwrap().allowed_domain, None);
        let config = with("@Example.COM").unwrap().unwrap();
        assert_eq!(config.allowed_domain.as_deref(), Some("example.com"));
        for bad in ["", "localhost", "a@example.com"] {
            assert!(with(bad).unwrap_err().starts_with("--oidc-allowed-domain"), "{bad}");
        }
    }
}
