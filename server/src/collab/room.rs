//! A design's room: an actor task that owns the design at its edit
//! sequence, accepts edits in order, stores them before acknowledging them,
//! and saves revisions after a pause.

use super::Hub;
use crate::AppState;
use crate::db::edits::{AppendError, EditRow};
use crate::db::{Packed, codec};
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

    /// Applies, stores and then acknowledges a batch of edits; refused ones
    /// go back to their authors only.
    async fn store(&mut self, batch: Vec<(String, u64, Patch)>) {
        for _attempt in 0..5 {
            let mut working = self.design.clone();
            let mut rows = Vec::new();
            let mut refused = Vec::new();
            let mut sessions: HashMap<String, u64> = HashMap::new();
            for (peer, client_seq, patch) in &batch {
                let Some(client) = self.clients.get(peer) else { continue };
                if !client.peer.can_edit {
                    refused.push((
                        peer.clone(),
                        *client_seq,
                        "you can view this design but not edit it".to_owned(),
                    ));
                    continue;
                }
                let last = sessions
                    .get(&client.session)
                    .or_else(|| self.sessions.get(&client.session))
                    .copied()
                    .unwrap_or(0);
                if *client_seq <= last {
                    // Sent again after a reconnect: already applied.
                    continue;
                }
                match patch.apply(&mut working) {
                    Ok(()) => {
                        sessions.insert(client.session.clone(), *client_seq);
                        rows.push(EditRow {
                            seq: self.seq + rows.len() as i64 + 1,
                            session: client.session.clone(),
                            client_seq: i64::try_from(*client_seq).unwrap_or(i64::MAX),
                            author_id: Some(client.user_id.clone()),
                            author: client.peer.name.clone(),
                            patch: serde_json::to_string(patch).unwrap_or_default(),
                            reset_revision: None,
                        });
                    }
                    Err(e) => refused.push((peer.clone(), *client_seq, e.to_string())),
                }
            }
            if rows.is_empty() {
                self.refuse(refused);
                return;
            }
            match self.state.db.append_edits(&self.id, self.seq, &rows).await {
                Ok(()) => {
                    self.design = working;
                    self.seq += rows.len() as i64;
                    self.sessions.extend(sessions);
                    self.last_author = rows.last().and_then(|r| r.author_id.clone());
                    self.last_edit = Instant::now();
                    self.first_unsaved.get_or_insert(self.last_edit);
                    for row in &rows {
                        if let Some(message) = accepted(row) {
                            self.broadcast(&ServerMsg::Accepted(message), None);
                        }
                    }
                    self.refuse(refused);
                    return;
                }
                Err(AppendError::Conflict) => self.catch_up().await,
                Err(AppendError::NotFound) => {
                    self.refuse_all(&batch, "the design was deleted");
                    self.clients.clear();
                    return;
                }
                Err(AppendError::Db(e)) => {
                    tracing::error!(design = %self.id, error = ?e, "cannot store edits");
                    self.refuse_all(&batch, "the server could not store it; try again");
                    return;
                }
            }
        }
        self.refuse_all(&batch, "too many people were editing at once; try again");
    }

    fn refuse(&mut self, refused: Vec<(String, u64, String)>) {
        for (peer, client_seq, reason) in refused {
            if let Some(client) = self.clients.get(&peer) {
                let _ = client.out.try_send(text(&ServerMsg::Rejected { client_seq, reason }));
            }
        }
    }

    fn refuse_all(&mut self, batch: &[(String, u64, Patch)], reason: &str) {
        let refused =
            batch.iter().map(|(peer, seq, _)| (peer.clone(), *seq, reason.to_owned())).collect();
        self.refuse(refused);
    }

    /// Applies the edits other processes stored since this room's sequence
    /// and passes them on.
    async fn catch_up(&mut self) {
        let rows = match self.state.db.edits_after(&self.id, self.seq, i64::MAX).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::error!(design = %self.id, error = ?e, "cannot read edits");
                return;
            }
        };
        for row in rows {
            if let Some(revision) = row.reset_revision {
                self.reset(row.seq, revision, &row.author).await;
                continue;
            }
            let applied = serde_json::from_str::<Patch>(&row.patch)
                .map_err(|e| e.to_string())
                .and_then(|patch| patch.apply(&mut self.design).map_err(|e| e.to_string()));
            if let Err(e) = applied {
                tracing::error!(design = %self.id, seq = row.seq, error = %e, "a stored edit does not apply");
                self.reload().await;
                return;
            }
            self.seq = row.seq;
            self.sessions.insert(row.session.clone(), u64::try_from(row.client_seq).unwrap_or(0));
            self.first_unsaved.get_or_insert_with(Instant::now);
            if let Some(message) = accepted(&row) {
                self.broadcast(&ServerMsg::Accepted(message), None);
            }
        }
    }

    /// Starts again from the revision a REST save stored at `seq`.
    async fn reset(&mut self, seq: i64, revision: i64, author: &str) {
        let loaded = match self.state.db.load(&self.id, Some(revision)).await {
            Ok(Some(stored)) => codec::design(&stored.document).ok(),
            _ => None,
        };
        let Some(design) = loaded else {
            self.reload().await;
            return;
        };
        self.design = design;
        self.seq = seq;
        self.head_revision = self.head_revision.max(revision);
        self.saved_seq = seq;
        self.first_unsaved = None;
        self.broadcast(
            &ServerMsg::Reset {
                seq: u64::try_from(seq).unwrap_or(0),
                design: Box::new(self.design.clone()),
                notice: format!("{author} saved another version of the design: it was reloaded."),
            },
            None,
        );
    }

    /// Reads the whole design again and sends it to everyone.
    async fn reload(&mut self) {
        match Room::load(self.state.clone(), self.id.clone()).await {
            Ok(fresh) => {
                self.design = fresh.design;
                self.seq = fresh.seq;
                self.head_revision = fresh.head_revision;
                self.saved_seq = fresh.saved_seq;
                self.broadcast(
                    &ServerMsg::Reset {
                        seq: u64::try_from(self.seq).unwrap_or(0),
                        design: Box::new(self.design.clone()),
                        notice: "The design was reloaded from storage.".into(),
                    },
                    None,
                );
            }
            Err(e) => {
                tracing::error!(design = %self.id, error = ?e, "cannot reload the room");
                self.clients.clear();
            }
        }
    }

    fn due(&self) -> bool {
        self.seq > self.saved_seq
            && self.first_unsaved.is_some_and(|first| {
                self.last_edit.elapsed() >= QUIET || first.elapsed() >= AT_MOST
            })
    }

    /// Saves the design as a revision with its findings.
    async fn save(&mut self) {
        let design = self.design.clone();
        let packed = self
            .state
            .workers
            .run(move || {
                let findings = vpcraft_core::validate(&design);
                let packed = Packed::new(&design, &findings);
                (design.name, packed)
            })
            .await;
        let Ok((name, packed)) = packed else { return };
        let saved = self
            .state
            .db
            .snapshot(
                &self.id,
                self.head_revision,
                self.seq,
                &name,
                &packed,
                self.last_author.as_deref(),
                KEEP_EDITS,
            )
            .await;
        match saved {
            Ok(Some(revision)) => {
                self.head_revision = revision;
                self.saved_seq = self.seq;
                self.first_unsaved = None;
            }
            Ok(None) => {
                // Someone else saved first: learn the head, catch up, and
                // save again at the next pause if still needed.
                if let Ok(Some((_, head))) = self.state.db.edit_state(&self.id).await {
                    self.head_revision = head;
                    if let Ok(Some(stored)) = self.state.db.load(&self.id, Some(head)).await {
                        self.saved_seq = stored.seq;
                    }
                }
                self.catch_up().await;
                if self.seq <= self.saved_seq {
                    self.first_unsaved = None;
                }
            }
            Err(e) => tracing::error!(design = %self.id, error = ?e, "cannot save a revision"),
        }
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

fn accepted(row: &EditRow) -> Option<Accepted> {
    Some(Accepted {
        seq: u64::try_from(row.seq).ok()?,
        session: row.session.clone(),
        client_seq: u64::try_from(row.client_seq).ok()?,
        author: row.author.clone(),
        patch: serde_json::from_str(&row.patch).ok()?,
    })
}
