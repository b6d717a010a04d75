//! Pointer tools: the state machines behind dragging from the palette,
//! selecting and moving nodes, and panning the canvas.
//!
//! A gesture starts with a `pointerdown` on a palette item, a node or the
//! canvas background; its moves and its end are followed on the window, so
//! a drag keeps working when the pointer leaves the element it began on.

pub mod connect;
pub mod pan;
pub mod place;
pub mod resize;
pub mod select_box;
pub mod select_move;

use crate::actions::{Placement, Refusal};
use crate::geometry::{DropProbe, Point};
use crate::keyed::KeyedSet;
use crate::state::Editor;
use leptos::prelude::*;
use vpcraft_core::ResourceId;
use vpcraft_core::model::KindTag;
use web_sys::PointerEvent;

/// A point in the window's client coordinates (CSS pixels).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ClientPoint {
    pub x: f64,
    pub y: f64,
}

impl ClientPoint {
    pub fn of(ev: &PointerEvent) -> Self {
        Self { x: f64::from(ev.client_x()), y: f64::from(ev.client_y()) }
    }

    pub fn distance(&self, other: &ClientPoint) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// The gesture in progress.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Gesture {
    #[default]
    Idle,
    /// A palette item is being dragged; `preview` says where it would land
    /// while the pointer is over the canvas.
    Placing { tag: KindTag, pointer: ClientPoint, preview: Option<Result<Placement, Refusal>> },
    /// Nodes are being moved (or, until the pointer travels a few pixels,
    /// just clicked): `grabbed` are the selected ones, `ids` those and all
    /// drawn inside them. Until the drop they are only drawn displaced by
    /// [`Tools::offset`]; the design changes once, when they land.
    Moving { ids: Vec<ResourceId>, grabbed: Vec<ResourceId>, start: ClientPoint, moved: bool },
    /// The canvas is being panned.
    Panning { last: ClientPoint },
    /// A flow is being drawn from `source`'s handle; `over` is the resource
    /// under the pointer that it would end at.
    Connecting { source: ResourceId, from: Point, to: Point, over: Option<ResourceId> },
    /// A rubber band is being drawn from `start`; `base` is the selection
    /// it adds to.
    Selecting { start: Point, now: Point, base: Vec<ResourceId> },
    /// A container is being resized from its corner.
    Resizing { id: ResourceId, start: ClientPoint, w: f64, h: f64, gesture: u64 },
}

/// The farthest out the canvas zooms: an account of thousands of
/// resources fits the screen as a whole at about a tenth.
pub const MIN_ZOOM: f64 = 0.1;
/// The farthest in the canvas zooms.
pub const MAX_ZOOM: f64 = 2.5;

/// What part of the design the canvas shows: a screen point is
/// `canvas point × zoom + pan`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub pan_x: f64,
    pub pan_y: f64,
    pub zoom: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Self { pan_x: 0.0, pan_y: 0.0, zoom: 1.0 }
    }
}

impl Viewport {
    /// The SVG transform from canvas to screen coordinates.
    pub fn transform(&self) -> String {
        format!("translate({} {}) scale({})", self.pan_x, self.pan_y, self.zoom)
    }

    /// Zooms by `factor` keeping the screen point (`x`, `y`) fixed.
    pub fn zoom_at(&mut self, factor: f64, x: f64, y: f64) {
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let applied = zoom / self.zoom;
        self.pan_x = x - (x - self.pan_x) * applied;
        self.pan_y = y - (y - self.pan_y) * applied;
        self.zoom = zoom;
    }
}

/// Shared tool state: the gesture, the viewport and the canvas element.
#[derive(Clone, Copy)]
pub struct Tools {
    pub gesture: RwSignal<Gesture>,
    pub viewport: RwSignal<Viewport>,
    pub canvas: NodeRef<leptos::html::Div>,
    /// True while the space bar is held: dragging pans the canvas.
    pub space: RwSignal<bool>,
    /// How far the moving nodes are drawn from where the design has them.
    /// Only the drag layer follows this signal, so a frame of a drag
    /// redraws nothing in the diagram.
    pub offset: RwSignal<Point>,
    /// The nodes a move carries, empty when nothing is being moved; it
    /// changes twice per drag, and each node watches only its own membership.
    pub carried: KeyedSet,
    /// The container a single moved icon would land in, marked on the
    /// canvas; it changes only when the pointer crosses a container's edge.
    pub drop_target: RwSignal<Option<ResourceId>>,
    /// The containers a single moved icon may land in, noted when its drag
    /// starts.
    pub drop_probe: StoredValue<Option<DropProbe>>,
    gestures_started: StoredValue<u64>,
}

impl Tools {
    pub fn new() -> Self {
        Self {
            gesture: RwSignal::new(Gesture::Idle),
            viewport: RwSignal::new(Viewport::default()),
            canvas: NodeRef::new(),
            space: RwSignal::new(false),
            offset: RwSignal::new(Point::default()),
            carried: KeyedSet::new(),
            drop_target: RwSignal::new(None),
            drop_probe: StoredValue::new(None),
            gestures_started: StoredValue::new(0),
        }
    }

    pub fn use_context() -> Self {
        use_context::<Self>().expect("the app shell provides the tools")
    }

    /// A new gesture number, for coalescing the undo steps of one drag.
    pub fn next_gesture_id(&self) -> u64 {
        self.gestures_started.update_value(|n| *n += 1);
        self.gestures_started.get_value()
    }

    /// Converts a client point to canvas coordinates; `None` when the point
    /// is not over the canvas.
    pub fn canvas_point(&self, at: ClientPoint) -> Option<Point> {
        let svg = self.canvas.get_untracked()?;
        let bounds = svg.get_bounding_client_rect();
        let inside = at.x >= bounds.left()
            && at.x <= bounds.right()
            && at.y >= bounds.top()
            && at.y <= bounds.bottom();
        let view = self.viewport.get_untracked();
        inside.then(|| {
            Point::new(
                (at.x - bounds.left() - view.pan_x) / view.zoom,
                (at.y - bounds.top() - view.pan_y) / view.zoom,
            )
        })
    }
}

impl Default for Tools {
    fn default() -> Self {
        Self::new()
    }
}

/// The canvas element's top-left corner in client coordinates.
impl Tools {
    pub fn canvas_origin(&self) -> Option<ClientPoint> {
        let bounds = self.canvas.get_untracked()?.get_bounding_client_rect();
        Some(ClientPoint { x: bounds.left(), y: bounds.top() })
    }
}

/// Follows the pointer for the gesture in progress.
pub fn on_pointer_move(editor: Editor, tools: Tools, ev: &PointerEvent) {
    let pointer = ClientPoint::of(ev);
    // A move is followed without copying its list of carried nodes.
    if tools.gesture.with_untracked(|g| matches!(g, Gesture::Moving { .. })) {
        select_move::drag(editor, tools, pointer);
        return;
    }
    match tools.gesture.get_untracked() {
        Gesture::Idle => {}
        Gesture::Placing { tag, .. } => place::drag(editor, tools, tag, pointer),
        Gesture::Moving { .. } => {}
        Gesture::Panning { last } => pan::drag(tools, last, pointer),
        Gesture::Connecting { .. } => connect::drag(editor, tools, pointer),
        Gesture::Selecting { .. } => select_box::drag(editor, tools, pointer),
        Gesture::Resizing { .. } => resize::drag(editor, tools, pointer),
    }
}

/// Ends the gesture in progress.
pub fn on_pointer_up(editor: Editor, tools: Tools, ev: &PointerEvent) {
    let pointer = ClientPoint::of(ev);
    match tools.gesture.get_untracked() {
        Gesture::Idle => {}
        Gesture::Placing { tag, .. } => place::drop(editor, tools, tag, pointer),
        Gesture::Moving { .. } => select_move::end(editor, tools),
        Gesture::Panning { .. } => {}
        Gesture::Connecting { .. } => connect::end(editor, tools, pointer),
        Gesture::Selecting { .. } => {}
        Gesture::Resizing { .. } => editor.seal_history(),
    }
    tools.gesture.set(Gesture::Idle);
}

/// Abandons the gesture in progress (Escape, or the pointer was cancelled).
pub fn cancel(editor: Editor, tools: Tools) {
    match tools.gesture.get_untracked() {
        Gesture::Moving { .. } => select_move::abandon(tools),
        Gesture::Resizing { .. } => editor.seal_history(),
        _ => {}
    }
    tools.gesture.set(Gesture::Idle);
}
