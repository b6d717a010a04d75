//! The findings panel: what the rules say about the design, re-checked on
//! every change, in one collapsible section per severity (errors, then
//! warnings, then info). Clicking a finding selects the resources it names.
//! Its top edge is a splitter that sets the panel's height. The sections
//! are drawn by the checks' wasm module, the header and splitter at once.

use crate::actions::ApplyQuickFix;
use crate::state::Editor;
use crate::ui::{FINDINGS_HEIGHT, Ui, clamp_findings_height};
use leptos::prelude::*;
use vpcraft_core::{Finding, Severity};
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, PointerEvent};

/// How far an arrow key moves the splitter.
const SPLITTER_STEP: f64 = 16.0;

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
            {splitter(Ui::use_context())}
            <header class="findings-header">
                <span class="panel-title inline">"Findings"</span>
                {chip(Severity::Error, "error", "errors")}
                {chip(Severity::Warning, "warning", "warnings")}
                {chip(Severity::Info, "info", "info")}
            </header>
            <div class="finding-sections">
                {move || match (editor.checks.loaded(), editor.checks.failed()) {
                    (true, _) => editor.findings.with(Vec::is_empty).then(|| view! {
                        <p class="no-findings">"✓ No problems found"</p>
                    }.into_any()),
                    // The checks' module is on its way (see `crate::lazy`).
                    (false, false) => Some(view! {
                        <p class="no-findings muted" data-testid="checking">"Checking the design…"</p>
                    }.into_any()),
                    (false, true) => Some(view! {
                        <p class="field-error" data-testid="checks-failed" role="alert">
                            "The checks could not be loaded. They are fetched again at the next edit \
                             (or reload the page)."
                        </p>
                    }.into_any()),
                }}
                // There are findings only once the checks are loaded.
                {move || editor.checks.loaded().then(|| crate::lazy::view(sections()))}
            </div>
        </section>
    }
}

/// The sections, in the checks' module (see `crate::lazy`): what draws
/// and applies the findings comes with what finds them.
#[wasm_split_helpers::wasm_split(checks, fallible)]
fn sections() -> crate::lazy::Loaded {
    let editor = Editor::use_context();
    Ok(SECTIONS.map(|(severity, heading)| section(editor, severity, heading)).into_any())
}

/// The height of the workspace the panel shares with the canvas.
fn workspace_height(el: &web_sys::Element) -> f64 {
    el.closest(".workspace")
        .ok()
        .flatten()
        .map(|w| w.get_bounding_client_rect().height())
        .unwrap_or(f64::INFINITY)
}

/// The panel's top edge: dragged, it sets the panel's height (remembered
/// for the next visit); the arrow keys step it and a double click restores
/// the default.
fn splitter(ui: Ui) -> impl IntoView {
    // The pointer's y, the panel's height and the workspace's height when
    // the drag began.
    let drag = StoredValue::new(None::<(f64, f64, f64)>);
    let dragging = RwSignal::new(false);
    let on_down = move |ev: PointerEvent| {
        let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        if ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        let _ = el.set_pointer_capture(ev.pointer_id());
        let start = (f64::from(ev.client_y()), ui.findings_height.get_untracked());
        drag.set_value(Some((start.0, start.1, workspace_height(&el))));
        dragging.set(true);
    };
    let on_move = move |ev: PointerEvent| {
        if let Some((y, height, room)) = drag.get_value() {
            let next = clamp_findings_height(height + y - f64::from(ev.client_y()), room);
            if next != ui.findings_height.get_untracked() {
                ui.findings_height.set(next);
            }
        }
    };
    let on_end = move |_: PointerEvent| {
        if drag.get_value().is_some() {
            drag.set_value(None);
            dragging.set(false);
            ui.remember_findings_height();
        }
    };
    let set_to = move |el: Option<web_sys::Element>, height: f64| {
        let room = el.as_ref().map_or(f64::INFINITY, workspace_height);
        ui.findings_height.set(clamp_findings_height(height, room));
        ui.remember_findings_height();
    };
    let target = |ev: &web_sys::Event| {
        ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    };
    let on_key = move |ev: KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowUp" => SPLITTER_STEP,
            "ArrowDown" => -SPLITTER_STEP,
            _ => return,
        };
        // The arrows would otherwise nudge the selected resources too.
        ev.prevent_default();
        ev.stop_propagation();
        set_to(target(&ev), ui.findings_height.get_untracked() + step);
    };
    let reset = move |ev: web_sys::MouseEvent| set_to(target(&ev), FINDINGS_HEIGHT);
    view! {
        <div class="findings-splitter" class:dragging=move || dragging.get() data-testid="splitter-findings"
            role="separator" aria-orientation="horizontal" aria-label="Findings panel height" tabindex="0"
            aria-valuenow=move || ui.findings_height.get().to_string()
            title="Drag to resize the findings panel; double-click to restore its height"
            on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_end on:pointercancel=on_end
            on:keydown=on_key on:dblclick=reset>
        </div>
    }
}

/// One severity's section: a heading that folds it (with the count) and
/// its findings, hidden while the severity has none. The list is keyed by
/// what each finding shows, so a re-check that changes a few findings
/// redraws those few, not the thousand others.
fn section(editor: Editor, severity: Severity, heading: &'static str) -> impl IntoView {
    let open = RwSignal::new(true);
    let findings = Memo::new(move |_| editor.findings.with(|all| keyed(all, severity)));
    let count = move || findings.with(Vec::len);
    // One flag per list of resources asked about: a new highlight notifies
    // the items it leaves and enters, not every item.
    let highlight = Selector::new(move || editor.highlight.get());
    view! {
        <Show when=move || { count() > 0 }>
            {section_body(editor, severity, heading, open, findings, highlight.clone())}
        </Show>
    }
}

/// A section's heading and list.
fn section_body(
    editor: Editor,
    severity: Severity,
    heading: &'static str,
    open: RwSignal<bool>,
    findings: Memo<Vec<(Key, Finding)>>,
    highlight: Selector<Vec<vpcraft_core::ResourceId>>,
) -> impl IntoView {
    let name = severity.as_str();
    let count = move || findings.with(Vec::len);
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
                <For each=move || findings.get() key=|(key, _)| *key
                    children=move |(key, finding)| finding_item(editor, findings, highlight.clone(), key, finding) />
            </ul>
        </section>
    }
}

/// A finding's key: a hash of everything its item shows and the resources
/// a click selects, and how many equal findings came before it.
type Key = (u64, usize);

/// The findings of one severity in the order the rules reported them, each
/// with its key.
fn keyed(findings: &[Finding], severity: Severity) -> Vec<(Key, Finding)> {
    use std::hash::{Hash, Hasher};
    let mut seen: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    of_severity(findings, severity)
        .into_iter()
        .map(|f| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (&f.rule, &f.title, &f.message, &f.doc_url, &f.fix).hash(&mut h);
            f.resources.iter().for_each(|r| r.id.hash(&mut h));
            f.quick_fixes.iter().for_each(|q| q.title.hash(&mut h));
            let hash = h.finish();
            let n = seen.entry(hash).or_default();
            *n += 1;
            ((hash, *n), f)
        })
        .collect()
}

fn finding_item(
    editor: Editor,
    section: Memo<Vec<(Key, Finding)>>,
    highlight: Selector<Vec<vpcraft_core::ResourceId>>,
    key: Key,
    finding: Finding,
) -> impl IntoView {
    let ids: Vec<_> = finding.resources.iter().map(|r| r.id.clone()).collect();
    let selected = {
        let ids = ids.clone();
        move || !ids.is_empty() && highlight.selected(&ids)
    };
    let select = move |_| editor.focus_finding(ids.clone());
    let severity = finding.severity.as_str();
    view! {
        <li class=format!("finding {severity}") class:selected=selected data-testid="finding"
            data-rule=finding.rule.clone() data-severity=severity on:click=select title=finding.title.clone()>
            <code class="rule">{finding.rule.clone()}</code>
            <span class="message">{finding.message.clone()}
                {finding.fix.clone().map(|fix| view! { <span class="fix">" — "{fix}</span> })}
                {(!finding.quick_fixes.is_empty()).then(|| view! {
                    <span class="quick-fixes">
                        {finding.quick_fixes.iter().map(|fix| {
                            let title = fix.title.clone();
                            // The item outlives re-checks that leave what it
                            // shows alone: the fix applied is the current one.
                            let apply = move |ev: web_sys::MouseEvent| {
                                ev.stop_propagation();
                                let fix = section.with_untracked(|list| {
                                    list.iter()
                                        .find(|(k, _)| *k == key)
                                        .and_then(|(_, f)| f.quick_fixes.iter().find(|q| q.title == title))
                                        .cloned()
                                });
                                if let Some(fix) = fix {
                                    editor.dispatch(ApplyQuickFix { fix });
                                }
                            };
                            view! {
                                <button class="quick-fix" data-testid="quick-fix" on:click=apply>{fix.title.clone()}</button>
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
            design.resources.push(Resource::new(id, id, kind));
        };
        let vpc = ResourceId::new("vpc");
        push("vpc", Kind::default_for(KindTag::Vpc, None).unwrap());
        push("az", Kind::default_for(KindTag::AvailabilityZone, Some(&vpc)).unwrap());
        let mut subnet = Kind::default_for(KindTag::Subnet, Some(&ResourceId::new("az"))).unwrap();
        if let Kind::Subnet(s) = &mut subnet {
            s.cidr = Some("192.168.0.0/24".parse().unwrap());
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

    #[test]
    fn equal_findings_have_distinct_keys_and_a_changed_message_a_new_one() {
        let mut all = findings();
        let first = all.iter().position(|f| f.severity == Severity::Error).unwrap();
        all.insert(first + 1, all[first].clone());
        let keys = |all: &[Finding]| -> Vec<Key> {
            keyed(all, Severity::Error).into_iter().map(|(k, _)| k).collect()
        };
        let before = keys(&all);
        assert_eq!(before[0].0, before[1].0, "the same finding twice hashes the same");
        assert_eq!((before[0].1, before[1].1), (1, 2), "and is told apart by its place");
        assert_eq!(keys(&all), before, "keys are stable");
        all[first + 1].message.push_str(" (changed)");
        let after = keys(&all);
        assert_eq!(after[0], before[0]);
        assert_ne!(after[1].0, before[1].0, "a changed finding is drawn anew");
    }
}
