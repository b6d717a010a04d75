//! The "Export to CloudFormation" dialog: the design's findings first
//! (errors prominently, since the template still exports with them listed
//! in its header), what the design will cost each month, a YAML or JSON
//! choice, then the download.

use crate::api;
use crate::export;
use crate::state::Editor;
use crate::ui::Ui;
use leptos::prelude::*;
use leptos::task::spawn_local;
use vpcraft_core::Severity;
use vpcraft_core::cost::{CostCategory, format_usd};

/// "1 error", "2 errors".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the dialog says once the server has answered.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Downloaded { file: String, errors: usize, warnings: usize },
    Failed(String),
}

#[component]
pub fn ExportDialog() -> impl IntoView {
    let ui = Ui::use_context();
    move || ui.export_open.get().then(|| crate::lazy::view(export_body()))
}

/// The body, in the wasm module of the editor's panels (see `crate::lazy`).
#[wasm_split_helpers::wasm_split(panels, fallible)]
fn export_body() -> crate::lazy::Loaded {
    Ok(view! { <ExportBody /> }.into_any())
}

#[component]
fn ExportBody() -> impl IntoView {
    let editor = Editor::use_context();
    let ui = Ui::use_context();
    let json = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    let listed = move |severity: Severity| {
        editor.findings.with(|all| {
            all.iter()
                .filter(|f| f.severity == severity)
                .map(|f| (f.rule.clone(), f.message.clone()))
                .collect::<Vec<_>>()
        })
    };
    let errors = Memo::new(move |_| listed(Severity::Error));
    let warnings = Memo::new(move |_| listed(Severity::Warning));
    let close = move |_| ui.export_open.set(false);
    let download = move |_| {
        let format = if json.get_untracked() { "json" } else { "yaml" };
        let design = editor.design.get_untracked();
        let file = export::file_name(editor, format);
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            let result = match api::export_template(&design, format).await {
                Ok(exported) => {
                    let content_type =
                        if format == "json" { "application/json" } else { "application/yaml" };
                    export::text_blob(&exported.text, content_type)
                        .and_then(|blob| export::save_blob(&blob, &file))
                        .map(|()| Outcome::Downloaded {
                            file,
                            errors: exported.errors,
                            warnings: exported.warnings,
                        })
                        .unwrap_or_else(|message| {
                            Outcome::Failed(format!("Download failed: {message}"))
                        })
                }
                Err(error) => Outcome::Failed(format!("Export failed: {}", error.detail())),
            };
            busy.set(false);
            outcome.set(Some(result));
        });
    };
    let finding_list =
        move |list: Vec<(String, String)>, class: &'static str, testid: &'static str| {
            view! {
                <ul class=format!("export-findings {class}") data-testid=testid>
                    {list.into_iter().map(|(rule, summary)| view! {
                        <li><code>{rule}</code>" "{summary}</li>
                    }).collect_view()}
                </ul>
            }
        };
    view! {
        <div class="modal-backdrop" on:click=close>
            <div class="modal" role="dialog" aria-label="Export to CloudFormation" data-testid="export-dialog"
                on:click=|ev| ev.stop_propagation()>
                <header class="modal-header">
                    <h2>"Export to CloudFormation"</h2>
                    <button class="icon-button" aria-label="Close" on:click=close>"×"</button>
                </header>
                {move || {
                    let errors = errors.get();
                    if errors.is_empty() {
                        view! {
                            <p class="export-clean" data-testid="export-clean">
                                "This design has no errors: the template deploys what you drew."
                            </p>
                        }.into_any()
                    } else {
                        view! {
                            <div class="export-errors" role="alert" data-testid="export-errors">
                                <strong>
                                    {format!("This design has {}; the template will still export with them listed in its header.",
                                        plural(errors.len(), "error", "errors"))}
                                </strong>
                                {finding_list(errors, "error", "export-error-list")}
                            </div>
                        }.into_any()
                    }
                }}
                {move || {
                    let warnings = warnings.get();
                    (!warnings.is_empty()).then(|| view! {
                        <details class="export-warnings" data-testid="export-warnings">
                            <summary>{plural(warnings.len(), "warning", "warnings")}</summary>
                            {finding_list(warnings, "warning", "export-warning-list")}
                        </details>
                    })
                }}
                {move || editor.estimate.with(|e| {
                    let top: Vec<String> = e
                        .by_category()
                        .into_iter()
                        .filter(|(c, usd)| *usd > 0.0 && *c != CostCategory::NoCharge)
                        .take(3)
                        .map(|(c, usd)| format!("{} {}", c.title(), format_usd(usd)))
                        .collect();
                    view! {
                        <div class="export-cost" data-testid="export-cost">
                            <p>
                                "Once deployed, about "
                                <strong data-testid="export-cost-total">{format_usd(e.total_monthly_usd)}</strong>
                                {format!(" a month ({} on-demand prices of {}).", e.priced_region, e.price_table_version)}
                            </p>
                            {(!top.is_empty()).then(|| view! { <p class="muted">{format!("Most of it: {}.", top.join(", "))}</p> })}
                        </div>
                    }
                })}
                <fieldset class="export-format">
                    <legend>"Format"</legend>
                    <label class="check">
                        <input type="radio" name="export-format" data-testid="export-format-yaml"
                            prop:checked=move || !json.get() on:change=move |_| json.set(false) />
                        <span>"YAML (short-form !Ref, !GetAtt, !Sub)"</span>
                    </label>
                    <label class="check">
                        <input type="radio" name="export-format" data-testid="export-format-json"
                            prop:checked=move || json.get() on:change=move |_| json.set(true) />
                        <span>"JSON"</span>
                    </label>
                </fieldset>
                {move || outcome.get().map(|outcome| match outcome {
                    Outcome::Downloaded { file, errors, warnings } => view! {
                        <p class="export-result" data-testid="export-result" role="status">
                            {format!("Downloaded {file} ({} and {} in its header).",
                                plural(errors, "error", "errors"), plural(warnings, "warning", "warnings"))}
                        </p>
                    }.into_any(),
                    Outcome::Failed(message) => view! {
                        <p class="form-error" data-testid="export-failed" role="alert">{message}</p>
                    }.into_any(),
                })}
                <div class="modal-actions">
                    <button class="button" on:click=close>"Close"</button>
                    <button class="button primary" data-testid="export-download" disabled=move || busy.get()
                        on:click=download>
                        {move || if busy.get() { "Exporting…" } else if json.get() { "Download JSON" } else { "Download YAML" }}
                    </button>
                </div>
            </div>
        </div>
    }
}
