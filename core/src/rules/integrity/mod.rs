//! Design integrity: references that point at nothing or at the wrong kind,
//! and the resources outside the design that references name.

pub mod dangling_reference;
pub mod external_assumed;
