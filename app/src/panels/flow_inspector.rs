//! The inspector of a flow: its ends, protocol and port, and what the
//! network says about it: the path it takes, or what blocks it with a
//! one-click fix for each blocker.

use super::json_fields::Format;
use crate::actions::{ApplyQuickFix, DeleteResources, FlowEdit, UpdateFlow};
use crate::state::Editor;
use leptos::prelude::*;
use vpcraft_core::model::Protocol;
use vpcraft_core::reach::Verdict;
use vpcraft_core::{QuickFix, ResourceId};

#[component]
pub fn FlowInspector(id: ResourceId) -> impl IntoView {
    let editor = Editor::use_context();
    let flow = {
        let id = id.clone();
        Memo::new(move |_| editor.design.with(|d| d.flows.iter().find(|f| f.id == id).cloned()))
    };
    let name = move |rid: Option<ResourceId>| {
        rid.map(|rid| {
            editor
                .design
                .with(|d| d.resource(&rid).map_or_else(|| rid.to_string(), |r| r.name.clone()))
        })
        .unwrap_or_default()
    };
    let source = move || name(flow.with(|f| f.as_ref().map(|f| f.source.clone())));
    let target = move || name(flow.with(|f| f.as_ref().map(|f| f.target.clone())));
    let report = {
        let id = id.clone();
        Memo::new(move |_| editor.reports.with(|all| all.iter().find(|r| r.flow == id).cloned()))
    };
    let protocol =
        move || flow.with(|f| f.as_ref().map(|f| f.protocol.to_string()).unwrap_or_default());
    let on_protocol = {
        let id = id.clone();
        move |ev: web_sys::Event| {
            let p = match event_target_value(&ev).as_str() {
                "udp" => Protocol::Udp,
                "icmp" => Protocol::Icmp,
                "all" => Protocol::All,
                _ => Protocol::Tcp,
            };
            editor.dispatch(UpdateFlow { id: id.clone(), edit: FlowEdit::Protocol(p) });
        }
    };
    let port_error = RwSignal::new(None::<String>);
    let port = move || {
        flow.with(|f| f.as_ref().and_then(|f| f.port).map(|p| p.to_string()).unwrap_or_default())
    };
    let default_port =
        move || report.with(|r| r.as_ref().map(|r| r.port.to_string()).unwrap_or_default());
    let on_port = {
        let id = id.clone();
        move |ev: web_sys::Event| {
            let text = event_target_value(&ev);
            match (Format::OptInt { min: 1, max: 65535, what: "A port" }).parse(&text) {
                Ok(v) => {
                    port_error.set(None);
                    let port = v.as_u64().map(|p| p as u16);
                    editor.dispatch(UpdateFlow { id: id.clone(), edit: FlowEdit::Port(port) });
                }
                Err(e) => port_error.set(Some(e)),
            }
        }
    };
    let label = move || flow.with(|f| f.as_ref().map(|f| f.label.clone()).unwrap_or_default());
    let on_label = {
        let id = id.clone();
        move |ev: web_sys::Event| {
            editor.dispatch(UpdateFlow {
                id: id.clone(),
                edit: FlowEdit::Label(event_target_value(&ev).trim().to_owned()),
            });
        }
    };
    let reverse = {
        let id = id.clone();
        move |_| {
            editor.dispatch(UpdateFlow { id: id.clone(), edit: FlowEdit::Reverse });
        }
    };
    let delete = {
        let id = id.clone();
        move |_| {
            editor.dispatch(DeleteResources { ids: vec![id.clone()] });
        }
    };
    view! {
        <div class="inspector-header">
            <svg class="icon" width="32" height="32" viewBox="0 0 24 24" aria-hidden="true">
                <rect x="0.75" y="0.75" width="22.5" height="22.5" rx="5" fill="#5A6B86" />
                <path d="M5 12h12M13 7l5 5-5 5" stroke="#fff" stroke-width="2" fill="none" stroke-linecap="round" />
            </svg>
            <div>
                <div class="kind-title">"Flow"</div>
                <div class="resource-id" data-testid="selected-id">{id.to_string()}</div>
            </div>
        </div>
        <div class="inspector-body">
            <p class="flow-ends" data-testid="flow-ends"><strong>{source}</strong>" calls "<strong>{target}</strong></p>
            <div class="field-row">
                <div class="field">
                    <label for="prop-protocol">"Protocol"</label>
                    <select id="prop-protocol" data-testid="prop-protocol" prop:value=protocol on:change=on_protocol>
                        {[("tcp", "TCP"), ("udp", "UDP"), ("icmp", "ICMP"), ("all", "All")].into_iter().map(|(v, t)| view! {
                            <option value=v selected=move || protocol() == v>{t}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field" class:invalid=move || port_error.with(Option::is_some)>
                    <label for="prop-port">"Port"</label>
                    <input id="prop-port" data-testid="prop-port" type="text" inputmode="numeric" autocomplete="off"
                        placeholder=default_port prop:value=port on:input=on_port />
                </div>
            </div>
            {move || port_error.get().map(|e| view! { <div class="field-error" data-testid="prop-error">{e}</div> })}
            <div class="field">
                <label for="prop-label">"Label"</label>
                <input id="prop-label" data-testid="prop-label" type="text" placeholder="protocol/port" prop:value=label
                    on:input=on_label />
            </div>
            {move || report.get().map(|r| verdict_view(editor, r.verdict))}
            <div class="inspector-actions">
                <button class="button" data-testid="reverse-flow" on:click=reverse>"Reverse"</button>
                <button class="button danger" data-testid="delete" on:click=delete>"Delete flow"</button>
            </div>
        </div>
    }
}

fn fix_button(editor: Editor, fix: QuickFix) -> impl IntoView {
    let title = fix.title.clone();
    view! {
        <button class="quick-fix" data-testid="flow-fix" on:click=move |_| { editor.dispatch(ApplyQuickFix { fix: fix.clone() }); }>
            {title}
        </button>
    }
}

fn verdict_view(editor: Editor, verdict: Verdict) -> AnyView {
    let name = move |id: &ResourceId| {
        editor
            .design
            .with_untracked(|d| d.resource(id).map_or_else(|| id.to_string(), |r| r.name.clone()))
    };
    match verdict {
        Verdict::Permitted { path } => view! {
            <div class="verdict permitted" data-testid="verdict" data-verdict="permitted">
                <h4>"✓ The network lets this flow through"</h4>
                <ol class="hops">
                    {path.into_iter().map(|hop| view! {
                        <li><strong>{name(&hop.resource)}</strong>" "<span class="muted">{hop.step}</span></li>
                    }).collect_view()}
                </ol>
            </div>
        }
        .into_any(),
        Verdict::Blocked { blockers, alternatives } => view! {
            <div class="verdict blocked" data-testid="verdict" data-verdict="blocked">
                <h4>{format!("✕ Blocked by {} setting{}", blockers.len(), if blockers.len() == 1 { "" } else { "s" })}</h4>
                <ul class="blockers">
                    {blockers.into_iter().map(|b| view! {
                        <li data-testid="blocker">
                            <span>{b.message}</span>
                            {b.quick_fix.map(|fix| fix_button(editor, fix))}
                        </li>
                    }).collect_view()}
                </ul>
                {(!alternatives.is_empty()).then(|| view! {
                    <div class="alternatives">
                        <h5>"Or instead"</h5>
                        {alternatives.into_iter().map(|fix| fix_button(editor, fix)).collect_view()}
                    </div>
                })}
            </div>
        }
        .into_any(),
    }
}
