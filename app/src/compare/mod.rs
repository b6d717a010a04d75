//! Comparing two revisions on the canvas: the resources and flows added
//! and changed are outlined on the design on screen, the removed ones
//! drawn translucent (ghosted) where the older revision had them, beside a
//! panel listing every change (property path, old → new) and the findings
//! the change fixed and introduced.
//!
//! [`Compare`] is the state (in the editor page's context): the compare
//! on screen, if any. It is opened from the history panel (a revision
//! against the one on screen: the latest, or the old revision being
//! viewed), reads the server's compare (`GET .../compare?from=N&to=M`,
//! `model.rs`) and the older revision's design, and builds the scene model
//! (`scene.rs`: marks and ghosts, no SVG) that the canvas's ghost layer
//! (`canvas/ghost_layer.rs`) draws; `panel.rs` is the list of changes.

pub mod model;
mod panel;
pub mod scene;

pub use panel::ComparePanel;

use crate::api::{self, ApiError};
use crate::state::Editor;
use leptos::prelude::*;
use model::Compared;
use scene::Marks;
use std::sync::Arc;

/// A compare on screen: the changes and what the canvas marks.
#[derive(Debug, PartialEq)]
pub struct Shown {
    pub compared: Compared,
    pub marks: Marks,
}

#[derive(Clone, Copy)]
pub struct Compare {
    /// The compare on screen.
    pub shown: RwSignal<Option<Arc<Shown>>>,
    /// True while one is being read.
    pub busy: RwSignal<bool>,
}

impl Compare {
    pub fn new() -> Self {
        Self { shown: RwSignal::new(None), busy: RwSignal::new(false) }
    }

    pub fn use_context() -> Self {
        expect_context()
    }

    /// Where the ghosts of the open compare lie, if one is open: Fit keeps
    /// them in view.
    pub fn ghost_extent(self) -> Option<vpcraft_core::model::Rect> {
        self.shown.with_untracked(|shown| {
            shown
                .as_ref()?
                .marks
                .ghosts
                .iter()
                .map(|g| g.rect)
                .reduce(|a, b| crate::geometry::union(&a, &b))
        })
    }

    /// Compares revision `from` with the revision on screen (the latest,
    /// or the old revision being viewed).
    pub fn open(self, editor: Editor, from: u64) {
        let Some(id) = editor.stored.with_untracked(|s| s.as_ref().map(|s| s.id.clone())) else {
            return;
        };
        let to = editor.revisions.viewing.with_untracked(|v| v.as_ref().map(|v| v.revision));
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = read(&id, from, to).await;
            self.busy.set(false);
            match answer {
                Ok(shown) => {
                    editor.comments.open.set(false);
                    editor.reviews.open.set(false);
                    editor.revisions.open.set(false);
                    self.shown.set(Some(Arc::new(shown)));
                }
                Err(e) => editor.show_toast(
                    format!("Cannot compare with revision {from}: {}", e.detail()),
                    crate::state::ToastKind::Error,
                ),
            }
        });
    }

    /// Closes the compare.
    pub fn close(self) {
        self.shown.set(None);
    }
}

impl Default for Compare {
    fn default() -> Self {
        Self::new()
    }
}

/// The compare of `from` with `to` (the latest when `None`) and the marks
/// on the canvas.
async fn read(id: &str, from: u64, to: Option<u64>) -> Result<Shown, ApiError> {
    let to = to.map(|to| format!("&to={to}")).unwrap_or_default();
    let url = format!("/api/designs/{}/compare?from={from}{to}", api::encode(id));
    let (status, text) = api::send("GET", &url, None).await?;
    api::expect_success(status, &text)?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| ApiError::BadAnswer(e.to_string()))?;
    let compared =
        model::read(&value).ok_or_else(|| ApiError::BadAnswer("not a compare".into()))?;
    let mut old = crate::revisions::fetch_revision(id, from).await?;
    vpcraft_core::layout::place_missing(&mut old);
    let marks = scene::marks(&compared, &old);
    Ok(Shown { compared, marks })
}
