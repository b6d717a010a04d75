//! Design integrity: references that point at nothing or at the wrong kind,
//! the resources outside the design that references name, and nested
//! stacks without a template.

pub mod dangling_reference;
pub mod external_assumed;
pub mod stack_template;
