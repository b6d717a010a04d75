//! A design's room: an actor task that owns the design at its edit
//! sequence, accepts edits in order, stores them before acknowledging them,
//! and saves revisions after a pause.

use super::Hub;

mod log;
mod push;

pub use push::REVIEWS_CHANNEL;

use crate::AppState;
use log::accepted;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use vpcraft_core::Design;
use vpcraft_core::collab::Patch;
use vpcraft_core::collab::protocol::{Accepted, Peer, Point, ServerMsg};

/// How many commands queue for a room before senders wait.
const QUEUE: usize = 4096;
/// How many edits one store takes at most.
const BATCH: usize = 512;
/// How many messages wait for a slow connection before it is dropped (it
/// reconnects and catches up).
pub const OUTBOX: usize = 1024;
/// A revision is saved this long after the last edit...
const QUIET: Duration = Duration::from_millis(1000);
/// ... or this long after the first unsaved one, whichever comes first.
const AT_MOST: Duration = Duration::from_secs(5);
/// How many edits the log keeps behind the latest revision, for clients
/// that reconnect to catch up from.
const KEEP_EDITS: i64 = 2000;
/// Presence of people on other processes not heard of for this long is
/// dropped (their process may have died).
const PRESENCE_TTL: Duration = Duration::from_secs(45);
/// How often this process repeats its people's presence to the others.
const PRESENCE_BEAT: Duration = Duration::from_secs(15);

/// What a room is told.
pub enum Command {
    Join(Box<Join>),
    Leave {
        peer: String,
    },
    Edit {
        peer: String,
        client_seq: u64,
        patch: Patch,
    },
    Presence {
        peer: String,
        cursor: Option<Point>,
        selection: Vec<vpcraft_core::ResourceId>,
    },
    /// Another process stored edits up to this sequence number.
    Poke {
        seq: i64,
    },
    /// Another process's person moved, joined (`Some`) or left (`None`).
    Remote {
        id: String,
        peer: Option<Peer>,
    },
    /// A comment thread of the design changed: read it and pass it on.
    Thread {
        thread: String,
    },
    /// A person asks to save a revision now with a message.
    Save {
        peer: String,
        message: String,
    },
    /// Another process's room saved this revision: pass it on.
    Saved {
        revision: i64,
    },
    /// The design's reviews changed: read them and pass them on.
    Reviews,
}

/// A person's connection joining.
pub struct Join {
    pub peer: Peer,
    pub user_id: String,
    pub session: String,
    pub since: Option<u64>,
    pub out: mpsc::Sender<Arc<str>>,
}

struct Client {
    peer: Peer,
    user_id: String,
    session: String,
    out: mpsc::Sender<Arc<str>>,
}

struct Room {
    state: AppState,
    hub: Hub,
    id: String,
    design: Design,
    seq: i64,
    head_revision: i64,
    /// The edit the head revision includes.
    saved_seq: i64,
    first_unsaved: Option<Instant>,
    last_edit: Instant,
    last_author: Option<String>,
    clients: HashMap<String, Client>,
    remote: HashMap<String, (Peer, Instant)>,
    /// The last accepted edit of each tab, so that an edit sent again after
    /// a reconnect is not applied twice.
    sessions: HashMap<String, u64>,
}

/// Starts the room of `design`; it loads the design, then serves commands
/// until its last person leaves.
pub fn start(state: AppState, design: String) -> mpsc::Sender<Command> {
    let (tx, rx) = mpsc::channel(QUEUE);
    let me = tx.clone();
    tokio::spawn(async move {
        let hub = state.hub.clone();
        match Room::load(state, design.clone()).await {
            Ok(room) => room.run(rx, me).await,
            Err(e) => {
                tracing::error!(design, error = ?e, "cannot open the room");
                hub.stopped(&design, &me);
            }
        }
    });
    tx
}

fn text(message: &ServerMsg) -> Arc<str> {
    serde_json::to_string(message).unwrap_or_default().into()
}

impl Room {
    async fn load(state: AppState, id: String) -> anyhow::Result<Self> {
        let (design, _, seq) = super::current(&state, &id)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .ok_or_else(|| anyhow::anyhow!("no design {id}"))?;
        let (_, head_revision) =
            state.db.edit_state(&id).await?.ok_or_else(|| anyhow::anyhow!("no design {id}"))?;
        let saved = state.db.load(&id, Some(head_revision)).await?.map_or(seq, |r| r.seq);
        let mut sessions = HashMap::new();
        for edit in state.db.edits_after(&id, saved - KEEP_EDITS, i64::MAX).await? {
            sessions.insert(edit.session, u64::try_from(edit.client_seq).unwrap_or(0));
        }
        Ok(Self {
            hub: state.hub.clone(),
            state,
            id,
            design,
            seq,
            head_revision,
            saved_seq: saved,
            first_unsaved: (seq > saved).then(Instant::now),
            last_edit: Instant::now(),
            last_author: None,
            clients: HashMap::new(),
            remote: HashMap::new(),
            sessions,
        })
    }

    async fn run(mut self, mut rx: mpsc::Receiver<Command>, me: mpsc::Sender<Command>) {
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        let mut beat = Instant::now();
        loop {
            tokio::select! {
                command = rx.recv() => {
                    let Some(command) = command else { break };
                    let mut commands = vec![command];
                    while commands.len() < BATCH {
                        match rx.try_recv() {
                            Ok(c) => commands.push(c),
                            Err(_) => break,
                        }
                    }
                    self.handle(commands).await;
                    if self.clients.is_empty() {
                        break;
                    }
                }
                _ = tick.tick() => {
                    if self.due() {
                        self.save().await;
                    }
                    let now = Instant::now();
                    self.remote.retain(|_, (_, seen)| now.duration_since(*seen) < PRESENCE_TTL);
                    if now.duration_since(beat) > PRESENCE_BEAT {
                        beat = now;
                        let peers: Vec<Peer> = self.clients.values().map(|c| c.peer.clone()).collect();
                        for peer in peers {
                            self.announce_presence(&peer.id, Some(&peer)).await;
                        }
                    }
                }
            }
        }
        // Stop taking commands: what was queued meanwhile (someone joining
        // as the last person left) goes to the room that starts next.
        self.hub.stopped(&self.id, &me);
        drop(me);
        rx.close();
        let mut late = Vec::new();
        while let Some(command) = rx.recv().await {
            late.push(command);
        }
        if !late.is_empty() {
            let (hub, state, id) = (self.hub.clone(), self.state.clone(), self.id.clone());
            tokio::spawn(async move {
                for command in late {
                    hub.send(&state, &id, command).await;
                }
            });
        }
        // Edits are in the log already: saving a revision only spares the
        // next reader the replay.
        if self.seq > self.saved_seq {
            self.save().await;
        }
    }

    async fn handle(&mut self, commands: Vec<Command>) {
        let mut edits = Vec::new();
        for command in commands {
            match command {
                Command::Edit { peer, client_seq, patch } => edits.push((peer, client_seq, patch)),
                other => {
                    if !edits.is_empty() {
                        self.store(std::mem::take(&mut edits)).await;
                    }
                    self.other(other).await;
                }
            }
        }
        if !edits.is_empty() {
            self.store(edits).await;
        }
    }

    async fn other(&mut self, command: Command) {
        match command {
            Command::Join(join) => self.join(*join).await,
            Command::Leave { peer } => {
                if self.clients.remove(&peer).is_some() {
                    self.broadcast(&ServerMsg::Left { peer: peer.clone() }, None);
                    self.announce_presence(&peer, None).await;
                }
            }
            Command::Presence { peer, cursor, selection } => {
                let Some(client) = self.clients.get_mut(&peer) else { return };
                client.peer.cursor = cursor;
                client.peer.selection = selection;
                let peer = client.peer.clone();
                self.broadcast(&ServerMsg::Presence(peer.clone()), Some(&peer.id));
                self.announce_presence(&peer.id, Some(&peer)).await;
            }
            Command::Poke { seq } => {
                if seq > self.seq {
                    self.catch_up().await;
                }
            }
            Command::Remote { id, peer } => match peer {
                Some(peer) => {
                    self.broadcast(&ServerMsg::Presence(peer.clone()), None);
                    self.remote.insert(id, (peer, Instant::now()));
                }
                None => {
                    if self.remote.remove(&id).is_some() {
                        self.broadcast(&ServerMsg::Left { peer: id }, None);
                    }
                }
            },
            Command::Thread { thread } => match self.state.db.thread(&self.id, &thread).await {
                Ok(Some(thread)) => self.broadcast(&ServerMsg::Thread(Box::new(thread)), None),
                Ok(None) => {}
                Err(e) => tracing::error!(design = %self.id, error = ?e, "cannot read a thread"),
            },
            Command::Save { peer, message } => self.save_now(&peer, message).await,
            Command::Saved { revision } => self.saved(revision).await,
            Command::Reviews => self.reviews().await,
            Command::Edit { .. } => {}
        }
    }

    async fn join(&mut self, join: Join) {
        let Join { peer, user_id, session, since, out } = join;
        let peers: Vec<Peer> = self
            .clients
            .values()
            .map(|c| c.peer.clone())
            .chain(self.remote.values().map(|(p, _)| p.clone()))
            .collect();
        let catch_up = match since {
            Some(since) => self.missed(since).await,
            None => None,
        };
        let welcome = |design: Option<Box<Design>>, notice: Option<String>| ServerMsg::Welcome {
            you: peer.id.clone(),
            seq: u64::try_from(self.seq).unwrap_or(0),
            design,
            can_edit: peer.can_edit,
            peers: peers.clone(),
            notice,
        };
        let mut messages = Vec::new();
        match catch_up {
            Some(missed) => {
                messages.push(text(&welcome(None, None)));
                messages.extend(missed.iter().map(|a| text(&ServerMsg::Accepted(a.clone()))));
            }
            None => {
                let notice = since.map(|_| {
                    "You were away too long to catch up: the design was reloaded.".to_owned()
                });
                messages.push(text(&welcome(Some(Box::new(self.design.clone())), notice)));
            }
        }
        for message in messages {
            if out.try_send(message).is_err() {
                return;
            }
        }
        self.broadcast(&ServerMsg::Presence(peer.clone()), None);
        self.announce_presence(&peer.id, Some(&peer)).await;
        self.clients.insert(peer.id.clone(), Client { peer, user_id, session, out });
    }

    /// The accepted edits after `since` when the log still has them all
    /// (and no save replaced the design meanwhile); `None` when the client
    /// must start again from the design.
    async fn missed(&self, since: u64) -> Option<Vec<Accepted>> {
        let since = i64::try_from(since).ok()?;
        if since > self.seq {
            return None;
        }
        if since == self.seq {
            return Some(Vec::new());
        }
        let rows = self.state.db.edits_after(&self.id, since, self.seq - since).await.ok()?;
        let complete = rows.len() as i64 == self.seq - since
            && rows.first().is_some_and(|r| r.seq == since + 1)
            && rows.iter().all(|r| r.reset_revision.is_none() && r.seq <= self.seq);
        if !complete {
            return None;
        }
        rows.into_iter().map(|row| accepted(&row)).collect()
    }

    /// Sends a message to everyone here but `except`; a connection too slow
    /// to take it is dropped (it reconnects and catches up).
    fn broadcast(&mut self, message: &ServerMsg, except: Option<&str>) {
        let text = text(message);
        self.clients.retain(|id, client| {
            Some(id.as_str()) == except || client.out.try_send(Arc::clone(&text)).is_ok()
        });
    }

    /// Tells the other processes about a person here.
    async fn announce_presence(&self, id: &str, peer: Option<&Peer>) {
        if self.state.db.listen_url().is_none() {
            return;
        }
        let payload = serde_json::json!({
            "design": self.id, "process": self.hub.process(), "id": id, "peer": peer,
        });
        if let Err(e) =
            self.state.db.notify(crate::db::edits::PRESENCE_CHANNEL, &payload.to_string()).await
        {
            tracing::debug!(error = ?e, "cannot announce presence");
        }
    }
}
