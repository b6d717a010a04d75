//! `vpcraft import template FILE [-o OUT]`, and reading a file that may be
//! either a design or a CloudFormation template (told apart by content: a
//! design has `schema_version`, a template `Resources` or
//! `AWSTemplateFormatVersion`). A template's nested stacks whose templates
//! are files beside it (a relative `TemplateURL`, as `aws cloudformation
//! package` takes them) are read too.

use std::io::Write;
use std::path::Path;
use vpcraft_core::Design;
use vpcraft_core::cfn::{ImportOptions, ImportWarning};

/// Why a file could not be read as a design or a template; one line naming
/// the file and the position (line or logical ID).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}: {source}")]
    Design { path: String, source: vpcraft_core::ParseError },
    #[error("{path}: {source}")]
    Template { path: String, source: vpcraft_core::cfn::ImportError },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

/// A design read from a file, with the import's warnings when the file was
/// a template.
pub struct Loaded {
    pub design: Design,
    pub warnings: Vec<ImportWarning>,
    /// The file's text, for positions in reports.
    pub text: String,
}

/// The largest child template read beside a parent, in bytes.
const MAX_CHILD_BYTES: u64 = 8 * 1024 * 1024;

/// The options for importing the template at `path`, with the templates of
/// its nested stacks that are files beside it (those that cannot be read
/// are left to the import, which keeps the stack without its contents).
fn with_children(path: &Path, text: &str, options: &ImportOptions) -> ImportOptions {
    let mut options = options.clone();
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    for url in vpcraft_core::cfn::nested_template_urls(text) {
        if url.contains("://") || url.contains("${") || options.children.contains_key(&url) {
            continue;
        }
        let child = dir.join(&url);
        let small =
            std::fs::metadata(&child).is_ok_and(|m| m.is_file() && m.len() <= MAX_CHILD_BYTES);
        if small && let Ok(text) = std::fs::read_to_string(&child) {
            options.children.insert(url, text);
        }
    }
    options
}

/// Reads a design file or a CloudFormation template.
pub fn load(path: &Path, options: &ImportOptions) -> Result<Loaded, LoadError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|source| LoadError::Read { path: shown.clone(), source })?;
    if vpcraft_core::cfn::looks_like_template(&text) {
        let options = with_children(path, &text, options);
        let imported = vpcraft_core::cfn::import_with(&text, &options)
            .map_err(|source| LoadError::Template { path: shown.clone(), source })?;
        Ok(Loaded { design: imported.design, warnings: imported.warnings, text })
    } else {
        let design = vpcraft_core::parse_design(&text)
            .map_err(|source| LoadError::Design { path: shown, source })?;
        Ok(Loaded { design, warnings: Vec::new(), text })
    }
}

/// Writes `text` to `out`, or to stdout when absent.
pub fn write_output(out: Option<&Path>, text: &str) -> Result<(), LoadError> {
    match out {
        Some(path) => std::fs::write(path, text)
            .map_err(|source| LoadError::Write { path: path.display().to_string(), source }),
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|source| LoadError::Write { path: "stdout".into(), source }),
    }
}

/// Imports a template as a design file; warnings go to stderr.
pub fn import_template(
    file: &Path,
    out: Option<&Path>,
    options: &ImportOptions,
) -> Result<(), LoadError> {
    let shown = file.display().to_string();
    let text = std::fs::read_to_string(file)
        .map_err(|source| LoadError::Read { path: shown.clone(), source })?;
    let options = with_children(file, &text, options);
    let imported = vpcraft_core::cfn::import_with(&text, &options)
        .map_err(|source| LoadError::Template { path: shown.clone(), source })?;
    for warning in &imported.warnings {
        eprintln!("vpcraft: {shown}: {}: {}", warning.logical_id, warning.message);
    }
    let mut json = vpcraft_core::to_json(&imported.design);
    json.push('\n');
    write_output(out, &json)
}
