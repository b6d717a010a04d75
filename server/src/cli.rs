//! The command line: `vpcraft serve` and `vpcraft validate`.
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
    },
    /// Validate a design file and print its findings.
    Validate {
        /// The design file (.json).
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Serve { addr, database } => {
            crate::serve::init_tracing();
            let runtime = match tokio::runtime::Runtime::new() {
                Ok(runtime) => runtime,
                Err(e) => return fail(format!("cannot start the async runtime: {e}")),
            };
            match runtime.block_on(crate::serve::serve(addr, &database)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(format!("{e:#}")),
            }
        }
        Command::Validate { file, format } => {
            let mut stdout = std::io::stdout().lock();
            match crate::validate_cmd::validate_file(&file, format, &mut stdout) {
                Ok(outcome) => ExitCode::from(outcome.exit_code()),
                Err(e) => fail(e.to_string()),
            }
        }
    }
}

fn fail(reason: String) -> ExitCode {
    eprintln!("vpcraft: {reason}");
    ExitCode::from(2)
}
