//! Saving the design to the server and loading it back, with the save
//! status and the address bar kept in step.
//!
//! Every change is saved automatically shortly after it is made, and kept
//! meanwhile as a draft in the browser's local storage, so nothing typed
//! is lost when the page is reloaded or closed before the save completes.
//! Once the design's room is joined the room stores every edit, so the
//! REST save stays off and the draft holds the edits the room has not
//! acknowledged, replayed on the design when the page is loaded again.

use crate::api;
use crate::route;
use crate::state::{Editor, SaveStatus, Stored, ToastKind};
use crate::ui::storage;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use vpcraft_core::Design;

/// How long the editor waits after the last change before saving.
const AUTOSAVE_DELAY: Duration = Duration::from_millis(700);
/// Where the unsaved draft is kept.
const DRAFT_KEY: &str = "vpcraft:draft";

/// Edits not yet on the server, kept in local storage.
#[derive(Serialize, Deserialize)]
struct Draft {
    /// The stored design the edits apply to, if it was stored.
    id: Option<String>,
    base_revision: Option<u64>,
    #[serde(deserialize_with = "vpcraft_core::schema::nested")]
    design: Design,
    /// In a room: the design as the room confirmed it, which `design` has
    /// this tab's unacknowledged edits on top of.
    #[serde(default, deserialize_with = "vpcraft_core::schema::nested_option")]
    base: Option<Design>,
}

/// Writes the current design as the draft.
pub fn keep_draft(editor: Editor) {
    if editor.room.owns_saving() {
        keep_room_draft(editor);
        return;
    }
    if editor.save_status.get_untracked() == SaveStatus::Saved {
        return;
    }
    let stored = editor.stored.get_untracked();
    let draft = editor.live(|design| Draft {
        id: stored.as_ref().map(|s| s.id.clone()),
        base_revision: stored.as_ref().map(|s| s.revision),
        design: design.clone(),
        base: None,
    });
    write_draft(&draft);
}

/// Writes the edits the room has not acknowledged as the draft, or clears
/// it when there are none.
fn keep_room_draft(editor: Editor) {
    let Some((confirmed, local)) = editor.room.unconfirmed(editor) else {
        clear_draft();
        return;
    };
    let id = editor.stored.with_untracked(|s| s.as_ref().map(|s| s.id.clone()));
    write_draft(&Draft { id, base_revision: None, design: local, base: Some(confirmed) });
}

fn write_draft(draft: &Draft) {
    if let (Some(storage), Ok(text)) = (storage(), crate::json::to_string(draft)) {
        let _ = storage.set_item(DRAFT_KEY, &text);
    }
}

fn take_draft() -> Option<Draft> {
    let text = storage()?.get_item(DRAFT_KEY).ok().flatten()?;
    crate::json::from_str(&text).ok()
}

pub fn clear_draft() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(DRAFT_KEY);
    }
}

/// Saves shortly after each change, and keeps a draft meanwhile.
pub fn autosave(editor: Editor) {
    Effect::new(move |_| {
        let edits = editor.edits.get();
        if edits == 0 {
            return;
        }
        set_timeout(
            move || {
                if editor.edits.get_untracked() == edits {
                    keep_draft(editor);
                    save(editor);
                }
            },
            AUTOSAVE_DELAY,
        );
    });
}

/// Saves the design: the first save creates it and moves the address bar
/// to `/d/{id}`, later saves add a revision on top of the last one.
pub fn save(editor: Editor) {
    save_as(editor, None);
}

/// Saves a revision now with `message` (the save-message box): through the
/// room when it holds the design (a revision even when nothing changed,
/// answered by `ServerMsg::Saved`), else through the REST save.
pub fn save_with_message(editor: Editor, message: String) {
    if editor.room.save(editor, &message) {
        editor.revisions.saving.set(true);
        return;
    }
    let message = message.trim().to_owned();
    save_as(editor, (!message.is_empty()).then_some(message));
}

fn save_as(editor: Editor, message: Option<String>) {
    if matches!(editor.save_status.get_untracked(), SaveStatus::Saving | SaveStatus::Loading) {
        return;
    }
    if editor.room.owns_saving() {
        // The room has stored every edit already.
        return;
    }
    if editor.room.joining() {
        // Joining the room decides: it takes the edits, or the REST API
        // does when the room is unavailable.
        set_timeout(move || save(editor), AUTOSAVE_DELAY);
        return;
    }
    let design = editor.live(Clone::clone);
    let edits_at_start = editor.edits.get_untracked();
    let stored = editor.stored.get_untracked();
    editor.save_status.set(SaveStatus::Saving);
    editor.seal_history();
    spawn_local(async move {
        let result = match &stored {
            None => api::create(&design).await,
            Some(stored) => {
                api::update(&stored.id, stored.revision, &design, message.as_deref()).await
            }
        };
        match result {
            Ok(saved) => {
                editor.room.set_rest_base(design);
                route::show_design(&saved.id);
                editor.stored.set(Some(Stored { id: saved.id, revision: saved.revision }));
                let changed_meanwhile = editor.edits.get_untracked() != edits_at_start;
                if changed_meanwhile {
                    editor.save_status.set(SaveStatus::Unsaved);
                    keep_draft(editor);
                    set_timeout(move || save(editor), AUTOSAVE_DELAY);
                } else {
                    editor.save_status.set(SaveStatus::Saved);
                    clear_draft();
                }
                if let Some(message) = &message {
                    editor.revisions.saved_here(editor, saved.revision, message);
                }
            }
            Err(error) => {
                let message = error.message();
                editor.save_status.set(SaveStatus::Failed(message.clone()));
                editor.show_toast(message, ToastKind::Error);
            }
        }
    });
}

/// Loads what the address bar names: a stored design (with any draft of
/// unsaved edits on top of it), a starter template (`?template=A`), or the
/// draft of a design never saved.
/// Opens the design a share link names, read-only; the room then keeps it
/// live.
fn load_shared(editor: Editor, token: String, fit: impl Fn() + 'static) {
    editor.save_status.set(SaveStatus::Loading);
    spawn_local(async move {
        match api::fetch_shared(&token).await {
            Ok(found) => {
                editor.room.set_rest_base(found.design.clone());
                let mut design = found.design;
                vpcraft_core::layout::place_missing(&mut design);
                editor.load(design, Stored { id: found.id, revision: found.revision });
                fit();
            }
            Err(error) => {
                let message = match error {
                    api::ApiError::NotFound => {
                        "This share link was revoked, has expired or never existed".to_owned()
                    }
                    other => other.message(),
                };
                editor.save_status.set(SaveStatus::Failed(message.clone()));
                editor.show_toast(message, ToastKind::Error);
            }
        }
    });
}

pub fn load_from_location(editor: Editor, tools: crate::tools::Tools) {
    let fit = move || crate::tools::pan::fit_soon(tools, editor);
    if let Some(token) = editor.room.share_token() {
        load_shared(editor, token, fit);
        return;
    }
    let Some(id) = route::design_id(&route::current_path()) else {
        if let Some(template) =
            route::query("template").and_then(|k| crate::templates::Template::by_key(&k))
        {
            editor.start_new(template.design());
            fit();
            return;
        }
        if let Some(draft) = take_draft().filter(|d| d.id.is_none()) {
            editor.restore_draft(draft.design, None);
            fit();
        }
        return;
    };
    editor.save_status.set(SaveStatus::Loading);
    spawn_local(async move {
        match api::fetch(&id).await {
            Ok(found) => {
                editor.room.set_rest_base(found.design.clone());
                let mut design = found.design;
                vpcraft_core::layout::place_missing(&mut design);
                let stored = Stored { id: found.id.clone(), revision: found.revision };
                let draft = take_draft().filter(|d| d.id.as_deref() == Some(found.id.as_str()));
                match draft {
                    Some(Draft { design: mine, base: Some(base), .. }) => {
                        // Edits the room had not acknowledged: replayed on
                        // the design as it is now, and sent on joining.
                        let mut replayed = design.clone();
                        let patch = vpcraft_core::collab::patch_between(&base, &mine);
                        let applies = patch.apply(&mut replayed).is_ok();
                        editor.load(design, stored.clone());
                        if applies && replayed != editor.design.get_untracked() {
                            editor.restore_draft(replayed, Some(stored));
                        }
                    }
                    Some(draft) if draft.base_revision == Some(found.revision) => {
                        editor.save_status.set(SaveStatus::Saved);
                        editor.restore_draft(draft.design, Some(stored));
                    }
                    _ => editor.load(design, stored),
                }
                fit();
            }
            Err(error) => {
                let message = error.message();
                editor.save_status.set(SaveStatus::Failed(message.clone()));
                editor.show_toast(message, ToastKind::Error);
            }
        }
    });
}
