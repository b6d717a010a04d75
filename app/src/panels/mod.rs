//! The panels around the canvas: top bar, palette, inspector, findings and
//! the toast.

mod candidates;
mod fields;
mod findings;
mod flow_inspector;
mod inspector;
mod json_fields;
mod kind_fields;
mod list_editors;
mod palette;
mod templates;
mod toast;
mod topbar;

pub use findings::FindingsPanel;
pub use inspector::Inspector;
pub use palette::{DragGhost, Palette};
pub use toast::ToastView;
pub use templates::TemplatesDialog;
pub use topbar::{TopBar, brand};
