//! The comments panel over the canvas: the threads, numbered as their
//! markers, each with its comments, a reply box and Resolve or Reopen (for
//! those who may comment), resolved ones hidden unless asked for, and the
//! new thread being written; the top bar's button that opens it, and the
//! inspector's Comment button for the selected resource.

use super::{ago, anchor_label};
use crate::collab::link::{initials, safe_colour};
use crate::state::Editor;
use crate::ui::Ui;
use leptos::prelude::*;
use vpcraft_core::collab::protocol::colour_for;
use vpcraft_core::comments::{Anchor, MAX_BODY_CHARS, Thread};

/// The top bar's button: how many threads are open, opening the panel.
#[component]
pub fn CommentsButton() -> impl IntoView {
    let editor = Editor::use_context();
    let ui = Ui::use_context();
    let comments = editor.comments;
    let open_count = move || comments.threads.with(|ts| ts.iter().filter(|t| !t.resolved).count());
    let toggle = move |_| {
        let open = !comments.open.get_untracked();
        comments.open.set(open);
        if open {
            ui.cost_open.set(false);
            // Read again, as the history and reviews are: after a read that
            // failed (the panels' module out of reach) this brings the threads.
            comments.reload(editor);
        }
    };
    move || {
        editor.stored.with(Option::is_some).then(|| {
            view! {
                <button class="button comments-button" data-testid="comments-toggle"
                    class:active=move || comments.open.get()
                    title="Comments: open the threads on this design"
                    aria-expanded=move || comments.open.get().to_string() on:click=toggle>
                    <BubbleIcon />
                    <span>"Comments"</span>
                    {move || {
                        let n = open_count();
                        (n > 0).then(|| view! { <span class="count" data-testid="comments-count">{n}</span> })
                    }}
                </button>
            }
        })
    }
}

fn bubble_path() -> &'static str {
    "M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4A2.5 2.5 0 0 1 4 13.5z"
}

#[component]
fn BubbleIcon() -> impl IntoView {
    view! {
        <svg class="bubble-icon" width="15" height="15" viewBox="0 0 24 24" aria-hidden="true">
            <path d=bubble_path() />
        </svg>
    }
}

/// The inspector's button to start a thread on the selected resource (for
/// those who may comment, on a stored design).
#[component]
pub fn CommentOnSelection() -> impl IntoView {
    let editor = Editor::use_context();
    let comments = editor.comments;
    let target = Memo::new(move |_| {
        editor.selection.with(|sel| match sel.as_slice() {
            [one] => editor.design.with(|d| d.resource(one).map(|r| r.id.clone())),
            _ => None,
        })
    });
    let threads_on = move |id: &vpcraft_core::ResourceId| {
        comments.threads.with(|ts| ts.iter().filter(|t| t.anchor.resource() == Some(id)).count())
    };
    move || {
        let id = target.get()?;
        let stored = editor.stored.with(Option::is_some);
        let can = comments.can_comment.get();
        let existing = threads_on(&id);
        (stored && (can || existing > 0)).then(|| {
            let start = {
                let id = id.clone();
                move |_| comments.start_on(id.clone())
            };
            let show = {
                let id = id.clone();
                move |_| {
                    let first = comments.threads.with_untracked(|ts| {
                        ts.iter().find(|t| t.anchor.resource() == Some(&id)).cloned()
                    });
                    if let Some(thread) = first {
                        comments.focus(editor, &thread);
                    }
                }
            };
            view! {
                <div class="inspector-comment">
                    {can.then(|| view! {
                        <button class="button" data-testid="comment-resource" on:click=start
                            title="Comment on this resource: start a thread the others see at once">
                            <BubbleIcon />" Comment"
                        </button>
                    })}
                    {(existing > 0).then(|| view! {
                        <button class="link" data-testid="resource-threads" on:click=show>
                            {if existing == 1 { "1 thread".to_owned() } else { format!("{existing} threads") }}
                        </button>
                    })}
                </div>
            }
        })
    }
}

#[component]
pub fn CommentsPanel() -> impl IntoView {
    let editor = Editor::use_context();
    move || editor.comments.open.get().then(|| crate::lazy::view(comments_body()))
}

/// The body, in the wasm module of the editor's panels (see `crate::lazy`).
#[wasm_split_helpers::wasm_split(panels, fallible)]
fn comments_body() -> crate::lazy::Loaded {
    Ok(view! { <PanelBody /> }.into_any())
}

#[component]
fn PanelBody() -> impl IntoView {
    let editor = Editor::use_context();
    let comments = editor.comments;
    // Threads keep their number (their marker's) whether or not resolved
    // ones are shown; only new threads are added, at the end.
    let listed = move || {
        let all = comments.show_resolved.get();
        comments.threads.with(|ts| {
            ts.iter()
                .enumerate()
                .filter(|(_, t)| all || !t.resolved)
                .map(|(i, t)| (i + 1, t.id.clone()))
                .collect::<Vec<_>>()
        })
    };
    let resolved_count =
        move || comments.threads.with(|ts| ts.iter().filter(|t| t.resolved).count());
    let empty = move || listed().is_empty() && comments.draft.with(Option::is_none);
    let toggle_point = move |_| {
        comments.placing.update(|p| *p = !*p);
        comments.draft.set(None);
    };
    view! {
        <aside class="comments-panel" data-testid="comments-panel" aria-label="Comments">
            <header class="comments-header">
                <h2>"Comments"</h2>
                <label class="check" title="List resolved threads too">
                    <input type="checkbox" data-testid="show-resolved"
                        prop:checked=move || comments.show_resolved.get()
                        on:change=move |_| comments.show_resolved.update(|s| *s = !*s) />
                    <span>{move || format!("Resolved ({})", resolved_count())}</span>
                </label>
                <div class="spacer" />
                {move || comments.can_comment.get().then(|| view! {
                    <button class="button comment-point" data-testid="comment-point"
                        class:active=move || comments.placing.get()
                        title="Comment on a point: click where on the canvas" on:click=toggle_point>
                        {move || if comments.placing.get() { "Cancel" } else { "+ Point" }}
                    </button>
                })}
                <button class="icon-button" data-testid="comments-close" title="Close"
                    on:click=move |_| comments.open.set(false)>"×"</button>
            </header>
            {move || comments.placing.get().then(|| view! {
                <p class="comments-hint" data-testid="comment-point-hint">"Click the canvas where the comment belongs (Esc cancels)."</p>
            })}
            {move || comments.draft.get().map(|anchor| view! { <Composer anchor=anchor /> })}
            <Show when=empty>
                <p class="comments-empty" data-testid="comments-empty">
                    {move || if comments.can_comment.get() {
                        "No comments yet. Select a resource and press Comment, or use + Point to comment on a spot of the canvas."
                    } else {
                        "No comments yet."
                    }}
                </p>
            </Show>
            <ol class="threads">
                <For each=listed key=|(_, id)| id.clone()
                    children=move |(number, id)| view! { <ThreadView id=id number=number /> } />
            </ol>
        </aside>
    }
}

/// Writing a new thread at `anchor`.
#[component]
fn Composer(anchor: Anchor) -> impl IntoView {
    let editor = Editor::use_context();
    let comments = editor.comments;
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let label = {
        let anchor = anchor.clone();
        move || match &anchor {
            Anchor::Resource { .. } => {
                format!("New comment on {}", editor.design.with(|d| anchor_label(&anchor, d)))
            }
            Anchor::Point { .. } => "New comment on a point of the canvas".to_owned(),
        }
    };
    let send = move || {
        let body = text.get_untracked();
        if body.trim().is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        comments.post(editor, body, Some(anchor.clone()), None, move |ok| {
            busy.set(false);
            if ok {
                comments.draft.set(None);
            }
        });
    };
    let input = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
    let send_key = send.clone();
    view! {
        <div class="comment-composer" data-testid="comment-composer">
            <div class="composer-label">{label}</div>
            <textarea node_ref=input data-testid="comment-input" rows="3" maxlength=MAX_BODY_CHARS
                placeholder="Write a comment…" prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        send_key();
                    }
                } />
            <div class="composer-actions">
                <button class="button" data-testid="comment-cancel" on:click=move |_| comments.draft.set(None)>"Cancel"</button>
                <button class="button primary" data-testid="comment-send"
                    disabled=move || busy.get() || text.with(|t| t.trim().is_empty())
                    on:click=move |_| send()>"Comment"</button>
            </div>
        </div>
    }
}

/// One thread of the list.
#[component]
fn ThreadView(id: String, number: usize) -> impl IntoView {
    let editor = Editor::use_context();
    let comments = editor.comments;
    let thread = {
        let id = id.clone();
        Memo::new(move |_| comments.threads.with(|ts| ts.iter().find(|t| t.id == id).cloned()))
    };
    let outdated = Memo::new(move |_| {
        thread.with(|t| t.as_ref().is_some_and(|t| editor.design.with(|d| t.outdated(d))))
    });
    let resolved = move || thread.with(|t| t.as_ref().is_some_and(|t| t.resolved));
    let active = {
        let id = id.clone();
        move || comments.active.with(|a| a.as_deref() == Some(id.as_str()))
    };
    let label = move || {
        thread.with(|t| {
            t.as_ref()
                .map(|t| editor.design.with(|d| anchor_label(&t.anchor, d)))
                .unwrap_or_default()
        })
    };
    let focus = move |_| {
        if let Some(t) = thread.get_untracked() {
            comments.focus(editor, &t);
        }
    };
    let toggle_resolved = {
        let id = id.clone();
        move |_| comments.set_resolved(editor, id.clone(), !resolved())
    };
    let reply_to = id.clone();
    let now = js_sys::Date::now();
    let body = move || {
        thread.get().map(|t| {
            t.comments
                .iter()
                .map(|c| {
                    let when = ago(js_sys::Date::parse(&c.created_at), now, &c.created_at);
                    let colour = safe_colour(colour_for(&c.author), &c.author);
                    view! {
                        <li class="comment" data-testid="comment">
                            <span class="avatar" style=format!("--peer: {colour}") aria-hidden="true">{initials(&c.author)}</span>
                            <div class="comment-main">
                                <div class="comment-meta">
                                    <span class="author" data-testid="comment-author">{c.author.clone()}</span>
                                    <time datetime=c.created_at.clone() title=c.created_at.clone()>{when}</time>
                                </div>
                                <p class="comment-body" data-testid="comment-body">{c.body.clone()}</p>
                            </div>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let resolution = move || {
        thread.get().filter(|t| t.resolved).map(|t| {
            let by = t.resolved_by.unwrap_or_default();
            view! { <p class="resolution" data-testid="resolution">{format!("Resolved by {by}")}</p> }
        })
    };
    view! {
        <li class="thread" data-testid="thread" data-thread=id.clone() data-number=number
            class:active=active class:resolved=resolved class:outdated=move || outdated.get()>
            <div class="thread-head">
                <span class="thread-number" aria-label=format!("Thread {number}")>{number}</span>
                <button class="link thread-anchor" data-testid="thread-anchor" title="Show on the canvas" on:click=focus>
                    {label}
                </button>
                {move || outdated.get().then(|| view! {
                    <span class="badge outdated" data-testid="outdated"
                        title="The resource this thread is about is no longer in the design">"Outdated"</span>
                })}
                {move || resolved().then(|| view! { <span class="badge resolved">"Resolved"</span> })}
            </div>
            <ul class="comments">{body}</ul>
            {resolution}
            {move || comments.can_comment.get().then(|| {
                let toggle_resolved = toggle_resolved.clone();
                view! {
                    <div class="thread-actions">
                        {(!resolved()).then(|| view! { <ReplyBox thread=reply_to.clone() /> })}
                        <button class="button resolve" data-testid="resolve" on:click=toggle_resolved>
                            {move || if resolved() { "Reopen" } else { "Resolve" }}
                        </button>
                    </div>
                }
            })}
        </li>
    }
}

/// The box to reply to a thread.
#[component]
fn ReplyBox(thread: String) -> impl IntoView {
    let editor = Editor::use_context();
    let comments = editor.comments;
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let send = move || {
        let body = text.get_untracked();
        if body.trim().is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        comments.post(editor, body, None, Some(thread.clone()), move |ok| {
            busy.set(false);
            if ok {
                text.set(String::new());
            }
        });
    };
    let send_key = send.clone();
    view! {
        <div class="reply-box">
            <textarea data-testid="reply-input" rows="1" maxlength=MAX_BODY_CHARS placeholder="Reply…"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        send_key();
                    }
                } />
            <Show when=move || text.with(|t| !t.trim().is_empty())>
                <button class="button primary" data-testid="reply-send" disabled=move || busy.get()
                    on:click={
                        let send = send.clone();
                        move |_| send()
                    }>"Reply"</button>
            </Show>
        </div>
    }
}

/// A thread's first comment, for a marker's tooltip.
pub(super) fn summary(thread: &Thread) -> String {
    let first = thread.comments.first();
    let text = first.map(|c| c.body.as_str()).unwrap_or_default();
    let short: String = text.chars().take(80).collect();
    let more = if text.chars().count() > 80 { "…" } else { "" };
    match first {
        Some(c) => format!("{}: {short}{more}", c.author),
        None => String::new(),
    }
}
