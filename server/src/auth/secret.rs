//! Secrets the server hands out (session IDs, personal access tokens, share
//! link tokens): 256 random bits from the operating system, and the SHA-256
//! hash that is all the database keeps of them. A fast hash is right here:
//! unlike passwords, these secrets are random and cannot be guessed.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// The prefix of a personal access token, so that secret scanners and
/// people recognise one.
pub const TOKEN_PREFIX: &str = "vpct_";

/// A new random secret, hex encoded (64 characters), with `prefix`.
pub fn generate(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// The hash of a secret as stored.
pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_stored_hashed() {
        let a = generate(TOKEN_PREFIX);
        let b = generate(TOKEN_PREFIX);
        assert_ne!(a, b);
        assert_eq!(a.len(), TOKEN_PREFIX.len() + 64);
        assert!(a.starts_with("vpct_"));
        assert_eq!(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
