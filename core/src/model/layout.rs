//! Layout: where each resource is drawn, kept apart from semantics.

use super::ResourceId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A rectangle in canvas coordinates (absolute, not relative to a parent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Self { x, y, w, h }
    }

    pub fn contains_point(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }

    pub fn contains(&self, other: &Rect) -> bool {
        self.contains_point(other.x, other.y)
            && self.contains_point(other.x + other.w, other.y + other.h)
    }

    pub fn translate(&self, dx: f64, dy: f64) -> Self {
        Self { x: self.x + dx, y: self.y + dy, ..*self }
    }
}

/// Positions of the drawn resources; a resource without one is laid out
/// automatically.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    #[serde(default)]
    pub positions: BTreeMap<ResourceId, Rect>,
}
