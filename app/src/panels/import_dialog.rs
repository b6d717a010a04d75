//! The "Import template" dialog: a CloudFormation template picked as a
//! file or pasted as text becomes a new, unsaved design in the editor.
//! Several files may be picked at once: the parent and the templates of
//! its nested stacks, matched by file name, whose resources the stacks'
//! boxes then hold.
//!
//! A template the server cannot import is answered with its error (naming
//! the line or the logical ID) and the text stays in the dialog, so nothing
//! is lost; an imported one opens with the import's warnings listed, and
//! with the template's parameters, whose values can be changed to import
//! it again as CloudFormation would deploy it with them.

use crate::api;
use crate::state::Editor;
use crate::tools::{Tools, pan};
use crate::ui::Ui;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What the dialog shows besides the form.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Stage {
    Editing,
    Importing,
    Failed(String),
    /// The design is open; what it holds and what the import warned about.
    Imported {
        resources: usize,
        flows: usize,
        inferred: usize,
        warnings: Vec<String>,
        parameters: Vec<api::TemplateParameter>,
    },
}

#[component]
pub fn ImportDialog() -> impl IntoView {
    let ui = Ui::use_context();
    move || ui.import_open.get().then(|| crate::lazy::view(import_body()))
}

/// The body, in the wasm module of the editor's panels (see `crate::lazy`).
#[wasm_split_helpers::wasm_split(panels, fallible)]
fn import_body() -> crate::lazy::Loaded {
    Ok(view! { <ImportBody /> }.into_any())
}

#[component]
fn ImportBody() -> impl IntoView {
    let editor = Editor::use_context();
    let tools = Tools::use_context();
    let ui = Ui::use_context();
    let stage = RwSignal::new(Stage::Editing);
    let file_name = RwSignal::new(None::<String>);
    // The other files picked with the template: its nested stacks' own.
    let children = RwSignal::new(Vec::<(String, String)>::new());
    let close = move |_| ui.import_open.set(false);
    let pick = move |ev: web_sys::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else {
            return;
        };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        if files.is_empty() {
            return;
        }
        // Clearing the input lets the same file be picked again after a fix.
        input.set_value("");
        spawn_local(async move {
            let mut read = Vec::with_capacity(files.len());
            for file in files {
                let name = file.name();
                match JsFuture::from(file.text()).await.ok().and_then(|text| text.as_string()) {
                    Some(text) => read.push((name, text)),
                    None => {
                        stage.set(Stage::Failed(format!("Cannot read {name} as text")));
                        return;
                    }
                }
            }
            let (name, text) = read.remove(parent_of(&read));
            let shown = match read.len() {
                0 => name,
                n => format!(
                    "{name} with {} ({n} nested stack template{})",
                    read.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", "),
                    if n == 1 { "" } else { "s" }
                ),
            };
            ui.import_text.set(text);
            file_name.set(Some(shown));
            children.set(read);
            stage.set(Stage::Editing);
        });
    };
    // The parameter values the person typed, by name, for a new import.
    let values = RwSignal::new(Vec::<(String, String)>::new());
    let run = move |parameters: Vec<(String, String)>| {
        let text = ui.import_text.get_untracked();
        if text.trim().is_empty() {
            stage.set(Stage::Failed("Pick a template file or paste its text first".into()));
            return;
        }
        let fallback_name = file_name.get_untracked();
        let children = children.get_untracked();
        stage.set(Stage::Importing);
        spawn_local(async move {
            match api::import_template(&text, &parameters, &children).await {
                Ok(imported) => {
                    let mut design = imported.design;
                    if design.name.trim().is_empty() {
                        let stem = fallback_name
                            .as_deref()
                            .and_then(|n| n.rsplit_once('.').map(|(s, _)| s).or(Some(n)));
                        design.name = stem.unwrap_or("Imported template").to_owned();
                    }
                    vpcraft_core::layout::place_missing(&mut design);
                    let resources = design.resources.len();
                    let flows = design.flows.len();
                    let inferred = design.flows.iter().filter(|f| f.inferred).count();
                    editor.start_new(design);
                    pan::fit_soon(tools, editor);
                    values.set(
                        imported
                            .parameters
                            .iter()
                            .filter_map(|p| Some((p.name.clone(), p.value.clone()?)))
                            .collect(),
                    );
                    stage.set(Stage::Imported {
                        resources,
                        flows,
                        inferred,
                        warnings: imported.warnings,
                        parameters: imported.parameters,
                    });
                }
                Err(error) => stage.set(Stage::Failed(error.detail())),
            }
        });
    };
    let import = move |_| run(Vec::new());
    let reimport = move |_| {
        let chosen: Vec<(String, String)> =
            values.get_untracked().into_iter().filter(|(_, v)| !v.trim().is_empty()).collect();
        run(chosen);
    };
    let done = move |_| {
        ui.import_text.set(String::new());
        ui.import_open.set(false);
    };
    let form = move || {
        view! {
            <p class="muted">
                "A CloudFormation template in YAML or JSON. It opens as a new design; the one you are editing stays saved. \
                 Pick the templates of its nested stacks with it to draw what they hold."
            </p>
            <label class="file-pick">
                <span class="button">"Choose file…"</span>
                <input type="file" multiple accept=".yaml,.yml,.json,.template,.txt" data-testid="import-file" on:change=pick />
                <span class="muted" data-testid="import-file-name">
                    {move || file_name.get().unwrap_or_else(|| "or paste the template below".into())}
                </span>
            </label>
            <textarea class="import-text" data-testid="import-text" spellcheck="false" rows="14"
                placeholder="AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    …"
                prop:value=move || ui.import_text.get()
                on:input=move |ev| ui.import_text.set(event_target_value(&ev)) />
            {move || match stage.get() {
                Stage::Failed(message) => Some(view! {
                    <div class="form-error import-error" role="alert" data-testid="import-error">
                        <strong>"This template cannot be imported. "</strong>{message}
                    </div>
                }),
                _ => None,
            }}
            <div class="modal-actions">
                <button class="button" on:click=close>"Cancel"</button>
                <button class="button primary" data-testid="import-submit"
                    disabled=move || stage.get() == Stage::Importing on:click=import>
                    {move || if stage.get() == Stage::Importing { "Importing…" } else { "Import" }}
                </button>
            </div>
        }
    };
    let imported = Memo::new(move |_| matches!(stage.get(), Stage::Imported { .. }));
    view! {
        <div class="modal-backdrop" on:click=close>
            <div class="modal" role="dialog" aria-label="Import template" data-testid="import-dialog"
                on:click=|ev| ev.stop_propagation()>
                <header class="modal-header">
                    <h2>"Import CloudFormation template"</h2>
                    <button class="icon-button" aria-label="Close" on:click=close>"×"</button>
                </header>
                {move || match imported.get().then(|| stage.get_untracked()) {
                    Some(Stage::Imported { resources, flows, inferred, warnings, parameters }) => {
                        let has_parameters = !parameters.is_empty();
                        view! {
                        <p class="import-result" data-testid="import-result" role="status">
                            {format!("Imported {resources} resources and {flows} flows ({inferred} inferred). \
                                      The design is open and not saved yet.")}
                        </p>
                        {if warnings.is_empty() {
                            view! { <p class="muted" data-testid="import-no-warnings">"The import had no warnings."</p> }.into_any()
                        } else {
                            view! {
                                <div class="import-warnings" data-testid="import-warnings">
                                    <h4>{format!("{} warning{}", warnings.len(), if warnings.len() == 1 { "" } else { "s" })}</h4>
                                    <ul>
                                        {warnings.into_iter().map(|w| view! { <li data-testid="import-warning">{w}</li> }).collect_view()}
                                    </ul>
                                </div>
                            }.into_any()
                        }}
                        {(!parameters.is_empty()).then(|| view! {
                            <div class="import-parameters" data-testid="import-parameters">
                                <h4>"Parameters"</h4>
                                <p class="muted">"Values CloudFormation would be given; empty ones are known only at deploy time and drawn as external resources."</p>
                                {parameters.into_iter().map(|p| parameter_row(p, values)).collect_view()}
                            </div>
                        })}
                        <div class="modal-actions">
                            {has_parameters.then(|| view! {
                                <button class="button" data-testid="import-reimport" on:click=reimport>"Import again with these values"</button>
                            })}
                            <button class="button primary" data-testid="import-done" on:click=done>"Done"</button>
                        </div>
                    }.into_any()},
                    _ => form().into_any(),
                }}
            </div>
        </div>
    }
}

/// Which of several picked files is the parent template: the one whose
/// nested stacks name the most of the others (a `TemplateURL` ending in
/// their file name), the first picked on a tie. Read from the text, not
/// parsed: the browser bundle carries no template reader.
fn parent_of(files: &[(String, String)]) -> usize {
    let named = |i: usize, text: &str| {
        if !text.contains("TemplateURL") {
            return 0;
        }
        files.iter().enumerate().filter(|(j, (name, _))| *j != i && names(text, name)).count()
    };
    let mut best = (0, 0);
    for (i, (_, text)) in files.iter().enumerate() {
        let n = named(i, text);
        if n > best.1 {
            best = (i, n);
        }
    }
    best.0
}

/// Whether a template names a file whole (`network.yaml`, quoted or not,
/// or at the end of a path or URL), as a `TemplateURL` writes it.
fn names(text: &str, file: &str) -> bool {
    text.match_indices(file).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + file.len()..].chars().next();
        matches!(before, Some(' ' | '"' | '\'' | ':' | '/'))
            && !after.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
    })
}

/// One parameter: its name and type, and an input for its value (a choice
/// when the template lists the allowed values).
fn parameter_row(
    p: api::TemplateParameter,
    values: RwSignal<Vec<(String, String)>>,
) -> impl IntoView {
    let name = p.name.clone();
    let current = {
        let name = name.clone();
        move || {
            values
                .with(|v| v.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone()))
                .unwrap_or_default()
        }
    };
    let set = {
        let name = name.clone();
        move |value: String| {
            values.update(|v| match v.iter_mut().find(|(k, _)| *k == name) {
                Some(slot) => slot.1 = value,
                None => v.push((name.clone(), value)),
            })
        }
    };
    let input = if p.allowed.is_empty() {
        let set = set.clone();
        view! {
            <input type="text" data-testid=format!("param-{name}") placeholder="known at deploy time"
                prop:value=current.clone() on:input=move |ev| set(event_target_value(&ev)) />
        }
        .into_any()
    } else {
        let options = p.allowed.clone();
        view! {
            <select data-testid=format!("param-{name}") on:change=move |ev| set(event_target_value(&ev))>
                {options.into_iter().map(|o| {
                    let selected = current() == o;
                    view! { <option value=o.clone() selected=selected>{o.clone()}</option> }
                }).collect_view()}
            </select>
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label>{p.name.clone()}<span class="muted">{format!(" · {}", p.type_name)}</span></label>
            {input}
            {p.description.map(|d| view! { <span class="field-hint">{d}</span> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::parent_of;

    #[test]
    fn the_parent_is_the_template_whose_stacks_name_the_other_files() {
        let file = |name: &str, text: &str| (name.to_owned(), text.to_owned());
        let child = file("network.yaml", "Resources:\n  Vpc: {Type: AWS::EC2::VPC}\n");
        let parent = file(
            "parent.yaml",
            "Resources:\n  Net:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: network.yaml\n",
        );
        let s3 = file(
            "main.json",
            r#"{"Resources": {"Net": {"Properties": {"TemplateURL": "https://b.s3.amazonaws.com/network.yaml"}}}}"#,
        );
        assert_eq!(parent_of(&[child.clone(), parent.clone()]), 1);
        assert_eq!(parent_of(&[parent, child.clone()]), 0);
        assert_eq!(parent_of(&[child.clone(), s3]), 1);
        assert_eq!(parent_of(std::slice::from_ref(&child)), 0);
        let unrelated = file("notes.yaml", "TemplateURL: my-network.yaml and network.yaml.bak");
        assert_eq!(parent_of(&[child, unrelated]), 0, "a longer name is not the file");
    }
}
