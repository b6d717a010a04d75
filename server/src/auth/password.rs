//! Password hashing with argon2id (the `argon2` crate's defaults, OWASP's
//! recommended parameters: 19 MiB, 2 passes, 1 lane), stored as PHC strings
//! that carry their own parameters and salt. CPU-heavy: call from the
//! worker pool.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 10;
/// The longest password accepted (in bytes), so hashing stays bounded.
pub const MAX_LENGTH: usize = 1024;

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Why a new password is refused, in a sentence for the person choosing it.
pub fn check_new(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_LENGTH {
        return Err(format!("the password needs at least {MIN_LENGTH} characters"));
    }
    if password.len() > MAX_LENGTH {
        return Err(format!("the password may have at most {MAX_LENGTH} bytes"));
    }
    Ok(())
}

/// The PHC string of a new password.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash a password: {e}"))
}

/// Whether `password` matches a stored PHC string. With no stored hash (no
/// such account) it checks against a fixed hash all the same, so that a
/// sign-in takes as long whether the account exists or not.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("not a password anyone has").unwrap_or_default());
    let matches = |phc: &str| {
        PasswordHash::new(phc)
            .is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
    };
    match stored {
        Some(phc) => matches(phc),
        None => {
            let _ = matches(dummy);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_salted_argon2id_and_verify() {
        let a = hash("correct horse battery").unwrap();
        let b = hash("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "every hash has its own salt");
        assert!(verify("correct horse battery", Some(&a)));
        assert!(!verify("correct horse batterY", Some(&a)));
        assert!(!verify("correct horse battery", None));
        assert!(!verify("anything", Some("not a hash")));
    }

    #[test]
    fn new_passwords_have_a_length_range() {
        assert_eq!(check_new("short"), Err("the password needs at least 10 characters".into()));
        assert_eq!(check_new("long enough"), Ok(()));
        assert!(check_new(&"x".repeat(1025)).is_err());
    }
}
