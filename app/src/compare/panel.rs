//! The compare panel over the canvas: revision N → M, the counts and the
//! estimate before and after, each resource and flow added (+), removed
//! (−) or changed (~) with its property changes (path, old → new), the
//! design's own changes, the resources only moved, and the findings the
//! change fixed and introduced. Clicking a resource on screen selects it.

use super::model::{FindingLine, Item, Property};
use super::{Compare, Shown};
use crate::state::Editor;
use leptos::prelude::*;
use vpcraft_core::ResourceId;

#[component]
pub fn ComparePanel() -> impl IntoView {
    let compare = Compare::use_context();
    move || compare.shown.get().map(|shown| crate::lazy::view(compare_body(compare, shown)))
}

/// The panel, in the wasm module of the editor's panels (see `crate::lazy`;
/// a compare is opened from the history panel, so the module is loaded).
#[wasm_split_helpers::wasm_split(panels, fallible)]
fn compare_body(compare: Compare, shown: std::sync::Arc<Shown>) -> crate::lazy::Loaded {
    Ok(body(compare, &shown).into_any())
}

/// The panel of the compare on screen.
fn body(compare: Compare, shown: &Shown) -> impl IntoView + use<> {
    let c = &shown.compared;
    let (added, removed, changed) = c.counts();
    let (old_cost, new_cost) = c.cost;
    let title = format!("Revision {} → {}", c.from, c.to);
    let summary = format!("{added} added · {removed} removed · {changed} changed");
    let cost =
        (old_cost != new_cost).then(|| format!("Estimate ${old_cost:.2} → ${new_cost:.2} a month"));
    let empty = c.is_empty().then(|| {
        view! {
            <p class="compare-empty">"Same design: only the drawing differs."</p>
        }
    });
    view! {
        <aside class="compare-panel" data-testid="compare-panel" aria-label="Compare revisions">
            <header class="compare-header">
                <h2 data-testid="compare-title">{title}</h2>
                <div class="spacer" />
                <button class="icon-button" data-testid="compare-close" title="Close the compare"
                    on:click=move |_| compare.close()>"×"</button>
            </header>
            <div class="compare-summary">
                <span class="compare-legend added">"+ added"</span>
                <span class="compare-legend removed">"− removed"</span>
                <span class="compare-legend changed">"~ changed"</span>
            </div>
            <p class="compare-counts" data-testid="compare-counts">{summary}</p>
            {cost.map(|cost| view! { <p class="compare-cost">{cost}</p> })}
            {empty}
            {section("Resources", "compare-resources", &c.resources)}
            {section("Flows", "compare-flows", &c.flows)}
            {(!c.design.is_empty()).then(|| view! {
                <section class="compare-section">
                    <h3>"Design"</h3>
                    <ul class="compare-props">{c.design.iter().map(property).collect_view()}</ul>
                </section>
            })}
            {(!c.moved.is_empty()).then(|| view! {
                <section class="compare-section">
                    <h3>"Only moved on the canvas"</h3>
                    <p class="compare-moved">{c.moved.join(", ")}</p>
                </section>
            })}
            {findings("Findings fixed", "compare-fixed", "fixed", &c.fixed)}
            {findings("Findings introduced", "compare-introduced", "introduced", &c.introduced)}
        </aside>
    }
}

fn section(
    title: &'static str,
    testid: &'static str,
    items: &[Item],
) -> Option<impl IntoView + use<>> {
    (!items.is_empty()).then(|| {
        view! {
            <section class="compare-section" data-testid=testid>
                <h3>{title}</h3>
                <ul class="compare-items">{items.iter().cloned().map(item).collect_view()}</ul>
            </section>
        }
    })
}

fn item(item: Item) -> impl IntoView {
    let editor = Editor::use_context();
    let id = item.id.clone();
    let select = move |_| {
        let id = ResourceId::new(id.clone());
        if editor.design.with_untracked(|d| d.resource(&id).is_some()) {
            editor.selection.set(vec![id]);
        }
    };
    let change = item.change.as_str();
    view! {
        <li class=format!("compare-item {change}") data-testid="compare-item" data-change=change
            data-id=item.id.clone() on:click=select>
            <div class="compare-item-head">
                <span class="compare-mark">{item.change.mark()}</span>
                <span class="compare-name">{item.title.clone()}</span>
                <span class="compare-id">{format!("{} · {}", item.id, item.kind)}</span>
            </div>
            {(!item.properties.is_empty()).then(|| view! {
                <ul class="compare-props">{item.properties.iter().map(property).collect_view()}</ul>
            })}
        </li>
    }
}

fn property(p: &Property) -> impl IntoView + use<> {
    view! {
        <li class="compare-prop" data-testid="compare-prop">
            <code class="compare-path">{p.path.clone()}</code>
            <span class="compare-old">{p.old.clone()}</span>
            <span class="compare-arrow">"→"</span>
            <span class="compare-new">{p.new.clone()}</span>
        </li>
    }
}

fn findings(
    title: &'static str,
    testid: &'static str,
    class: &'static str,
    list: &[FindingLine],
) -> Option<impl IntoView + use<>> {
    (!list.is_empty()).then(|| {
        view! {
            <section class=format!("compare-section compare-findings {class}") data-testid=testid>
                <h3>{format!("{title} ({})", list.len())}</h3>
                <ul>
                    {list.iter().map(|f| view! {
                        <li class=format!("compare-finding {}", f.severity)>
                            <span class="compare-rule">{f.rule.clone()}</span>
                            <span class="compare-message">{f.message.clone()}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
