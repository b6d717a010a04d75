//! The "New from template" dialog: the reference architectures A–D.

use crate::state::Editor;
use crate::templates::TEMPLATES;
use crate::ui::Ui;
use leptos::prelude::*;

#[component]
pub fn TemplatesDialog() -> impl IntoView {
    let ui = Ui::use_context();
    let close = move |_| ui.templates_open.set(false);
    move || {
        ui.templates_open.get().then(|| {
            view! {
                <div class="modal-backdrop" on:click=close>
                    <div class="modal" role="dialog" aria-label="New from template" data-testid="templates-dialog"
                        on:click=|ev| ev.stop_propagation()>
                        <header class="modal-header">
                            <h2>"New from template"</h2>
                            <button class="icon-button" aria-label="Close" on:click=close>"×"</button>
                        </header>
                        <p class="muted">"Reference architectures that validate without errors. Opening one starts a new design."</p>
                        {crate::lazy::view(template_list())}
                    </div>
                </div>
            }
        })
    }
}

/// The list, in the wasm module of the editor's panels (see `crate::lazy`).
#[wasm_split_helpers::wasm_split(panels, fallible)]
fn template_list() -> crate::lazy::Loaded {
    let editor = Editor::use_context();
    let ui = Ui::use_context();
    let tools = crate::tools::Tools::use_context();
    Ok(view! {
        <div class="template-list">
            {TEMPLATES.iter().map(|t| {
                let open = move |_| {
                    editor.start_new(t.design());
                    ui.templates_open.set(false);
                    crate::tools::pan::fit_soon(tools, editor);
                };
                view! {
                    <button class="template-item" data-testid=format!("template-{}", t.key) on:click=open>
                        <span class="template-key">{t.key}</span>
                        <span class="template-text">
                            <strong>{t.title}</strong>
                            <span class="muted">{t.summary}</span>
                        </span>
                    </button>
                }
            }).collect_view()}
        </div>
    }
    .into_any())
}
