//! Keeping the tab's design in step with the room, without I/O: joining
//! with the edits made before, catching up after a reconnect before sending
//! again what the server has not acknowledged, and each message's effect on
//! the design. `session.rs` feeds it the socket's messages; tested natively.

use vpcraft_core::Design;
use vpcraft_core::collab::protocol::{Accepted, ClientMsg};
use vpcraft_core::collab::{Replica, Update, patch_between};

/// What a message did to the design the tab shows: the new design when it
/// changed, and things to tell the person.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    pub design: Option<Design>,
    pub notices: Vec<String>,
}

impl Changes {
    /// The changes of a replica's update, with its local design when it
    /// changed.
    fn of(update: Update, replica: &Replica) -> Self {
        Self { design: update.changed.then(|| replica.local().clone()), notices: update.notices }
    }
}

/// The tab's side of the room's order.
#[derive(Debug)]
pub struct Sync {
    session: String,
    /// None until the first `Welcome` with a design.
    pub replica: Option<Replica>,
    /// The design as last loaded or saved through the REST API: what the
    /// editor shows beyond it when the room is joined are local edits.
    pub rest_base: Option<Design>,
    /// After a reconnect, the pending edits go again once the catch-up
    /// reaches this sequence number, so that none is sent twice.
    resend_at: Option<u64>,
    /// Whether the current connection got its `Welcome`.
    welcomed: bool,
}

impl Sync {
    pub fn new(session: impl Into<String>) -> Self {
        Self {
            session: session.into(),
            replica: None,
            rest_base: None,
            resend_at: None,
            welcomed: false,
        }
    }

    pub fn session(&self) -> &str {
        &self.session
    }

    /// The sequence number to catch up from on reconnecting.
    pub fn since(&self) -> Option<u64> {
        self.replica.as_ref().map(Replica::seq)
    }

    pub fn pending(&self) -> Option<usize> {
        self.replica.as_ref().map(Replica::pending)
    }

    /// Forgets the connection (closed or lost); the replica stays.
    pub fn disconnected(&mut self) {
        self.welcomed = false;
        self.resend_at = None;
    }

    /// Forgets everything, as when another design is opened.
    pub fn restart(&mut self) {
        self.disconnected();
        self.replica = None;
    }

    /// A change this person made: the message to send now, if the link is
    /// up and caught up (otherwise the edit waits in the replica).
    pub fn edit(&mut self, after: &Design) -> Option<ClientMsg> {
        let msg = self.replica.as_mut()?.edit(after)?;
        (self.welcomed && self.resend_at.is_none()).then_some(msg)
    }

    /// (Re)joins: on the first `Welcome` the replica starts from the
    /// server's design with the edits made before joining (`current`
    /// against the REST base) on top; after a reconnect it starts again
    /// from a fresh design, or catches up first. Returns the change to show
    /// and the messages to send.
    pub fn welcome(
        &mut self,
        seq: u64,
        design: Option<Design>,
        can_edit: bool,
        current: &Design,
    ) -> (Changes, Vec<ClientMsg>) {
        self.welcomed = true;
        self.resend_at = None;
        let mut update = Changes::default();
        let mut out = Vec::new();
        match (self.replica.as_mut(), design) {
            (None, Some(design)) => {
                let mut replica = Replica::new(self.session.clone(), design, seq);
                let mut local = replica.local().clone();
                if can_edit {
                    let early = self.rest_base.as_ref().map(|base| patch_between(base, current));
                    if let Some(early) = early.filter(|p| !p.is_empty())
                        && let Err(error) = early.apply(&mut local)
                    {
                        update.notices.push(format!(
                            "Your changes made before joining were not applied: {error}"
                        ));
                    }
                    // A design stored without a layout is laid out once,
                    // for everyone.
                    vpcraft_core::layout::place_missing(&mut local);
                    out.extend(replica.edit(&local));
                }
                if local != *current {
                    update.design = Some(local);
                }
                self.replica = Some(replica);
            }
            (Some(replica), Some(design)) => {
                update = Changes::of(replica.reset(design, seq), replica);
                out.extend(replica.resend());
            }
            (Some(replica), None) if replica.seq() >= seq => out.extend(replica.resend()),
            (Some(_), None) => self.resend_at = Some(seq),
            // The server owes a design to a tab without one; nothing to do
            // until it sends one.
            (None, None) => {}
        }
        (update, out)
    }

    /// An accepted edit; once the catch-up after a reconnect is complete,
    /// the pending edits go again.
    pub fn accepted(&mut self, edit: &Accepted) -> (Changes, Vec<ClientMsg>) {
        let Some(replica) = self.replica.as_mut() else {
            return Default::default();
        };
        let update = Changes::of(replica.accepted(edit), replica);
        let mut out = Vec::new();
        if self.resend_at.is_some_and(|at| replica.seq() >= at) {
            self.resend_at = None;
            out = replica.resend();
        }
        (update, out)
    }

    /// An edit of this tab the server refused.
    pub fn rejected(&mut self, client_seq: u64, reason: &str) -> Changes {
        let Some(replica) = self.replica.as_mut() else { return Changes::default() };
        Changes::of(replica.rejected(client_seq, reason), replica)
    }

    /// The design replaced outside the room.
    pub fn reset(&mut self, design: Design, seq: u64) -> Changes {
        let Some(replica) = self.replica.as_mut() else { return Changes::default() };
        Changes::of(replica.reset(design, seq), replica)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpcraft_core::collab::Patch;
    use vpcraft_core::model::Rect;
    use vpcraft_core::{Resource, ResourceId};

    fn vpc(id: &str) -> Resource {
        let json = serde_json::json!({ "id": id, "name": id, "type": "vpc", "cidr_blocks": ["10.0.0.0/16"] });
        serde_json::from_value(json).expect("a VPC")
    }

    fn design() -> Design {
        let mut design = Design::new("d");
        for (i, id) in ["a", "b"].iter().enumerate() {
            design.resources.push(vpc(id));
            let rect = Rect::new(40.0 + 700.0 * i as f64, 40.0, 600.0, 400.0);
            design.layout.positions.insert(ResourceId::new(*id), rect);
        }
        design
    }

    fn renamed(design: &Design, id: &str, name: &str) -> Design {
        let mut d = design.clone();
        d.resource_mut(&ResourceId::new(id)).unwrap().name = name.into();
        d
    }

    fn name(design: &Design, id: &str) -> String {
        design.resource(&ResourceId::new(id)).unwrap().name.clone()
    }

    fn edit_seq(msg: &ClientMsg) -> u64 {
        match msg {
            ClientMsg::Edit { client_seq, .. } => *client_seq,
            other => panic!("not an edit: {other:?}"),
        }
    }

    fn patch_of(msg: &ClientMsg) -> Patch {
        match msg {
            ClientMsg::Edit { patch, .. } => patch.clone(),
            other => panic!("not an edit: {other:?}"),
        }
    }

    /// An edit as the server accepts it, from another tab.
    fn theirs(seq: u64, patch: Patch) -> Accepted {
        Accepted { seq, session: "other".into(), client_seq: 1, author: "b@x".into(), patch }
    }

    fn mine(seq: u64, msg: &ClientMsg) -> Accepted {
        Accepted {
            seq,
            session: "me".into(),
            client_seq: edit_seq(msg),
            author: "a@x".into(),
            patch: patch_of(msg),
        }
    }

    #[test]
    fn joining_keeps_edits_made_before_and_takes_others_made_since() {
        let base = design();
        let mut sync = Sync::new("me");
        sync.rest_base = Some(base.clone());
        // I renamed a before the Welcome; someone renamed b since my load.
        let current = renamed(&base, "a", "mine");
        let server = renamed(&base, "b", "theirs");
        let (update, out) = sync.welcome(3, Some(server), true, &current);
        let shown = update.design.expect("the design changes");
        assert_eq!((name(&shown, "a"), name(&shown, "b")), ("mine".into(), "theirs".into()));
        assert_eq!(out.len(), 1, "my early edit is sent");
        assert_eq!(patch_of(&out[0]).ops.len(), 1);
        assert_eq!(sync.pending(), Some(1));
    }

    #[test]
    fn a_viewer_joins_without_sending_anything() {
        let base = design();
        let mut sync = Sync::new("me");
        sync.rest_base = Some(base.clone());
        let current = renamed(&base, "a", "typed before knowing");
        let (update, out) = sync.welcome(1, Some(base.clone()), false, &current);
        assert!(out.is_empty());
        assert_eq!(update.design, Some(base));
    }

    #[test]
    fn after_a_reconnect_pending_edits_go_again_once_caught_up() {
        let base = design();
        let mut sync = Sync::new("me");
        let (_, out) = sync.welcome(5, Some(base.clone()), true, &base);
        assert!(out.is_empty());
        let live = sync.edit(&renamed(&base, "a", "sent")).expect("sent at once");
        sync.disconnected();
        // Offline: edits wait.
        let local = renamed(&renamed(&base, "a", "sent"), "b", "offline");
        assert!(sync.edit(&local).is_none());
        assert_eq!(sync.since(), Some(5));

        // Back: the server accepted the first before the drop, and someone
        // else edited since; nothing is sent until the catch-up ends.
        let (_, out) = sync.welcome(7, None, true, &local);
        assert!(out.is_empty());
        let (_, out) = sync.accepted(&mine(6, &live));
        assert!(out.is_empty());
        let (update, out) =
            sync.accepted(&theirs(7, patch_between(&base, &renamed(&base, "a", "x"))));
        assert_eq!(out.len(), 1, "only the unacknowledged edit goes again");
        assert_eq!(edit_seq(&out[0]), 2);
        let shown = update.design.expect("their edit shows");
        assert_eq!((name(&shown, "a"), name(&shown, "b")), ("x".into(), "offline".into()));
        // Live again: the next edit goes at once.
        assert!(sync.edit(&renamed(&shown, "a", "y")).is_some());
    }

    #[test]
    fn a_reconnect_with_nothing_missed_resends_at_once() {
        let base = design();
        let mut sync = Sync::new("me");
        sync.welcome(2, Some(base.clone()), true, &base);
        sync.disconnected();
        assert!(sync.edit(&renamed(&base, "a", "offline")).is_none());
        let (_, out) = sync.welcome(2, None, true, &base);
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn an_edit_of_something_deleted_meanwhile_is_dropped_with_a_notice() {
        let base = design();
        let mut sync = Sync::new("me");
        sync.welcome(1, Some(base.clone()), true, &base);
        sync.edit(&renamed(&base, "b", "mine")).expect("sent");
        let mut deleted = base.clone();
        deleted.resources.retain(|r| r.id.as_str() != "b");
        deleted.layout.positions.remove(&ResourceId::new("b"));
        let (update, _) = sync.accepted(&theirs(2, patch_between(&base, &deleted)));
        assert!(update.notices[0].contains("no longer exists"), "{:?}", update.notices);
        assert_eq!(update.design, Some(deleted));
        assert_eq!(sync.pending(), Some(0));
        // The server's refusal of it that follows changes nothing more.
        assert_eq!(sync.rejected(1, "b is gone"), Changes::default());
    }

    #[test]
    fn a_reset_keeps_pending_edits_on_the_new_design() {
        let base = design();
        let mut sync = Sync::new("me");
        sync.welcome(1, Some(base.clone()), true, &base);
        sync.disconnected();
        sync.edit(&renamed(&base, "a", "mine"));
        let saved = renamed(&base, "b", "saved elsewhere");
        let (update, out) = sync.welcome(9, Some(saved), true, &base);
        let shown = update.design.expect("the new design");
        assert_eq!(
            (name(&shown, "a"), name(&shown, "b")),
            ("mine".into(), "saved elsewhere".into())
        );
        assert_eq!(out.len(), 1);
    }
}
