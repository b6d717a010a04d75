//! The top bar: the app's name and the designs list, the design's name,
//! templates, CloudFormation import and export, undo and redo, view
//! controls (fit, zoom, layers, theme), comments, history, the review
//! state and its panel, downloads, the people in
//! the design's room, and saving with its status (the room's when it holds
//! the design).

use crate::actions::{PropertyEdit, UpdateProperty};
use crate::export;
use crate::persistence;
use crate::state::{Editor, SaveStatus};
use crate::tools::{Tools, pan};
use crate::ui::{Layers, Ui};
use leptos::prelude::*;

/// The logo and the app's name.
fn logo() -> impl IntoView {
    view! {
        <svg class="logo" width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
            <rect x="1" y="1" width="22" height="22" rx="6" fill="#8C4FFF" />
            <path d="M6 8l6 9 6-9" fill="none" stroke="#fff" stroke-width="2.4"
                stroke-linecap="round" stroke-linejoin="round" />
        </svg>
        <span class="app-name">"vpcraft"</span>
    }
}

/// The logo and name, linking to the designs list.
pub fn brand() -> impl IntoView {
    view! {
        <a class="brand" href="/designs" title="All designs" data-testid="designs-link">
            {logo()}
        </a>
    }
}

/// The logo and name, without the link to the designs list (for guests).
fn brand_only() -> impl IntoView {
    view! {
        <span class="brand" data-testid="brand">
            {logo()}
        </span>
    }
}

/// Closes the menu (`<details>`) an item was clicked in.
pub(crate) fn close_menu(ev: &web_sys::MouseEvent) {
    use wasm_bindgen::JsCast;
    let menu = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("details").ok().flatten());
    if let Some(menu) = menu {
        let _ = menu.remove_attribute("open");
    }
}

#[component]
pub fn TopBar() -> impl IntoView {
    let editor = Editor::use_context();
    let tools = Tools::use_context();
    let compare = crate::compare::Compare::use_context();
    let ui = Ui::use_context();
    let name = Memo::new(move |_| editor.design.with(|d| d.name.clone()));
    let name_left = Trigger::new();
    let rename = move |ev: web_sys::Event| {
        let text = event_target_value(&ev);
        if !text.trim().is_empty() {
            editor.dispatch(UpdateProperty {
                target: None,
                edit: PropertyEdit::Name(text.trim().to_owned()),
            });
        }
    };
    let room = editor.room;
    // A guest holding a share link reads this one design: no designs list,
    // no new designs, no saving, no account.
    let guest = room.is_guest();
    // In the room the status is the link's; otherwise the REST save's.
    let status = move || match crate::collab::link::status(
        room.link.get(),
        room.pending.get(),
        room.online.get(),
    ) {
        Some((text, class)) => (text.to_owned(), class),
        None => editor.save_status.with(|s| (s.text(), s.class())),
    };
    let saving =
        move || editor.save_status.get() == SaveStatus::Saving || room.link.get().owns_saving();
    let save_title = move || {
        if room.link.get().owns_saving() {
            "Every change is saved as you make it"
        } else {
            "Save now (Ctrl+S)"
        }
    };
    let zoom = move || format!("{:.0}%", tools.viewport.get().zoom * 100.0);
    let layer = move |label: &'static str,
                      testid: &'static str,
                      get: fn(&Layers) -> bool,
                      flip: fn(&mut Layers)| {
        view! {
            <label class="check layer" title=format!("Show {label}")>
                <input type="checkbox" data-testid=testid prop:checked=move || ui.layers.with(get)
                    on:change=move |_| ui.layers.update(flip) />
                <span>{label}</span>
            </label>
        }
    };
    let for_members = move |view: AnyView| (!guest).then_some(view);
    // The "More" menu of narrow windows: closed by a click on an item (not
    // on the summary of a menu inside it).
    let more_open = RwSignal::new(false);
    let close_more = move |ev: web_sys::MouseEvent| {
        use wasm_bindgen::JsCast;
        let on_summary = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("summary, label").ok().flatten())
            .is_some();
        if !on_summary {
            more_open.set(false);
        }
    };
    view! {
        <header class="topbar">
            {if guest { brand_only().into_any() } else { brand().into_any() }}
            <span class="divider" />
            <input id="design-name" class="design-name" data-testid="design-name" aria-label="Design name" spellcheck="false"
                prop:value=move || super::fields::unless_typing("design-name", name.get(), name_left)
                prop:disabled=move || !editor.can_edit() on:input=rename on:blur=move |_| name_left.notify() />
            <div class="spacer" />
            <crate::collab::PeerChips />
            // Below 1600 px these go into the "More" menu (style/50-panels.css);
            // wider, the menu's items stand in the bar.
            <div class="topbar-more" class:open=move || more_open.get()>
                <button class="icon-button more-toggle" data-testid="topbar-more" title="More: templates, import, layers, export, downloads, theme"
                    aria-expanded=move || more_open.get().to_string()
                    on:click=move |_| more_open.update(|o| *o = !*o)>
                    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" class="more-icon"><circle cx="5" cy="12" r="1.8" /><circle cx="12" cy="12" r="1.8" /><circle cx="19" cy="12" r="1.8" /></svg>
                </button>
                <div class="topbar-more-items" on:click=close_more>
            {for_members(view! {
                    <button class="button" data-testid="new-from-template" title="New from template: start from a reference architecture"
                        on:click=move |_| ui.templates_open.set(true)>
                        "Templates"
                    </button>
                    <details class="menu">
                        <summary class="button" data-testid="import-menu" title="Import a CloudFormation template or a live AWS account">"Import"</summary>
                        <div class="menu-body">
                            <button class="menu-item" data-testid="import-template" title="Open a CloudFormation template as a new design"
                                on:click=move |ev| { close_menu(&ev); ui.import_open.set(true) }>"CloudFormation template…"</button>
                            <button class="menu-item" data-testid="import-aws" title="Read VPCs or a stack of the server's AWS account into a new design"
                                on:click=move |ev| { close_menu(&ev); ui.aws_import_open.set(true) }>"From AWS account…"</button>
                        </div>
                    </details>
                }.into_any())}
                <details class="menu">
                    <summary class="button" data-testid="layers-menu">"Layers"</summary>
                    <div class="menu-body">
                        {layer("Route-table associations", "layer-route-tables", |l| l.route_tables, |l| l.route_tables = !l.route_tables)}
                        {layer("Security-group members", "layer-security-groups", |l| l.security_groups, |l| l.security_groups = !l.security_groups)}
                        {layer("Target-group targets", "layer-targets", |l| l.targets, |l| l.targets = !l.targets)}
                    </div>
                </details>
                <button class="button" data-testid="export-cfn" title="Export to CloudFormation: download the design as a template"
                    on:click=move |_| ui.export_open.set(true)>
                    "Export"
                </button>
                <details class="menu">
                    <summary class="button" data-testid="download-menu">"Download"</summary>
                    <div class="menu-body">
                        <button class="menu-item" data-testid="download-svg" on:click=move |_| export::download_svg(editor, tools)>"SVG image"</button>
                        <button class="menu-item" data-testid="download-png" on:click=move |_| export::download_png(editor, tools)>"PNG image"</button>
                    </div>
                </details>
                <button class="icon-button" title="Dark theme" data-testid="theme" on:click=move |_| ui.dark.update(|d| *d = !*d)>
                    {move || if ui.dark.get() { "☀" } else { "☾" }}
                </button>
                    </div>
            </div>
            <div class="zoom-controls">
                <button class="icon-button" title="Zoom out (Ctrl+−)" data-testid="zoom-out" on:click=move |_| pan::zoom_centre(tools, 1.0 / 1.2)>"−"</button>
                <button class="zoom-level" title="Fit to screen (Shift+1)" data-testid="fit" on:click=move |_| pan::fit_with(tools, editor, compare.ghost_extent())>{zoom}</button>
                <button class="icon-button" title="Zoom in (Ctrl++)" data-testid="zoom-in" on:click=move |_| pan::zoom_centre(tools, 1.2)>"+"</button>
            </div>
            <crate::comments::CommentsButton />
            <crate::revisions::HistoryButton />
            <crate::reviews::ReviewButton />
            <super::CostButton />
            <span class="divider" />
            <button class="icon-button" title="Undo (Ctrl+Z)" data-testid="undo" on:click=move |_| editor.undo()>
                <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true"><path d="M9 14L4 9l5-5M4 9h10a6 6 0 0 1 0 12h-3" /></svg>
            </button>
            <button class="icon-button" title="Redo (Ctrl+Shift+Z)" data-testid="redo" on:click=move |_| editor.redo()>
                <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true"><path d="M15 14l5-5-5-5M20 9H10a6 6 0 0 0 0 12h3" /></svg>
            </button>
            <span class=move || format!("save-status {}", status().1) data-testid="save-status" role="status">
                {move || status().0}
            </span>
            {for_members(view! {
                <super::ShareButton />
                <crate::revisions::SaveMessageBox />
                <button class="button primary" data-testid="save" disabled=saving title=save_title
                    on:click=move |_| persistence::save(editor)>
                    "Save"
                </button>
                <crate::pages::SignOut />
            }.into_any())}
        </header>
    }
}
