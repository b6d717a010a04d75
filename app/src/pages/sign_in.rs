//! The sign-in page, shown whenever nobody is signed in; on a server with
//! no account yet it creates the first one, the administrator. Also the
//! sign-out button of the top bars.

use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Reloads the page so that everything starts again as the new account.
fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

#[component]
pub fn SignInPage(first: bool) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::sign_in(&email.get_untracked(), &password.get_untracked(), first).await {
                Ok(_) => reload(),
                Err(e) => {
                    error.set(Some(e.detail()));
                    busy.set(false);
                }
            }
        });
    };
    let (title, intro, action) = if first {
        (
            "Create the administrator",
            "This server has no accounts yet. The first account administers it: it adds the \
             other accounts and owns the designs stored so far.",
            "Create account",
        )
    } else {
        ("Sign in", "Sign in to see and edit your team's designs.", "Sign in")
    };
    view! {
        <div class="sign-in-page" data-testid="sign-in-page">
            <form class="sign-in" on:submit=submit>
                <div class="sign-in-brand">{crate::panels::brand()}</div>
                <h1 data-testid="sign-in-title">{title}</h1>
                <p class="muted">{intro}</p>
                <label>
                    "Email"
                    <input type="email" autocomplete="username" required data-testid="sign-in-email"
                        prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                </label>
                <label>
                    "Password"
                    <input type="password" required
                        autocomplete=if first { "new-password" } else { "current-password" }
                        minlength=if first { "10" } else { "1" } data-testid="sign-in-password"
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                </label>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="sign-in-error">{e}</p> })}
                <button class="button primary" type="submit" data-testid="sign-in-submit" disabled=move || busy.get()>
                    {action}
                </button>
            </form>
        </div>
    }
}

/// The signed-in account's email with a sign-out button.
#[component]
pub fn SignOut() -> impl IntoView {
    let account = use_context::<api::Account>();
    let email = account.map(|a| a.email).unwrap_or_default();
    let sign_out = move |_| {
        spawn_local(async move {
            let _ = api::sign_out().await;
            reload();
        });
    };
    view! {
        <button class="button" data-testid="sign-out" title=format!("Signed in as {email}: sign out")
            on:click=sign_out>
            "Sign out"
        </button>
    }
}
