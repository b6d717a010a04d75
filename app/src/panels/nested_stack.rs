//! What a nested stack passes and offers, shown in its inspector: the
//! parameters the parent gives it, its outputs and, when its template was
//! read, the resources it creates.

use crate::state::Editor;
use leptos::prelude::*;
use serde_json::Value;
use vpcraft_core::ResourceId;
use vpcraft_core::model::{Kind, NestedStack};

/// A parameter value as a template's author writes it: a plain value, or
/// the short form of a reference (`!Ref Queue`, `!GetAtt Net.Outputs.Vpc`).
pub fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(map) if map.len() == 1 => {
            let (name, arg) = map.iter().next().expect("one entry");
            match (name.as_str(), arg) {
                ("Ref", Value::String(target)) => format!("!Ref {target}"),
                ("Fn::GetAtt", Value::Array(parts)) => format!(
                    "!GetAtt {}",
                    parts.iter().map(|p| p.as_str().unwrap_or("?")).collect::<Vec<_>>().join(".")
                ),
                ("Fn::Sub", Value::String(text)) => format!("!Sub {text}"),
                _ => value.to_string(),
            }
        }
        other => other.to_string(),
    }
}

/// The parameters, outputs and resources of a nested stack.
#[component]
pub fn NestedStackContents(id: ResourceId) -> impl IntoView {
    let editor = Editor::use_context();
    let stack = Memo::new(move |_| {
        editor.design.with(|d| match d.resource(&id).map(|r| &r.kind) {
            Some(Kind::NestedStack(stack)) => stack.clone(),
            _ => NestedStack::default(),
        })
    });
    let parameters = move || {
        stack.with(|s| s.parameters.iter().map(|(k, v)| (k.clone(), shown(v))).collect::<Vec<_>>())
    };
    let outputs = move || stack.with(|s| s.outputs.join(", "));
    let resources = move || {
        stack.with(|s| {
            s.resources
                .iter()
                .map(|r| (r.logical_id.clone(), r.resource_type.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <fieldset class="field group" data-testid="stack-parameters">
            <legend>"Parameters passed"</legend>
            {move || {
                let rows = parameters();
                if rows.is_empty() {
                    view! { <div class="field-hint">"None"</div> }.into_any()
                } else {
                    rows.into_iter()
                        .map(|(k, v)| view! { <div class="kv"><span class="k">{k}</span><code class="v">{v}</code></div> })
                        .collect_view()
                        .into_any()
                }
            }}
        </fieldset>
        <fieldset class="field group" data-testid="stack-outputs">
            <legend>"Outputs"</legend>
            <div class="field-hint">{move || {
                let text = outputs();
                if text.is_empty() { "None that the design reads".to_owned() } else { text }
            }}</div>
        </fieldset>
        <fieldset class="field group" data-testid="stack-resources">
            <legend>"Resources of its template"</legend>
            {move || {
                let rows = resources();
                if rows.is_empty() {
                    view! { <div class="field-hint">"Its template was not read: import the parent with the child template beside it (the command line reads it) to list them"</div> }.into_any()
                } else {
                    rows.into_iter()
                        .map(|(k, v)| view! { <div class="kv"><span class="k">{k}</span><span class="v muted">{v}</span></div> })
                        .collect_view()
                        .into_any()
                }
            }}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::shown;
    use serde_json::json;

    #[test]
    fn references_read_as_their_short_forms() {
        assert_eq!(shown(&json!("10.0.0.0/16")), "10.0.0.0/16");
        assert_eq!(shown(&json!({"Ref": "Queue"})), "!Ref Queue");
        assert_eq!(
            shown(&json!({"Fn::GetAtt": ["Net", "Outputs.Vpc"]})),
            "!GetAtt Net.Outputs.Vpc"
        );
        assert_eq!(
            shown(&json!({"Fn::Join": [",", ["a", "b"]]})),
            r#"{"Fn::Join":[",",["a","b"]]}"#
        );
    }
}
