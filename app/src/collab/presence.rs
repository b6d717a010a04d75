//! Seeing the others in the room: their cursors and selections over the
//! canvas, in their colours, and their initials in the top bar.

use super::VIEW_ONLY;
use super::link::{initials, safe_colour};
use crate::state::Editor;
use crate::tools::Tools;
use leptos::prelude::*;
use vpcraft_core::collab::protocol::Peer;

/// The longest name shown beside a cursor, in characters.
const LABEL_CHARS: usize = 24;
/// Approximate width of a character of the label's font, in pixels.
const CHAR_W: f64 = 6.6;

/// The others' selections and cursors, drawn in the canvas's interactive
/// overlay (canvas coordinates). Cursors keep their size at any zoom.
#[component]
pub fn PeerLayer() -> impl IntoView {
    let editor = Editor::use_context();
    let tools = Tools::use_context();
    let room = editor.room;
    let selections = move || {
        let peers = room.peers.get();
        editor.design.with(|design| {
            peers
                .iter()
                .flat_map(|peer| {
                    let colour = style(peer);
                    peer.selection.iter().filter_map(move |id| {
                        let r = *design.layout.positions.get(id)?;
                        let colour = colour.clone();
                        Some(view! {
                            <rect class="peer-selection" data-testid="peer-selection" data-peer=peer.name.clone()
                                data-id=id.to_string() style=colour
                                x=r.x - 6.0 y=r.y - 6.0 width=r.w + 12.0 height=r.h + 12.0 rx="9" />
                        })
                    })
                })
                .collect_view()
        })
    };
    let cursors = move || {
        let scale = 1.0 / tools.viewport.with(|v| v.zoom);
        room.peers
            .get()
            .into_iter()
            .filter_map(|peer| {
                let at = peer.cursor?;
                let name = label(&peer.name);
                let width = name.chars().count() as f64 * CHAR_W + 12.0;
                Some(view! {
                    <g class="peer-cursor" data-testid="peer-cursor" data-peer=peer.name.clone() style=style(&peer)
                        transform=format!("translate({} {}) scale({scale})", at.x, at.y)>
                        <path class="peer-arrow" d="M0 0 L0 17 L4.6 12.6 L7.8 19.6 L10.6 18.4 L7.5 11.6 L13.5 11.6 Z" />
                        <rect class="peer-label-bg" x="11" y="18" width=width height="19" rx="5" />
                        <text class="peer-label" x="17" y="31">{name}</text>
                    </g>
                })
            })
            .collect_view()
    };
    view! {
        <g class="peers">
            {selections}
            {cursors}
        </g>
    }
}

/// The people in the room as coloured initials, with a "View only" badge
/// when this person may not edit.
#[component]
pub fn PeerChips() -> impl IntoView {
    let editor = Editor::use_context();
    let room = editor.room;
    // Chips are redrawn when someone joins or leaves, not when they move.
    let people = Memo::new(move |_| {
        room.peers.with(|peers| {
            peers
                .iter()
                .map(|p| (p.id.clone(), p.name.clone(), style(p), p.can_edit))
                .collect::<Vec<_>>()
        })
    });
    view! {
        {move || (!room.can_edit.get()).then(|| view! {
            <span class="view-only-badge" data-testid="view-only" title=VIEW_ONLY>"View only"</span>
        })}
        <div class="peer-chips" data-testid="peer-chips">
            {move || people.get().into_iter().map(|(id, name, colour, can_edit)| {
                let title = if can_edit { name.clone() } else { format!("{name} (viewing)") };
                view! {
                    <span class="peer-chip" data-testid="peer-chip" data-peer=id title=title
                        aria-label=name.clone() style=colour>
                        {initials(&name)}
                    </span>
                }
            }).collect_view()}
        </div>
    }
}

/// The style attribute giving an element the person's colour.
fn style(peer: &Peer) -> String {
    format!("--peer: {}", safe_colour(&peer.colour, &peer.id))
}

/// A name short enough for the cursor's label.
fn label(name: &str) -> String {
    if name.chars().count() <= LABEL_CHARS {
        name.to_owned()
    } else {
        let kept: String = name.chars().take(LABEL_CHARS - 1).collect();
        format!("{kept}…")
    }
}
