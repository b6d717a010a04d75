//! Template → design.

use crate::model::Design;

/// Why a template could not be imported.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("line {line}, column {column}: {message}")]
    Syntax { line: usize, column: usize, message: String },
}

/// Something the import could not carry over exactly.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ImportWarning {
    pub logical_id: String,
    pub message: String,
}

/// An imported design and what the import could not carry over.
#[derive(Clone, Debug)]
pub struct Imported {
    pub design: Design,
    pub warnings: Vec<ImportWarning>,
}

pub fn import(_text: &str) -> Result<Imported, ImportError> {
    Err(ImportError::Syntax { line: 0, column: 0, message: "unimplemented".into() })
}
