//! The app shell: provides the editor state, lays out the panels around
//! the canvas and follows the pointer and keyboard on the window.

use crate::api;
use crate::canvas::Canvas;
use crate::pages::{DesignsPage, SignInPage};
use crate::panels::{
    CostPanel, DragGhost, ExportDialog, FindingsPanel, ImportDialog, Inspector, Palette,
    TemplatesDialog, ToastView, TopBar,
};
use crate::persistence;
use crate::route;
use crate::shortcuts;
use crate::state::Editor;
use crate::tools::{self, Tools};
use crate::ui::Ui;
use leptos::ev;
use leptos::prelude::*;
use vpcraft_core::Design;

/// Asks the server who is signed in, then shows the sign-in page or the
/// app.
#[component]
pub fn App() -> impl IntoView {
    if let Some(token) = route::share_token() {
        return view! { <GuestPage token /> }.into_any();
    }
    let session = LocalResource::new(api::session);
    (move || match session.get() {
        None => view! { <div class="loading" data-testid="loading" /> }.into_any(),
        Some(Err(e)) => view! { <p class="field-error">{e.message()}</p> }.into_any(),
        Some(Ok(api::Session { user: None, setup_required, oidc })) => {
            crate::lazy::view(sign_in_page(setup_required, oidc)).into_any()
        }
        Some(Ok(api::Session { user: Some(account), .. })) => {
            view! { <SignedIn account /> }.into_any()
        }
    })
    .into_any()
}

/// The sign-in page, a wasm module of its own: a signed-in editor never
/// loads it.
#[wasm_split_helpers::wasm_split(sign_in, fallible)]
fn sign_in_page(first: bool, oidc: Option<api::Provider>) -> crate::lazy::Loaded {
    Ok(view! { <SignInPage first oidc /> }.into_any())
}

/// The designs list, a wasm module of its own: the editor does not need it
/// to draw.
#[wasm_split_helpers::wasm_split(designs, fallible)]
fn designs_page() -> crate::lazy::Loaded {
    Ok(view! { <DesignsPage /> }.into_any())
}

/// The design a share link opens, for anyone holding the link, signed in
/// or not: read-only, and live while others edit it.
#[component]
fn GuestPage(token: String) -> impl IntoView {
    provide_context(Ui::new());
    view! { <EditorPage share=token /> }
}

/// The app for a signed-in account: the designs list or the editor.
#[component]
fn SignedIn(account: api::Account) -> impl IntoView {
    provide_context(account);
    let ui = Ui::new();
    provide_context(ui);
    if route::is_designs_list(&route::current_path()) {
        return crate::lazy::view(designs_page()).into_any();
    }
    view! { <EditorPage /> }.into_any()
}

/// The editor: palette, canvas, inspector and findings around one design.
#[component]
fn EditorPage(
    /// The share link's token when a guest opened the design through one.
    #[prop(optional, into)]
    share: Option<String>,
) -> impl IntoView {
    let ui = Ui::use_context();
    let editor = Editor::new(Design::default());
    if let Some(token) = share {
        editor.room.share(token);
    }
    let tools = Tools::new();
    provide_context(editor);
    provide_context(tools);
    let compare = crate::compare::Compare::new();
    provide_context(compare);

    let handles = [
        window_event_listener(ev::pointermove, move |ev| {
            tools::on_pointer_move(editor, tools, &ev);
            editor.room.pointer_moved(editor, tools, tools::ClientPoint::of(&ev));
        }),
        window_event_listener(ev::pointerup, move |ev| tools::on_pointer_up(editor, tools, &ev)),
        window_event_listener(ev::pointercancel, move |_| tools::cancel(editor, tools)),
        window_event_listener(ev::keydown, move |ev| {
            shortcuts::on_key_down(editor, tools, compare, &ev)
        }),
        window_event_listener(ev::keyup, move |ev| shortcuts::on_key_up(tools, &ev)),
        window_event_listener(ev::beforeunload, move |_| persistence::keep_draft(editor)),
    ];
    on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));
    persistence::load_from_location(editor, tools);
    // The designs list's "Import from AWS" opens the editor with the dialog.
    if !editor.room.is_guest() && route::query("import").as_deref() == Some("aws") {
        ui.aws_import_open.set(true);
    }
    persistence::autosave(editor);
    editor.room.follow(editor);
    editor.comments.follow(editor);
    editor.reviews.follow(editor);

    view! {
        <div class="app" class:placing=move || matches!(tools.gesture.get(), tools::Gesture::Placing { .. })>
            <TopBar />
            <Palette />
            // The findings panel keeps the height the user dragged it to,
            // always leaving the canvas some room.
            <main class="workspace" style:grid-template-rows=move || {
                format!(
                    "minmax(0, 1fr) min({}px, calc(100% - {}px))",
                    ui.findings_height.get(),
                    crate::ui::CANVAS_MIN
                )
            }>
                <Canvas />
                <ToastView />
                <CostPanel />
                <crate::comments::CommentsPanel />
                <crate::revisions::HistoryPanel />
                <crate::reviews::ReviewPanel />
                <crate::compare::ComparePanel />
                <crate::revisions::RevisionBanner />
                <FindingsPanel />
            </main>
            <Inspector />
            <DragGhost />
            <TemplatesDialog />
            <ExportDialog />
            <ImportDialog />
            <crate::panels::AwsImportDialog />
            <crate::panels::ShareDialog />
        </div>
    }
}
