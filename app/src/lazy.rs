//! Code loaded on demand: what the first drawn canvas does not need lives
//! in wasm modules of its own, split off the app's wasm by `cargo xtask
//! bundle` (`xtask/src/bundle/split.rs`), so the browser downloads less
//! before it draws. A split function is marked `wasm_split(module,
//! fallible)`; its module is fetched the first time one of its functions
//! is called, and again on the next call when a fetch failed (which
//! [`view`] and [`SyncModule`] report instead of panicking).
//!
//! There are five modules.
//! - `checks`: the rules, reachability and the cost estimate
//!   (`crate::checks`), which run synchronously in the editor's memos once
//!   loaded ([`SyncModule`]), and the findings' list; the editor asks for it
//!   as it starts, and the canvas draws without waiting for it.
//! - `panels`: the inspector and the editor's dialogs and side panels
//!   (cost, comments, history, reviews, share, export, both imports, the
//!   compare, the templates' list), the image downloads and the reads of
//!   comments, reviews and history ([`spawn`]); one
//!   module rather than one each, since the editor fetches it anyway, and
//!   code they share would otherwise be cut into dozens of small chunks.
//!   The inspector asks for it once the browser is idle after the editor
//!   has drawn its design ([`preload_when`]), so opening a panel does not
//!   wait for the network, and a new deployment (which removes the old
//!   modules) is unlikely to catch a page between drawing and opening one.
//! - `collab`: what reads, handles and writes the co-editing room's
//!   messages (`crate::collab::wire`), fetched once the browser is idle
//!   before the room's first socket opens, then called synchronously
//!   ([`now`]).
//! - `designs` (the designs list) and `sign_in`, loaded by their pages.

use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use wasm_split_helpers::SplitLoaderError;

/// What a person is told when a split module could not be fetched.
pub const NOT_LOADED: &str = "This part of vpcraft could not be loaded. Check the connection and \
                              try again (or reload the page).";

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
                    {NOT_LOADED}
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

/// Calls a split function that starts work of its own (a read from the
/// server) once the browser is idle (after the canvas is drawn, so its
/// module is not fetched beside the design) and the module is loaded;
/// when the module cannot be fetched, the console says what was not done.
pub fn spawn<F>(what: &'static str, call: impl Fn() -> F + 'static)
where
    F: Future<Output = Result<(), SplitLoaderError>> + 'static,
{
    request_idle_callback(move || {
        let called = call();
        spawn_local(async move {
            if called.await.is_err() {
                web_sys::console::warn_1(&format!("vpcraft: {what}: {NOT_LOADED}").into());
            }
        })
    });
}

/// A split module whose functions run synchronously once it is loaded (the
/// checks, which run in memos on every edit): until then a call starts the
/// fetch and answers `None`, and whatever made the call (a memo) runs
/// again when the module arrives.
#[derive(Clone, Copy, Debug)]
pub struct SyncModule {
    loaded: RwSignal<bool>,
    failed: RwSignal<bool>,
    fetching: StoredValue<bool>,
}

impl SyncModule {
    pub fn new() -> Self {
        Self {
            loaded: RwSignal::new(false),
            failed: RwSignal::new(false),
            fetching: StoredValue::new(false),
        }
    }

    /// True once the module is loaded (tracked).
    pub fn loaded(self) -> bool {
        self.loaded.get()
    }

    /// True when the last fetch failed (tracked); the next call fetches
    /// again.
    pub fn failed(self) -> bool {
        self.failed.get()
    }

    /// What `call` returns when the module is loaded; otherwise starts
    /// fetching it (once at a time, through `load`, which must ready every
    /// function called through here: each split function keeps its own
    /// record of its module being loaded) and returns `None`.
    pub fn call<T, F, P>(self, load: fn() -> P, call: impl FnOnce() -> F) -> Option<T>
    where
        F: Future<Output = Result<T, SplitLoaderError>>,
        P: Future<Output = Result<(), SplitLoaderError>> + 'static,
    {
        if !self.loaded.get() {
            if !self.fetching.get_value() {
                self.fetching.set_value(true);
                spawn_local(async move {
                    let loaded = load().await.is_ok();
                    self.fetching.set_value(false);
                    // Only news re-runs the callers: a failure waits for
                    // the next call rather than fetching in a loop.
                    if self.failed.get_untracked() == loaded {
                        self.failed.set(!loaded);
                    }
                    if loaded {
                        self.loaded.set(true);
                    }
                });
            }
            return None;
        }
        now(call())
    }
}

/// What a split function's call returns when its module is loaded (its
/// future completes at the first poll then); `None` when it is not.
pub fn now<T>(call: impl Future<Output = Result<T, SplitLoaderError>>) -> Option<T> {
    match pin!(call).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(Ok(value)) => Some(value),
        Poll::Ready(Err(_)) | Poll::Pending => None,
    }
}
