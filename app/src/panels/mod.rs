//! The panels around the canvas: top bar, palette, inspector, findings, the
//! cost panel, the selection toolbar and the toast, and the dialogs (templates,
//! CloudFormation export and import, sharing).

mod align_bar;
mod aws_import_dialog;
mod candidates;
mod cidr_planner;
mod classic_listeners;
mod cost;
mod export_dialog;
mod fields;
mod findings;
mod flow_inspector;
mod import_dialog;
mod inspector;
mod json_fields;
mod kind_fields;
mod list_editors;
mod nested_stack;
mod palette;
mod share_dialog;
mod shortcuts_help;
mod templates;
mod toast;
mod topbar;

pub use align_bar::AlignBar;
pub use aws_import_dialog::AwsImportDialog;
pub use cost::{CostButton, CostPanel};
pub use export_dialog::ExportDialog;
pub use findings::FindingsPanel;
pub use import_dialog::ImportDialog;
pub use inspector::Inspector;
pub use nested_stack::shown as shown_value;
pub use palette::{DragGhost, Palette};
pub use share_dialog::{ShareButton, ShareDialog};
pub use shortcuts_help::ShortcutsHelp;
pub use templates::TemplatesDialog;
pub use toast::ToastView;
pub(crate) use topbar::close_menu;
pub use topbar::{TopBar, brand};
