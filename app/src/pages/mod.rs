//! Whole pages other than the editor.

mod designs;

pub use designs::DesignsPage;
