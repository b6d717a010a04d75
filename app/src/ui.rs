//! View state that is not part of the design: open dialogs, the theme,
//! which relationship layers the canvas shows and the findings panel's
//! height. The theme and the height are remembered in local storage.

use leptos::prelude::*;

/// The relationship layers drawn over the diagram, each toggled on its own
/// so the drawing stays uncluttered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Layers {
    /// Route tables to the subnets they are associated with.
    pub route_tables: bool,
    /// Security groups to their members.
    pub security_groups: bool,
    /// Target groups to their targets.
    pub targets: bool,
}

#[derive(Clone, Copy)]
pub struct Ui {
    pub templates_open: RwSignal<bool>,
    pub export_open: RwSignal<bool>,
    pub import_open: RwSignal<bool>,
    /// The "Import from AWS" dialog.
    pub aws_import_open: RwSignal<bool>,
    /// The Share dialog: the design's members and share links.
    pub share_open: RwSignal<bool>,
    /// Whether the cost panel is shown over the canvas.
    pub cost_open: RwSignal<bool>,
    /// The template text in the import dialog, kept while the dialog is
    /// closed so that nothing typed or picked is lost.
    pub import_text: RwSignal<String>,
    pub dark: RwSignal<bool>,
    pub layers: RwSignal<Layers>,
    /// The height of the findings panel under the canvas, in CSS pixels.
    pub findings_height: RwSignal<f64>,
}

const THEME_KEY: &str = "vpcraft:theme";
const FINDINGS_HEIGHT_KEY: &str = "vpcraft:findings-height";

/// The findings panel's height until the user drags its top edge.
pub const FINDINGS_HEIGHT: f64 = 200.0;
/// The lowest the findings panel goes: its header and about one finding.
pub const FINDINGS_MIN: f64 = 72.0;
/// The canvas height the findings panel always leaves.
pub const CANVAS_MIN: f64 = 120.0;

/// The findings panel's height within the limits, given the height of the
/// workspace it shares with the canvas.
pub fn clamp_findings_height(height: f64, workspace: f64) -> f64 {
    height.min(workspace - CANVAS_MIN).max(FINDINGS_MIN).round()
}

/// The remembered findings panel height, or the default when nothing (or
/// nothing sensible) is stored.
pub fn stored_findings_height(stored: Option<&str>) -> f64 {
    stored
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|h| h.is_finite() && *h >= FINDINGS_MIN)
        .unwrap_or(FINDINGS_HEIGHT)
}

impl Ui {
    pub fn new() -> Self {
        let dark = storage()
            .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
            .is_some_and(|t| t == "dark");
        let ui = Self {
            templates_open: RwSignal::new(false),
            export_open: RwSignal::new(false),
            import_open: RwSignal::new(false),
            aws_import_open: RwSignal::new(false),
            share_open: RwSignal::new(false),
            cost_open: RwSignal::new(false),
            import_text: RwSignal::new(String::new()),
            dark: RwSignal::new(dark),
            layers: RwSignal::new(Layers::default()),
            findings_height: RwSignal::new(stored_findings_height(
                storage().and_then(|s| s.get_item(FINDINGS_HEIGHT_KEY).ok().flatten()).as_deref(),
            )),
        };
        Effect::new(move |_| {
            let dark = ui.dark.get();
            if let Some(root) =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
            }
            if let Some(storage) = storage() {
                let _ = storage.set_item(THEME_KEY, if dark { "dark" } else { "light" });
            }
        });
        ui
    }

    pub fn use_context() -> Self {
        use_context::<Self>().expect("the app shell provides the UI state")
    }

    /// Remembers the findings panel's height for the next visit; called
    /// when a resize ends rather than on every pointer move.
    pub fn remember_findings_height(&self) {
        if let Some(storage) = storage() {
            let height = self.findings_height.get_untracked();
            let _ = storage.set_item(FINDINGS_HEIGHT_KEY, &height.to_string());
        }
    }
}

impl Default for Ui {
    fn default() -> Self {
        Self::new()
    }
}

/// The browser's local storage, when there is one.
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_findings_height_stays_within_its_limits() {
        assert_eq!(clamp_findings_height(350.4, 800.0), 350.0);
        assert_eq!(clamp_findings_height(20.0, 800.0), FINDINGS_MIN);
        // The canvas keeps its minimum however high the panel is dragged.
        assert_eq!(clamp_findings_height(790.0, 800.0), 800.0 - CANVAS_MIN);
    }

    #[test]
    fn a_stored_height_is_read_back_or_the_default_used() {
        assert_eq!(stored_findings_height(Some("320")), 320.0);
        assert_eq!(stored_findings_height(None), FINDINGS_HEIGHT);
        assert_eq!(stored_findings_height(Some("tall")), FINDINGS_HEIGHT);
        assert_eq!(stored_findings_height(Some("NaN")), FINDINGS_HEIGHT);
        assert_eq!(stored_findings_height(Some("10")), FINDINGS_HEIGHT);
    }
}
