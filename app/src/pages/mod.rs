//! Whole pages other than the editor.

mod designs;
mod sign_in;

pub use designs::DesignsPage;
pub use sign_in::{SignInPage, SignOut};
