//! The history's views: the top bar's History button (members only), the
//! panel over the canvas listing the revisions (number, how long ago, who,
//! the message, the findings' counts), and the banner shown while an old
//! revision is on screen, with Back to latest and, for editors and owners,
//! Restore this revision (asked to confirm first).

use super::{Entry, banner_text, counts_text};
use crate::comments::ago;
use crate::state::Editor;
use crate::ui::Ui;
use leptos::prelude::*;

/// The top bar's button, opening the panel (hidden for guests and for a
/// design not stored yet).
#[component]
pub fn HistoryButton() -> impl IntoView {
    let editor = Editor::use_context();
    let ui = Ui::use_context();
    let revisions = editor.revisions;
    let toggle = move |_| {
        ui.cost_open.set(false);
        revisions.toggle(editor);
    };
    move || {
        (!editor.room.is_guest() && editor.stored.with(Option::is_some)).then(|| {
            view! {
                <button class="button history-button" data-testid="history-toggle"
                    class:active=move || revisions.open.get()
                    title="History: the revisions of this design, to view or restore"
                    aria-expanded=move || revisions.open.get().to_string() on:click=toggle>
                    <ClockIcon />
                    <span>"History"</span>
                </button>
            }
        })
    }
}

#[component]
fn ClockIcon() -> impl IntoView {
    view! {
        <svg class="clock-icon" width="15" height="15" viewBox="0 0 24 24" aria-hidden="true">
            <circle cx="12" cy="12" r="8.5" />
            <path d="M12 7.5V12l3 2" />
        </svg>
    }
}

/// The panel over the canvas, while open (another panel opening closes it).
#[component]
pub fn HistoryPanel() -> impl IntoView {
    let editor = Editor::use_context();
    let ui = Ui::use_context();
    let revisions = editor.revisions;
    Effect::new(move |_| {
        if editor.comments.open.get() || ui.cost_open.get() {
            revisions.open.set(false);
        }
    });
    move || revisions.open.get().then(|| crate::lazy::view(history_body()))
}

/// The body, in the wasm module of the editor's panels (see `crate::lazy`).
#[wasm_split_helpers::wasm_split(panels, fallible)]
fn history_body() -> crate::lazy::Loaded {
    Ok(view! { <PanelBody /> }.into_any())
}

#[component]
fn PanelBody() -> impl IntoView {
    let editor = Editor::use_context();
    let revisions = editor.revisions;
    let latest = move || revisions.entries.with(|e| e.first().map(|e| e.revision));
    view! {
        <aside class="history-panel" data-testid="history-panel" aria-label="History">
            <header class="history-header">
                <h2>"History"</h2>
                <div class="spacer" />
                <button class="button" data-testid="history-refresh" title="Read the list again"
                    disabled=move || revisions.busy.get() on:click=move |_| revisions.reload(editor)>
                    "Refresh"
                </button>
                <button class="icon-button" data-testid="history-close" title="Close"
                    on:click=move |_| revisions.open.set(false)>"×"</button>
            </header>
            {move || revisions.error.get().map(|e| view! { <p class="history-error" role="alert">{e}</p> })}
            {move || (revisions.entries.with(Vec::is_empty) && !revisions.busy.get() && revisions.error.with(Option::is_none))
                .then(|| view! { <p class="history-empty">"No revisions yet."</p> })}
            <ol class="revisions" data-testid="revisions">
                <For each=move || revisions.entries.get() key=|e| e.revision
                    children=move |entry| view! { <Row entry=entry latest=latest /> } />
            </ol>
            {move || revisions.more.get().map(|_| view! {
                <button class="button history-more" data-testid="history-more"
                    disabled=move || revisions.busy.get() on:click=move |_| revisions.load_more(editor)>
                    "Older revisions"
                </button>
            })}
        </aside>
    }
}

/// One revision of the list: a button that opens it.
#[component]
fn Row(
    entry: Entry,
    latest: impl Fn() -> Option<u64> + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let editor = Editor::use_context();
    let revisions = editor.revisions;
    let n = entry.revision;
    let now = js_sys::Date::now();
    let when = ago(js_sys::Date::parse(&entry.created_at), now, &entry.created_at);
    let compare = crate::compare::Compare::use_context();
    let is_latest = move || latest() == Some(n);
    let shown = move || match revisions.viewing.get() {
        Some(v) => v.revision == n,
        None => is_latest(),
    };
    let author = entry.author.clone().unwrap_or_else(|| "a deleted account".into());
    let counts = counts_text(entry.errors, entry.warnings);
    let has_errors = entry.errors.is_some_and(|e| e > 0);
    view! {
        <li class="revision" class:shown=shown data-testid="revision" data-revision=n.to_string()>
            <button class="revision-open" title=move || if is_latest() { "Show the latest design".to_owned() } else { format!("Open revision {n} read-only") }
                on:click=move |_| revisions.view(editor, n)>
                <span class="revision-head">
                    <span class="revision-number">{format!("#{n}")}</span>
                    <span class="revision-author" data-testid="revision-author">{author}</span>
                    <time class="revision-time" datetime=entry.created_at.clone() title=entry.created_at.clone()>{when}</time>
                </span>
                {entry.message.clone().map(|m| view! { <span class="revision-message" data-testid="revision-message">{m}</span> })}
                <span class="revision-foot">
                    {move || is_latest().then(|| view! { <span class="badge latest">"Latest"</span> })}
                    {counts.map(|c| view! { <span class="revision-counts" class:errors=has_errors>{c}</span> })}
                </span>
            </button>
            {move || (!shown()).then(|| view! {
                <button class="button revision-compare" data-testid="compare-revision"
                    title=format!("Compare revision {n} with the revision on screen, on the canvas")
                    on:click=move |_| compare.open(editor, n)>
                    "Compare"
                </button>
            })}
        </li>
    }
}

/// The banner over the canvas while an old revision is shown.
#[component]
pub fn RevisionBanner() -> impl IntoView {
    let editor = Editor::use_context();
    let revisions = editor.revisions;
    move || {
        revisions.viewing.get().map(|viewing| {
            let n = viewing.revision;
            view! {
                <div class="revision-banner" data-testid="revision-banner" role="status">
                    <ClockIcon />
                    <span class="revision-banner-text">{move || {
                        let listed = revisions.entries.with(|e| e.first().map(|e| e.revision));
                        banner_text(&viewing, listed)
                    }}</span>
                    {move || if revisions.confirming.get() {
                        view! {
                            <span class="revision-confirm">{format!("Restore revision {n} as the newest revision?")}</span>
                            <button class="button primary" data-testid="restore-confirm"
                                disabled=move || revisions.busy.get()
                                on:click=move |_| revisions.restore(editor)>"Restore"</button>
                            <button class="button" data-testid="restore-cancel"
                                on:click=move |_| revisions.confirming.set(false)>"Cancel"</button>
                        }.into_any()
                    } else {
                        view! {
                            <button class="button" data-testid="back-to-latest"
                                on:click=move |_| revisions.back(editor)>"Back to latest"</button>
                            {move || editor.room.can_edit.get().then(|| view! {
                                <button class="button primary" data-testid="restore-revision"
                                    title="Save this revision again as the newest one (nothing is lost: the current design stays in the history)"
                                    on:click=move |_| revisions.confirming.set(true)>"Restore this revision"</button>
                            })}
                        }.into_any()
                    }}
                </div>
            }
        })
    }
}
