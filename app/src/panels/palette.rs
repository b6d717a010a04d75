//! The palette of resources, grouped by AWS category, and the ghost that
//! follows the pointer while an item is dragged onto the canvas.

use crate::actions::in_palette;
use crate::canvas::icon_svg;
use crate::tools::{Gesture, Tools, place};
use leptos::prelude::*;
use vpcraft_core::model::{Category, KindTag};
use vpcraft_core::sort;
use web_sys::PointerEvent;

/// The kinds that can be dropped from the palette, grouped by category in
/// the order of `Category`.
fn groups() -> Vec<(Category, Vec<KindTag>)> {
    let mut groups: Vec<(Category, Vec<KindTag>)> = Vec::new();
    for &tag in KindTag::ALL {
        if !in_palette(tag) {
            continue;
        }
        match groups.iter_mut().find(|(c, _)| *c == tag.category()) {
            Some((_, tags)) => tags.push(tag),
            None => groups.push((tag.category(), vec![tag])),
        }
    }
    sort::sort_by_key(&mut groups, |(c, _)| *c);
    groups
}

/// The left-hand list of resources to drag onto the canvas.
#[component]
pub fn Palette() -> impl IntoView {
    let tools = Tools::use_context();
    let editor = crate::state::Editor::use_context();
    let read_only = move || !editor.can_edit();
    let dragging = move |tag: KindTag| matches!(tools.gesture.get(), Gesture::Placing { tag: t, .. } if t == tag);
    let query = RwSignal::new(String::new());
    let matches = move |tag: KindTag| {
        query.with(|q| {
            let q = q.trim().to_lowercase();
            q.is_empty()
                || tag.title().to_lowercase().contains(&q)
                || tag.as_str().contains(&q.replace(' ', "_"))
                || tag.category().title().to_lowercase().contains(&q)
        })
    };
    view! {
        <aside class="palette" class:read-only=read_only aria-label="Resources" aria-disabled=move || read_only().to_string()>
            <div class="panel-title">"Resources"</div>
            <input class="palette-search" type="search" placeholder="Search resources" data-testid="palette-search"
                aria-label="Search resources" prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
            <div class="palette-scroll">
                {move || groups()
                    .into_iter()
                    .map(|(category, tags)| (category, tags.into_iter().filter(|t| matches(*t)).collect::<Vec<_>>()))
                    .filter(|(_, tags)| !tags.is_empty())
                    .map(|(category, tags)| {
                        view! {
                            <section class="palette-group">
                                <h3>{category.title()}</h3>
                                {tags
                                    .into_iter()
                                    .map(|tag| {
                                        let begin = move |ev: PointerEvent| {
                                            if editor.may_edit() {
                                                place::begin(tools, tag, &ev);
                                            }
                                        };
                                        view! {
                                            <div
                                                class="palette-item"
                                                class:dragging=move || dragging(tag)
                                                data-testid=format!("palette-{}", tag.as_str())
                                                title=format!("Drag {} onto the canvas", tag.title())
                                                on:pointerdown=begin
                                            >
                                                {icon_svg(tag, 28)}
                                                <span>{tag.title()}</span>
                                            </div>
                                        }
                                    })
                                    .collect_view()}
                            </section>
                        }
                    })
                    .collect_view()}
            </div>
        </aside>
    }
}

/// The item being dragged, under the pointer; red-tinted with the reason
/// when it cannot be dropped where it is.
#[component]
pub fn DragGhost() -> impl IntoView {
    let tools = Tools::use_context();
    move || {
        let Gesture::Placing { tag, pointer, preview } = tools.gesture.get() else {
            return None;
        };
        let refusal = match &preview {
            Some(Err(refusal)) => Some(refusal.0.clone()),
            _ => None,
        };
        let refused = refusal.is_some();
        let style = format!("transform: translate({}px, {}px)", pointer.x + 12.0, pointer.y + 12.0);
        Some(view! {
            <div class="drag-ghost" class:refused=refused style=style data-testid="drag-ghost">
                <div class="ghost-item">{icon_svg(tag, 24)}<span>{tag.title()}</span></div>
                {refusal.map(|reason| view! { <div class="ghost-reason">{reason}</div> })}
            </div>
        })
    }
}
