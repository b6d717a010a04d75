//! The HTTP client of the server's API: the session (`/api/session`),
//! stored designs (`/api/designs`),
//! CloudFormation export (`/api/export`), template import
//! (`/api/import/template`), comments (`/api/designs/{id}/comments`), and
//! members and share links (`/api/designs/{id}/members`, `.../shares`).
//!
//! Every call returns either the parsed answer or an [`ApiError`] whose
//! message can be shown to the user as is.

use serde::Deserialize;
use serde_json::{Value, json};
use vpcraft_core::Design;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

/// Why a call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// Someone saved a newer revision than the one this edit started from.
    Stale,
    NotFound,
    /// The server could not be reached.
    Network(String),
    /// The server answered with an error.
    Server {
        status: u16,
        message: String,
    },
    /// The answer was not what the API promises.
    BadAnswer(String),
}

impl ApiError {
    pub fn message(&self) -> String {
        match self {
            Self::Stale => "Someone else saved a newer revision; reload".into(),
            Self::NotFound => "This design does not exist (any more)".into(),
            Self::Network(detail) => format!("Cannot reach the server: {detail}"),
            Self::Server { status, message } => format!("Save failed ({status}): {message}"),
            Self::BadAnswer(detail) => format!("Unexpected answer from the server: {detail}"),
        }
    }

    /// The message without the "Save failed" framing, for calls that are
    /// not saves (export, import).
    pub fn detail(&self) -> String {
        match self {
            Self::Server { message, .. } => message.clone(),
            other => other.message(),
        }
    }
}

/// A design as the server stores it.
#[derive(Clone, Debug)]
pub struct StoredDesign {
    pub id: String,
    pub revision: u64,
    pub design: Design,
}

/// The answer to a save: where and at which revision the design now is.
#[derive(Clone, Debug, Deserialize)]
pub struct Saved {
    pub id: String,
    pub revision: u64,
}

/// Creates a new stored design (the first save).
pub async fn create(design: &Design) -> Result<Saved, ApiError> {
    let body = crate::json::design(design);
    let (status, text) = send("POST", "/api/designs", Some(body)).await?;
    expect_success(status, &text)?;
    parse_answer(&text)
}

/// Saves a new revision on top of `base_revision`, with an optional
/// message for the history.
pub async fn update(
    id: &str,
    base_revision: u64,
    design: &Design,
    message: Option<&str>,
) -> Result<Saved, ApiError> {
    let design = serde_json::to_value(design).map_err(|e| ApiError::BadAnswer(e.to_string()))?;
    let mut body = json!({ "base_revision": base_revision, "design": design });
    if let Some(message) = message {
        body["message"] = json!(message);
    }
    let body = body.to_string();
    let (status, text) = send("PUT", &format!("/api/designs/{}", encode(id)), Some(body)).await?;
    expect_success(status, &text)?;
    parse_answer(&text)
}

/// Loads the latest revision of a stored design.
pub async fn fetch(id: &str) -> Result<StoredDesign, ApiError> {
    let (status, text) = send("GET", &format!("/api/designs/{}", encode(id)), None).await?;
    stored_design(status, &text)
}

/// Loads the design a share link opens, read-only.
pub async fn fetch_shared(token: &str) -> Result<StoredDesign, ApiError> {
    let (status, text, _) = send_with("GET", "/api/shared", None, "", Some(token)).await?;
    stored_design(status, &text)
}

/// A stored design from the answer of a read.
pub(crate) fn stored_design(status: u16, text: &str) -> Result<StoredDesign, ApiError> {
    expect_success(status, text)?;
    let mut answer: Value =
        serde_json::from_str(text).map_err(|e| ApiError::BadAnswer(e.to_string()))?;
    let Saved { id, revision } =
        serde_json::from_value(answer.clone()).map_err(|e| ApiError::BadAnswer(e.to_string()))?;
    let design = vpcraft_core::schema::from_value(answer["design"].take())
        .map_err(|e| ApiError::BadAnswer(format!("the stored design is invalid: {e}")))?;
    Ok(StoredDesign { id, revision, design })
}

/// One stored design as the list shows it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Summary {
    pub id: String,
    pub name: String,
    pub revision: u64,
    #[serde(default)]
    pub updated_at: String,
    /// The design's review state by its API name (`none`, `in_review`,
    /// ...).
    #[serde(default)]
    pub review: String,
}

/// Lists the stored designs, the most recently changed first.
pub async fn list() -> Result<Vec<Summary>, ApiError> {
    let (status, text) = send("GET", "/api/designs", None).await?;
    expect_success(status, &text)?;
    crate::json::from_str(&text).map_err(|e| ApiError::BadAnswer(e.to_string()))
}

/// Deletes a stored design with its history.
pub async fn delete(id: &str) -> Result<(), ApiError> {
    let (status, text) = send("DELETE", &format!("/api/designs/{}", encode(id)), None).await?;
    expect_success(status, &text)
}

/// Renames a stored design: a new revision with only the name changed.
pub async fn rename(id: &str, name: &str) -> Result<Saved, ApiError> {
    let mut stored = fetch(id).await?;
    stored.design.name = name.to_owned();
    update(id, stored.revision, &stored.design, None).await
}

fn parse_answer(text: &str) -> Result<Saved, ApiError> {
    crate::json::from_str(text).map_err(|e| ApiError::BadAnswer(e.to_string()))
}

/// Maps an error status and the API's error body to an [`ApiError`].
pub(crate) fn expect_success(status: u16, text: &str) -> Result<(), ApiError> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    let body: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let code = body["error"]["code"].as_str().unwrap_or_default();
    let message =
        body["error"]["message"].as_str().map_or_else(|| text.trim().to_owned(), str::to_owned);
    Err(match (status, code) {
        (409, _) | (_, "stale_revision") => ApiError::Stale,
        (404, _) => ApiError::NotFound,
        _ => ApiError::Server { status, message },
    })
}

/// Percent-encodes a path segment (IDs are URL-safe today; this keeps a
/// strange one from breaking the path).
pub(crate) fn encode(segment: &str) -> String {
    String::from(js_sys::encode_uri_component(segment))
}

/// Sends a request with an optional JSON body and returns the status and
/// the body text.
pub(crate) async fn send(
    method: &str,
    url: &str,
    body: Option<String>,
) -> Result<(u16, String), ApiError> {
    let (status, text, _) = send_with(method, url, body, "application/json", None).await?;
    Ok((status, text))
}

/// Sends a request with an optional body of the given content type and
/// returns the status, the body text and the response headers.
async fn send_with(
    method: &str,
    url: &str,
    body: Option<String>,
    content_type: &str,
    share_token: Option<&str>,
) -> Result<(u16, String, web_sys::Headers), ApiError> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = &body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(url, &init).map_err(js_error)?;
    request.headers().set("Accept", "application/json").map_err(js_error)?;
    if body.is_some() {
        request.headers().set("Content-Type", content_type).map_err(js_error)?;
    }
    if let Some(token) = share_token {
        request.headers().set("X-Share-Token", token).map_err(js_error)?;
    }
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    let text = JsFuture::from(response.text().map_err(js_error)?).await.map_err(js_error)?;
    Ok((response.status(), text.as_string().unwrap_or_default(), response.headers()))
}

/// A CloudFormation template exported by the server, with the counts and
/// summaries of the findings it carries in its header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    pub text: String,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<String>,
}

/// Exports a design as a CloudFormation template (`yaml` or `json`).
pub async fn export_template(design: &Design, format: &str) -> Result<Exported, ApiError> {
    let body = crate::json::design(design);
    let url = format!("/api/export?format={}", encode(format));
    let (status, text, headers) =
        send_with("POST", &url, Some(body), "application/json", None).await?;
    expect_success(status, &text)?;
    let header = |name: &str| headers.get(name).ok().flatten().unwrap_or_default();
    Ok(Exported {
        errors: header("x-vpcraft-errors").parse().unwrap_or(0),
        warnings: header("x-vpcraft-warnings").parse().unwrap_or(0),
        findings: crate::json::from_str(&header("x-vpcraft-findings")).unwrap_or_default(),
        text,
    })
}

/// A design imported from a CloudFormation template, with what the import
/// could not carry over exactly.
#[derive(Clone, Debug)]
pub struct Imported {
    pub design: Design,
    pub warnings: Vec<String>,
    /// The template's parameters with the values the import used.
    pub parameters: Vec<TemplateParameter>,
}

/// One parameter of an imported template.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct TemplateParameter {
    pub name: String,
    #[serde(rename = "type")]
    pub type_name: String,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub allowed: Vec<String>,
}

/// One import warning as text: `{ "logical_id", "message" }` as
/// "`LogicalId`: message".
fn warning_text(warning: &Value) -> String {
    match (warning["logical_id"].as_str(), warning["message"].as_str()) {
        (Some(id), Some(message)) if !id.is_empty() => format!("{id}: {message}"),
        (_, Some(message)) => message.to_owned(),
        _ => warning.as_str().map_or_else(|| warning.to_string(), str::to_owned),
    }
}

/// Imports a CloudFormation template (YAML or JSON text) as a design, with
/// the given parameter values in place of the template's defaults.
pub async fn import_template(
    text: &str,
    parameters: &[(String, String)],
    children: &[(String, String)],
) -> Result<Imported, ApiError> {
    let (body, content_type) = if parameters.is_empty() && children.is_empty() {
        (text.to_owned(), "application/yaml")
    } else {
        // Extended rather than collected: collecting sorts the pairs first,
        // with one more copy of the standard library's sort in the wasm.
        let map = |pairs: &[(String, String)]| {
            let mut map = serde_json::Map::new();
            map.extend(pairs.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))));
            map
        };
        let body = serde_json::json!({
            "template": text, "parameters": map(parameters), "children": map(children),
        });
        (body.to_string(), "application/json")
    };
    let (status, answer, _) =
        send_with("POST", "/api/import/template", Some(body), content_type, None).await?;
    expect_success(status, &answer)?;
    let mut answer: Value =
        serde_json::from_str(&answer).map_err(|e| ApiError::BadAnswer(e.to_string()))?;
    let warnings = answer["warnings"]
        .as_array()
        .map(|list| list.iter().map(warning_text).collect())
        .unwrap_or_default();
    let design = vpcraft_core::schema::from_value(answer["design"].take())
        .map_err(|e| ApiError::BadAnswer(format!("the imported design is invalid: {e}")))?;
    let parameters = serde_json::from_value(answer["parameters"].take()).unwrap_or_default();
    Ok(Imported { design, warnings, parameters })
}

fn js_error(value: JsValue) -> ApiError {
    let detail = value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".into());
    ApiError::Network(detail)
}

/// The signed-in account.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Account {
    pub email: String,
    pub admin: bool,
}

/// Who is signed in, whether the server still needs its first account,
/// and the identity provider to sign in with, when one is configured.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Session {
    pub user: Option<Account>,
    pub setup_required: bool,
    #[serde(default)]
    pub oidc: Option<Provider>,
}

/// The company's identity provider (OpenID Connect) as the sign-in page
/// offers it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Provider {
    /// Its name on the button: "Sign in with NAME".
    pub name: String,
}

/// The current session (`/api/session`).
pub async fn session() -> Result<Session, ApiError> {
    let (status, text) = send("GET", "/api/session", None).await?;
    expect_success(status, &text)?;
    crate::json::from_str(&text).map_err(|e| ApiError::BadAnswer(e.to_string()))
}

/// Signs in, or with `first` creates the server's first account (its
/// administrator); the server sets the session cookie.
pub async fn sign_in(email: &str, password: &str, first: bool) -> Result<Session, ApiError> {
    let url = if first { "/api/setup" } else { "/api/session" };
    let body = json!({ "email": email, "password": password }).to_string();
    let (status, text) = send("POST", url, Some(body)).await?;
    if !(200..300).contains(&status) {
        // A refused sign-in is a message for the person, not a save error.
        let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let message = body["error"]["message"].as_str().unwrap_or("sign-in failed").to_owned();
        return Err(ApiError::Server { status, message });
    }
    crate::json::from_str(&text).map_err(|e| ApiError::BadAnswer(e.to_string()))
}

/// Ends the session.
pub async fn sign_out() -> Result<(), ApiError> {
    let (status, text) = send("DELETE", "/api/session", None).await?;
    expect_success(status, &text)
}

/// A design's comment threads, and whether this person may comment.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct CommentThreads {
    pub threads: Vec<vpcraft_core::comments::Thread>,
    pub can_comment: bool,
}

/// The comment threads of a stored design, oldest first; a guest reads
/// them through the share link's token.
pub async fn comments(id: &str, share_token: Option<&str>) -> Result<CommentThreads, ApiError> {
    let (status, text) = match share_token {
        Some(token) => {
            let (status, text, _) =
                send_with("GET", "/api/shared/comments", None, "", Some(token)).await?;
            (status, text)
        }
        None => send("GET", &format!("/api/designs/{}/comments", encode(id)), None).await?,
    };
    expect_success(status, &text)?;
    crate::json::from_str(&text).map_err(|e| ApiError::BadAnswer(e.to_string()))
}

/// Starts a thread at `anchor`, or replies to `thread`; returns the thread
/// as it now stands.
pub async fn post_comment(
    id: &str,
    body: &str,
    anchor: Option<&vpcraft_core::comments::Anchor>,
    thread: Option<&str>,
) -> Result<vpcraft_core::comments::Thread, ApiError> {
    let mut request = json!({ "body": body });
    if let Some(anchor) = anchor {
        request["anchor"] = json!(anchor);
    }
    if let Some(thread) = thread {
        request["thread"] = json!(thread);
    }
    let url = format!("/api/designs/{}/comments", encode(id));
    let (status, text) = send("POST", &url, Some(request.to_string())).await?;
    expect_success(status, &text)?;
    crate::json::from_str(&text).map_err(|e| ApiError::BadAnswer(e.to_string()))
}

/// Resolves or reopens a thread.
pub async fn set_resolved(
    id: &str,
    thread: &str,
    resolved: bool,
) -> Result<vpcraft_core::comments::Thread, ApiError> {
    let url = format!("/api/designs/{}/comments/{}/resolved", encode(id), encode(thread));
    let body = json!({ "resolved": resolved }).to_string();
    let (status, text) = send("PUT", &url, Some(body)).await?;
    expect_success(status, &text)?;
    crate::json::from_str(&text).map_err(|e| ApiError::BadAnswer(e.to_string()))
}

/// A member of a design: an account and its role (`owner`, `editor`,
/// `reviewer` or `viewer`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub user_id: String,
    pub email: String,
    pub role: String,
}

/// A design's share link as listed (never its token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareLink {
    pub id: String,
    /// The email of who made it.
    pub created_by: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// A share link just made: its token is shown this once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewShareLink {
    pub id: String,
    pub token: String,
    pub expires_at: Option<String>,
}

/// Like [`expect_success`], but every error keeps the server's own message
/// (an unknown email is a 404, the last owner a 409: neither is about a
/// missing design or a stale save).
pub(crate) fn expect_ok(status: u16, text: &str) -> Result<(), ApiError> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    let body: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let message =
        body["error"]["message"].as_str().map_or_else(|| text.trim().to_owned(), str::to_owned);
    Err(ApiError::Server { status, message })
}

/// The JSON of a successful answer of the people endpoints. (They are read
/// from the JSON tree by hand rather than through derived deserializers:
/// each of those would add its own copy of the JSON parser to the wasm.)
fn answer(status: u16, text: &str) -> Result<Value, ApiError> {
    expect_ok(status, text)?;
    serde_json::from_str(text).map_err(|e| ApiError::BadAnswer(e.to_string()))
}

/// A string field of an answer's object; `None` when absent or null.
fn field(value: &Value, name: &str) -> Option<String> {
    value[name].as_str().map(str::to_owned)
}

/// A required string field of an answer's object.
fn required(value: &Value, name: &str) -> Result<String, ApiError> {
    field(value, name).ok_or_else(|| ApiError::BadAnswer(format!("no {name:?} in the answer")))
}

/// The objects of an answer that is a JSON array, each read by `read`.
fn list_of<T>(value: &Value, read: fn(&Value) -> Result<T, ApiError>) -> Result<Vec<T>, ApiError> {
    value
        .as_array()
        .ok_or_else(|| ApiError::BadAnswer("the answer is not a list".into()))?
        .iter()
        .map(read)
        .collect()
}

impl Member {
    fn read(value: &Value) -> Result<Self, ApiError> {
        Ok(Self {
            user_id: required(value, "user_id")?,
            email: required(value, "email")?,
            role: required(value, "role")?,
        })
    }
}

impl ShareLink {
    fn read(value: &Value) -> Result<Self, ApiError> {
        Ok(Self {
            id: required(value, "id")?,
            created_by: required(value, "created_by")?,
            created_at: required(value, "created_at")?,
            expires_at: field(value, "expires_at"),
            revoked_at: field(value, "revoked_at"),
        })
    }
}

/// The members of a stored design, owners first.
pub async fn members(id: &str) -> Result<Vec<Member>, ApiError> {
    let (status, text) = send("GET", &format!("/api/designs/{}/members", encode(id)), None).await?;
    list_of(&answer(status, &text)?, Member::read)
}

/// Invites the account with `email` as `role`, or changes its role;
/// returns the members after the change.
pub async fn set_member(id: &str, email: &str, role: &str) -> Result<Vec<Member>, ApiError> {
    let body = json!({ "email": email, "role": role }).to_string();
    let url = format!("/api/designs/{}/members", encode(id));
    let (status, text) = send("PUT", &url, Some(body)).await?;
    list_of(&answer(status, &text)?, Member::read)
}

/// Removes a member from a design.
pub async fn remove_member(id: &str, user: &str) -> Result<(), ApiError> {
    let url = format!("/api/designs/{}/members/{}", encode(id), encode(user));
    let (status, text) = send("DELETE", &url, None).await?;
    expect_ok(status, &text)
}

/// A design's share links, the newest first, revoked and expired ones
/// included.
pub async fn shares(id: &str) -> Result<Vec<ShareLink>, ApiError> {
    let (status, text) = send("GET", &format!("/api/designs/{}/shares", encode(id)), None).await?;
    list_of(&answer(status, &text)?, ShareLink::read)
}

/// Makes a read-only share link that expires after `expires_in_hours`, or
/// never.
pub async fn create_share(
    id: &str,
    expires_in_hours: Option<u32>,
) -> Result<NewShareLink, ApiError> {
    let body = match expires_in_hours {
        Some(hours) => json!({ "expires_in_hours": hours }),
        None => json!({}),
    };
    let url = format!("/api/designs/{}/shares", encode(id));
    let (status, text) = send("POST", &url, Some(body.to_string())).await?;
    let made = answer(status, &text)?;
    Ok(NewShareLink {
        id: required(&made, "id")?,
        token: required(&made, "token")?,
        expires_at: field(&made, "expires_at"),
    })
}

/// Revokes a share link: it opens nothing any more.
pub async fn revoke_share(id: &str, share: &str) -> Result<(), ApiError> {
    let url = format!("/api/designs/{}/shares/{}", encode(id), encode(share));
    let (status, text) = send("DELETE", &url, None).await?;
    expect_ok(status, &text)
}
