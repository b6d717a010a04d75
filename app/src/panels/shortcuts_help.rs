//! The keyboard shortcuts sheet: a "?" button at the canvas's corner, or the
//! "?" key, lists every shortcut of the editor.

use crate::shortcuts::typing;
use leptos::ev;
use leptos::prelude::*;

/// The shortcuts, grouped as the sheet shows them. Ctrl is Cmd on a Mac.
const GROUPS: &[(&str, &[(&str, &str)])] = &[
    (
        "Edit",
        &[
            ("Ctrl Z", "Undo"),
            ("Ctrl Shift Z  ·  Ctrl Y", "Redo"),
            ("Ctrl C  ·  Ctrl X  ·  Ctrl V", "Copy, cut, paste"),
            ("Ctrl D", "Duplicate"),
            ("Delete  ·  Backspace", "Delete the selection"),
            ("Ctrl A", "Select everything"),
            ("Shift click", "Add to or remove from the selection"),
            ("Escape", "Cancel the gesture, clear the selection"),
            ("Ctrl S", "Save now"),
        ],
    ),
    (
        "Arrange",
        &[
            ("Arrow keys", "Nudge by one grid step"),
            ("Shift arrow keys", "Nudge by four grid steps"),
            ("Alt A  ·  Alt D", "Align left, align right"),
            ("Alt W  ·  Alt S", "Align top, align bottom"),
            ("Alt H  ·  Alt V", "Align centres, align middles"),
            ("Alt Shift H  ·  Alt Shift V", "Distribute across, distribute down"),
        ],
    ),
    (
        "View",
        &[
            ("Ctrl +  ·  Ctrl −", "Zoom in, zoom out"),
            ("Ctrl 0", "Zoom to 100%"),
            ("Shift 1", "Fit the design to the screen"),
            ("Ctrl wheel  ·  pinch", "Zoom at the pointer"),
            ("Wheel", "Scroll"),
            ("Space drag  ·  middle drag", "Pan"),
        ],
    ),
];

/// The "?" button and the sheet it opens.
#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let open = RwSignal::new(false);
    let listener = window_event_listener(ev::keydown, move |ev| {
        if ev.key() == "?" && !typing(&ev) && !ev.ctrl_key() && !ev.meta_key() {
            open.update(|o| *o = !*o);
        } else if ev.key() == "Escape" {
            open.set(false);
        }
    });
    on_cleanup(move || listener.remove());
    let close = move |_| open.set(false);
    view! {
        <button class="help-button" data-testid="shortcuts-button" title="Keyboard shortcuts (?)"
            aria-label="Keyboard shortcuts" on:click=move |_| open.set(true)>"?"</button>
        <Show when=move || open.get()>
            <div class="modal-backdrop" on:click=close>
                <div class="modal shortcuts" role="dialog" aria-label="Keyboard shortcuts"
                    data-testid="shortcuts-dialog" on:click=|ev| ev.stop_propagation()>
                    <header class="modal-header">
                        <h2>"Keyboard shortcuts"</h2>
                        <button class="icon-button" aria-label="Close" on:click=close>"×"</button>
                    </header>
                    <div class="shortcut-groups">
                        {GROUPS.iter().map(|(title, keys)| view! {
                            <section>
                                <h3>{*title}</h3>
                                <dl>
                                    {keys.iter().map(|(key, what)| view! {
                                        <dt>{key.split("  ·  ").map(|k| view! { <kbd>{k}</kbd> }).collect_view()}</dt>
                                        <dd>{*what}</dd>
                                    }).collect_view()}
                                </dl>
                            </section>
                        }).collect_view()}
                    </div>
                    <p class="muted">"On a Mac, Ctrl is ⌘."</p>
                </div>
            </div>
        </Show>
    }
}
