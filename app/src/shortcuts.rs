//! Keyboard shortcuts, as in draw.io and Figma: undo and redo, save,
//! delete, select all, copy, paste and duplicate, arrow nudges, align and
//! distribute (Alt with A, D, W, S, H, V), zoom and fit, space to pan,
//! escape.

use crate::actions::{Align, Alignment, Clip, DeleteResources, MoveResources, Paste};
use crate::geometry::GRID;
use crate::persistence;
use crate::state::Editor;
use crate::tools::{self, Tools, pan};
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

thread_local! {
    /// What Ctrl+C copied, and how many times it was pasted (each paste
    /// lands a step further).
    static CLIPBOARD: RefCell<(Clip, u32)> = RefCell::new((Clip::default(), 0));
}

/// How far each paste moves the copy.
const PASTE_OFFSET: f64 = 32.0;

/// True when the key goes to a text field, which keeps its own undo and
/// deletion.
pub fn typing(ev: &KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

fn copy(editor: Editor) {
    let ids = editor.selection.get_untracked();
    let clip = editor.design.with_untracked(|d| Clip::of(d, &ids));
    if !clip.is_empty() {
        CLIPBOARD.with(|c| *c.borrow_mut() = (clip, 0));
    }
}

fn paste(editor: Editor) {
    let (clip, n) = CLIPBOARD.with(|c| {
        let mut c = c.borrow_mut();
        c.1 += 1;
        (c.0.clone(), c.1)
    });
    let offset = PASTE_OFFSET * f64::from(n);
    editor.dispatch(Paste { clip, dx: offset, dy: offset });
}

fn nudge(editor: Editor, dx: f64, dy: f64) {
    let ids = editor.design.with_untracked(|d| {
        let mut ids = editor.selection.get_untracked();
        for selected in editor.selection.get_untracked() {
            ids.extend(crate::geometry::contained_in(&d.layout, &selected));
        }
        ids
    });
    if !ids.is_empty() {
        editor.dispatch(MoveResources { ids, dx, dy, gesture: u64::MAX });
    }
}

/// Aligns or distributes the selected icons.
pub fn align(editor: Editor, how: Alignment) {
    editor.dispatch(Align { ids: editor.selection.get_untracked(), how });
}

pub fn on_key_down(
    editor: Editor,
    tools: Tools,
    compare: crate::compare::Compare,
    ev: &KeyboardEvent,
) {
    let command = ev.ctrl_key() || ev.meta_key();
    let key = ev.key().to_lowercase();
    if typing(ev) && !(command && key == "s") && key != "escape" {
        return;
    }
    if ev.alt_key()
        && !command
        && let Some(how) = Alignment::for_key(&ev.code(), ev.shift_key())
    {
        ev.prevent_default();
        align(editor, how);
        return;
    }
    let handled = match key.as_str() {
        "s" if command => {
            persistence::save(editor);
            true
        }
        "z" if command => {
            if ev.shift_key() {
                editor.redo()
            } else {
                editor.undo()
            }
            true
        }
        "y" if command => {
            editor.redo();
            true
        }
        "a" if command => {
            let all = editor.design.with_untracked(|d| {
                d.resources
                    .iter()
                    .filter(|r| d.layout.positions.contains_key(&r.id))
                    .map(|r| r.id.clone())
                    .collect()
            });
            editor.select(all);
            true
        }
        "c" if command => {
            copy(editor);
            true
        }
        "x" if command => {
            copy(editor);
            let ids = editor.selection.get_untracked();
            !ids.is_empty() && editor.dispatch(DeleteResources { ids })
        }
        "v" if command => {
            paste(editor);
            true
        }
        "d" if command => {
            copy(editor);
            paste(editor);
            true
        }
        "=" | "+" if command => {
            pan::zoom_centre(tools, 1.2);
            true
        }
        "-" if command => {
            pan::zoom_centre(tools, 1.0 / 1.2);
            true
        }
        "0" if command => {
            tools.viewport.update(|v| v.zoom_at(1.0 / v.zoom, 0.0, 0.0));
            true
        }
        "!" | "1" if ev.shift_key() => {
            pan::fit_with(tools, editor, compare.ghost_extent());
            true
        }
        "delete" | "backspace" => {
            let ids = editor.selection.get_untracked();
            !ids.is_empty() && editor.dispatch(DeleteResources { ids })
        }
        "arrowleft" | "arrowright" | "arrowup" | "arrowdown" if !command => {
            let step = if ev.shift_key() { GRID * 4.0 } else { GRID };
            let (dx, dy) = match key.as_str() {
                "arrowleft" => (-step, 0.0),
                "arrowright" => (step, 0.0),
                "arrowup" => (0.0, -step),
                _ => (0.0, step),
            };
            nudge(editor, dx, dy);
            true
        }
        " " => {
            tools.space.set(true);
            true
        }
        "escape" => {
            tools::cancel(editor, tools);
            editor.comments.placing.set(false);
            if !typing(ev) {
                editor.select(Vec::new());
            }
            false
        }
        _ => false,
    };
    if handled {
        ev.prevent_default();
    }
}

pub fn on_key_up(tools: Tools, ev: &KeyboardEvent) {
    if ev.key() == " " {
        tools.space.set(false);
    }
}
