//! The top bar: the app's name, the design's name, undo and redo, and
//! saving with its status.

use crate::actions::{PropertyEdit, UpdateProperty};
use crate::persistence;
use crate::state::{Editor, SaveStatus};
use leptos::prelude::*;

#[component]
pub fn TopBar() -> impl IntoView {
    let editor = Editor::use_context();
    let name = Memo::new(move |_| editor.design.with(|d| d.name.clone()));
    let rename = move |ev: web_sys::Event| {
        let text = event_target_value(&ev);
        if !text.trim().is_empty() {
            editor.dispatch(UpdateProperty { target: None, edit: PropertyEdit::Name(text.trim().to_owned()) });
        }
    };
    let status = move || editor.save_status.get();
    let saving = move || editor.save_status.get() == SaveStatus::Saving;
    view! {
        <header class="topbar">
            <div class="brand">
                <svg class="logo" width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
                    <rect x="1" y="1" width="22" height="22" rx="6" fill="#8C4FFF" />
                    <path d="M6 8l6 9 6-9" fill="none" stroke="#fff" stroke-width="2.4"
                        stroke-linecap="round" stroke-linejoin="round" />
                </svg>
                <span class="app-name">"vpcraft"</span>
            </div>
            <span class="divider" />
            <input class="design-name" data-testid="design-name" aria-label="Design name" spellcheck="false"
                prop:value=move || name.get() on:input=rename />
            <div class="spacer" />
            <button class="icon-button" title="Undo (Ctrl+Z)" data-testid="undo" on:click=move |_| editor.undo()>
                <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true"><path d="M9 14L4 9l5-5M4 9h10a6 6 0 0 1 0 12h-3" /></svg>
            </button>
            <button class="icon-button" title="Redo (Ctrl+Shift+Z)" data-testid="redo" on:click=move |_| editor.redo()>
                <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true"><path d="M15 14l5-5-5-5M20 9H10a6 6 0 0 0 0 12h3" /></svg>
            </button>
            <span class=move || format!("save-status {}", status().class()) data-testid="save-status" role="status">
                {move || status().text()}
            </span>
            <button class="button primary" data-testid="save" disabled=saving title="Save (Ctrl+S)"
                on:click=move |_| persistence::save(editor)>
                "Save"
            </button>
        </header>
    }
}
