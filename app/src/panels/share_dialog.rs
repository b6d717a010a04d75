//! The "Share" dialog of a stored design, in two parts. **People**: the
//! members with their roles; the owner invites an account by email with a
//! role, changes roles and removes members, and everyone else reads the list.
//! **Links** (owners only): read-only share links, made with an optional
//! expiry, whose address (`/shared#TOKEN`) is shown once with a Copy
//! button, listed while they work and revoked from the list.
//!
//! Every change is the server's to accept: when it refuses (an unknown
//! email, the last owner, a role too small) the dialog shows its message.

use crate::api::{self, Member, ShareLink};
use crate::route;
use crate::state::Editor;
use crate::ui::Ui;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The roles a member may have, most powerful first: the value the API
/// takes, the label and what the role may do.
const ROLES: [(&str, &str, &str); 4] = [
    ("owner", "Owner", "Edits, manages members and share links, deletes the design"),
    ("editor", "Editor", "Edits the design and comments on it"),
    ("reviewer", "Reviewer", "Reads the design and comments on it"),
    ("viewer", "Viewer", "Reads the design and its comments"),
];

/// The expiries a new share link may have: the label and the hours.
const EXPIRIES: [(&str, Option<u32>); 4] = [
    ("Never", None),
    ("After 1 day", Some(24)),
    ("After 7 days", Some(7 * 24)),
    ("After 30 days", Some(30 * 24)),
];

/// A role's label ("Viewer"), or the role as the server named it.
fn role_label(role: &str) -> &str {
    ROLES.iter().find(|(value, ..)| *value == role).map_or(role, |(_, label, _)| label)
}

/// "an owner", "a viewer".
fn with_article(role: &str) -> String {
    let article = if role.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {role}")
}

/// Whether the account with `email` owns the design, by its members.
fn is_owner(members: &[Member], email: &str) -> bool {
    members.iter().any(|m| m.role == "owner" && m.email.eq_ignore_ascii_case(email))
}

/// Whether a share link still opens the design at `now` (both timestamps
/// as the server writes them, `2025-01-02T03:04:05.678Z`, which order as
/// text).
fn is_live(link: &ShareLink, now: &str) -> bool {
    link.revoked_at.is_none() && link.expires_at.as_deref().is_none_or(|at| at > now)
}

/// A server timestamp to the minute: `2025-01-02 03:04 UTC`.
fn short_time(iso: &str) -> String {
    match (iso.get(..10), iso.get(11..16)) {
        (Some(day), Some(time)) if iso.as_bytes().get(10) == Some(&b'T') => {
            format!("{day} {time} UTC")
        }
        _ => iso.to_owned(),
    }
}

/// The current time as the server writes timestamps.
fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Puts `text` on the clipboard; false when the browser does not allow it
/// (no `navigator.clipboard` outside a secure context, or permission
/// refused).
async fn write_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    // Through JavaScript's own names: web-sys's Clipboard binding would be
    // one more feature of the crate every view depends on.
    let get = |target: &JsValue, name: &str| js_sys::Reflect::get(target, &JsValue::from_str(name));
    let Ok(clipboard) = get(&window.navigator(), "clipboard") else {
        return false;
    };
    let Some(write) =
        get(&clipboard, "writeText").ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    match write.call1(&clipboard, &JsValue::from_str(text)).map(js_sys::Promise::from) {
        Ok(promise) => JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    }
}

/// The options of a role select, `current` chosen.
fn role_options(current: &str) -> AnyView {
    ROLES
        .iter()
        .map(|(value, label, hint)| {
            view! { <option value=*value title=*hint selected=*value == current>{*label}</option> }
        })
        .collect_view()
        .into_any()
}

/// A paragraph of the dialog's messages: an error (`role="alert"`) or a
/// note (`role="status"`).
fn message(text: String, class: &'static str, role: &'static str, testid: &'static str) -> AnyView {
    view! { <p class=class role=role data-testid=testid>{text}</p> }.into_any()
}

/// The top bar's Share button, for a stored design (not for guests, who
/// hold a link themselves).
#[component]
pub fn ShareButton() -> impl IntoView {
    let editor = Editor::use_context();
    let ui = Ui::use_context();
    let stored = move || editor.stored.with(Option::is_some);
    (!editor.room.is_guest()).then(|| {
        view! {
            <Show when=stored>
                <button class="button" data-testid="share" aria-haspopup="dialog"
                    title="Share: the people who may open this design, and read-only links"
                    on:click=move |_| ui.share_open.set(true)>
                    "Share"
                </button>
            </Show>
        }
    })
}

#[component]
pub fn ShareDialog() -> impl IntoView {
    let ui = Ui::use_context();
    let editor = Editor::use_context();
    move || {
        ui.share_open.get().then(|| {
            editor
                .stored
                .with_untracked(|s| s.as_ref().map(|s| s.id.clone()))
                .map(|id| crate::lazy::view(share_body(id)))
        })
    }
}

/// The dialog's body, in the wasm module of the editor's panels (see
/// `crate::lazy`).
#[wasm_split_helpers::wasm_split(panels, fallible)]
fn share_body(id: String) -> crate::lazy::Loaded {
    Ok(view! { <ShareBody id /> }.into_any())
}

/// What the Copy button says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    /// The clipboard refused: the address is selected for Ctrl+C.
    Selected,
}

#[component]
fn ShareBody(id: String) -> impl IntoView {
    let ui = Ui::use_context();
    let me = StoredValue::new(use_context::<api::Account>().map(|a| a.email).unwrap_or_default());
    let id = StoredValue::new(id);
    let close = move || ui.share_open.set(false);

    // People.
    let members = RwSignal::new(None::<Vec<Member>>);
    let people_error = RwSignal::new(None::<String>);
    let people_note = RwSignal::new(None::<String>);
    let inviting = RwSignal::new(false);
    let email = RwSignal::new(String::new());
    let invite_role = RwSignal::new("viewer".to_owned());
    let owner = Memo::new(move |_| {
        members.with(|m| me.with_value(|me| m.as_deref().is_some_and(|m| is_owner(m, me))))
    });
    let load_members = move || {
        spawn_local(async move {
            match api::members(&id.get_value()).await {
                Ok(list) => members.set(Some(list)),
                Err(e) => people_error.set(Some(e.detail())),
            }
        });
    };
    load_members();
    // Invites an account, or changes a member's role.
    let set_role = move |who: String, role: String, invited: bool| {
        people_error.set(None);
        people_note.set(None);
        inviting.set(true);
        spawn_local(async move {
            match api::set_member(&id.get_value(), &who, &role).await {
                Ok(list) => {
                    members.set(Some(list));
                    if invited {
                        email.set(String::new());
                    }
                    people_note.set(Some(format!("{who} is now {}.", with_article(&role))));
                }
                Err(e) => {
                    people_error.set(Some(e.detail()));
                    // The role selects show the roles the server has again.
                    members.update(|_| {});
                }
            }
            inviting.set(false);
        });
    };
    let invite = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let who = email.get_untracked().trim().to_owned();
        if who.is_empty() {
            people_error.set(Some("Type the email of the account to invite".into()));
            return;
        }
        set_role(who, invite_role.get_untracked(), true);
    };
    let remove = move |member: Member| {
        people_error.set(None);
        people_note.set(None);
        spawn_local(async move {
            match api::remove_member(&id.get_value(), &member.user_id).await {
                Ok(()) => {
                    people_note.set(Some(format!("{} no longer has access.", member.email)));
                    load_members();
                }
                Err(e) => people_error.set(Some(e.detail())),
            }
        });
    };

    // Links, read once the person is known to own the design.
    let links = RwSignal::new(None::<Vec<ShareLink>>);
    let links_error = RwSignal::new(None::<String>);
    let expiry = RwSignal::new(0_usize);
    let creating = RwSignal::new(false);
    // The link just made, shown this once: its ID and full address.
    let new_link = RwSignal::new(None::<(String, String)>);
    let copied = RwSignal::new(CopyState::Idle);
    let url_input = NodeRef::<leptos::html::Input>::new();
    let load_links = move || {
        spawn_local(async move {
            match api::shares(&id.get_value()).await {
                Ok(list) => links.set(Some(list)),
                Err(e) => links_error.set(Some(e.detail())),
            }
        });
    };
    Effect::new(move |loaded: Option<bool>| {
        if loaded == Some(true) {
            return true;
        }
        let now_owner = owner.get();
        if now_owner {
            load_links();
        }
        now_owner
    });
    let create = move |_| {
        let hours = EXPIRIES.get(expiry.get_untracked()).and_then(|(_, hours)| *hours);
        links_error.set(None);
        creating.set(true);
        spawn_local(async move {
            match api::create_share(&id.get_value(), hours).await {
                Ok(made) => {
                    let origin = web_sys::window()
                        .and_then(|w| w.location().origin().ok())
                        .unwrap_or_default();
                    copied.set(CopyState::Idle);
                    new_link.set(Some((made.id, route::share_url(&origin, &made.token))));
                    load_links();
                }
                Err(e) => links_error.set(Some(e.detail())),
            }
            creating.set(false);
        });
    };
    let copy = move |_| {
        let Some((_, url)) = new_link.get_untracked() else {
            return;
        };
        spawn_local(async move {
            if write_clipboard(&url).await {
                copied.set(CopyState::Copied);
            } else if let Some(input) = url_input.get_untracked() {
                let _ = input.focus();
                input.select();
                copied.set(CopyState::Selected);
            }
        });
    };
    let revoke = move |share: String| {
        links_error.set(None);
        spawn_local(async move {
            match api::revoke_share(&id.get_value(), &share).await {
                Ok(()) => {
                    if new_link.with_untracked(|n| n.as_ref().is_some_and(|(s, _)| *s == share)) {
                        new_link.set(None);
                    }
                    load_links();
                }
                Err(e) => links_error.set(Some(e.detail())),
            }
        });
    };

    // Keyboard: Escape closes; focus goes into the dialog when it opens,
    // and to the email field once the owner's form is there.
    let listener = window_event_listener(ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            close();
        }
    });
    on_cleanup(move || listener.remove());
    let dialog = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = dialog.get() {
            let _ = el.focus();
        }
    });
    let email_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = email_input.get() {
            let _ = el.focus();
        }
    });

    let member_row = move |owner: bool, member: Member| {
        let you = me.with_value(|me| member.email.eq_ignore_ascii_case(me));
        let initial = member.email.chars().next().unwrap_or('?').to_uppercase().to_string();
        let role_control = if owner {
            let who = member.email.clone();
            let current = member.role.clone();
            view! {
                <select class="share-select" data-testid="member-role"
                    aria-label=format!("Role of {}", member.email)
                    on:change=move |ev| set_role(who.clone(), event_target_value(&ev), false)>
                    {role_options(&current)}
                </select>
                <button class="button small danger" data-testid="member-remove"
                    aria-label=format!("Remove {}", member.email)
                    on:click={
                        let member = member.clone();
                        move |_| remove(member.clone())
                    }>
                    "Remove"
                </button>
            }
            .into_any()
        } else {
            view! {
                <span class=format!("role-badge {}", member.role) data-testid="member-role-text">
                    {role_label(&member.role).to_owned()}
                </span>
            }
            .into_any()
        };
        view! {
            <li class="member" data-testid="member" data-email=member.email.clone()>
                <span class="member-initial" aria-hidden="true">{initial}</span>
                <span class="member-email" title=member.email.clone()>
                    {member.email.clone()}
                    {you.then(|| view! { <span class="muted">" (you)"</span> })}
                </span>
                {role_control}
            </li>
        }
        .into_any()
    };

    view! {
        <div class="modal-backdrop" on:click=move |_| close()>
            <div class="modal share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title"
                tabindex="-1" node_ref=dialog data-testid="share-dialog" on:click=|ev| ev.stop_propagation()>
                <header class="modal-header">
                    <h2 id="share-title">"Share"</h2>
                    <button class="icon-button" aria-label="Close" on:click=move |_| close()>"×"</button>
                </header>
                <section class="share-section" aria-labelledby="share-people">
                    <h3 id="share-people">"People"</h3>
                    {move || owner.get().then(|| view! {
                        <form class="share-form" data-testid="invite-form" on:submit=invite>
                            <label class="share-field grow">
                                <span>"Email"</span>
                                <input type="email" node_ref=email_input data-testid="invite-email"
                                    placeholder="name@example.com" autocomplete="off" spellcheck="false"
                                    prop:value=move || email.get()
                                    on:input=move |ev| email.set(event_target_value(&ev)) />
                            </label>
                            <label class="share-field">
                                <span>"Role"</span>
                                <select class="share-select" data-testid="invite-role"
                                    on:change=move |ev| invite_role.set(event_target_value(&ev))>
                                    {role_options(&invite_role.get_untracked())}
                                </select>
                            </label>
                            <button class="button primary" type="submit" data-testid="invite"
                                disabled=move || inviting.get()>
                                "Invite"
                            </button>
                        </form>
                    }.into_any())}
                    {move || people_error.get().map(|text| message(text, "form-error", "alert", "people-error"))}
                    {move || people_note.get().map(|text| message(text, "share-note", "status", "people-note"))}
                    {move || match members.get() {
                        Some(list) => {
                            let owner = owner.get();
                            view! {
                                <ul class="member-list" data-testid="member-list">
                                    {list.into_iter().map(|m| member_row(owner, m)).collect_view()}
                                </ul>
                            }.into_any()
                        }
                        None => message("Loading the members…".into(), "muted", "status", "members-loading"),
                    }}
                    {move || (members.with(Option::is_some) && !owner.get()).then(|| view! {
                        <p class="muted" data-testid="members-read-only">
                            "Only the design's owners invite people, change roles and share links."
                        </p>
                    }.into_any())}
                </section>
                {move || owner.get().then(|| view! {
                    <section class="share-section" aria-labelledby="share-links" data-testid="share-links">
                        <h3 id="share-links">"Links"</h3>
                        <p class="muted">
                            "Anyone holding a link sees the design and its comments, read-only and without an account, until the link is revoked or expires."
                        </p>
                        <div class="share-form">
                            <label class="share-field">
                                <span>"Expires"</span>
                                <select class="share-select" data-testid="link-expiry"
                                    on:change=move |ev| expiry.set(event_target_value(&ev).parse().unwrap_or(0))>
                                    {EXPIRIES.iter().enumerate().map(|(i, (label, _))| view! {
                                        <option value=i.to_string() selected=i == expiry.get_untracked()>
                                            {*label}
                                        </option>
                                    }).collect_view()}
                                </select>
                            </label>
                            <button class="button" data-testid="create-link" disabled=move || creating.get()
                                on:click=create>
                                "Create link"
                            </button>
                        </div>
                        {move || new_link.get().map(|(_, url)| view! {
                            <div class="new-link" data-testid="new-link">
                                <label for="share-url">"Copy the link now: it is shown only this once."</label>
                                <div class="copy-row">
                                    <input id="share-url" class="link-url" readonly node_ref=url_input
                                        data-testid="share-url" prop:value=url
                                        on:focus=|ev| {
                                            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                                input.select();
                                            }
                                        } />
                                    <button class="button primary" data-testid="copy-link" on:click=copy>
                                        {move || match copied.get() {
                                            CopyState::Copied => "Copied",
                                            CopyState::Idle | CopyState::Selected => "Copy",
                                        }}
                                    </button>
                                </div>
                                {move || (copied.get() == CopyState::Selected).then(|| view! {
                                    <p class="muted" role="status">"The link is selected: press Ctrl+C (⌘C) to copy it."</p>
                                }.into_any())}
                            </div>
                        }.into_any())}
                        {move || links_error.get().map(|text| message(text, "form-error", "alert", "links-error"))}
                        {move || links.get().map(|all| {
                            let now = now_iso();
                            let live: Vec<ShareLink> = all.into_iter().filter(|l| is_live(l, &now)).collect();
                            if live.is_empty() {
                                return message("No live links.".into(), "muted", "status", "no-links");
                            }
                            view! {
                                <table class="share-links" data-testid="link-list">
                                    <thead>
                                        <tr><th>"Created"</th><th>"Expires"</th><th>"Created by"</th><th><span class="visually-hidden">"Actions"</span></th></tr>
                                    </thead>
                                    <tbody>
                                        {live.into_iter().map(|link| {
                                            let created = short_time(&link.created_at);
                                            let label = format!("Revoke the link created {created}");
                                            let share = link.id.clone();
                                            view! {
                                                <tr data-testid="share-link" data-id=link.id.clone()>
                                                    <td>{created}</td>
                                                    <td>{link.expires_at.as_deref().map_or_else(|| "Never".to_owned(), short_time)}</td>
                                                    <td class="created-by" title=link.created_by.clone()>{link.created_by.clone()}</td>
                                                    <td class="actions">
                                                        <button class="button small danger" data-testid="revoke-link"
                                                            aria-label=label on:click=move |_| revoke(share.clone())>
                                                            "Revoke"
                                                        </button>
                                                    </td>
                                                </tr>
                                            }.into_any()
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        })}
                    </section>
                }.into_any())}
                <div class="modal-actions">
                    <button class="button" data-testid="share-close" on:click=move |_| close()>"Close"</button>
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(email: &str, role: &str) -> Member {
        Member { user_id: email.into(), email: email.into(), role: role.into() }
    }

    fn link(expires_at: Option<&str>, revoked_at: Option<&str>) -> ShareLink {
        ShareLink {
            id: "s".into(),
            created_by: "a@example.com".into(),
            created_at: "2025-01-01T00:00:00.000Z".into(),
            expires_at: expires_at.map(Into::into),
            revoked_at: revoked_at.map(Into::into),
        }
    }

    #[test]
    fn the_owner_is_found_by_email_whatever_its_case() {
        let members = [member("Ann@example.com", "owner"), member("bo@example.com", "viewer")];
        assert!(is_owner(&members, "ann@example.com"));
        assert!(!is_owner(&members, "bo@example.com"));
        assert!(!is_owner(&members, ""));
    }

    #[test]
    fn a_link_is_live_until_revoked_or_expired() {
        let now = "2025-01-02T12:00:00.000Z";
        assert!(is_live(&link(None, None), now));
        assert!(is_live(&link(Some("2025-01-02T12:00:00.001Z"), None), now));
        assert!(!is_live(&link(Some("2025-01-02T11:59:59.999Z"), None), now));
        assert!(!is_live(&link(None, Some("2025-01-02T00:00:00.000Z")), now));
    }

    #[test]
    fn times_read_to_the_minute() {
        assert_eq!(short_time("2025-01-02T03:04:05.678Z"), "2025-01-02 03:04 UTC");
        assert_eq!(short_time("yesterday"), "yesterday");
    }

    #[test]
    fn roles_read_as_people_say_them() {
        assert_eq!(role_label("editor"), "Editor");
        assert_eq!(role_label("admin"), "admin");
        assert_eq!(with_article("owner"), "an owner");
        assert_eq!(with_article("viewer"), "a viewer");
        assert_eq!(EXPIRIES[2].1, Some(168));
    }
}
