//! Saving the design to the server and loading it back, with the save
//! status and the address bar kept in step.

use crate::api;
use crate::route;
use crate::state::{Editor, SaveStatus, Stored, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Saves the design: the first save creates it and moves the address bar
/// to `/d/{id}`, later saves add a revision on top of the last one.
pub fn save(editor: Editor) {
    if editor.save_status.get_untracked() == SaveStatus::Saving {
        return;
    }
    let design = editor.design.get_untracked();
    let edits_at_start = editor.edits.get_untracked();
    let stored = editor.stored.get_untracked();
    editor.save_status.set(SaveStatus::Saving);
    editor.seal_history();
    spawn_local(async move {
        let result = match &stored {
            None => api::create(&design).await,
            Some(stored) => api::update(&stored.id, stored.revision, &design).await,
        };
        match result {
            Ok(saved) => {
                route::show_design(&saved.id);
                editor.stored.set(Some(Stored { id: saved.id, revision: saved.revision }));
                let changed_meanwhile = editor.edits.get_untracked() != edits_at_start;
                editor.save_status.set(if changed_meanwhile { SaveStatus::Unsaved } else { SaveStatus::Saved });
            }
            Err(error) => {
                let message = error.message();
                editor.save_status.set(SaveStatus::Failed(message.clone()));
                editor.show_toast(message, ToastKind::Error);
            }
        }
    });
}

/// Loads the design named by the address bar, if it names one.
pub fn load_from_location(editor: Editor) {
    let Some(id) = route::design_id(&route::current_path()) else {
        return;
    };
    editor.save_status.set(SaveStatus::Loading);
    spawn_local(async move {
        match api::fetch(&id).await {
            Ok(found) => {
                let mut design = found.design;
                crate::auto_layout::place_missing(&mut design);
                editor.load(design, Stored { id: found.id, revision: found.revision });
            }
            Err(error) => {
                let message = error.message();
                editor.save_status.set(SaveStatus::Failed(message.clone()));
                editor.show_toast(message, ToastKind::Error);
            }
        }
    });
}
