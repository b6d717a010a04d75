//! The undo and redo stacks: each step keeps the design before and after
//! it, so that undoing and redoing revert only this person's own edits.
//!
//! When several people edit one design, the current design holds others'
//! edits made since a step. Undo therefore does not bring back a snapshot:
//! it returns the patch from the step's after to its before, which the
//! editor applies to the current design, so that the others' edits stay.
//! Alone, the current design is the step's after, and the editor restores
//! the snapshot exactly.

use crate::actions::UndoPolicy;
use std::sync::Arc;
use vpcraft_core::Design;
use vpcraft_core::collab::{Patch, patch_between};

/// Undo history of steps, each the design before and after it. Designs are
/// small, so snapshots are simpler and safer than inverse operations; the
/// snapshot between two consecutive steps is shared.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

#[derive(Debug)]
struct Step {
    before: Arc<Design>,
    after: Arc<Design>,
    coalesce: Option<String>,
}

/// A step to revert or replay: the snapshots it goes between, for
/// restoring exactly when nobody else changed the design since, and
/// otherwise the patch between them applied to whatever the design now is.
#[derive(Clone, Debug)]
pub struct Revert {
    /// The design the step expects to find.
    pub from: Arc<Design>,
    /// The design the step leads to when the current design is `from`.
    pub to: Arc<Design>,
}

impl Revert {
    fn between(from: &Arc<Design>, to: &Arc<Design>) -> Self {
        Self { from: Arc::clone(from), to: Arc::clone(to) }
    }

    /// The patch that does the step on any design: for an undo
    /// `patch_between(step.after, step.before)`, for a redo the reverse.
    pub fn patch(&self) -> Patch {
        patch_between(&self.from, &self.to)
    }

    /// The design after reverting (or replaying) on `current`: the snapshot
    /// itself when `current` is what the step expects, else `current` with
    /// the patch applied, or why the patch no longer applies.
    pub fn on(&self, current: &Design) -> Result<Design, vpcraft_core::collab::PatchError> {
        if *current == *self.from {
            return Ok((*self.to).clone());
        }
        let mut design = current.clone();
        self.patch().apply(&mut design)?;
        Ok(design)
    }
}

/// How many steps are kept; older ones are forgotten.
const LIMIT: usize = 200;

impl History {
    /// Records that the design changed from `before` to `after`, as the
    /// policy says: a coalescing step with the same key as the last step is
    /// folded into it (keeping the first `before` and the last `after`).
    pub fn record(&mut self, before: &Design, after: &Design, policy: &UndoPolicy) {
        self.redo.clear();
        let coalesce = match policy {
            UndoPolicy::Record => None,
            UndoPolicy::Coalesce(key) => Some(key.clone()),
        };
        if let Some(last) = self.undo.last_mut()
            && coalesce.is_some()
            && last.coalesce == coalesce
        {
            last.after = Arc::new(after.clone());
            return;
        }
        // The last step's after is usually this step's before: share it.
        let before = match self.undo.last() {
            Some(last) if *last.after == *before => Arc::clone(&last.after),
            _ => Arc::new(before.clone()),
        };
        self.undo.push(Step { before, after: Arc::new(after.clone()), coalesce });
        if self.undo.len() > LIMIT {
            self.undo.remove(0);
        }
    }

    /// Ends coalescing, so the next change starts a new step even if its
    /// key is the same (a second edit of the same field after a pause).
    pub fn seal(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.coalesce = None;
        }
    }

    /// Moves the last step to the redo stack and returns how to revert it.
    pub fn undo(&mut self) -> Option<Revert> {
        let mut step = self.undo.pop()?;
        step.coalesce = None;
        let revert = Revert::between(&step.after, &step.before);
        self.redo.push(step);
        Some(revert)
    }

    /// Moves the last undone step back to the undo stack and returns how to
    /// replay it.
    pub fn redo(&mut self) -> Option<Revert> {
        let step = self.redo.pop()?;
        let replay = Revert::between(&step.before, &step.after);
        self.undo.push(step);
        Some(replay)
    }

    /// Forgets the step just undone, when its revert no longer applies.
    pub fn drop_undone(&mut self) {
        self.redo.pop();
    }

    /// Forgets the step just redone, when its replay no longer applies.
    pub fn drop_redone(&mut self) {
        self.undo.pop();
    }

    /// Forgets everything, as after loading another design.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpcraft_core::model::{Rect, Resource};
    use vpcraft_core::{ResourceId, to_json};

    fn named(name: &str) -> Design {
        Design::new(name)
    }

    /// Applies a step's revert to `current`, as the editor does.
    fn apply(revert: Option<Revert>, current: &Design) -> Design {
        revert.expect("a step").on(current).expect("the revert applies")
    }

    #[test]
    fn coalesced_steps_undo_at_once_and_redo_restores() {
        let mut history = History::default();
        let key = UndoPolicy::Coalesce("prop:x:name".into());
        history.record(&named("a"), &named("ab"), &key);
        history.record(&named("ab"), &named("abc"), &key);
        history.record(&named("abc"), &named("abcd"), &UndoPolicy::Record);
        let now = apply(history.undo(), &named("abcd"));
        assert_eq!(now.name, "abc");
        let now = apply(history.undo(), &now);
        assert_eq!(now.name, "a");
        assert!(history.undo().is_none());
        let now = apply(history.redo(), &now);
        assert_eq!(now.name, "abc");
        let now = apply(history.redo(), &now);
        assert_eq!(now.name, "abcd");
        assert!(history.redo().is_none());
    }

    #[test]
    fn a_new_edit_clears_redo_and_sealing_ends_coalescing() {
        let mut history = History::default();
        let key = UndoPolicy::Coalesce("prop:x:name".into());
        history.record(&named("a"), &named("ab"), &key);
        history.seal();
        history.record(&named("ab"), &named("abc"), &key);
        let now = apply(history.undo(), &named("abc"));
        assert_eq!(now.name, "ab");
        history.record(&now, &named("abx"), &UndoPolicy::Record);
        assert!(history.redo().is_none());
        assert_eq!(apply(history.undo(), &named("abx")).name, "ab");
        assert_eq!(apply(history.undo(), &named("ab")).name, "a");
    }

    fn vpc(id: &str) -> Resource {
        let json = serde_json::json!({ "id": id, "name": id, "type": "vpc", "cidr_blocks": ["10.0.0.0/16"] });
        serde_json::from_value(json).expect("a VPC")
    }

    fn with_vpcs(ids: &[&str]) -> Design {
        let mut design = Design::new("d");
        for (i, id) in ids.iter().enumerate() {
            design.resources.push(vpc(id));
            let rect = Rect::new(40.0 + 700.0 * i as f64, 40.0, 600.0, 400.0);
            design.layout.positions.insert(ResourceId::new(*id), rect);
        }
        design
    }

    #[test]
    fn alone_undo_restores_the_snapshot_exactly() {
        // Deleting the first of three and undoing brings it back in its
        // place, not at the end.
        let before = with_vpcs(&["a", "b", "c"]);
        let mut after = before.clone();
        after.resources.remove(0);
        after.layout.positions.remove(&ResourceId::new("a"));
        let mut history = History::default();
        history.record(&before, &after, &UndoPolicy::Record);
        let undone = apply(history.undo(), &after);
        assert_eq!(to_json(&undone), to_json(&before));
        assert_eq!(to_json(&apply(history.redo(), &undone)), to_json(&after));
    }

    #[test]
    fn undo_keeps_what_others_changed_since() {
        let base = with_vpcs(&["a", "b"]);
        // I rename a.
        let mut mine = base.clone();
        mine.resource_mut(&ResourceId::new("a")).unwrap().name = "mine".into();
        let mut history = History::default();
        history.record(&base, &mine, &UndoPolicy::Record);
        // Someone else renames b and moves a.
        let mut current = mine.clone();
        current.resource_mut(&ResourceId::new("b")).unwrap().name = "theirs".into();
        let moved = Rect::new(0.0, 0.0, 500.0, 300.0);
        current.layout.positions.insert(ResourceId::new("a"), moved);

        let undone = apply(history.undo(), &current);
        assert_eq!(undone.resource(&ResourceId::new("a")).unwrap().name, "a");
        assert_eq!(undone.resource(&ResourceId::new("b")).unwrap().name, "theirs");
        assert_eq!(undone.layout.positions[&ResourceId::new("a")], moved);
        let redone = apply(history.redo(), &undone);
        assert_eq!(redone.resource(&ResourceId::new("a")).unwrap().name, "mine");
        assert_eq!(redone.resource(&ResourceId::new("b")).unwrap().name, "theirs");
    }

    #[test]
    fn an_undo_of_something_deleted_since_is_refused_and_dropped() {
        let base = with_vpcs(&["a", "b"]);
        let mut mine = base.clone();
        mine.resource_mut(&ResourceId::new("a")).unwrap().name = "mine".into();
        let mut history = History::default();
        history.record(&base, &mine, &UndoPolicy::Record);
        // Someone else deletes a.
        let mut current = mine.clone();
        current.resources.retain(|r| r.id.as_str() != "a");
        current.layout.positions.remove(&ResourceId::new("a"));

        let revert = history.undo().expect("a step");
        assert_eq!(revert.patch().ops.len(), 1, "only my rename is reverted");
        let error = revert.on(&current).expect_err("a is gone");
        assert!(error.to_string().contains("no longer exists"), "{error}");
        history.drop_undone();
        assert!(history.redo().is_none());
        assert!(history.undo().is_none());
    }

    #[test]
    fn consecutive_steps_share_their_snapshot() {
        let (a, b, c) = (named("a"), named("b"), named("c"));
        let mut history = History::default();
        history.record(&a, &b, &UndoPolicy::Record);
        history.record(&b, &c, &UndoPolicy::Record);
        assert!(Arc::ptr_eq(&history.undo[0].after, &history.undo[1].before));
    }
}
