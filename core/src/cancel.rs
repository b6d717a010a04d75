//! Cooperative cancellation of long work: a shell that no longer wants an
//! answer (its client hung up, or the request's time budget ran out) raises
//! a flag, and validation, import and export stop at their next checkpoint.
//!
//! The core still cannot fail: stopped work returns what it has so far
//! (fewer findings, a shorter template, or [`ImportError::Cancelled`]),
//! and only the shell that raised the flag ever sees that answer, which it
//! throws away. Without [`with_flag`] nothing is ever cancelled, so the
//! browser and the command line run as before.
//!
//! [`ImportError::Cancelled`]: crate::cfn::ImportError::Cancelled

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

thread_local! {
    /// The flag of the work running on this thread, if a shell set one.
    static FLAG: RefCell<Option<Arc<AtomicBool>>> = const { RefCell::new(None) };
}

/// A flag another thread raises to stop the work it was given to.
#[derive(Clone, Debug, Default)]
pub struct Flag(Arc<AtomicBool>);

impl Flag {
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the work watching this flag to stop at its next checkpoint.
    pub fn raise(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_raised(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Runs `work` on this thread with `flag` watched by every checkpoint it
/// passes; the previous flag (if any) is restored afterwards.
pub fn with_flag<T>(flag: &Flag, work: impl FnOnce() -> T) -> T {
    struct Restore(Option<Arc<AtomicBool>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            FLAG.with(|f| *f.borrow_mut() = previous);
        }
    }
    let previous = FLAG.with(|f| f.borrow_mut().replace(Arc::clone(&flag.0)));
    let _restore = Restore(previous);
    work()
}

/// Whether the work on this thread has been asked to stop: the checkpoint
/// that long loops call between steps (a thread-local read and an atomic
/// load, cheap enough to call per resource).
pub fn requested() -> bool {
    FLAG.with(|f| f.borrow().as_ref().is_some_and(|flag| flag.load(Ordering::Relaxed)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_requested_without_a_flag() {
        assert!(!requested());
    }

    #[test]
    fn a_raised_flag_is_seen_inside_and_forgotten_outside() {
        let flag = Flag::new();
        let seen = with_flag(&flag, || {
            let before = requested();
            flag.raise();
            (before, requested())
        });
        assert_eq!(seen, (false, true));
        assert!(!requested(), "the flag is restored when the work returns");
    }

    #[test]
    fn nested_flags_restore_the_outer_one() {
        let outer = Flag::new();
        outer.raise();
        let inner = Flag::new();
        let seen = with_flag(&outer, || {
            let nested = with_flag(&inner, requested);
            (nested, requested())
        });
        assert_eq!(seen, (false, true));
    }
}
