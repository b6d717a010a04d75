//! The toast: a short message over the canvas, such as why a drop was
//! refused.

use crate::state::{Editor, ToastKind};
use leptos::prelude::*;

#[component]
pub fn ToastView() -> impl IntoView {
    let editor = Editor::use_context();
    move || {
        editor.toast.get().map(|toast| {
            let class = match toast.kind {
                ToastKind::Error => "toast error",
                ToastKind::Info => "toast info",
            };
            view! {
                <div class=class data-testid="toast" role="alert">
                    <span class="toast-message">{toast.message}</span>
                    <button class="toast-close" aria-label="Dismiss" on:click=move |_| editor.toast.set(None)>
                        "×"
                    </button>
                </div>
            }
        })
    }
}
