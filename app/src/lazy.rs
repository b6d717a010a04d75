//! Views loaded on demand: what the first drawn canvas does not need lives
//! in wasm modules of its own, split off the app's wasm by `cargo xtask
//! bundle` (`xtask/src/bundle/split.rs`), so the browser downloads less
//! before it draws. A split function is marked `wasm_split(module,
//! fallible)`; the module is fetched the first time one of its functions
//! is called (and again on the next call when a fetch failed, which
//! [`view`] reports instead of panicking).
//!
//! There are three modules. `panels`: the inspector and the editor's
//! dialogs and side panels (cost, comments, history, reviews, share,
//! export, both imports); one module rather than one each, since the
//! editor fetches it anyway, and code they share would otherwise be cut
//! into dozens of small chunks. The inspector asks for it once the browser
//! is idle after the editor has drawn its design ([`preload_when`]), so opening a
//! panel does not wait for the network, and a new deployment (which
//! removes the old modules) is unlikely to catch a page between drawing
//! and opening one. `designs` (the designs list) and `sign_in` are loaded
//! only by their pages.

use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use std::future::Future;
use wasm_split_helpers::SplitLoaderError;

/// What a split function returns: its view, or why its module could not be
/// loaded.
pub type Loaded = Result<AnyView, SplitLoaderError>;

/// Shows the view `load` makes once its module is loaded (at once when it
/// already is), or a message with what to do when the module could not be
/// fetched.
pub fn view(load: impl Future<Output = Loaded> + 'static) -> impl IntoView {
    Suspend::new(SendWrapper::new(async move {
        match load.await {
            Ok(view) => view,
            Err(_) => view! {
                <p class="field-error lazy-error" data-testid="lazy-error" role="alert">
                    "This part of vpcraft could not be loaded. Check the connection, then close \
                     it and open it again (or reload the page)."
                </p>
            }
            .into_any(),
        }
    }))
}

/// Fetches a split module ahead of its first use, once `ready` holds (the
/// design is on the canvas) and the browser is idle after that; a failure
/// is left for the first use to report.
pub fn preload_when<F>(ready: impl Fn() -> bool + 'static, preload: fn() -> F)
where
    F: Future<Output = Result<(), SplitLoaderError>> + 'static,
{
    Effect::new(move |asked: Option<bool>| {
        if asked == Some(true) || !ready() {
            return asked.unwrap_or(false);
        }
        request_idle_callback(move || {
            spawn_local(async move {
                let _ = preload().await;
            })
        });
        true
    });
}
