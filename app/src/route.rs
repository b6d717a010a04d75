//! The app's URLs: `/` for a new design, `/d/{id}` for a stored one.

/// The stored design's ID named by a URL path, if any.
pub fn design_id(path: &str) -> Option<String> {
    let id = path.strip_prefix("/d/")?.trim_end_matches('/');
    (!id.is_empty() && !id.contains('/')).then(|| id.to_owned())
}

/// The path of a stored design.
pub fn design_path(id: &str) -> String {
    format!("/d/{id}")
}

/// The current location's path.
pub fn current_path() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default()
}

/// Points the address bar at a stored design without reloading the page.
pub fn show_design(id: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let path = design_path(id);
        if current_path() != path {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_design_paths() {
        assert_eq!(design_id("/d/abc123"), Some("abc123".into()));
        assert_eq!(design_id("/d/abc123/"), Some("abc123".into()));
        assert_eq!(design_id("/"), None);
        assert_eq!(design_id("/d/"), None);
        assert_eq!(design_id("/d/a/b"), None);
    }
}
