//! Design integrity: references that point at nothing or at the wrong kind.

pub mod dangling_reference;
