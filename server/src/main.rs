//! The `vpcraft` binary: parses the command line and hands over to the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    vpcraft_server::cli::run(vpcraft_server::cli::Cli::parse())
}
