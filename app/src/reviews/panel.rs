//! The reviews' views: the badge of a review state (top bar and designs
//! list), the top bar's Review button carrying it (the badge in place of
//! its label once a review was requested), and the panel over the
//! canvas: Request review (editors and owners pick reviewers among the
//! design's members and write what to look at), Approve and Request changes
//! for a named reviewer of the latest request, and every request with its
//! reviewers' verdicts, newest first.

use crate::api::{self, Account};
use crate::comments::ago;
use crate::state::Editor;
use crate::ui::Ui;
use leptos::prelude::*;
use leptos::task::spawn_local;
use vpcraft_core::reviews::{RequestState, ReviewRequest, ReviewState, Verdict};

/// A review state as a small coloured badge; nothing for `None`.
#[component]
pub fn ReviewBadge(#[prop(into)] state: Signal<ReviewState>) -> impl IntoView {
    move || {
        let state = state.get();
        (state != ReviewState::None).then(|| {
            view! {
                <span class=format!("review-badge {}", state.as_str()) data-testid="review-badge"
                    data-state=state.as_str()>{state.label()}</span>
            }
        })
    }
}

/// The top bar's Review button with the design's badge (hidden for guests
/// and for a design not stored yet).
#[component]
pub fn ReviewButton() -> impl IntoView {
    let editor = Editor::use_context();
    let ui = Ui::use_context();
    let reviews = editor.reviews;
    let toggle = move |_| {
        ui.cost_open.set(false);
        reviews.toggle(editor);
    };
    move || {
        (!editor.room.is_guest() && editor.stored.with(Option::is_some)).then(|| {
            view! {
                <button class="button review-button" data-testid="review-toggle"
                    class:active=move || reviews.open.get()
                    title="Review: request a review of this design, or give yours"
                    aria-expanded=move || reviews.open.get().to_string() on:click=toggle>
                    <CheckIcon />
                    {move || (reviews.state.get() == ReviewState::None).then(|| view! { <span class="review-label">"Review"</span> }.into_any())}
                    <ReviewBadge state=reviews.state />
                </button>
            }
        })
    }
}

#[component]
fn CheckIcon() -> impl IntoView {
    view! {
        <svg class="check-icon" width="15" height="15" viewBox="0 0 24 24" aria-hidden="true">
            <circle cx="12" cy="12" r="8.5" />
            <path d="M8.5 12.2l2.4 2.4 4.6-5" />
        </svg>
    }
}

/// The panel over the canvas, while open (another panel opening closes it).
#[component]
pub fn ReviewPanel() -> impl IntoView {
    let editor = Editor::use_context();
    let ui = Ui::use_context();
    let reviews = editor.reviews;
    Effect::new(move |_| {
        if editor.comments.open.get() || editor.revisions.open.get() || ui.cost_open.get() {
            reviews.open.set(false);
        }
    });
    move || reviews.open.get().then(|| crate::lazy::view(reviews_body()))
}

/// The body, in the wasm module of the editor's panels (see `crate::lazy`).
#[wasm_split_helpers::wasm_split(panels, fallible)]
fn reviews_body() -> crate::lazy::Loaded {
    Ok(view! { <PanelBody /> }.into_any())
}

#[component]
fn PanelBody() -> impl IntoView {
    let editor = Editor::use_context();
    let reviews = editor.reviews;
    let me = use_context::<Account>().map(|a| a.email).unwrap_or_default();
    let asking = RwSignal::new(false);
    // The latest request, when this person is named on it.
    let mine = {
        let me = me.clone();
        move || {
            reviews.requests.with(|r| {
                r.first().filter(|r| r.reviewers.iter().any(|v| v.reviewer == me)).cloned()
            })
        }
    };
    view! {
        <aside class="review-panel" data-testid="review-panel" aria-label="Review">
            <header class="review-header">
                <h2>"Review"</h2>
                <ReviewBadge state=reviews.state />
                <div class="spacer" />
                {move || (reviews.can_request.get() && !asking.get()).then(|| view! {
                    <button class="button primary" data-testid="request-review"
                        on:click=move |_| asking.set(true)>"Request review"</button>
                }.into_any())}
                <button class="icon-button" data-testid="review-close" title="Close"
                    on:click=move |_| reviews.open.set(false)>"×"</button>
            </header>
            {move || reviews.error.get().map(|e| view! { <p class="review-error" role="alert" data-testid="review-error">{e}</p> }.into_any())}
            {let me = me.clone(); move || asking.get().then(|| view! { <RequestForm me=me.clone() asking=asking /> }.into_any())}
            {move || mine().map(|request| view! { <VerdictForm request=request /> }.into_any())}
            {move || (reviews.requests.with(Vec::is_empty) && !asking.get()).then(|| view! {
                <p class="review-empty">"No review requested yet."</p>
            }.into_any())}
            <ol class="review-requests" data-testid="review-requests">
                {move || reviews.requests.get().into_iter().map(|r| view! { <RequestItem request=r /> }.into_any()).collect_view()}
            </ol>
        </aside>
    }
}

/// Request review: the members who may review (not this person), checked
/// by click, and what to look at.
#[component]
fn RequestForm(me: String, asking: RwSignal<bool>) -> impl IntoView {
    let editor = Editor::use_context();
    let reviews = editor.reviews;
    let members = RwSignal::new(None::<Result<Vec<api::Member>, String>>);
    let picked = RwSignal::new(Vec::<String>::new());
    let message = RwSignal::new(String::new());
    if let Some(id) = editor.stored.with_untracked(|s| s.as_ref().map(|s| s.id.clone())) {
        spawn_local(async move {
            let answer = api::members(&id).await.map_err(|e| e.detail()).map(|list| {
                list.into_iter().filter(|m| m.email != me && m.role != "viewer").collect()
            });
            members.set(Some(answer));
        });
    }
    let send = move |_| {
        let (who, text) = (picked.get_untracked(), message.get_untracked());
        spawn_local(async move {
            if reviews.request(editor, who, text).await {
                asking.set(false);
            }
        });
    };
    view! {
        <section class="review-form" data-testid="review-request-form">
            <span class="composer-label">"Reviewers of the latest revision"</span>
            {move || match members.get() {
                None => view! { <p class="muted">"Loading members…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="review-error">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="muted">"No one else may review: invite a member with the reviewer role or above (Share)."</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="reviewer-picks">
                        {list.into_iter().map(|m| {
                            let email = m.email.clone();
                            let toggled = email.clone();
                            let checked = move || picked.with(|p| p.contains(&email));
                            view! {
                                <li><label class="check">
                                    <input type="checkbox" data-testid="reviewer-pick" data-email=m.email.clone()
                                        prop:checked=checked
                                        on:change=move |_| picked.update(|p| {
                                            if let Some(at) = p.iter().position(|e| *e == toggled) { p.remove(at); } else { p.push(toggled.clone()); }
                                        }) />
                                    <span class="reviewer-email">{m.email.clone()}</span>
                                    <span class=format!("role-badge {}", m.role)>{m.role.clone()}</span>
                                </label></li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <textarea rows="2" data-testid="review-message" placeholder="What should the reviewers look at? (optional)"
                prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev)) />
            <div class="composer-actions">
                <button class="button" on:click=move |_| asking.set(false)>"Cancel"</button>
                <button class="button primary" data-testid="review-send"
                    disabled=move || reviews.busy.get() || picked.with(Vec::is_empty) on:click=send>
                    "Request review"
                </button>
            </div>
        </section>
    }
}

/// Approve or Request changes, for a reviewer named on the latest request.
#[component]
fn VerdictForm(request: ReviewRequest) -> impl IntoView {
    let editor = Editor::use_context();
    let reviews = editor.reviews;
    let message = RwSignal::new(String::new());
    let review = request.id.clone();
    let decide = move |verdict: Verdict| {
        let (review, text) = (review.clone(), message.get_untracked());
        spawn_local(async move {
            if reviews.decide(editor, review, verdict, text).await {
                message.set(String::new());
            }
        });
    };
    let approve = {
        let decide = decide.clone();
        move |_| decide(Verdict::Approved)
    };
    view! {
        <section class="review-form verdict-form" data-testid="verdict-form">
            <span class="composer-label">{format!("Your review of revision {}", request.revision)}</span>
            <textarea rows="2" data-testid="verdict-message" placeholder="Your message (needed to request changes)"
                prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev)) />
            <div class="composer-actions">
                <button class="button" data-testid="request-changes" disabled=move || reviews.busy.get()
                    on:click=move |_| decide(Verdict::ChangesRequested)>"Request changes"</button>
                <button class="button primary" data-testid="approve" disabled=move || reviews.busy.get()
                    on:click=approve>"Approve"</button>
            </div>
        </section>
    }
}

/// One request: the revision, who asked and when, the message, and each
/// reviewer's verdict.
#[component]
fn RequestItem(request: ReviewRequest) -> impl IntoView {
    let now = js_sys::Date::now();
    let when = |at: &str| ago(js_sys::Date::parse(at), now, at);
    let (state_class, state_label) = match request.state {
        RequestState::InReview => ("in_review", "In review"),
        RequestState::Approved => ("approved", "Approved"),
        RequestState::ChangesRequested => ("changes_requested", "Changes requested"),
    };
    view! {
        <li class="review-request" class:superseded=request.superseded data-testid="review-request">
            <div class="review-request-head">
                <span class="revision-number">{format!("#{}", request.revision)}</span>
                <span class="review-author">{request.requested_by.clone()}</span>
                <time class="revision-time" title=request.created_at.clone()>{when(&request.created_at)}</time>
            </div>
            <div class="review-request-state">
                {if request.superseded {
                    view! { <span class="review-badge superseded">"Superseded"</span> }.into_any()
                } else {
                    view! { <span class=format!("review-badge {state_class}")>{state_label}</span> }.into_any()
                }}
            </div>
            {(!request.message.is_empty()).then(|| view! { <p class="review-message">{request.message.clone()}</p> }.into_any())}
            <ul class="verdicts">
                {request.reviewers.iter().map(|v| {
                    let (class, label) = match v.verdict {
                        Verdict::Pending => ("pending", "Pending"),
                        Verdict::Approved => ("approved", "Approved"),
                        Verdict::ChangesRequested => ("changes_requested", "Changes requested"),
                    };
                    view! {
                        <li class="verdict" data-testid="verdict" data-verdict=v.verdict.as_str()>
                            <span class=format!("verdict-dot {class}") aria-hidden="true" />
                            <span class="reviewer-email">{v.reviewer.clone()}</span>
                            <span class=format!("verdict-label {class}")>{label}</span>
                            {v.message.clone().map(|m| view! { <p class="verdict-message" data-testid="verdict-message-text">{m}</p> }.into_any())}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </li>
    }
}
