//! Comments on the stored design: threads anchored to a resource (by its
//! stable ID, so a marker follows the resource wherever it moves) or to a
//! point of the canvas, with replies, resolved and reopened.
//!
//! [`Comments`] is the state (part of the editor): the threads as the
//! server last told them, whether this person may comment (reviewers,
//! editors and owners), and the view's state: the panel, the thread in
//! focus, the new thread being written and the point tool. The threads are
//! read over REST when a design opens and every time the room welcomes the
//! tab (so a reconnect misses nothing); in between, the room sends each
//! changed thread (`ServerMsg::Thread`), which replaces the one with its
//! ID. `panel.rs` is the comments panel and the inspector's Comment button,
//! `markers.rs` the numbered markers on the canvas and the point tool's
//! click catcher.

mod markers;
mod panel;

pub use markers::{CommentCatcher, CommentMarkers};
pub use panel::{CommentOnSelection, CommentsButton, CommentsPanel};

use crate::api;
use crate::state::{Editor, ToastKind};
use leptos::prelude::*;
use vpcraft_core::comments::{Anchor, Thread};
use vpcraft_core::{Design, ResourceId};

#[derive(Clone, Copy)]
pub struct Comments {
    /// Every thread of the design, oldest first.
    pub threads: RwSignal<Vec<Thread>>,
    /// Whether this person may comment, reply, resolve and reopen.
    pub can_comment: RwSignal<bool>,
    /// Whether the comments panel is open.
    pub open: RwSignal<bool>,
    /// The thread in focus: its marker was clicked or it was just written.
    pub active: RwSignal<Option<String>>,
    /// Where a new thread being written is anchored.
    pub draft: RwSignal<Option<Anchor>>,
    /// True while the next click on the canvas places a point comment.
    pub placing: RwSignal<bool>,
    /// Whether resolved threads are listed (and their markers drawn).
    pub show_resolved: RwSignal<bool>,
    loads: StoredValue<Loads>,
}

/// The REST reads in flight, so that a thread the room sent meanwhile is
/// not replaced by the older copy the read brings.
#[derive(Default)]
struct Loads {
    serial: u64,
    /// Threads the room sent since the latest read started.
    heard: Vec<Thread>,
}

impl Comments {
    pub fn new() -> Self {
        Self {
            threads: RwSignal::new(Vec::new()),
            can_comment: RwSignal::new(false),
            open: RwSignal::new(false),
            active: RwSignal::new(None),
            draft: RwSignal::new(None),
            placing: RwSignal::new(false),
            show_resolved: RwSignal::new(false),
            loads: StoredValue::new(Loads::default()),
        }
    }

    /// Reads the threads of the design the editor has open (none when it
    /// is not stored) whenever it changes.
    pub fn follow(self, editor: Editor) {
        Effect::new(move |previous: Option<Option<String>>| {
            let id = editor.stored.with(|s| s.as_ref().map(|s| s.id.clone()));
            if previous.as_ref() != Some(&id) {
                self.threads.set(Vec::new());
                self.active.set(None);
                self.draft.set(None);
                self.placing.set(false);
                self.can_comment.set(false);
                self.reload(editor);
            }
            id
        });
    }

    /// Reads the threads again from the server, by the wasm module of the
    /// editor's panels (see `crate::lazy`): the markers follow the canvas.
    pub fn reload(self, editor: Editor) {
        if editor.stored.with_untracked(Option::is_none) {
            return;
        }
        crate::lazy::spawn("cannot read the comments", move || read_threads(self, editor));
    }

    fn read(self, editor: Editor) {
        let Some(id) = editor.stored.with_untracked(|s| s.as_ref().map(|s| s.id.clone())) else {
            return;
        };
        let serial = self.loads.try_update_value(|l| {
            l.serial += 1;
            l.heard.clear();
            l.serial
        });
        let share = editor.room.share_token();
        leptos::task::spawn_local(async move {
            let answer = api::comments(&id, share.as_deref()).await;
            let current = editor.stored.with_untracked(|s| s.as_ref().map(|s| s.id.clone()));
            if current.as_deref() != Some(id.as_str())
                || self.loads.try_with_value(|l| Some(l.serial) != serial) != Some(false)
            {
                return;
            }
            match answer {
                Ok(api::CommentThreads { threads, can_comment }) => {
                    let heard = self.loads.try_update_value(|l| std::mem::take(&mut l.heard));
                    let mut threads = threads;
                    for thread in heard.unwrap_or_default() {
                        upsert(&mut threads, thread);
                    }
                    self.threads.set(threads);
                    self.can_comment.set(can_comment);
                }
                Err(e) => web_sys::console::warn_1(
                    &format!("vpcraft: cannot read the comments: {}", e.detail()).into(),
                ),
            }
        });
    }

    /// A thread as it now stands (from the room, or the answer to this
    /// person's own comment).
    pub fn received(&self, thread: Thread) {
        self.loads.update_value(|l| upsert(&mut l.heard, thread.clone()));
        self.threads.update(|threads| upsert(threads, thread));
    }

    /// Starts writing a thread on a resource.
    pub fn start_on(&self, id: ResourceId) {
        self.placing.set(false);
        self.draft.set(Some(Anchor::Resource { resource: id }));
        self.open.set(true);
    }

    /// Opens a thread: the panel, the thread in focus and scrolled to, and
    /// its resource selected.
    pub fn focus(&self, editor: Editor, thread: &Thread) {
        self.open.set(true);
        if thread.resolved {
            self.show_resolved.set(true);
        }
        self.active.set(Some(thread.id.clone()));
        if let Some(id) = thread.anchor.resource()
            && editor.design.with_untracked(|d| d.resource(id).is_some())
        {
            editor.select(vec![id.clone()]);
        }
        let id = thread.id.clone();
        // Scrolled within the panel only (scrolling it into view would
        // scroll the canvas's container too).
        set_timeout(
            move || {
                use wasm_bindgen::JsCast;
                let document = web_sys::window().and_then(|w| w.document());
                let find = |selector: &str| {
                    document
                        .as_ref()
                        .and_then(|d| d.query_selector(selector).ok().flatten())
                        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
                };
                if let (Some(panel), Some(el)) = (
                    find(".comments-panel"),
                    find(&format!(".comments-panel [data-thread=\"{id}\"]")),
                ) {
                    panel.set_scroll_top(el.offset_top() - 52);
                }
            },
            std::time::Duration::from_millis(0),
        );
    }

    /// Posts a new thread (at `anchor`) or a reply (to `thread`); calls
    /// `done` with whether it was stored, so the text is kept on failure.
    pub fn post(
        self,
        editor: Editor,
        body: String,
        anchor: Option<Anchor>,
        thread: Option<String>,
        done: impl FnOnce(bool) + 'static,
    ) {
        let Some(id) = editor.stored.with_untracked(|s| s.as_ref().map(|s| s.id.clone())) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api::post_comment(&id, &body, anchor.as_ref(), thread.as_deref()).await {
                Ok(thread) => {
                    self.active.set(Some(thread.id.clone()));
                    self.received(thread);
                    done(true);
                }
                Err(e) => {
                    editor
                        .show_toast(format!("Comment not sent: {}", e.detail()), ToastKind::Error);
                    done(false);
                }
            }
        });
    }

    /// Resolves or reopens a thread.
    pub fn set_resolved(self, editor: Editor, thread: String, resolved: bool) {
        let Some(id) = editor.stored.with_untracked(|s| s.as_ref().map(|s| s.id.clone())) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api::set_resolved(&id, &thread, resolved).await {
                Ok(thread) => self.received(thread),
                Err(e) => editor.show_toast(
                    format!("Cannot change the thread: {}", e.detail()),
                    ToastKind::Error,
                ),
            }
        });
    }
}

#[wasm_split_helpers::wasm_split(panels, fallible)]
fn read_threads(
    comments: Comments,
    editor: Editor,
) -> Result<(), wasm_split_helpers::SplitLoaderError> {
    comments.read(editor);
    Ok(())
}

impl Default for Comments {
    fn default() -> Self {
        Self::new()
    }
}

/// Replaces the thread with `thread`'s ID, or adds it at the end (threads
/// are listed oldest first, and a new one is the newest).
fn upsert(threads: &mut Vec<Thread>, thread: Thread) {
    match threads.iter_mut().find(|t| t.id == thread.id) {
        Some(known) => *known = thread,
        None => threads.push(thread),
    }
}

/// What a thread is about, as its heading says it: the resource's name
/// (its ID when it has none or is gone), or a point of the canvas.
pub fn anchor_label(anchor: &Anchor, design: &Design) -> String {
    match anchor {
        Anchor::Resource { resource } => design
            .resource(resource)
            .map(|r| if r.name.trim().is_empty() { r.id.to_string() } else { r.name.clone() })
            .unwrap_or_else(|| resource.to_string()),
        Anchor::Point { .. } => "A point on the canvas".into(),
    }
}

/// How long ago something happened, short: "just now", "5 min ago",
/// "3 h ago", "2 d ago", then the date.
pub fn ago(then_ms: f64, now_ms: f64, date: &str) -> String {
    if !then_ms.is_finite() {
        return date.chars().take(10).collect();
    }
    let minutes = ((now_ms - then_ms) / 60_000.0).floor().max(0.0);
    match minutes {
        m if m < 1.0 => "just now".into(),
        m if m < 60.0 => format!("{m} min ago"),
        m if m < 24.0 * 60.0 => format!("{} h ago", (m / 60.0).floor()),
        m if m < 7.0 * 24.0 * 60.0 => format!("{} d ago", (m / 1440.0).floor()),
        _ => date.chars().take(10).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_how_long_ago() {
        let now = 1_000_000_000_000.0;
        assert_eq!(ago(now - 10_000.0, now, ""), "just now");
        assert_eq!(ago(now - 5.0 * 60_000.0, now, ""), "5 min ago");
        assert_eq!(ago(now - 3.5 * 3_600_000.0, now, ""), "3 h ago");
        assert_eq!(ago(now - 2.0 * 86_400_000.0, now, ""), "2 d ago");
        assert_eq!(ago(now - 30.0 * 86_400_000.0, now, "2025-01-05T10:00:00Z"), "2025-01-05");
        assert_eq!(ago(f64::NAN, now, "2025-01-05T10:00:00Z"), "2025-01-05");
    }

    #[test]
    fn a_thread_heard_again_replaces_the_older_copy() {
        let thread = |id: &str, resolved| Thread {
            id: id.into(),
            anchor: Anchor::Point { x: 0.0, y: 0.0 },
            resolved,
            resolved_by: None,
            resolved_at: None,
            comments: Vec::new(),
        };
        let mut threads = vec![thread("a", false), thread("b", false)];
        upsert(&mut threads, thread("a", true));
        upsert(&mut threads, thread("c", false));
        let state: Vec<(&str, bool)> =
            threads.iter().map(|t| (t.id.as_str(), t.resolved)).collect();
        assert_eq!(state, [("a", true), ("b", false), ("c", false)]);
    }
}
