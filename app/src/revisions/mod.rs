//! The design's history: its revisions listed newest first (who saved
//! each, when, with what message), one opened read-only in place of the
//! live design, and one restored as the newest revision.
//!
//! [`Revisions`] is the state (part of the editor). Viewing an old revision
//! swaps the editor's design for it and keeps the live design aside
//! (`live`): while a revision is shown, [`Editor::may_edit`] refuses every
//! edit, the room's changes go to the design kept aside instead of the
//! screen (`Editor::apply_remote`), and the draft, the REST save and the
//! room's first welcome read the live design (`Editor::live`), so an old
//! revision never leaks into the live one. Back to latest puts the live
//! design back as the room left it. A restore asks the server to save the
//! revision again as the newest (`POST .../revisions/{n}/restore`), which
//! resets the design's rooms, this tab's included. `panel.rs` has the top
//! bar's button, the panel and the banner over the canvas; `save.rs` the
//! save-message box (a revision saved now with a message) and what a
//! revision saved anywhere does here (`ServerMsg::Saved`: the list read
//! again while the panel is open).

mod panel;
mod save;

pub use panel::{HistoryButton, HistoryPanel, RevisionBanner};
pub use save::SaveMessageBox;

use crate::api::{self, ApiError};
use crate::state::{Editor, Stored, ToastKind};
use leptos::prelude::*;
use serde::Deserialize;
use std::time::Duration;
use vpcraft_core::Design;

/// One revision as the history lists it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Entry {
    pub revision: u64,
    pub created_at: String,
    /// The email of who saved it; none when the account is gone.
    pub author: Option<String>,
    pub message: Option<String>,
    pub errors: Option<u64>,
    pub warnings: Option<u64>,
}

#[derive(Deserialize)]
struct Page {
    revisions: Vec<Entry>,
    next_before: Option<u64>,
}

/// The old revision on screen instead of the live design.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewing {
    pub revision: u64,
    /// The latest revision when it was opened.
    pub latest: u64,
}

/// What the history panel shows and which revision is on screen.
#[derive(Clone, Copy)]
pub struct Revisions {
    /// Whether the history panel is open.
    pub open: RwSignal<bool>,
    /// The revisions read so far, newest first.
    pub entries: RwSignal<Vec<Entry>>,
    /// The `before` of the next page, when there are older revisions.
    pub more: RwSignal<Option<u64>>,
    /// True while the list or a revision is being read.
    pub busy: RwSignal<bool>,
    /// Why the last read failed.
    pub error: RwSignal<Option<String>>,
    /// The old revision shown read-only, if any.
    pub viewing: RwSignal<Option<Viewing>>,
    /// True while the banner asks to confirm a restore.
    pub confirming: RwSignal<bool>,
    /// The live design while an old revision is shown.
    live: StoredValue<Option<Design>>,
    /// What the save-message box holds.
    pub message: RwSignal<String>,
    /// True from a save with a message sent to the room until the room
    /// answers that it is saved (or failed).
    pub saving: RwSignal<bool>,
}

/// How many revisions a page of the list reads.
const PAGE: u64 = 50;

/// How often a restore refused because of live edits no revision holds
/// yet is tried again, and how long apart (the room saves a revision about
/// a second after the last edit).
const RESTORE_TRIES: u32 = 12;
const RESTORE_RETRY: Duration = Duration::from_millis(1500);

impl Revisions {
    pub fn new() -> Self {
        Self {
            open: RwSignal::new(false),
            entries: RwSignal::new(Vec::new()),
            more: RwSignal::new(None),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            viewing: RwSignal::new(None),
            confirming: RwSignal::new(false),
            live: StoredValue::new(None),
            message: RwSignal::new(String::new()),
            saving: RwSignal::new(false),
        }
    }

    /// True while an old revision is on screen (tracked).
    pub fn is_viewing(&self) -> bool {
        self.viewing.with(Option::is_some)
    }

    /// Keeps `design`, the room's latest, aside while an old revision is
    /// shown; false (and `design` dropped) when none is, for the caller to
    /// show it.
    pub(crate) fn keep_aside(&self, design: &mut Option<Design>) -> bool {
        if self.viewing.with_untracked(Option::is_none) {
            return false;
        }
        self.live.set_value(design.take());
        true
    }

    /// Reads `f` of the live design kept aside, if an old revision is shown.
    pub(crate) fn with_live<R>(&self, f: impl FnOnce(&Design) -> R) -> Option<R> {
        self.live.with_value(|live| live.as_ref().map(f))
    }

    /// Takes the live design kept aside, ending the view.
    pub(crate) fn take_live(&self) -> Option<Design> {
        self.viewing.set(None);
        self.confirming.set(false);
        self.live.try_update_value(Option::take).flatten()
    }

    /// Starts viewing with `live` kept aside.
    pub(crate) fn set_aside(&self, live: Design, viewing: Viewing) {
        self.live.set_value(Some(live));
        self.viewing.set(Some(viewing));
    }

    /// Opens or closes the panel; opening reads the list again.
    pub fn toggle(self, editor: Editor) {
        let open = !self.open.get_untracked();
        self.open.set(open);
        if open {
            editor.comments.open.set(false);
            self.reload(editor);
        }
    }

    /// Reads the newest page of the list again.
    pub fn reload(self, editor: Editor) {
        self.read_page(editor, None);
    }

    /// Reads the page after the last revision listed.
    pub fn load_more(self, editor: Editor) {
        if let Some(before) = self.more.get_untracked() {
            self.read_page(editor, Some(before));
        }
    }

    /// Reads a page of the list, by the wasm module of the editor's panels
    /// (see `crate::lazy`).
    fn read_page(self, editor: Editor, before: Option<u64>) {
        if stored_id(editor).is_none() {
            return;
        }
        crate::lazy::spawn("cannot read the history", move || read_revisions(self, editor, before));
    }

    fn read(self, editor: Editor, before: Option<u64>) {
        let Some(id) = stored_id(editor) else { return };
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = list(&id, before).await;
            if stored_id(editor).as_deref() != Some(id.as_str()) {
                return;
            }
            self.busy.set(false);
            match answer {
                Ok(page) => {
                    self.error.set(None);
                    self.more.set(page.next_before);
                    if before.is_some() {
                        self.entries.update(|e| e.extend(page.revisions));
                    } else {
                        self.entries.set(page.revisions);
                    }
                }
                Err(e) => self.error.set(Some(e.detail())),
            }
        });
    }

    /// Shows revision `n` read-only instead of the live design (the newest
    /// listed goes back to the live design).
    pub fn view(self, editor: Editor, n: u64) {
        let latest = self.entries.with_untracked(|e| e.first().map(|e| e.revision));
        if latest == Some(n) {
            self.back(editor);
            return;
        }
        let Some(id) = stored_id(editor) else { return };
        let latest = latest.unwrap_or(n);
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = fetch_revision(&id, n).await;
            if stored_id(editor).as_deref() != Some(id.as_str()) {
                return;
            }
            self.busy.set(false);
            match answer {
                Ok(design) => {
                    self.confirming.set(false);
                    editor.show_read_only(design, Viewing { revision: n, latest });
                    // The room may have saved revisions since the list was read.
                    self.reload(editor);
                }
                Err(e) => editor.show_toast(
                    format!("Cannot open revision {n}: {}", e.detail()),
                    ToastKind::Error,
                ),
            }
        });
    }

    /// Back to the live design.
    pub fn back(self, editor: Editor) {
        editor.show_live();
    }

    /// Saves the revision on screen again as the newest revision, then
    /// shows the live design, which the room resets to it.
    pub fn restore(self, editor: Editor) {
        let Some(n) = self.viewing.with_untracked(|v| v.as_ref().map(|v| v.revision)) else {
            return;
        };
        let Some(id) = stored_id(editor) else { return };
        self.confirming.set(false);
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let mut answer = restore(&id, n).await;
            for _ in 1..RESTORE_TRIES {
                if !matches!(answer, Err(Restore::LiveEdits(_))) {
                    break;
                }
                sleep(RESTORE_RETRY).await;
                answer = restore(&id, n).await;
            }
            if stored_id(editor).as_deref() != Some(id.as_str()) {
                return;
            }
            self.busy.set(false);
            match answer {
                Ok(saved) => {
                    editor.show_live();
                    if !editor.room.owns_saving() {
                        // Without the room, read the restored design back.
                        if let Ok(latest) = api::fetch(&id).await {
                            let stored = Stored { id: latest.id, revision: latest.revision };
                            editor.load(latest.design, stored);
                        }
                    } else {
                        editor.stored.update(|s| {
                            if let Some(s) = s {
                                s.revision = s.revision.max(saved);
                            }
                        });
                    }
                    self.reload(editor);
                }
                Err(Restore::LiveEdits(message) | Restore::Failed(message)) => {
                    editor.show_toast(
                        format!("Cannot restore revision {n}: {message}"),
                        ToastKind::Error,
                    );
                }
            }
        });
    }
}

#[wasm_split_helpers::wasm_split(panels, fallible)]
fn read_revisions(
    revisions: Revisions,
    editor: Editor,
    before: Option<u64>,
) -> Result<(), wasm_split_helpers::SplitLoaderError> {
    revisions.read(editor, before);
    Ok(())
}

impl Default for Revisions {
    fn default() -> Self {
        Self::new()
    }
}

fn stored_id(editor: Editor) -> Option<String> {
    editor.stored.with_untracked(|s| s.as_ref().map(|s| s.id.clone()))
}

/// What the banner says while a revision is shown, `listed` being the
/// newest revision the list knows of.
pub fn banner_text(viewing: &Viewing, listed: Option<u64>) -> String {
    let latest = listed.unwrap_or(0).max(viewing.latest);
    format!("Viewing revision {} of {latest} — read-only", viewing.revision)
}

/// The counts of a revision's findings as the list shows them.
pub fn counts_text(errors: Option<u64>, warnings: Option<u64>) -> Option<String> {
    let plural =
        |n: u64, one: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") };
    match (errors, warnings) {
        (None, None) | (Some(0), Some(0)) | (Some(0), None) | (None, Some(0)) => None,
        (e, w) => Some(
            [
                e.filter(|n| *n > 0).map(|n| plural(n, "error")),
                w.filter(|n| *n > 0).map(|n| plural(n, "warning")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
        ),
    }
}

/// A page of the list, newest first.
async fn list(id: &str, before: Option<u64>) -> Result<Page, ApiError> {
    let before = before.map(|b| format!("&before={b}")).unwrap_or_default();
    let url = format!("/api/designs/{}/revisions?limit={PAGE}{before}", api::encode(id));
    let (status, text) = api::send("GET", &url, None).await?;
    api::expect_success(status, &text)?;
    crate::json::from_str(&text).map_err(|e| ApiError::BadAnswer(e.to_string()))
}

/// Revision `n`'s design.
pub(crate) async fn fetch_revision(id: &str, n: u64) -> Result<Design, ApiError> {
    let url = format!("/api/designs/{}?revision={n}", api::encode(id));
    let (status, text) = api::send("GET", &url, None).await?;
    api::stored_design(status, &text).map(|stored| stored.design)
}

/// Why a restore did not go through.
enum Restore {
    /// People are editing live and their latest edits are in no revision
    /// yet: worth trying again in a moment.
    LiveEdits(String),
    Failed(String),
}

/// Restores revision `n`: the new revision's number.
async fn restore(id: &str, n: u64) -> Result<u64, Restore> {
    let url = format!("/api/designs/{}/revisions/{n}/restore", api::encode(id));
    let (status, text) =
        api::send("POST", &url, None).await.map_err(|e| Restore::Failed(e.detail()))?;
    if (200..300).contains(&status) {
        let saved: api::Saved =
            crate::json::from_str(&text).map_err(|e| Restore::Failed(e.to_string()))?;
        return Ok(saved.revision);
    }
    let body: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let message = body["error"]["message"].as_str().unwrap_or("the server refused").to_owned();
    Err(if body["error"]["code"] == "conflict" {
        Restore::LiveEdits(message)
    } else {
        Restore::Failed(message)
    })
}

/// Waits `duration` (a timer of the page).
async fn sleep(duration: Duration) {
    let millis = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let timer = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis));
        if !matches!(timer, Some(Ok(_))) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banner_names_the_revision_and_the_latest() {
        let viewing = Viewing { revision: 2, latest: 7 };
        assert_eq!(banner_text(&viewing, None), "Viewing revision 2 of 7 — read-only");
        assert_eq!(banner_text(&viewing, Some(9)), "Viewing revision 2 of 9 — read-only");
    }

    #[test]
    fn counts_read_as_errors_and_warnings() {
        assert_eq!(counts_text(None, None), None);
        assert_eq!(counts_text(Some(0), Some(0)), None);
        assert_eq!(counts_text(Some(1), Some(0)).as_deref(), Some("1 error"));
        assert_eq!(counts_text(Some(2), Some(1)).as_deref(), Some("2 errors · 1 warning"));
        assert_eq!(counts_text(Some(0), Some(3)).as_deref(), Some("3 warnings"));
    }

    #[test]
    fn a_page_of_the_list_reads_the_servers_answer() {
        let page: Page = serde_json::from_str(
            r#"{"id":"d","next_before":2,"revisions":[{"revision":3,"created_at":"2025-01-05T10:00:00.000Z",
            "author":null,"message":"m","errors":1,"warnings":null}]}"#,
        )
        .unwrap();
        assert_eq!(page.next_before, Some(2));
        assert_eq!(page.revisions[0].author, None);
        assert_eq!(page.revisions[0].message.as_deref(), Some("m"));
    }
}
