//! Keyboard shortcuts: undo, redo, save, delete and escape.

use crate::actions::DeleteResources;
use crate::persistence;
use crate::state::Editor;
use crate::tools::{self, Tools};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

/// True when the key goes to a text field, which keeps its own undo and
/// deletion.
fn typing(ev: &KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

pub fn on_key_down(editor: Editor, tools: Tools, ev: &KeyboardEvent) {
    let command = ev.ctrl_key() || ev.meta_key();
    let key = ev.key().to_lowercase();
    match key.as_str() {
        "s" if command => {
            ev.prevent_default();
            persistence::save(editor);
        }
        "z" if command && !typing(ev) => {
            ev.prevent_default();
            if ev.shift_key() { editor.redo() } else { editor.undo() }
        }
        "y" if command && !typing(ev) => {
            ev.prevent_default();
            editor.redo();
        }
        "delete" | "backspace" if !typing(ev) => {
            let ids = editor.selection.get_untracked();
            if !ids.is_empty() {
                ev.prevent_default();
                editor.dispatch(DeleteResources { ids });
            }
        }
        "escape" => {
            tools::cancel(editor, tools);
            if !typing(ev) {
                editor.select(Vec::new());
            }
        }
        _ => {}
    }
}
