//! The sign-in rate limit: after [`MAX_FAILURES`] failed attempts for one
//! email within [`WINDOW`], further attempts for it are refused until the
//! window has passed, whether or not the account exists (so the limit tells
//! nothing either). A success clears the count.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Failed attempts allowed per email within [`WINDOW`].
pub const MAX_FAILURES: u32 = 5;
/// How long failures are remembered.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Emails tracked at most; the oldest are forgotten past this.
const CAPACITY: usize = 100_000;

/// Failed sign-ins per key; cheap to clone (shared).
#[derive(Clone, Debug, Default)]
pub struct SignInLimit {
    failures: Arc<Mutex<HashMap<String, (u32, Instant)>>>,
}

impl SignInLimit {
    /// `Err(seconds to wait)` when `key` has used up its attempts.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        match failures.get(key) {
            Some((count, since)) if *count >= MAX_FAILURES && since.elapsed() < WINDOW => {
                Err((WINDOW - since.elapsed()).as_secs().max(1))
            }
            _ => Ok(()),
        }
    }

    /// Counts a failed attempt.
    pub fn failed(&self, key: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() >= CAPACITY {
            failures.retain(|_, (_, since)| since.elapsed() < WINDOW);
        }
        let entry = failures.entry(key.to_owned()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    /// Forgets the failures of `key` after a success.
    pub fn succeeded(&self, key: &str) {
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_failure_in_a_row_is_refused_until_a_success() {
        let limit = SignInLimit::default();
        for _ in 0..MAX_FAILURES {
            assert_eq!(limit.check("a@example.com"), Ok(()));
            limit.failed("a@example.com");
        }
        assert!(limit.check("a@example.com").is_err());
        assert_eq!(limit.check("b@example.com"), Ok(()), "other emails are not affected");
        limit.succeeded("a@example.com");
        assert_eq!(limit.check("a@example.com"), Ok(()));
    }
}
