//! One person's connection to a design's room: the upgrades (who may join,
//! from which page, or with which share link) and the loop that passes
//! frames both ways.

use super::Command;
use super::room::{Join, OUTBOX};
use crate::AppState;
use crate::auth::share::{SHARE_PROTOCOL, SharedLink};
use crate::auth::{Caller, Via, require};
use crate::db::Role;
use crate::error::ApiError;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use vpcraft_core::collab::protocol::{ClientMsg, Peer, colour_for};

/// The largest frame a client may send: a patch that adds a large part of
/// a design at once still fits.
const MAX_FRAME: usize = 4 * 1024 * 1024;
/// How often the server pings a quiet connection, and checks that the share
/// link a guest came in with is still live.
const PING: Duration = Duration::from_secs(20);
/// The close code a guest gets when the share link is revoked or expires.
const LINK_GONE: u16 = 4404;

#[derive(Deserialize)]
pub struct RoomQuery {
    session: String,
    since: Option<u64>,
}

/// `GET /api/designs/{id}/room`: upgrades to the room's WebSocket for any
/// member of the design; editors and owners may send edits.
pub async fn upgrade(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<RoomQuery>,
    ws: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    if caller.via == Via::Session {
        same_origin(&headers)?;
    }
    check_session(&query.session)?;
    let role = require(&state, &caller, &id, Role::Viewer, "joining the design's room").await?;
    let peer = Peer {
        id: uuid::Uuid::new_v4().simple().to_string(),
        name: caller.user.email.clone(),
        colour: colour_for(&caller.user.id).to_owned(),
        can_edit: role >= Role::Editor,
        cursor: None,
        selection: Vec::new(),
    };
    let join = Join {
        peer,
        user_id: caller.user.id,
        session: query.session,
        since: query.since,
        out: mpsc::channel(1).0,
    };
    Ok(ws
        .max_message_size(MAX_FRAME)
        .max_frame_size(MAX_FRAME)
        .on_upgrade(move |socket| serve(state, id, join, None, socket)))
}

/// `GET /api/shared/room`: upgrades to the room of the design a share link
/// opens, read-only. The token comes in the `X-Share-Token` header or, from
/// a browser, as the subprotocol after `vpcraft-share`.
pub async fn shared_upgrade(
    State(state): State<AppState>,
    Query(query): Query<RoomQuery>,
    link: SharedLink,
    ws: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    check_session(&query.session)?;
    let peer = Peer {
        id: uuid::Uuid::new_v4().simple().to_string(),
        name: "Guest with a link".into(),
        colour: colour_for(&link.token_hash).to_owned(),
        can_edit: false,
        cursor: None,
        selection: Vec::new(),
    };
    let join = Join {
        peer,
        user_id: String::new(),
        session: query.session,
        since: query.since,
        out: mpsc::channel(1).0,
    };
    Ok(ws
        .protocols([SHARE_PROTOCOL])
        .max_message_size(MAX_FRAME)
        .max_frame_size(MAX_FRAME)
        .on_upgrade(move |socket| serve(state, link.design.clone(), join, Some(link), socket)))
}

fn check_session(session: &str) -> Result<(), ApiError> {
    let valid = (1..=64).contains(&session.len())
        && session.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(ApiError::BadRequest("session must be 1 to 64 letters, digits, '-' or '_'".into()))
    }
}

/// A browser's WebSocket handshake carries the page's Origin, and the
/// session cookie rides along whatever page opened it: only the server's
/// own pages may open a room with it (a page of another site would
/// otherwise edit as the signed-in person).
fn same_origin(headers: &HeaderMap) -> Result<(), ApiError> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    let authority = origin.and_then(|o| o.split_once("://")).map(|(_, rest)| rest);
    match (authority, host) {
        (Some(authority), Some(host)) if authority == host => Ok(()),
        _ => Err(ApiError::Forbidden(
            "a room opened with a session cookie must come from the server's own page".into(),
        )),
    }
}

/// Passes frames between the socket and the room until either side ends.
/// A guest's share link (`share`) is checked again at
/// every ping, so a revoked or expired link closes the room within one.
async fn serve(
    state: AppState,
    design: String,
    mut join: Join,
    share: Option<SharedLink>,
    mut socket: WebSocket,
) {
    let (out, mut inbox) = mpsc::channel::<Arc<str>>(OUTBOX);
    join.out = out;
    let peer = join.peer.id.clone();
    let hub = state.hub.clone();
    hub.send(&state, &design, Command::Join(Box::new(join))).await;
    let mut revoked = hub.watch_revoked();
    let mut ping = tokio::time::interval(PING);
    ping.tick().await;
    loop {
        tokio::select! {
            message = inbox.recv() => {
                // The room dropped this connection (gone, too slow, or the
                // design deleted): close, and the client reconnects.
                let Some(message) = message else { break };
                if socket.send(Message::Text(message.as_ref().into())).await.is_err() {
                    break;
                }
            }
            frame = socket.recv() => {
                let Some(Ok(frame)) = frame else { break };
                let text = match frame {
                    Message::Text(text) => text,
                    Message::Close(_) => break,
                    _ => continue,
                };
                match serde_json::from_str::<ClientMsg>(&text) {
                    Ok(ClientMsg::Edit { client_seq, patch }) => {
                        hub.tell(&design, Command::Edit { peer: peer.clone(), client_seq, patch }).await;
                    }
                    Ok(ClientMsg::Save { message }) => {
                        hub.tell(&design, Command::Save { peer: peer.clone(), message }).await;
                    }
                    Ok(ClientMsg::Presence { cursor, selection }) => {
                        let selection = selection.into_iter().take(1000).collect();
                        hub.tell(&design, Command::Presence { peer: peer.clone(), cursor, selection }).await;
                    }
                    Err(e) => {
                        tracing::debug!(error = %e, "an unreadable room message");
                        let reason = format!("unreadable message: {e}");
                        let close = axum::extract::ws::CloseFrame { code: 1003, reason: reason.chars().take(120).collect::<String>().into() };
                        let _ = socket.send(Message::Close(Some(close))).await;
                        break;
                    }
                }
            }
            _ = revoked.changed(), if share.is_some() => {
                if !link_live(&state, share.as_ref()).await {
                    close_gone(&mut socket).await;
                    break;
                }
            }
            _ = ping.tick() => {
                if !link_live(&state, share.as_ref()).await {
                    close_gone(&mut socket).await;
                    break;
                }
                if socket.send(Message::Ping(Vec::new().into())).await.is_err() {
                    break;
                }
            }
        }
    }
    hub.tell(&design, Command::Leave { peer }).await;
}

/// True unless `share` is a link that no longer opens its design.
async fn link_live(state: &AppState, share: Option<&SharedLink>) -> bool {
    match share {
        None => true,
        Some(link) => link.is_live(state).await,
    }
}

async fn close_gone(socket: &mut WebSocket) {
    let close = axum::extract::ws::CloseFrame {
        code: LINK_GONE,
        reason: "the share link was revoked or has expired".into(),
    };
    let _ = socket.send(Message::Close(Some(close))).await;
}
