//! The save-message box: a revision saved now with a message that the
//! history shows beside it ("Second zone for the database"). Through the
//! room when it holds the design (`ClientMsg::Save`, answered by
//! `ServerMsg::Saved` to everyone in the room, or `SaveFailed` to this tab
//! alone), otherwise with the REST save's `message`. Every revision saved
//! anywhere reaches [`Revisions::saved`], which reads the history again
//! while its panel is open.

use super::Revisions;
use crate::persistence;
use crate::state::{Editor, ToastKind};
use leptos::prelude::*;

/// The longest message, in characters (the server's limit).
pub const MESSAGE_MAX: usize = 500;

impl Revisions {
    /// A revision was saved (pushed by the room): the history is read
    /// again while its panel is open, and this tab's own save with a
    /// message is confirmed.
    pub fn saved(
        self,
        editor: Editor,
        revision: i64,
        author: Option<String>,
        message: Option<String>,
    ) {
        if self.open.get_untracked() && !self.is_viewing_untracked() {
            self.reload(editor);
        }
        // This tab's own save is the one with the message it sent (the
        // room saves one at a time, in order).
        let _ = author;
        let sent = self.message.with_untracked(|m| m.trim().to_owned());
        let mine = message.as_deref().unwrap_or_default() == sent;
        if self.saving.get_untracked() && mine {
            self.saving.set(false);
            self.message.set(String::new());
            let revision = u64::try_from(revision).unwrap_or(0);
            saved_toast(editor, revision, message.as_deref().unwrap_or_default());
        }
    }

    /// This tab's REST save with a message went through.
    pub fn saved_here(self, editor: Editor, revision: u64, message: &str) {
        self.message.set(String::new());
        saved_toast(editor, revision, message);
        if self.open.get_untracked() && !self.is_viewing_untracked() {
            self.reload(editor);
        }
    }

    fn is_viewing_untracked(&self) -> bool {
        self.viewing.with_untracked(Option::is_some)
    }
}

fn saved_toast(editor: Editor, revision: u64, message: &str) {
    let text = match message.trim() {
        "" => format!("Saved revision {revision}."),
        message => format!("Saved revision {revision}: “{message}”"),
    };
    editor.show_toast(text, ToastKind::Info);
}

/// The top bar's save-message box: a menu holding the message field and
/// Save revision (editors and owners of a stored design).
#[component]
pub fn SaveMessageBox() -> impl IntoView {
    let editor = Editor::use_context();
    let revisions = editor.revisions;
    let shown = move || editor.can_edit() && editor.stored.with(Option::is_some);
    let too_long = move || revisions.message.with(|m| m.trim().chars().count() > MESSAGE_MAX);
    let submit = move |ev: web_sys::MouseEvent| {
        if too_long() {
            return;
        }
        crate::panels::close_menu(&ev);
        persistence::save_with_message(editor, revisions.message.get_untracked());
    };
    move || {
        shown().then(|| {
            view! {
                <details class="menu save-message-menu">
                    <summary class="button save-message-toggle" data-testid="save-message-menu"
                        title="Save a revision now, with a message for the history">
                        <svg class="note-icon" width="15" height="15" viewBox="0 0 24 24" aria-hidden="true">
                            <path d="M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4" />
                        </svg>
                        <span class="label">"Message"</span>
                    </summary>
                    <div class="menu-body save-message-body">
                        <label class="save-message-label" for="save-message">"Message for the history (optional)"</label>
                        <textarea id="save-message" class="save-message" data-testid="save-message" rows="3"
                            maxlength=MESSAGE_MAX.to_string()
                            placeholder="What changed, and why"
                            prop:value=move || revisions.message.get()
                            on:input=move |ev| revisions.message.set(event_target_value(&ev)) />
                        <div class="save-message-actions">
                            <span class="save-message-count">
                                {move || format!("{} / {MESSAGE_MAX}", revisions.message.with(|m| m.trim().chars().count()))}
                            </span>
                            <button class="button primary" data-testid="save-with-message"
                                disabled=move || revisions.saving.get() || too_long()
                                on:click=submit>
                                "Save revision"
                            </button>
                        </div>
                    </div>
                </details>
            }
        })
    }
}
