//! View state that is not part of the design: open dialogs, the theme and
//! which relationship layers the canvas shows.

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
    /// The template text in the import dialog, kept while the dialog is
    /// closed so that nothing typed or picked is lost.
    pub import_text: RwSignal<String>,
    pub dark: RwSignal<bool>,
    pub layers: RwSignal<Layers>,
}

const THEME_KEY: &str = "vpcraft:theme";

impl Ui {
    pub fn new() -> Self {
        let dark = storage()
            .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
            .is_some_and(|t| t == "dark");
        let ui = Self {
            templates_open: RwSignal::new(false),
            export_open: RwSignal::new(false),
            import_open: RwSignal::new(false),
            import_text: RwSignal::new(String::new()),
            dark: RwSignal::new(dark),
            layers: RwSignal::new(Layers::default()),
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
