//! Generic inspector fields bound to a property by its JSON pointer into
//! the resource (`/vpc_config/subnets`), so every property of every kind is
//! edited the same way: typed text is checked as it is typed, and only
//! values that parse reach the design, through one undoable action.

use crate::actions::{PropertyEdit, UpdateProperty};
use crate::state::Editor;
use ipnet::Ipv4Net;
use leptos::prelude::*;
use serde_json::{Value, json};
use vpcraft_core::{Design, ResourceId};

/// The value at `pointer` of a resource as the design file writes it.
pub fn read(design: &Design, id: &ResourceId, pointer: &str) -> Option<Value> {
    let resource = design.resource(id)?;
    let json = serde_json::to_value(resource).ok()?;
    json.pointer(pointer).cloned()
}

/// The test hook of a field: `prop-` and the pointer with dots.
pub fn testid(pointer: &str) -> String {
    format!("prop-{}", pointer.trim_start_matches('/').replace('/', "."))
}

/// Sets a property of a resource.
pub fn set(editor: Editor, target: &ResourceId, pointer: &str, value: Value) -> bool {
    editor.dispatch(UpdateProperty {
        target: Some(target.clone()),
        edit: PropertyEdit::Json { pointer: pointer.to_owned(), value },
    })
}

/// How typed text becomes a value, and a value text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Any text that is not blank.
    Required(&'static str),
    /// Text; blank means absent.
    Optional,
    /// A whole number in a range.
    Int { min: u64, max: u64, what: &'static str },
    /// A whole number in a range; blank means absent.
    OptInt { min: u64, max: u64, what: &'static str },
    /// An AWS service short name (`sqs`, `secretsmanager`).
    Service,
    /// A JSON document; blank means absent.
    JsonDoc,
    /// `KEY=value` lines.
    KeyValues,
    /// Words separated by commas or new lines.
    List,
    /// A subnet's IPv6 block: the number of a /64 of its VPC's block, or an
    /// IPv6 CIDR; blank means none.
    SubnetIpv6,
}

impl Format {
    pub fn parse(self, text: &str) -> Result<Value, String> {
        let t = text.trim();
        match self {
            Format::Required(what) if t.is_empty() => Err(format!("{what} cannot be empty")),
            Format::Required(_) => Ok(json!(t)),
            Format::Optional => Ok(if t.is_empty() { Value::Null } else { json!(t) }),
            Format::Int { min, max, what } => int(t, min, max, what).map(|n| json!(n)),
            Format::OptInt { .. } if t.is_empty() => Ok(Value::Null),
            Format::OptInt { min, max, what } => int(t, min, max, what).map(|n| json!(n)),
            Format::Service => {
                let ok = !t.is_empty()
                    && t.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'
                    });
                if ok {
                    Ok(json!(t))
                } else {
                    Err("Enter a service name such as sqs, logs or secretsmanager".into())
                }
            }
            Format::JsonDoc if t.is_empty() => Ok(Value::Null),
            Format::JsonDoc => match serde_json::from_str::<Value>(t) {
                Ok(v @ Value::Object(_)) => Ok(v),
                Ok(_) => Err("A policy is a JSON object".into()),
                Err(e) => Err(format!("Not valid JSON: {e}")),
            },
            Format::KeyValues => key_values(text),
            Format::SubnetIpv6 if t.is_empty() => Ok(Value::Null),
            Format::SubnetIpv6 => match (t.parse::<u16>(), t.parse::<ipnet::Ipv6Net>()) {
                (Ok(n), _) if n < 256 => Ok(json!({ "index": n })),
                (_, Ok(net)) => Ok(json!({ "cidr": net.to_string() })),
                _ => Err("Enter the number of a /64 of the VPC's IPv6 block (0 to 255) or an \
                          IPv6 CIDR block"
                    .into()),
            },
            Format::List => Ok(json!(
                text.split([',', '\n'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
            )),
        }
    }

    pub fn show(self, value: &Value) -> String {
        match (self, value) {
            (_, Value::Null) => String::new(),
            (_, Value::String(s)) => s.clone(),
            (Format::JsonDoc, v) => serde_json::to_string_pretty(v).unwrap_or_default(),
            (Format::KeyValues, Value::Object(map)) => map
                .iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join("\n"),
            (Format::SubnetIpv6, Value::Object(map)) => match map.iter().next() {
                Some((_, Value::String(s))) => s.clone(),
                Some((_, n)) => n.to_string(),
                None => String::new(),
            },
            (Format::List, Value::Array(items)) => {
                items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n")
            }
            (_, v) => v.to_string(),
        }
    }
}

fn int(t: &str, min: u64, max: u64, what: &str) -> Result<u64, String> {
    match t.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("{what} is a whole number from {min} to {max}")),
    }
}

pub fn cidr(t: &str) -> Result<Ipv4Net, String> {
    t.parse::<Ipv4Net>()
        .map_err(|_| format!("\"{t}\" is not an IPv4 CIDR block such as 10.0.1.0/24"))
}

fn key_values(text: &str) -> Result<Value, String> {
    let mut map = serde_json::Map::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!("\"{line}\" is not KEY=value"));
        };
        let key = key.trim();
        let valid = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(format!("\"{key}\" is not a variable name (letters, digits and _)"));
        }
        map.insert(key.to_owned(), json!(value.trim()));
    }
    Ok(Value::Object(map))
}

/// A text input (or text area) bound to one property.
#[component]
pub fn JText(
    label: &'static str,
    target: ResourceId,
    pointer: &'static str,
    format: Format,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let editor = Editor::use_context();
    let value = {
        let target = target.clone();
        Memo::new(move |_| editor.design.with(|d| read(d, &target, pointer)).unwrap_or(Value::Null))
    };
    let typed = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let shown = move || {
        let v = value.get();
        match typed.get_untracked() {
            Some(t) if format.parse(&t).ok().as_ref() == Some(&v) => t,
            _ => format.show(&v),
        }
    };
    let on_input = move |ev: web_sys::Event| {
        let text = event_target_value(&ev);
        typed.set(Some(text.clone()));
        match format.parse(&text) {
            Ok(v) => {
                if v != value.get_untracked() && !set(editor, &target, pointer, v) {
                    error.set(Some("This value was refused".into()));
                } else {
                    error.set(None);
                }
            }
            Err(message) => error.set(Some(message)),
        }
    };
    let id = testid(pointer);
    let input = if multiline {
        view! {
            <textarea id=id.clone() data-testid=id.clone() spellcheck="false" rows="4" placeholder=placeholder
                prop:value=shown on:input=on_input></textarea>
        }
        .into_any()
    } else {
        let left = Trigger::new();
        let input_id = id.clone();
        let shown = move || super::fields::unless_typing(&input_id, shown(), left);
        view! {
            <input id=id.clone() data-testid=id.clone() type="text" spellcheck="false" autocomplete="off"
                list=list placeholder=placeholder prop:value=shown on:input=on_input
                on:blur=move |_| left.notify() />
        }
        .into_any()
    };
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            {input}
            {move || match error.get() {
                Some(message) => view! { <div class="field-error" data-testid="prop-error">{message}</div> }.into_any(),
                None => hint.map(|h| view! { <div class="field-hint">{h}</div> }).into_any(),
            }}
        </div>
    }
}

/// A checkbox bound to one boolean property.
#[component]
pub fn JCheck(label: &'static str, target: ResourceId, pointer: &'static str) -> impl IntoView {
    let editor = Editor::use_context();
    let checked = {
        let target = target.clone();
        Memo::new(move |_| {
            editor
                .design
                .with(|d| read(d, &target, pointer))
                .and_then(|v| v.as_bool())
                .unwrap_or(false)
        })
    };
    let on_change = move |ev: web_sys::Event| {
        set(editor, &target, pointer, json!(event_target_checked(&ev)));
    };
    view! {
        <label class="check">
            <input type="checkbox" data-testid=testid(pointer) prop:checked=move || checked.get() on:change=on_change />
            <span>{label}</span>
        </label>
    }
}

/// A choice among fixed values of a property.
#[component]
pub fn JSelect(
    label: &'static str,
    target: ResourceId,
    pointer: &'static str,
    options: &'static [(&'static str, &'static str)],
    /// The option values are JSON literals (`null`, `true`, `false`), for
    /// a property that is absent, on or off.
    #[prop(optional)]
    json_values: bool,
) -> impl IntoView {
    let editor = Editor::use_context();
    let current = {
        let target = target.clone();
        Memo::new(move |_| {
            let value = editor.design.with(|d| read(d, &target, pointer));
            match value {
                Some(v) if json_values => v.to_string(),
                Some(v) => v.as_str().map(str::to_owned).unwrap_or_default(),
                None if json_values => "null".to_owned(),
                None => String::new(),
            }
        })
    };
    let on_change = move |ev: web_sys::Event| {
        let text = event_target_value(&ev);
        let value = if json_values {
            serde_json::from_str(&text).unwrap_or(Value::Null)
        } else {
            json!(text)
        };
        set(editor, &target, pointer, value);
    };
    let id = testid(pointer);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id.clone() data-testid=id prop:value=move || current.get() on:change=on_change>
                {options.iter().map(|(value, text)| view! {
                    <option value=*value selected=move || current.get() == *value>{*text}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// Lists the resources a reference field may point at: `(id, label)`.
pub type Candidates = fn(&Design, &ResourceId) -> Vec<(ResourceId, String)>;

/// A reference to one other resource, chosen from a list.
#[component]
pub fn JRef(
    label: &'static str,
    target: ResourceId,
    pointer: &'static str,
    candidates: Candidates,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    let editor = Editor::use_context();
    let current = {
        let target = target.clone();
        Memo::new(move |_| {
            editor
                .design
                .with(|d| read(d, &target, pointer))
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        })
    };
    let choices = {
        let target = target.clone();
        Memo::new(move |_| editor.design.with(|d| candidates(d, &target)))
    };
    let on_change = move |ev: web_sys::Event| {
        let chosen = event_target_value(&ev);
        let value = if chosen.is_empty() { Value::Null } else { json!(chosen) };
        set(editor, &target, pointer, value);
    };
    let id = testid(pointer);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id.clone() data-testid=id prop:value=move || current.get() on:change=on_change>
                {move || {
                    let none = if optional { "None" } else { "Choose…" };
                    let head = view! { <option value="" selected=move || current.get().is_empty()>{none}</option> };
                    let rest = choices.get().into_iter().map(|(id, text)| {
                        let value = id.to_string();
                        let is = value.clone();
                        view! { <option value=value selected=move || current.get() == is>{text}</option> }
                    }).collect_view();
                    (head, rest)
                }}
            </select>
        </div>
    }
}

/// References to several other resources, as a list of checkboxes.
#[component]
pub fn JRefs(
    label: &'static str,
    target: ResourceId,
    pointer: &'static str,
    candidates: Candidates,
    #[prop(optional)] empty: Option<&'static str>,
) -> impl IntoView {
    let editor = Editor::use_context();
    let current = {
        let target = target.clone();
        Memo::new(move |_| {
            editor
                .design
                .with(|d| read(d, &target, pointer))
                .and_then(|v| serde_json::from_value::<Vec<String>>(v).ok())
                .unwrap_or_default()
        })
    };
    let choices = {
        let target = target.clone();
        Memo::new(move |_| editor.design.with(|d| candidates(d, &target)))
    };
    let base = testid(pointer);
    view! {
        <fieldset class="field refs" data-testid=testid(pointer)>
            <legend>{label}</legend>
            {move || {
                let list = choices.get();
                if list.is_empty() {
                    return view! { <div class="field-hint">{empty.unwrap_or("None in this design yet")}</div> }.into_any();
                }
                list.into_iter().map(|(id, text)| {
                    let key = id.to_string();
                    let is_on = { let key = key.clone(); move || current.with(|c| c.contains(&key)) };
                    let target = target.clone();
                    let toggle = { let key = key.clone(); move |ev: web_sys::Event| {
                        let on = event_target_checked(&ev);
                        let mut list = current.get_untracked();
                        list.retain(|k| k != &key);
                        if on { list.push(key.clone()); }
                        set(editor, &target, pointer, json!(list));
                    }};
                    view! {
                        <label class="check">
                            <input type="checkbox" data-testid=format!("{base}-{key}") prop:checked=is_on on:change=toggle />
                            <span>{text}</span>
                        </label>
                    }
                }).collect_view().into_any()
            }}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_and_show() {
        assert_eq!(
            Format::Int { min: 1, max: 65535, what: "Port" }.parse("443").unwrap(),
            json!(443)
        );
        assert!(Format::Int { min: 1, max: 65535, what: "Port" }.parse("70000").is_err());
        assert_eq!(Format::OptInt { min: 1, max: 9, what: "n" }.parse(" ").unwrap(), Value::Null);
        assert_eq!(
            Format::KeyValues.parse("A=1\n B = two ").unwrap(),
            json!({"A": "1", "B": "two"})
        );
        assert!(Format::KeyValues.parse("1A=x").is_err());
        assert_eq!(Format::KeyValues.show(&json!({"A": "1"})), "A=1");
        assert!(Format::JsonDoc.parse("{").is_err());
        assert_eq!(Format::List.parse("a, b\nc").unwrap(), json!(["a", "b", "c"]));
        assert!(Format::Service.parse("Not Valid").is_err());
    }
}
