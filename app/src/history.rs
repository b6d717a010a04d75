//! The undo and redo stacks: snapshots of the design before each step.

use crate::actions::UndoPolicy;
use vpcraft_core::Design;

/// Undo history of whole-design snapshots. Designs are small, so a snapshot
/// per step is simpler and safer than inverse operations.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Design>,
}

#[derive(Debug)]
struct Step {
    before: Design,
    coalesce: Option<String>,
}

/// How many steps are kept; older ones are forgotten.
const LIMIT: usize = 200;

impl History {
    /// Records that the design is about to change from `before`, as the
    /// policy says: a coalescing step with the same key as the last step is
    /// folded into it.
    pub fn record(&mut self, before: &Design, policy: &UndoPolicy) {
        self.redo.clear();
        let coalesce = match policy {
            UndoPolicy::Record => None,
            UndoPolicy::Coalesce(key) => Some(key.clone()),
        };
        if coalesce.is_some() && self.undo.last().is_some_and(|last| last.coalesce == coalesce) {
            return;
        }
        self.undo.push(Step { before: before.clone(), coalesce });
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

    /// Returns the design before the last step, given the current one.
    pub fn undo(&mut self, current: &Design) -> Option<Design> {
        let step = self.undo.pop()?;
        self.redo.push(current.clone());
        Some(step.before)
    }

    /// Returns the design after the last undone step, given the current one.
    pub fn redo(&mut self, current: &Design) -> Option<Design> {
        let next = self.redo.pop()?;
        self.undo.push(Step { before: current.clone(), coalesce: None });
        Some(next)
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

    fn named(name: &str) -> Design {
        Design::new(name)
    }

    #[test]
    fn coalesced_steps_undo_at_once_and_redo_restores() {
        let mut history = History::default();
        let key = UndoPolicy::Coalesce("prop:x:name".into());
        history.record(&named("a"), &key);
        history.record(&named("ab"), &key);
        history.record(&named("abc"), &UndoPolicy::Record);
        assert_eq!(history.undo(&named("abcd")).unwrap().name, "abc");
        assert_eq!(history.undo(&named("abc")).unwrap().name, "a");
        assert!(history.undo(&named("a")).is_none());
        assert_eq!(history.redo(&named("a")).unwrap().name, "abc");
    }
}
