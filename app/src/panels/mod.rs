//! The panels around the canvas: top bar, palette, inspector, findings and
//! the toast.

mod fields;
mod findings;
mod inspector;
mod palette;
mod toast;
mod topbar;

pub use findings::FindingsPanel;
pub use inspector::Inspector;
pub use palette::{DragGhost, Palette};
pub use toast::ToastView;
pub use topbar::TopBar;
