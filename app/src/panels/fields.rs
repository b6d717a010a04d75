//! Inspector fields: inputs that check what is typed, show an inline error
//! when it does not parse, and change the design only with valid values.

use crate::actions::{PropertyEdit, UpdateProperty};
use crate::state::Editor;
use leptos::prelude::*;
use vpcraft_core::{Design, ResourceId};
use wasm_bindgen::JsCast;

/// What an input shows: the design's `value`, except while the person is
/// typing in the input with ID `id`, where what they typed stays (an edit
/// of the same property by someone else in the room would otherwise
/// replace the text under their cursor). `left` ticks when they leave the
/// input, so that it then shows the design's value, whoever wrote it last.
pub fn unless_typing(id: &str, value: String, left: Trigger) -> String {
    left.track();
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    match active.and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        Some(input) if input.id() == id => input.value(),
        _ => value,
    }
}

/// Turns typed text into an edit, or says what is wrong with it.
pub type Parser = fn(&str) -> Result<PropertyEdit, String>;

/// A text input bound to one property.
#[component]
pub fn TextField(
    label: &'static str,
    /// The property's name, for the test hook `prop-{field}`.
    field: &'static str,
    /// Reads the property's current value from the design.
    read: fn(&Design, &ResourceId) -> Option<String>,
    parse: Parser,
    target: ResourceId,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(optional)] numeric: bool,
) -> impl IntoView {
    let editor = Editor::use_context();
    let value = {
        let target = target.clone();
        Memo::new(move |_| editor.design.with(|d| read(d, &target)).unwrap_or_default())
    };
    let error = RwSignal::new(None::<String>);
    let on_input = move |ev: web_sys::Event| {
        let text = event_target_value(&ev);
        match parse(&text) {
            Ok(edit) => {
                error.set(None);
                editor.dispatch(UpdateProperty { target: Some(target.clone()), edit });
            }
            Err(message) => error.set(Some(message)),
        }
    };
    let input_id = format!("prop-{field}");
    let left = Trigger::new();
    let shown = {
        let input_id = input_id.clone();
        move || unless_typing(&input_id, value.get(), left)
    };
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=input_id.clone()>{label}</label>
            <input
                id=input_id
                type="text"
                inputmode=if numeric { "numeric" } else { "text" }
                spellcheck="false"
                autocomplete="off"
                list=list
                data-testid=format!("prop-{field}")
                prop:value=shown
                on:input=on_input
                on:blur=move |_| left.notify()
            />
            {move || match error.get() {
                Some(message) => view! { <div class="field-error" data-testid="prop-error">{message}</div> }.into_any(),
                None => hint.map(|h| view! { <div class="field-hint">{h}</div> }).into_any(),
            }}
        </div>
    }
}

/// A checkbox bound to one boolean property.
#[component]
pub fn CheckField(
    label: &'static str,
    field: &'static str,
    read: fn(&Design, &ResourceId) -> Option<bool>,
    make: fn(bool) -> PropertyEdit,
    target: ResourceId,
) -> impl IntoView {
    let editor = Editor::use_context();
    let checked = {
        let target = target.clone();
        Memo::new(move |_| editor.design.with(|d| read(d, &target)).unwrap_or_default())
    };
    let on_change = move |ev: web_sys::Event| {
        let on = event_target_checked(&ev);
        editor.dispatch(UpdateProperty { target: Some(target.clone()), edit: make(on) });
    };
    view! {
        <label class="check">
            <input type="checkbox" data-testid=format!("prop-{field}") prop:checked=move || checked.get()
                on:change=on_change />
            <span>{label}</span>
        </label>
    }
}

/// Parsers for the inspector's fields.
pub mod parse {
    use crate::actions::PropertyEdit;
    use ipnet::Ipv4Net;

    pub fn name(text: &str) -> Result<PropertyEdit, String> {
        let name = text.trim();
        if name.is_empty() {
            return Err("A name cannot be empty".into());
        }
        Ok(PropertyEdit::Name(name.to_owned()))
    }

    fn cidr_block(text: &str) -> Result<Ipv4Net, String> {
        text.trim().parse::<Ipv4Net>().map_err(|_| {
            format!("\"{}\" is not an IPv4 CIDR block such as 10.0.1.0/24", text.trim())
        })
    }

    /// A subnet's block; an empty field leaves it to a parameter at deploy
    /// time.
    pub fn cidr(text: &str) -> Result<PropertyEdit, String> {
        if text.trim().is_empty() {
            return Ok(PropertyEdit::SubnetCidr(None));
        }
        cidr_block(text).map(|block| PropertyEdit::SubnetCidr(Some(block)))
    }

    pub fn cidr_blocks(text: &str) -> Result<PropertyEdit, String> {
        let blocks = text
            .split(',')
            .filter(|part| !part.trim().is_empty())
            .map(cidr_block)
            .collect::<Result<Vec<_>, _>>()?;
        if blocks.is_empty() {
            return Err("A VPC needs at least one CIDR block".into());
        }
        Ok(PropertyEdit::VpcCidrBlocks(blocks))
    }

    pub fn runtime(text: &str) -> Result<PropertyEdit, String> {
        let runtime = text.trim();
        if runtime.is_empty() || runtime.contains(char::is_whitespace) {
            return Err("Enter a Lambda runtime such as python3.12 or nodejs20.x".into());
        }
        Ok(PropertyEdit::Runtime(runtime.to_owned()))
    }

    pub fn handler(text: &str) -> Result<PropertyEdit, String> {
        let handler = text.trim();
        if handler.is_empty() {
            return Err("A handler cannot be empty".into());
        }
        Ok(PropertyEdit::Handler(handler.to_owned()))
    }

    fn number_in(text: &str, low: u32, high: u32, what: &str) -> Result<u32, String> {
        match text.trim().parse::<u32>() {
            Ok(n) if (low..=high).contains(&n) => Ok(n),
            _ => Err(format!("{what} is a whole number from {low} to {high}")),
        }
    }

    pub fn memory_mb(text: &str) -> Result<PropertyEdit, String> {
        number_in(text, 128, 10_240, "Memory (MB)").map(PropertyEdit::MemoryMb)
    }

    pub fn timeout_s(text: &str) -> Result<PropertyEdit, String> {
        number_in(text, 1, 900, "Timeout (s)").map(PropertyEdit::TimeoutS)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn cidrs_parse_or_explain() {
            assert!(cidr("10.0.1.0/24").is_ok());
            assert!(cidr("10.0.1.0/33").is_err());
            assert!(cidr("10.0.1").is_err());
            assert_eq!(
                cidr_blocks("10.0.0.0/16, 10.1.0.0/16,").unwrap(),
                PropertyEdit::VpcCidrBlocks(vec![
                    "10.0.0.0/16".parse().unwrap(),
                    "10.1.0.0/16".parse().unwrap()
                ])
            );
            assert!(cidr_blocks(" , ").is_err());
            assert!(memory_mb("64").is_err());
            assert_eq!(timeout_s(" 30 ").unwrap(), PropertyEdit::TimeoutS(30));
        }
    }
}
