//! The editor state: the design being edited, its findings, the selection,
//! undo history, save status, the toast, the link to the design's room,
//! the design's comments, its history and its reviews, shared as one
//! context.

use crate::actions::{Action, Refusal};
use crate::collab::Room;
use crate::comments::Comments;
use crate::history::History;
use crate::keyed::KeyedSet;
use crate::reviews::Reviews;
use crate::revisions::{Revisions, Viewing};
use leptos::prelude::*;
use std::time::Duration;
use vpcraft_core::reach::{FlowReport, Verdict};
use vpcraft_core::{Design, Finding, ResourceId};

/// Where the design is stored on the server, once it has been saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub id: String,
    pub revision: u64,
}

/// What the save status text in the top bar says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    /// A new design nobody has changed yet.
    New,
    Unsaved,
    Saving,
    Saved,
    Loading,
    Failed(String),
}

impl SaveStatus {
    pub fn text(&self) -> String {
        match self {
            Self::New => "Not saved yet".into(),
            Self::Unsaved => "Unsaved changes".into(),
            Self::Saving => "Saving…".into(),
            Self::Saved => "Saved".into(),
            Self::Loading => "Loading…".into(),
            Self::Failed(message) => message.clone(),
        }
    }

    /// A short machine-readable state for styling.
    pub fn class(&self) -> &'static str {
        match self {
            Self::New | Self::Saved => "clean",
            Self::Unsaved => "dirty",
            Self::Saving | Self::Loading => "busy",
            Self::Failed(_) => "failed",
        }
    }
}

/// How a toast looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Error,
    /// Something that went well, such as a revision saved with a message.
    Info,
}

/// A short message over the canvas that disappears by itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub message: String,
    pub kind: ToastKind,
    serial: u64,
}

/// How long a toast stays on screen.
const TOAST_DURATION: Duration = Duration::from_millis(5000);

/// The editor's shared state. All fields are reactive handles, so the
/// struct is `Copy` and passed around freely.
#[derive(Clone, Copy)]
pub struct Editor {
    pub design: RwSignal<Design>,
    /// Counts changes to the design's semantics (not its layout), so that
    /// validation and reachability re-run only when they can change.
    pub semantic: RwSignal<u64>,
    /// The rule engine's findings on the current design, re-run on change.
    pub findings: Memo<Vec<Finding>>,
    /// Whether the network lets each flow through, re-run on change.
    pub reports: Memo<Vec<FlowReport>>,
    /// The monthly cost estimate, priced from the flows' paths.
    pub estimate: Memo<vpcraft_core::cost::Estimate>,
    /// The module of the checks behind the three memos above: until it is
    /// loaded they hold nothing (no findings, no verdicts, no estimate).
    pub checks: crate::lazy::SyncModule,
    /// The resources on the selected flow's path (or in its way), for the
    /// canvas to mark: `(ids, blocked)`.
    pub path: Memo<(Vec<ResourceId>, bool)>,
    pub selection: RwSignal<Vec<ResourceId>>,
    /// Resources named by the finding the user clicked, outlined on the
    /// canvas until the selection changes otherwise.
    pub highlight: RwSignal<Vec<ResourceId>>,
    /// The selection and the highlight, watched resource by resource, so
    /// that a click redraws only the nodes whose state changed.
    pub selected: KeyedSet,
    pub highlighted: KeyedSet,
    pub toast: RwSignal<Option<Toast>>,
    pub save_status: RwSignal<SaveStatus>,
    pub stored: RwSignal<Option<Stored>>,
    /// Counts changes, so a save can tell whether more came in meanwhile.
    pub edits: RwSignal<u64>,
    /// The room of the stored design, where others edit it too.
    pub room: Room,
    /// The comment threads of the stored design.
    pub comments: Comments,
    /// The stored design's revisions, and the old one on screen, if any.
    pub revisions: Revisions,
    /// The stored design's review requests and review state.
    pub reviews: Reviews,
    history: StoredValue<History>,
}

impl Editor {
    pub fn new(design: Design) -> Self {
        let design = RwSignal::new(design);
        let semantic = RwSignal::new(0_u64);
        // The checks are a wasm module of their own, fetched as the editor
        // starts; the canvas does not wait for them (see `crate::lazy`).
        let checks = crate::lazy::SyncModule::new();
        let findings = Memo::new(move |_| {
            semantic.track();
            design
                .with_untracked(|d| checks.call(crate::checks::load, || crate::checks::validate(d)))
                .unwrap_or_default()
        });
        let reports = Memo::new(move |_| {
            semantic.track();
            design
                .with_untracked(|d| checks.call(crate::checks::load, || crate::checks::reports(d)))
                .unwrap_or_default()
        });
        let estimate = Memo::new(move |_| {
            // Usage edits change the estimate but not the reports.
            semantic.track();
            reports
                .with(|reports| {
                    design.with_untracked(|d| {
                        checks.call(crate::checks::load, || crate::checks::estimate(d, reports))
                    })
                })
                .unwrap_or_default()
        });
        let selection = RwSignal::new(Vec::<ResourceId>::new());
        let path = Memo::new(move |_| {
            let Some(flow) = selection.with(|sel| match sel.as_slice() {
                [one] => Some(one.clone()),
                _ => None,
            }) else {
                return (Vec::new(), false);
            };
            reports.with(|all| match all.iter().find(|r| r.flow == flow).map(|r| &r.verdict) {
                Some(Verdict::Permitted { path }) => {
                    (path.iter().map(|h| h.resource.clone()).collect(), false)
                }
                Some(Verdict::Blocked { blockers, .. }) => {
                    let mut ids: Vec<ResourceId> = Vec::new();
                    for id in blockers.iter().flat_map(|b| &b.resources) {
                        if !ids.contains(id) {
                            ids.push(id.clone());
                        }
                    }
                    (ids, true)
                }
                None => (Vec::new(), false),
            })
        });
        let highlight = RwSignal::new(Vec::new());
        let (selected, highlighted) = (KeyedSet::new(), KeyedSet::new());
        Effect::new(move |_| selection.with(|sel| selected.set(sel.iter().cloned())));
        Effect::new(move |_| highlight.with(|ids| highlighted.set(ids.iter().cloned())));
        Self {
            design,
            semantic,
            findings,
            reports,
            estimate,
            checks,
            path,
            selection,
            highlight,
            selected,
            highlighted,
            toast: RwSignal::new(None),
            save_status: RwSignal::new(SaveStatus::New),
            stored: RwSignal::new(None),
            edits: RwSignal::new(0),
            room: Room::new(),
            comments: Comments::new(),
            revisions: Revisions::new(),
            reviews: Reviews::new(),
            history: StoredValue::new(History::default()),
        }
    }

    /// The editor provided by the app shell.
    pub fn use_context() -> Self {
        use_context::<Self>().expect("the app shell provides the editor")
    }

    /// Applies an action: on success records undo history, replaces the
    /// design, hands the change to the room and updates the selection; on
    /// refusal shows why in a toast and changes nothing. Returns whether the
    /// action was applied.
    pub fn dispatch(&self, action: impl Action) -> bool {
        if !self.may_edit() {
            return false;
        }
        // One copy of the design per edit, and one for the history.
        let mut after = self.design.with_untracked(Clone::clone);
        match timed("apply", || action.apply(&mut after)) {
            Ok(applied) => {
                let changed = self.design.with_untracked(|before| {
                    let changed = after != *before;
                    if changed {
                        let policy = action.undo_policy();
                        self.history.update_value(|h| h.record(before, &after, &policy));
                    }
                    changed
                });
                if changed {
                    self.design.set(after);
                    self.room.edited(*self);
                    if !(action.layout_only() || applied.layout_only) {
                        self.semantic.update(|n| *n += 1);
                    }
                    self.mark_changed();
                }
                if let Some(selection) = applied.select {
                    self.select(selection);
                }
                true
            }
            Err(Refusal(message)) => {
                self.show_toast(message, ToastKind::Error);
                false
            }
        }
    }

    /// True when this person may change the design; otherwise says so in a
    /// toast (a viewer in the design's room, or an old revision on screen).
    pub fn may_edit(&self) -> bool {
        if let Some(viewing) = self.revisions.viewing.get_untracked() {
            self.show_toast(
                format!(
                    "Revision {} is read-only: go back to the latest to edit",
                    viewing.revision
                ),
                ToastKind::Error,
            );
            return false;
        }
        let allowed = self.room.can_edit.get_untracked();
        if !allowed {
            self.show_toast(crate::collab::VIEW_ONLY, ToastKind::Error);
        }
        allowed
    }

    /// Whether the panels let this person edit (tracked): not a viewer, and
    /// no old revision on screen.
    pub fn can_edit(&self) -> bool {
        self.room.can_edit.get() && !self.revisions.is_viewing()
    }

    /// Reads `f` of the live design: the one kept aside while an old
    /// revision is on screen, else the one shown.
    pub fn live<R>(&self, f: impl FnOnce(&Design) -> R) -> R {
        let mut f = Some(f);
        if let Some(r) = self.revisions.with_live(|d| (f.take().expect("called once"))(d)) {
            return r;
        }
        self.design.with_untracked(|d| (f.take().expect("called once"))(d))
    }

    /// Shows an old revision read-only in place of the live design, which
    /// is kept aside (and kept current by the room) until [`show_live`].
    ///
    /// [`show_live`]: Self::show_live
    pub fn show_read_only(&self, design: Design, viewing: Viewing) {
        // An edit not yet sent goes to the room before the design changes.
        self.room.flush(*self);
        if !self.revisions.viewing.with_untracked(Option::is_some) {
            let live = self.design.get_untracked();
            self.revisions.set_aside(live, viewing);
            self.history.update_value(History::seal);
        } else {
            self.revisions.viewing.set(Some(viewing));
        }
        self.keep_existing(&design);
        self.highlight.set(Vec::new());
        self.design.set(design);
        self.semantic.update(|n| *n += 1);
    }

    /// Ends the view of an old revision: the live design is shown again as
    /// the room left it.
    pub fn show_live(&self) {
        if let Some(live) = self.revisions.take_live() {
            self.keep_existing(&live);
            self.design.set(live);
            self.semantic.update(|n| *n += 1);
        }
    }

    /// Selects resources, ending any highlight of a finding's resources.
    pub fn select(&self, ids: Vec<ResourceId>) {
        self.highlight.set(Vec::new());
        self.selection.set(ids);
    }

    /// Selects the first resource a finding names and outlines all of them.
    pub fn focus_finding(&self, ids: Vec<ResourceId>) {
        self.selection.set(ids.first().cloned().into_iter().collect());
        self.highlight.set(ids);
    }

    /// Ends the current coalescing undo step (a drag or a field edit).
    pub fn seal_history(&self) {
        self.history.update_value(History::seal);
    }

    /// Reverts this person's last step on the current design, keeping what
    /// others changed since; a step whose resources are gone is dropped
    /// with the reason.
    pub fn undo(&self) {
        self.replay(History::undo, History::drop_undone, "undo");
    }

    /// Replays this person's last undone step on the current design.
    pub fn redo(&self) {
        self.replay(History::redo, History::drop_redone, "redo");
    }

    /// Takes a step from the history and applies it to the current design,
    /// or drops it with a toast when it no longer applies.
    fn replay(
        &self,
        take: fn(&mut History) -> Option<crate::history::Revert>,
        drop: fn(&mut History),
        verb: &str,
    ) {
        if !self.may_edit() {
            return;
        }
        let Some(step) = self.history.try_update_value(take).flatten() else {
            return;
        };
        match self.design.with_untracked(|d| step.on(d)) {
            Ok(design) => self.commit(design),
            Err(error) => {
                self.history.update_value(drop);
                self.show_toast(format!("Cannot {verb}: {error}"), ToastKind::Error);
            }
        }
    }

    /// Shows an undone or redone design and sends it as an edit.
    fn commit(&self, design: Design) {
        self.replace_design(design);
        self.room.edited(*self);
        self.mark_changed();
    }

    /// Shows the design as others' edits (or the server's refusal of this
    /// person's) left it: no undo step, nothing sent back, and the
    /// selection kept but for what is gone.
    pub fn apply_remote(&self, design: Design) {
        // An edit not yet sent goes to the room before the design changes.
        self.room.flush(*self);
        // While an old revision is on screen the live design is aside.
        let mut design = Some(design);
        if self.revisions.keep_aside(&mut design) {
            return;
        }
        let Some(design) = design else { return };
        let semantic = self.design.with_untracked(|before| {
            before.resources != design.resources
                || before.flows != design.flows
                || before.region != design.region
                || before.usage != design.usage
        });
        self.keep_existing(&design);
        self.design.set(design);
        // A coalescing step (typing, a drag) ends here, so that its undo
        // never takes back what others did meanwhile.
        self.history.update_value(History::seal);
        if semantic {
            self.semantic.update(|n| *n += 1);
        }
    }

    fn replace_design(&self, design: Design) {
        self.keep_existing(&design);
        self.design.set(design);
        self.semantic.update(|n| *n += 1);
    }

    /// Drops from the selection what `design` no longer has.
    fn keep_existing(&self, design: &Design) {
        let gone = |id: &ResourceId| {
            design.resource(id).is_none() && !design.flows.iter().any(|f| &f.id == id)
        };
        if self.selection.with_untracked(|sel| sel.iter().any(gone)) {
            self.selection.update(|sel| sel.retain(|id| !gone(id)));
        }
    }

    /// Starts over with a design loaded from the server.
    pub fn load(&self, design: Design, stored: Stored) {
        // An edit not yet sent goes to the room before the design changes.
        self.room.flush(*self);
        self.revisions.take_live();
        self.history.update_value(History::clear);
        self.select(Vec::new());
        self.design.set(design);
        self.semantic.update(|n| *n += 1);
        self.stored.set(Some(stored));
        self.save_status.set(SaveStatus::Saved);
    }

    /// Starts over with a new, not yet stored design (a template).
    pub fn start_new(&self, design: Design) {
        // An edit not yet sent goes to the room before the design changes.
        self.room.flush(*self);
        self.revisions.take_live();
        self.history.update_value(History::clear);
        self.select(Vec::new());
        self.design.set(design);
        self.semantic.update(|n| *n += 1);
        self.stored.set(None);
        self.mark_changed();
    }

    /// Restores a draft kept in the browser on top of a stored revision:
    /// the edits that had not reached the server yet.
    pub fn restore_draft(&self, design: Design, stored: Option<Stored>) {
        // An edit not yet sent goes to the room before the design changes.
        self.room.flush(*self);
        self.revisions.take_live();
        self.history.update_value(History::clear);
        self.design.set(design);
        self.semantic.update(|n| *n += 1);
        self.stored.set(stored);
        self.mark_changed();
    }

    fn mark_changed(&self) {
        self.edits.update(|n| *n += 1);
        self.save_status.set(SaveStatus::Unsaved);
    }

    pub fn show_toast(&self, message: impl Into<String>, kind: ToastKind) {
        let serial = self.toast.with_untracked(|t| t.as_ref().map_or(0, |t| t.serial)) + 1;
        self.toast.set(Some(Toast { message: message.into(), kind, serial }));
        let toast = self.toast;
        set_timeout(
            move || {
                if toast.with_untracked(|t| t.as_ref().is_some_and(|t| t.serial == serial)) {
                    toast.set(None);
                }
            },
            TOAST_DURATION,
        );
    }
}

/// Runs `work` between two performance marks and records the span as a
/// `performance.measure(name)` entry, for the benchmark to read (one small
/// entry per call; the marks themselves are cleared).
pub fn timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    #[cfg(target_arch = "wasm32")]
    {
        let performance = web_sys::window().and_then(|w| w.performance());
        let (start, end) = (format!("{name}-start"), format!("{name}-end"));
        if let Some(p) = &performance {
            let _ = p.mark(&start);
        }
        let result = work();
        if let Some(p) = &performance {
            let _ = p.mark(&end);
            let _ = p.measure_with_start_mark_and_end_mark(name, &start, &end);
            p.clear_marks_with_mark_name(&start);
            p.clear_marks_with_mark_name(&end);
        }
        result
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = name;
        work()
    }
}
