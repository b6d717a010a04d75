//! The listeners of a classic load balancer: one row each, the port it
//! answers on, its protocol, the instance port it forwards to and, for
//! HTTPS and SSL, the certificate.

use super::list_editors::{cell, change_item, push_item, read_list, remove_item};
use crate::state::Editor;
use leptos::prelude::*;
use vpcraft_core::ResourceId;
use vpcraft_core::model::{ClassicListener, ListenerProtocol};

const POINTER: &str = "/classic_listeners";
const PROTOCOLS: &[(&str, &str, ListenerProtocol)] = &[
    ("HTTP", "HTTP", ListenerProtocol::Http),
    ("HTTPS", "HTTPS", ListenerProtocol::Https),
    ("TCP", "TCP", ListenerProtocol::Tcp),
    ("TLS", "SSL", ListenerProtocol::Tls),
];

fn port(text: &str) -> Result<u16, String> {
    text.trim()
        .parse::<u16>()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| format!("\"{}\" is not a port (1-65535)", text.trim()))
}

/// A classic load balancer's listeners, edited in place.
#[component]
pub fn ClassicListeners(target: ResourceId) -> impl IntoView {
    let editor = Editor::use_context();
    let count = {
        let target = target.clone();
        Memo::new(move |_| {
            editor.design.with(|d| read_list::<ClassicListener>(d, &target, POINTER).len())
        })
    };
    let add = {
        let target = target.clone();
        move |_| {
            let used: Vec<ClassicListener> =
                editor.design.with_untracked(|d| read_list(d, &target, POINTER));
            // Port 80 first, then the next free port above the highest.
            let next = if used.is_empty() {
                80
            } else {
                used.iter().map(|l| l.port).max().unwrap_or(80).saturating_add(1)
            };
            push_item(editor, &target, POINTER, ClassicListener::new(next, ListenerProtocol::Http));
        }
    };
    let row = {
        let target = target.clone();
        move |i: usize| {
            let listener = {
                let target = target.clone();
                Memo::new(move |_| {
                    editor
                        .design
                        .with(|d| read_list::<ClassicListener>(d, &target, POINTER).get(i).cloned())
                })
            };
            let listener = move || listener.get();
            let error = RwSignal::new(None::<String>);
            let front = move || listener().map(|l| l.port.to_string()).unwrap_or_default();
            let t = target.clone();
            let commit_front = move |text: String| {
                let p = port(&text)?;
                change_item::<ClassicListener>(editor, &t, POINTER, i, |l| {
                    l.port = p;
                    Ok(())
                })
            };
            let protocol = Memo::new(move |_| {
                listener()
                    .and_then(|l| PROTOCOLS.iter().find(|(_, _, p)| *p == l.protocol))
                    .map_or("HTTP", |(v, _, _)| *v)
            });
            let protocol = move || protocol.get();
            let t = target.clone();
            let on_protocol = move |ev: web_sys::Event| {
                let value = event_target_value(&ev);
                let Some((_, _, p)) = PROTOCOLS.iter().find(|(v, _, _)| *v == value) else {
                    return;
                };
                let _ = change_item::<ClassicListener>(editor, &t, POINTER, i, |l| {
                    l.protocol = *p;
                    if !p.needs_certificate() {
                        l.certificate = None;
                    }
                    Ok(())
                });
            };
            let back = move || listener().map(|l| l.instance_port.to_string()).unwrap_or_default();
            let t = target.clone();
            let commit_back = move |text: String| {
                let p = port(&text)?;
                change_item::<ClassicListener>(editor, &t, POINTER, i, |l| {
                    l.instance_port = p;
                    Ok(())
                })
            };
            let secure = move || listener().is_some_and(|l| l.protocol.needs_certificate());
            let certificate = move || listener().and_then(|l| l.certificate).unwrap_or_default();
            let t = target.clone();
            let commit_certificate = move |text: String| {
                let text = text.trim().to_owned();
                change_item::<ClassicListener>(editor, &t, POINTER, i, |l| {
                    l.certificate = (!text.is_empty()).then_some(text);
                    Ok(())
                })
            };
            let certificate_cell = move || {
                secure().then(|| {
                    cell(
                        certificate,
                        commit_certificate.clone(),
                        error,
                        format!("prop-classic-listeners-{i}-certificate"),
                        "arn:aws:acm:…",
                    )
                })
            };
            let t = target.clone();
            let remove = move |_| remove_item::<ClassicListener>(editor, &t, POINTER, i);
            view! {
                <div class="row classic-listener" data-testid="prop-classic-listeners-row">
                    {cell(front, commit_front, error, format!("prop-classic-listeners-{i}-port"), "80")}
                    <select class="cell narrow" prop:value=protocol on:change=on_protocol>
                        {PROTOCOLS.iter().map(|(v, label, _)| view! {
                            <option value=*v selected=move || protocol() == *v>{*label}</option>
                        }).collect_view()}
                    </select>
                    <span class="cell-arrow" aria-hidden="true">"→"</span>
                    {cell(back, commit_back, error, format!("prop-classic-listeners-{i}-instance-port"), "80")}
                    <button class="icon-button small" title="Remove this listener" on:click=remove>"×"</button>
                    {certificate_cell}
                    {move || error.get().map(|e| view! { <div class="field-error row-error" data-testid="prop-error">{e}</div> })}
                </div>
            }
        }
    };
    view! {
        <fieldset class="field table" data-testid="prop-classic-listeners">
            <legend>"Listeners (port → instance port)"</legend>
            <For each=move || 0..count.get() key=|i| *i children=row />
            {move || (count.get() == 0).then(|| view! { <div class="field-hint">"No listeners: the load balancer answers on no port"</div> })}
            <button class="button small" data-testid="prop-classic-listeners-add" on:click=add>"Add listener"</button>
        </fieldset>
    }
}
