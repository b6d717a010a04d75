//! The selection toolbar: align and distribute buttons over the canvas,
//! shown while two or more icons are selected, each with a tooltip naming
//! its shortcut.

use crate::actions::{Alignment, icons};
use crate::shortcuts;
use crate::state::Editor;
use leptos::prelude::*;

#[component]
pub fn AlignBar() -> impl IntoView {
    let editor = Editor::use_context();
    // The design is read only while two or more resources are selected, so
    // editing one resource never recounts.
    let count = Memo::new(move |_| {
        let selection = editor.selection.get();
        if selection.len() < 2 {
            return 0;
        }
        editor.design.with(|d| icons(d, &selection).len())
    });
    move || {
        (count.get() >= 2).then(|| {
            view! {
                <div class="selection-toolbar" data-testid="align-bar" role="toolbar"
                    aria-label="Align and distribute">
                    {Alignment::ALL
                        .into_iter()
                        .map(|how| {
                            let divider = matches!(how, Alignment::Top | Alignment::DistributeHorizontally)
                                .then(|| view! { <span class="divider" /> });
                            view! { {divider} {button(editor, count, how)} }
                        })
                        .collect_view()}
                </div>
            }
        })
    }
}

fn button(editor: Editor, count: Memo<usize>, how: Alignment) -> impl IntoView {
    view! {
        <button class="icon-button" data-testid=format!("align-{}", how.key())
            title=format!("{} ({})", how.title(), how.shortcut()) aria-label=how.title()
            disabled=move || count.get() < how.minimum()
            on:click=move |_| shortcuts::align(editor, how)>
            <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true"><path d=glyph(how) /></svg>
        </button>
    }
}

/// The button's picture: the line the icons align on (or the two ends they
/// are spread between) and two boxes.
fn glyph(how: Alignment) -> &'static str {
    match how {
        Alignment::Left => "M4 3v18M7 6h10v4H7zM7 14h14v4H7z",
        Alignment::Centre => "M12 3v18M6 6h12v4H6zM4 14h16v4H4z",
        Alignment::Right => "M20 3v18M7 6h10v4H7zM3 14h14v4H3z",
        Alignment::Top => "M3 4h18M6 7h4v10H6zM14 7h4v14h-4z",
        Alignment::Middle => "M3 12h18M6 6h4v12H6zM14 4h4v16h-4z",
        Alignment::Bottom => "M3 20h18M6 7h4v10H6zM14 3h4v14h-4z",
        Alignment::DistributeHorizontally => "M3 3v18M21 3v18M9 7h6v10H9z",
        Alignment::DistributeVertically => "M3 3h18M3 21h18M7 9h10v6H7z",
    }
}
