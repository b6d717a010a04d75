//! The sign-in page, shown whenever nobody is signed in; on a server with
//! no account yet it creates the first one, the administrator. Where the
//! server has an identity provider it also offers "Sign in with NAME" (a
//! plain link to `/api/auth/oidc/start`), and a sign-in through it that
//! failed comes back here as `/?oidc_error=CODE`, shown as one sentence.
//! Also the sign-out button of the top bars.

use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Reloads the page so that everything starts again as the new account.
fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// The sentence for a failed sign-in through the identity provider
/// `provider`, by the code the server sent back.
pub fn provider_error(code: &str, provider: &str) -> String {
    match code {
        "denied" => format!("Sign-in with {provider} was cancelled."),
        "unreachable" => format!(
            "{provider} cannot be reached right now: try again later, or sign in with your \
             email and password."
        ),
        "state" => format!(
            "The sign-in with {provider} took too long or began in another browser: \
             please try again."
        ),
        "token" => format!(
            "{provider}'s answer could not be verified, so you were not signed in: try again, \
             and tell your administrator if it happens again."
        ),
        "unverified_email" => format!(
            "{provider} did not confirm your email address, and a vpcraft account already \
             has it, so vpcraft cannot sign you in to it: ask your administrator."
        ),
        "refused" => format!("{provider} refused the sign-in: ask your administrator."),
        "domain" => format!(
            "This server admits only its organization's email addresses, and {provider} gave \
             another: sign in with your work account."
        ),
        "busy" => format!(
            "Too many sign-ins with {provider} are in progress right now: try again in a few \
             minutes."
        ),
        _ => format!("Sign-in with {provider} failed: please try again."),
    }
}

/// The failed provider sign-in the address reports, removed from the
/// address so that a reload does not show it again.
fn returned_error(provider: &str) -> Option<String> {
    let code = crate::route::query("oidc_error")?;
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let path = crate::route::current_path();
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    Some(provider_error(&code, provider))
}

#[component]
pub fn SignInPage(first: bool, oidc: Option<api::Provider>) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let provider = oidc.map(|p| p.name);
    let error = RwSignal::new(provider.as_deref().and_then(returned_error));
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
                {provider.map(|name| view! {
                    <div class="sign-in-or" aria-hidden="true"><span>"or"</span></div>
                    <a class="button sign-in-provider" href="/api/auth/oidc/start" data-testid="sign-in-oidc">
                        {format!("Sign in with {name}")}
                    </a>
                })}
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
