//! The findings panel: what the rules say about the design, re-checked on
//! every change, in one collapsible section per severity (errors, then
//! warnings, then info). Clicking a finding selects the resources it names.

use crate::actions::ApplyQuickFix;
use crate::state::Editor;
use leptos::prelude::*;
use vpcraft_core::{Finding, Severity};

/// The sections of the panel, most severe first, with their headings.
const SECTIONS: [(Severity, &str); 3] =
    [(Severity::Error, "Errors"), (Severity::Warning, "Warnings"), (Severity::Info, "Info")];

/// The findings of one severity, in the order the rules reported them.
fn of_severity(findings: &[Finding], severity: Severity) -> Vec<Finding> {
    findings.iter().filter(|f| f.severity == severity).cloned().collect()
}

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
            <div class="finding-sections">
                {move || editor.findings.with(Vec::is_empty).then(|| view! {
                    <p class="no-findings">"✓ No problems found"</p>
                })}
                {SECTIONS.map(|(severity, heading)| section(editor, severity, heading))}
            </div>
        </section>
    }
}

/// One severity's section: a heading with the count that folds the list
/// away, hidden while the severity has no findings.
fn section(editor: Editor, severity: Severity, heading: &'static str) -> impl IntoView {
    let open = RwSignal::new(true);
    let findings = Memo::new(move |_| editor.findings.with(|all| of_severity(all, severity)));
    let name = severity.as_str();
    move || {
        let findings = findings.get();
        (!findings.is_empty()).then(|| {
            let count = findings.len();
            view! {
                <section class=format!("finding-section {name}") class:collapsed=move || !open.get()
                    data-testid=format!("findings-{name}") aria-label=heading>
                    <h3 class="section-heading">
                        <button class="section-toggle" data-testid=format!("toggle-{name}")
                            aria-expanded=move || open.get().to_string()
                            on:click=move |_| open.update(|o| *o = !*o)>
                            <span class="chevron" aria-hidden="true"></span>
                            <span class="section-title">{heading}</span>
                            <span class=format!("chip {name}") data-testid=format!("section-count-{name}")>
                                {count}
                            </span>
                        </button>
                    </h3>
                    <ul class="finding-list">
                        {findings.into_iter().map(|f| finding_item(editor, f)).collect_view()}
                    </ul>
                </section>
            }
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use vpcraft_core::model::{Kind, KindTag};
    use vpcraft_core::{Design, Resource, ResourceId};

    /// The findings of a design whose subnet lies outside its VPC (E1003).
    fn findings() -> Vec<Finding> {
        let mut design = Design::new("d");
        let mut push = |id: &str, kind: Kind| {
            design.resources.push(Resource { id: ResourceId::new(id), name: id.into(), kind });
        };
        let vpc = ResourceId::new("vpc");
        push("vpc", Kind::default_for(KindTag::Vpc, None).unwrap());
        push("az", Kind::default_for(KindTag::AvailabilityZone, Some(&vpc)).unwrap());
        let mut subnet = Kind::default_for(KindTag::Subnet, Some(&ResourceId::new("az"))).unwrap();
        if let Kind::Subnet(s) = &mut subnet {
            s.cidr = "192.168.0.0/24".parse().unwrap();
        }
        push("subnet", subnet);
        vpcraft_core::validate(&design)
    }

    #[test]
    fn sections_hold_their_severity_in_rule_order() {
        let all = findings();
        let errors = of_severity(&all, Severity::Error);
        assert!(errors.iter().any(|f| f.rule == "E1003"), "{all:?}");
        assert!(errors.iter().all(|f| f.severity == Severity::Error));
        let in_order: Vec<&Finding> =
            all.iter().filter(|f| f.severity == Severity::Error).collect();
        assert_eq!(errors.iter().collect::<Vec<_>>(), in_order);
        let total: usize = SECTIONS.iter().map(|(s, _)| of_severity(&all, *s).len()).sum();
        assert_eq!(total, all.len(), "every finding is in one section");
    }
}
