//! The app's URLs: `/` for a new design, `/d/{id}` for a stored one,
//! `/shared#{token}` for the design a share link opens (the token in the
//! fragment, which browsers never send to a server).

/// The stored design's ID named by a URL path, if any.
pub fn design_id(path: &str) -> Option<String> {
    let id = path.strip_prefix("/d/")?.trim_end_matches('/');
    (!id.is_empty() && !id.contains('/')).then(|| id.to_owned())
}

/// The path of a stored design.
pub fn design_path(id: &str) -> String {
    format!("/d/{id}")
}

/// The token of a share link's address (`/shared#{token}`), if the path
/// and fragment are one.
pub fn share_token_in(path: &str, hash: &str) -> Option<String> {
    if path.trim_end_matches('/') != "/shared" {
        return None;
    }
    let token = hash.trim_start_matches('#');
    (!token.is_empty() && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .then(|| token.to_owned())
}

/// The full address of a share link: `{origin}/shared#{token}`.
pub fn share_url(origin: &str, token: &str) -> String {
    format!("{}/shared#{token}", origin.trim_end_matches('/'))
}

/// The share token of the current location, if it is a share link.
pub fn share_token() -> Option<String> {
    let location = web_sys::window()?.location();
    share_token_in(&location.pathname().ok()?, &location.hash().ok()?)
}

/// The current location's path.
pub fn current_path() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default()
}

/// A query parameter of the current location.
pub fn query(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    query_in(&search, name)
}

/// A parameter of a query string (`?a=1&b=2`), undecoded.
pub fn query_in(search: &str, name: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// True when the address bar shows the designs list.
pub fn is_designs_list(path: &str) -> bool {
    path.trim_end_matches('/') == "/designs"
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
        assert_eq!(query_in("?template=B&x=1", "template"), Some("B".into()));
        assert_eq!(query_in("", "template"), None);
        assert!(is_designs_list("/designs/"));
        assert_eq!(share_token_in("/shared", "#vpcs_ab12"), Some("vpcs_ab12".into()));
        assert_eq!(share_token_in("/shared/", "#ab"), Some("ab".into()));
        assert_eq!(share_token_in("/shared", ""), None);
        assert_eq!(share_token_in("/shared", "#a b"), None);
        assert_eq!(share_token_in("/d/x", "#ab"), None);
    }

    #[test]
    fn a_share_url_reads_back_as_its_token() {
        let url = share_url("http://127.0.0.1:8080/", "0a1b2c");
        assert_eq!(url, "http://127.0.0.1:8080/shared#0a1b2c");
        let (path, hash) = url.strip_prefix("http://127.0.0.1:8080").unwrap().split_at(7);
        assert_eq!(share_token_in(path, hash), Some("0a1b2c".into()));
    }
}
