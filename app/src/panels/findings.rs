//! The findings panel: what the rules say about the design, re-checked on
//! every change. Clicking a finding selects the resources it names.

use crate::actions::ApplyQuickFix;
use crate::state::Editor;
use leptos::prelude::*;
use vpcraft_core::{Finding, Severity};

#[component]
pub fn FindingsPanel() -> impl IntoView {
    let editor = Editor::use_context();
    let count = move |severity: Severity| {
        editor.findings.with(|all| all.iter().filter(|f| f.severity == severity).count())
    };
    let chip = move |severity: Severity, one: &'static str, many: &'static str| {
        view! {
            <span class=format!("chip {}", severity.as_str()) data-testid=format!("count-{}", severity.as_str())
                class:zero=move || count(severity) == 0>
                {move || {
                    let n = count(severity);
                    format!("{n} {}", if n == 1 { one } else { many })
                }}
            </span>
        }
    };
    view! {
        <section class="findings" data-testid="findings" aria-label="Findings">
            <header class="findings-header">
                <span class="panel-title inline">"Findings"</span>
                {chip(Severity::Error, "error", "errors")}
                {chip(Severity::Warning, "warning", "warnings")}
                {chip(Severity::Info, "info", "info")}
            </header>
            <ul class="finding-list">
                {move || {
                    let findings = editor.findings.get();
                    if findings.is_empty() {
                        view! { <li class="no-findings">"✓ No problems found"</li> }.into_any()
                    } else {
                        findings.into_iter().map(|f| finding_item(editor, f)).collect_view().into_any()
                    }
                }}
            </ul>
        </section>
    }
}

fn finding_item(editor: Editor, finding: Finding) -> impl IntoView {
    let ids: Vec<_> = finding.resources.iter().map(|r| r.id.clone()).collect();
    let selected = {
        let ids = ids.clone();
        move || !ids.is_empty() && editor.highlight.with(|h| *h == ids)
    };
    let select = move |_| editor.focus_finding(ids.clone());
    let severity = finding.severity.as_str();
    let fix = finding.fix.clone();
    let quick_fixes = finding.quick_fixes.clone();
    view! {
        <li class=format!("finding {severity}") class:selected=selected data-testid="finding"
            data-rule=finding.rule.clone() data-severity=severity on:click=select title=finding.title.clone()>
            <span class=format!("badge {severity}")>{severity}</span>
            <code class="rule">{finding.rule.clone()}</code>
            <span class="message">{finding.message.clone()}
                {fix.map(|fix| view! { <span class="fix">" — "{fix}</span> })}
                {(!quick_fixes.is_empty()).then(|| view! {
                    <span class="quick-fixes">
                        {quick_fixes.into_iter().map(|fix| {
                            let title = fix.title.clone();
                            let apply = move |ev: web_sys::MouseEvent| {
                                ev.stop_propagation();
                                editor.dispatch(ApplyQuickFix { fix: fix.clone() });
                            };
                            view! {
                                <button class="quick-fix" data-testid="quick-fix" on:click=apply>{title}</button>
                            }
                        }).collect_view()}
                    </span>
                })}
            </span>
            <a class="doc" href=finding.doc_url.clone() target="_blank" rel="noopener"
                on:click=|ev| ev.stop_propagation()>"Docs"</a>
        </li>
    }
}
