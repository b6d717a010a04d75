//! Live co-editing in the browser: this tab's link to the room of the
//! design it has open, where everyone editing it sees each other's edits
//! as they are made.
//!
//! The [`Room`] owns a WebSocket (`connection.rs`) and the core's
//! [`Replica`]: the design as the server confirmed it plus this tab's edits
//! in flight, kept in step with the room's order by `sync.rs` (pure). The
//! editor hands every change to [`Room::local_edit`]; what the server sends
//! (others' edits, refusals, resets) comes back as a new design that
//! replaces the editor's without touching its undo history (`session.rs`). The link reconnects with backoff and sends what was not
//! acknowledged again; while it holds the design the REST autosave stays
//! off. `presence.rs` draws the others' cursors, selections and chips.
//! The messages' JSON code is a wasm module of its own (`wire.rs`), fetched
//! before the first socket opens.

mod connection;
pub mod link;
mod presence;
mod session;
mod sync;
mod wire;

pub use presence::{PeerChips, PeerLayer};

use crate::state::Editor;
use crate::tools::{ClientPoint, Tools};
use connection::{Socket, dispose};
use leptos::ev;
use leptos::prelude::*;
use link::{LINK_GONE, Link, SHARE_PROTOCOL, Throttle, backoff, room_url, shared_room_url};
use std::time::Duration;
use sync::Sync;
use vpcraft_core::Design;
use vpcraft_core::collab::protocol::{ClientMsg, Peer};

/// At most this many presence messages per second.
const PRESENCE_PER_SECOND: f64 = 20.0;

/// An edit is sent at the latest this long after it was made, when no
/// frame was drawn meanwhile (see [`Room::edited`]).
const FLUSH_AT_THE_LATEST: Duration = Duration::from_millis(100);

/// The message shown when a viewer tries to change the design.
pub const VIEW_ONLY: &str = "You can view this design but not edit it";

/// This tab's link to the room: reactive state for the views, and the
/// socket and replica behind it.
#[derive(Clone, Copy)]
pub struct Room {
    pub link: RwSignal<Link>,
    /// Everyone else in the room.
    pub peers: RwSignal<Vec<Peer>>,
    /// False for a viewer: the editor is read-only.
    pub can_edit: RwSignal<bool>,
    /// How many of this tab's edits the server has not acknowledged.
    pub pending: RwSignal<usize>,
    /// Whether the browser says it is online.
    pub online: RwSignal<bool>,
    inner: StoredValue<Inner, LocalStorage>,
}

/// The parts that are not reactive (and not `Send`).
struct Inner {
    /// This tab's session (new on every page load), its replica and where
    /// it stands in the room's order.
    sync: Sync,
    design_id: Option<String>,
    socket: Option<Socket>,
    /// Counts sockets opened and closed, so that a late event of an old
    /// socket, or a retry timer set for it, is ignored.
    serial: u64,
    /// Failed attempts since the link was last up, for the backoff.
    failed: u32,
    /// This connection's peer ID in the room.
    you: String,
    throttle: Throttle,
    /// The pointer's last position and the tools to place it on the canvas.
    pointer: Option<(ClientPoint, Tools)>,
    /// The share link's token when a guest opened the design through one.
    share: Option<String>,
    /// Whether the editor's design holds an edit not yet handed to the
    /// replica (see [`Room::edited`]).
    due: bool,
    /// Where the messages' module (`wire.rs`) stands.
    wire: Wire,
}

/// Where the module that reads and writes the room's messages stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wire {
    Unloaded,
    Fetching,
    Loaded,
}

impl Inner {
    /// Closes the socket, if any; says whether there was one.
    fn close_socket(&mut self) -> bool {
        let Some(socket) = self.socket.take() else {
            return false;
        };
        dispose(socket);
        true
    }
}

impl Room {
    pub fn new() -> Self {
        let session = link::new_session_id(js_sys::Math::random);
        Self {
            link: RwSignal::new(Link::Closed),
            peers: RwSignal::new(Vec::new()),
            can_edit: RwSignal::new(true),
            pending: RwSignal::new(0),
            online: RwSignal::new(true),
            inner: StoredValue::new_local(Inner {
                sync: Sync::new(session),
                design_id: None,
                socket: None,
                serial: 0,
                failed: 0,
                you: String::new(),
                throttle: Throttle::new(1000.0 / PRESENCE_PER_SECOND),
                pointer: None,
                share: None,
                due: false,
                wire: Wire::Unloaded,
            }),
        }
    }

    /// Joins the room of the stored design the editor has open, follows it
    /// to another design, and leaves when none is stored; sends presence
    /// when the selection changes; goes offline and back with the browser.
    pub fn follow(self, editor: Editor) {
        self.online.set(web_sys::window().is_none_or(|w| w.navigator().on_line()));
        Effect::new(move |previous: Option<Option<String>>| {
            let id = editor.stored.with(|s| s.as_ref().map(|s| s.id.clone()));
            if previous.as_ref() != Some(&id) {
                self.switch_to(editor, id.clone());
            }
            id
        });
        Effect::new(move |_| {
            editor.selection.track();
            self.send_presence(editor);
        });
        let handles = [
            window_event_listener(ev::offline, move |_| {
                self.online.set(false);
                self.drop_socket();
            }),
            window_event_listener(ev::online, move |_| {
                self.online.set(true);
                self.inner.update_value(|i| i.failed = 0);
                self.open_if_idle(editor);
            }),
        ];
        on_cleanup(move || {
            handles.into_iter().for_each(|h| h.remove());
            self.inner.update_value(|i| {
                i.serial += 1;
                i.close_socket();
            });
        });
    }

    /// Makes this tab a guest holding the share link `token`: it joins the
    /// shared design's room through the link and can never edit.
    pub fn share(&self, token: String) {
        self.inner.update_value(|i| i.share = Some(token));
        self.can_edit.set(false);
    }

    /// The share link's token of a guest who opened the design through one.
    pub fn share_token(&self) -> Option<String> {
        self.inner.with_value(|i| i.share.clone())
    }

    /// True for a guest who opened the design through a share link.
    pub fn is_guest(&self) -> bool {
        self.inner.with_value(|i| i.share.is_some())
    }

    /// Notes the design as the server has it after a REST load or save.
    pub fn set_rest_base(&self, design: Design) {
        self.inner.update_value(|i| i.sync.rest_base = Some(design));
    }

    /// True when the room holds the design, so the REST autosave must not
    /// save (see [`Link::owns_saving`]).
    pub fn owns_saving(&self) -> bool {
        self.link.get_untracked().owns_saving()
    }

    /// True while joining for the first time: a REST save waits for the
    /// outcome.
    pub fn joining(&self) -> bool {
        self.link.get_untracked() == Link::Joining
    }

    /// The confirmed design and the one shown, when this tab has edits the
    /// server has not acknowledged, for the local draft.
    pub fn unconfirmed(&self, editor: Editor) -> Option<(Design, Design)> {
        self.flush(editor);
        self.inner.with_value(|i| {
            let replica = i.sync.replica.as_ref()?;
            (replica.pending() > 0).then(|| (replica.confirmed().clone(), replica.local().clone()))
        })
    }

    /// Asks the room to save the design as a revision now with `message`;
    /// false when the socket is not up (the caller saves over REST).
    pub fn save(&self, editor: Editor, message: &str) -> bool {
        self.flush(editor);
        self.inner
            .try_with_value(|i| match &i.socket {
                Some(socket) if self.link.get_untracked() == Link::Live => {
                    socket.send(&ClientMsg::Save { message: message.to_owned() });
                    true
                }
                _ => false,
            })
            .unwrap_or(false)
    }

    /// Notes that this person changed the editor's design. The change is
    /// diffed and sent once the frame showing it is drawn (edits made
    /// meanwhile go in the same message), so that the diff never delays
    /// what the person sees. Whatever reads the replica or replaces the
    /// editor's design first calls [`Room::flush`].
    pub fn edited(self, editor: Editor) {
        let first = self.inner.try_update_value(|i| !std::mem::replace(&mut i.due, true));
        if first == Some(true) {
            // Counted at once, so the status never says all is sent.
            self.pending.update(|n| *n += 1);
            // A timeout set in an animation frame runs after that frame; a
            // hidden tab draws no frames, so a later timeout sends it then.
            request_animation_frame(move || {
                set_timeout(move || self.flush(editor), Duration::ZERO)
            });
            set_timeout(move || self.flush(editor), FLUSH_AT_THE_LATEST);
        }
    }

    /// Hands an edit noted by [`Room::edited`] to the replica now, and
    /// sends it when the link is up (otherwise it waits in the replica).
    pub fn flush(&self, editor: Editor) {
        if self.inner.try_update_value(|i| std::mem::take(&mut i.due)) == Some(true) {
            editor.live(|design| self.local_edit(design));
        }
    }

    /// Records a change this person made, and sends it when the link is up
    /// (otherwise it waits in the replica).
    fn local_edit(&self, after: &Design) {
        let pending = self.inner.try_update_value(|i| {
            if let (Some(msg), Some(socket)) = (i.sync.edit(after), &i.socket) {
                socket.send(&msg);
            }
            // Without a replica the room's welcome will take the design.
            i.sync.pending().unwrap_or(0)
        });
        if let Some(pending) = pending {
            self.pending.set(pending);
        }
    }

    /// Follows the pointer for presence, sending at most
    /// [`PRESENCE_PER_SECOND`] updates, the last position always.
    pub fn pointer_moved(self, editor: Editor, tools: Tools, at: ClientPoint) {
        if self.link.get_untracked() != Link::Live {
            return;
        }
        let now = now_ms();
        let gate = self.inner.try_update_value(|i| {
            i.pointer = Some((at, tools));
            i.throttle.poll(now)
        });
        match gate {
            Some(link::Gate::Now) => self.send_presence(editor),
            Some(link::Gate::Later(wait)) => set_timeout(
                move || {
                    self.inner.update_value(|i| i.throttle.fired(now_ms()));
                    self.send_presence(editor);
                },
                Duration::from_millis(wait.ceil() as u64),
            ),
            Some(link::Gate::Due) | None => {}
        }
    }

    /// Sends where the pointer is on the canvas (nothing when it is off
    /// the canvas) and what is selected.
    fn send_presence(&self, editor: Editor) {
        if self.link.get_untracked() != Link::Live {
            return;
        }
        let selection = editor.selection.get_untracked();
        self.inner.with_value(|i| {
            let cursor = i.pointer.and_then(|(at, tools)| tools.canvas_point(at)).map(|p| {
                vpcraft_core::collab::protocol::Point {
                    x: (p.x * 10.0).round() / 10.0,
                    y: (p.y * 10.0).round() / 10.0,
                }
            });
            if let Some(socket) = &i.socket {
                socket.send(&ClientMsg::Presence { cursor, selection });
            }
        });
    }

    /// Leaves the current room and joins the one of `id`.
    fn switch_to(self, editor: Editor, id: Option<String>) {
        // The editor flushed before it showed the other design.
        self.inner.update_value(|i| {
            i.due = false;
            i.serial += 1;
            i.close_socket();
            i.design_id = id.clone();
            i.sync.restart();
            i.failed = 0;
        });
        self.peers.set(Vec::new());
        self.can_edit.set(!self.is_guest());
        self.pending.set(0);
        self.link.set(if id.is_some() { Link::Joining } else { Link::Closed });
        self.open_if_idle(editor);
    }

    /// Opens a socket to the room when there is a design and none is open,
    /// once the messages' module is loaded (fetching it first).
    fn open_if_idle(self, editor: Editor) {
        if !self.online.get_untracked() {
            return;
        }
        // The messages' module first: fetched once, by one caller at a time.
        let fetch = self.inner.try_update_value(|i| match i.wire {
            Wire::Loaded => Some(false),
            Wire::Unloaded if i.design_id.is_some() => {
                i.wire = Wire::Fetching;
                Some(true)
            }
            // No design to join, or the fetch under way opens the socket.
            Wire::Unloaded | Wire::Fetching => None,
        });
        match fetch.flatten() {
            Some(false) => {}
            Some(true) => return self.fetch_wire(editor),
            None => return,
        }
        let Some(location) = web_sys::window().map(|w| w.location()) else {
            return;
        };
        let protocol = location.protocol().unwrap_or_default();
        let host = location.host().unwrap_or_default();
        let opened = self.inner.try_update_value(|i| {
            let id = i.design_id.clone()?;
            if i.socket.is_some() {
                return Some(true);
            }
            i.serial += 1;
            let serial = i.serial;
            let id = String::from(js_sys::encode_uri_component(&id));
            let (url, protocols) = match &i.share {
                Some(token) => (
                    shared_room_url(&protocol, &host, i.sync.session(), i.sync.since()),
                    vec![SHARE_PROTOCOL, token.as_str()],
                ),
                None => (room_url(&protocol, &host, &id, i.sync.session(), i.sync.since()), vec![]),
            };
            i.sync.disconnected();
            i.socket = Socket::open(
                &url,
                &protocols,
                move |text| wire::handle_now(self, editor, serial, &text),
                move |code| self.on_close(editor, serial, code),
            );
            Some(i.socket.is_some())
        });
        if opened == Some(Some(false)) {
            self.retry_later(editor);
        }
    }

    /// Fetches the messages' module once the browser is idle (after the
    /// canvas is drawn, so it is not fetched beside the design), then opens
    /// the socket; when the fetch fails, the link is down and the next
    /// attempt fetches again.
    fn fetch_wire(self, editor: Editor) {
        request_idle_callback(move || self.fetch_wire_now(editor));
    }

    fn fetch_wire_now(self, editor: Editor) {
        leptos::task::spawn_local(async move {
            let loaded = wire::load().await.is_ok();
            let state = if loaded { Wire::Loaded } else { Wire::Unloaded };
            if self.inner.try_update_value(|i| i.wire = state).is_none() {
                return;
            }
            if loaded {
                self.open_if_idle(editor);
            } else {
                self.lost();
                self.retry_later(editor);
            }
        });
    }

    /// Closes the socket as though the connection was lost (the browser
    /// went offline): edits are kept, and the link comes back when online.
    fn drop_socket(&self) {
        let had = self.inner.try_update_value(|i| {
            i.serial += 1;
            i.sync.disconnected();
            i.close_socket()
        });
        if had == Some(true) {
            self.lost();
        }
    }

    /// The link is down: says so and forgets who was there.
    fn lost(&self) {
        self.peers.set(Vec::new());
        let joined = self.inner.with_value(|i| i.sync.replica.is_some());
        self.link.set(if joined { Link::Disconnected } else { Link::Unavailable });
    }

    fn on_close(self, editor: Editor, serial: u64, code: u16) {
        let ours = self.inner.try_update_value(|i| {
            if i.serial != serial {
                return false;
            }
            i.close_socket();
            i.sync.disconnected();
            true
        });
        if ours != Some(true) {
            return;
        }
        self.lost();
        if code == LINK_GONE {
            // The share link was revoked: no retry will open it again.
            self.inner.update_value(|i| i.serial += 1);
            editor.show_toast(
                "This share link was revoked or has expired",
                crate::state::ToastKind::Error,
            );
            return;
        }
        self.retry_later(editor);
    }

    /// Tries again after the backoff, unless the browser is offline (the
    /// `online` event reconnects then) or the design changed meanwhile.
    fn retry_later(self, editor: Editor) {
        if !self.online.get_untracked() {
            return;
        }
        let Some((serial, failed)) = self.inner.try_update_value(|i| {
            i.failed = i.failed.saturating_add(1);
            (i.serial, i.failed - 1)
        }) else {
            return;
        };
        set_timeout(
            move || {
                if self.inner.try_with_value(|i| i.serial == serial) == Some(true) {
                    self.open_if_idle(editor);
                }
            },
            backoff(failed),
        );
    }
}

impl Default for Room {
    fn default() -> Self {
        Self::new()
    }
}

/// Milliseconds since the page loaded.
fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
