//! The WebSocket to a design's room: JSON text frames in and out, and a
//! callback when it closes, through web-sys.

use vpcraft_core::collab::protocol::ClientMsg;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// An open (or opening) socket with its event handlers, which live as long
/// as it does.
pub struct Socket {
    ws: WebSocket,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl Socket {
    /// Opens a socket to `url` naming `protocols`, calling `on_text` with
    /// every text frame and `on_close` with the close code once when it
    /// closes or fails to open. `None` when the
    /// browser refuses the address.
    pub fn open(
        url: &str,
        protocols: &[&str],
        mut on_text: impl FnMut(String) + 'static,
        mut on_close: impl FnMut(u16) + 'static,
    ) -> Option<Self> {
        let ws = if protocols.is_empty() {
            WebSocket::new(url).ok()?
        } else {
            let names: js_sys::Array = protocols.iter().map(|p| JsValue::from_str(p)).collect();
            WebSocket::new_with_str_sequence(url, &names).ok()?
        };
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            if let Some(text) = ev.data().as_string() {
                on_text(text);
            }
        });
        let on_close =
            Closure::<dyn FnMut(CloseEvent)>::new(move |ev: CloseEvent| on_close(ev.code()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // A failed handshake (a 404 for a non-member included) fires
        // `error` then `close`: the close is enough.
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Some(Self { ws, _on_message: on_message, _on_close: on_close })
    }

    /// Sends a message when the socket is open; otherwise it is dropped,
    /// and the replica sends its pending edits again after reconnecting.
    /// (A socket is opened only once the messages' module is loaded, so
    /// the message is always written.)
    pub fn send(&self, msg: &ClientMsg) {
        if self.ws.ready_state() != WebSocket::OPEN {
            return;
        }
        if let Some(Ok(text)) = super::wire::write_now(msg) {
            let _ = self.ws.send_with_str(&text);
        }
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

/// Drops a socket after the current event is handled: a handler must not
/// drop the closure that is running it.
pub fn dispose(socket: Socket) {
    wasm_bindgen_futures::spawn_local(async move { drop(socket) });
}
