//! The designs list: every stored design with its review state, to open,
//! rename or delete, and buttons to start a new one (blank or from a
//! template).

use crate::api::{self, Summary};
use crate::route;
use crate::templates::TEMPLATES;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn DesignsPage() -> impl IntoView {
    let designs = RwSignal::new(None::<Result<Vec<Summary>, String>>);
    let reload = move || {
        spawn_local(async move {
            designs.set(Some(api::list().await.map_err(|e| e.message())));
        });
    };
    reload();
    view! {
        <div class="designs-page" data-testid="designs-page">
            <header class="topbar">
                {crate::panels::brand()}
                <div class="spacer" />
                <a class="button" href="/?import=aws" data-testid="list-import-aws">"Import from AWS"</a>
                <a class="button primary" href="/" data-testid="new-design">"New design"</a>
                <crate::pages::SignOut />
            </header>
            <main class="designs-main">
                <h1>"Designs"</h1>
                <section class="template-strip">
                    <h2>"Start from a reference architecture"</h2>
                    <div class="template-cards">
                        {TEMPLATES.iter().map(|t| view! {
                            <a class="template-card" href=format!("/?template={}", t.key) data-testid=format!("list-template-{}", t.key)>
                                <span class="template-key">{t.key}</span>
                                <strong>{t.title}</strong>
                            </a>
                        }).collect_view()}
                    </div>
                </section>
                <table class="designs-table" data-testid="designs-table">
                    <thead><tr><th>"Name"</th><th>"Review"</th><th>"Revision"</th><th>"Last saved"</th><th></th></tr></thead>
                    <tbody>
                        {move || match designs.get() {
                            None => view! { <tr><td colspan="5" class="muted">"Loading…"</td></tr> }.into_any(),
                            Some(Err(e)) => view! { <tr><td colspan="5" class="field-error">{e}</td></tr> }.into_any(),
                            Some(Ok(list)) if list.is_empty() => view! {
                                <tr><td colspan="5" class="muted">"No designs yet: start a new one."</td></tr>
                            }.into_any(),
                            Some(Ok(list)) => list.into_iter().map(|d| row(d, reload)).collect_view().into_any(),
                        }}
                    </tbody>
                </table>
            </main>
        </div>
    }
}

fn row(design: Summary, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let editing = RwSignal::new(false);
    let name = RwSignal::new(design.name.clone());
    let id = design.id.clone();
    let commit = {
        let id = id.clone();
        move || {
            editing.set(false);
            let (id, new_name) = (id.clone(), name.get_untracked().trim().to_owned());
            if new_name.is_empty() {
                return;
            }
            spawn_local(async move {
                let _ = api::rename(&id, &new_name).await;
                reload();
            });
        }
    };
    let delete = {
        let id = id.clone();
        let title = design.name.clone();
        move |_| {
            let confirmed = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message(&format!("Delete \"{title}\" and its whole history?"))
                        .ok()
                })
                .unwrap_or(false);
            if confirmed {
                let id = id.clone();
                spawn_local(async move {
                    let _ = api::delete(&id).await;
                    reload();
                });
            }
        }
    };
    let path = route::design_path(&design.id);
    let row_id = design.id.clone();
    let when = design.updated_at.replace('T', " ").chars().take(16).collect::<String>();
    view! {
        <tr data-testid="design-row" data-id=row_id>
            <td>
                {move || if editing.get() {
                    let commit = commit.clone();
                    let commit_key = commit.clone();
                    view! {
                        <input class="rename" data-testid="rename-input" prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))
                            on:keydown=move |ev| if ev.key() == "Enter" { commit_key() }
                            on:blur=move |_| commit() autofocus />
                    }.into_any()
                } else {
                    view! {
                        <a class="design-link" href=path.clone() data-testid="open-design"
                            title=move || name.get()>{move || name.get()}</a>
                    }.into_any()
                }}
            </td>
            <td class="review-cell">
                <crate::reviews::ReviewBadge state=Signal::stored(crate::reviews::state_of(&design.review)) />
            </td>
            <td class="muted">{design.revision}</td>
            <td class="muted when">{when}</td>
            <td class="actions">
                <div class="row-actions">
                    <button class="button small" data-testid="rename" on:click=move |_| editing.set(true)>"Rename"</button>
                    <button class="button small danger" data-testid="delete-design" on:click=delete>"Delete"</button>
                </div>
            </td>
        </tr>
    }
}
