//! Editor commands: each change a user can make to a design is an action
//! that applies itself to a design or refuses, and says how it is undone.
//!
//! Actions are pure: they take the design and return the outcome, so they
//! are tested without a browser. The editor state (`crate::state`) runs
//! them, records undo history according to their policy, and shows
//! refusals to the user.

mod add_flow;
mod add_listener;
mod add_resource;
mod add_subnet;
mod align;
mod apply_fix;
mod delete;
mod make_existing;
mod move_into;
mod move_resources;
mod paste;
mod resize;
mod set_usage;
mod update_flow;
mod update_property;

pub use add_flow::{AddFlow, can_be_flow_end, default_port};
pub use add_listener::AddListener;
pub use add_resource::{AddResource, Placement, in_palette, plan_placement};
pub use add_subnet::AddSubnet;
pub use align::{Align, Alignment, icons};
pub use apply_fix::ApplyQuickFix;
pub use delete::DeleteResources;
pub use make_existing::{MakeExisting, can_be_existing};
pub use move_into::{MoveInto, drop_probe};
pub use move_resources::MoveResources;
pub use paste::{Clip, Paste};
pub use resize::Resize;
pub use set_usage::{SetUsage, UsageField};
pub use update_flow::{FlowEdit, UpdateFlow};
pub use update_property::{PropertyEdit, UpdateProperty};

use vpcraft_core::{Design, ResourceId};

/// How an applied action is recorded in the undo history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UndoPolicy {
    /// The action is one undo step of its own.
    Record,
    /// Consecutive actions with the same key form a single undo step, so
    /// that typing in a field or dragging a node is undone at once.
    Coalesce(String),
}

/// Why an action was refused; the message is shown to the user as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(pub String);

impl Refusal {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// What an applied action asks of the editor besides the new design.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// The resources to select afterwards, when the selection should change.
    pub select: Option<Vec<ResourceId>>,
    /// True when this application changed only where things are drawn,
    /// though the action may change more at other times (a move that
    /// re-homes nothing), so that validation need not run again.
    pub layout_only: bool,
}

/// A change to a design.
pub trait Action {
    /// How this change is recorded for undo.
    fn undo_policy(&self) -> UndoPolicy;

    /// Applies the change. On refusal the design may have been modified
    /// partially, so the caller applies actions to a copy.
    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal>;

    /// True when the action changes only where things are drawn, so that
    /// validation need not run again.
    fn layout_only(&self) -> bool {
        false
    }
}
