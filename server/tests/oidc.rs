//! Signing in with the company's identity provider (OpenID Connect)
//! against a real provider: panva's `oidc-provider`, started on loopback
//! by `common/oidc_provider.rs`. Each case serves the app on a free port
//! and drives the browser's part with an HTTP client that keeps cookies
//! and follows no redirect by itself: start → the provider's login and
//! consent forms → callback → session. Skipped where `node` is missing.

#[path = "common/postgres.rs"]
mod postgres;
#[path = "common/both.rs"]
#[macro_use]
mod both;
#[path = "common/oidc_provider.rs"]
mod oidc_provider;

use oidc_provider::{CLIENT_ID, CLIENT_SECRET, TestProvider};
use reqwest::header::{LOCATION, SET_COOKIE};
use reqwest::redirect::Policy;
use serde_json::{Value, json};
use vpcraft_server::auth::oidc::{Oidc, OidcConfig};
use vpcraft_server::{AppState, Db, app};

/// The app served on a free port with the test provider, and a browser.
struct Rig {
    provider: TestProvider,
    db: Db,
    base: String,
    browser: reqwest::Client,
}

/// A client that keeps cookies and stops at every redirect.
fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap()
}

fn config(issuer: &str, redirect_url: &str) -> OidcConfig {
    OidcConfig::new(
        issuer.into(),
        CLIENT_ID.into(),
        Some(CLIENT_SECRET.into()),
        redirect_url.into(),
        "Test SSO".into(),
    )
}

/// Serves `state`'s app on `listener` for the rest of the test.
fn serve(listener: tokio::net::TcpListener, state: AppState) {
    let limits = vpcraft_server::serve::Limits::default();
    tokio::spawn(vpcraft_server::serve::run(listener, app(state), limits, std::future::pending()));
}

async fn rig(db: Db) -> Option<Rig> {
    rig_with(db, |_| {}).await
}

/// [`rig`] with the server's provider configuration changed by `tweak`.
async fn rig_with(db: Db, tweak: impl FnOnce(&mut OidcConfig)) -> Option<Rig> {
    // The server's log, shown for a failing case (and with --nocapture).
    let _ = tracing_subscriber::fmt()
        .with_test_writer()
        .with_env_filter("vpcraft_server=info")
        .try_init();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let provider = TestProvider::start(&format!("{base}/api/auth/oidc/callback"))?;
    let mut config = config(&provider.issuer, &format!("{base}/api/auth/oidc/callback"));
    tweak(&mut config);
    let oidc = Oidc::start(config).await.unwrap();
    serve(listener, AppState { oidc: Some(oidc), ..AppState::new(db.clone()) });
    Some(Rig { provider, db, base, browser: browser() })
}

/// The absolute address of a redirect's `Location`.
fn location(response: &reqwest::Response) -> String {
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    match location.starts_with('/') {
        true => {
            let url = response.url();
            format!("{}://{}{location}", url.scheme(), url.authority())
        }
        false => location,
    }
}

impl Rig {
    /// Begins a sign-in and passes the provider's forms as `login` (with
    /// `consent`, or aborting at the consent form without it), returning
    /// the callback address the provider sends the browser back to.
    async fn through_provider(&self, login: &str, consent: bool) -> String {
        let start = self.browser.get(format!("{}/api/auth/oidc/start", self.base));
        let response = start.send().await.unwrap();
        assert_eq!(response.status(), 303);
        let mut next = location(&response);
        assert!(next.starts_with(&format!("{}/auth?", self.provider.issuer)), "{next}");
        for query in ["code_challenge_method=S256", "scope=openid+email+profile", "nonce="] {
            assert!(next.contains(query), "{next} lacks {query}");
        }
        for _ in 0..12 {
            if next.starts_with(&self.base) {
                return next;
            }
            let response = self.browser.get(&next).send().await.unwrap();
            if response.status().is_redirection() {
                next = location(&response);
                continue;
            }
            assert_eq!(response.status(), 200, "{next}");
            let form = response.text().await.unwrap();
            let response = if form.contains(r#"name="prompt" value="login""#) {
                let fields = [("prompt", "login"), ("login", login), ("password", "any")];
                self.browser.post(&next).form(&fields).send().await.unwrap()
            } else if consent {
                self.browser.post(&next).form(&[("prompt", "consent")]).send().await.unwrap()
            } else {
                self.browser.get(format!("{next}/abort")).send().await.unwrap()
            };
            assert!(response.status().is_redirection(), "{}", response.status());
            next = location(&response);
        }
        panic!("the provider never sent the browser back: {next}");
    }

    /// Calls the callback and returns where it sends the browser and
    /// whether it set a session cookie.
    async fn callback(&self, url: &str) -> (String, bool) {
        let response = self.browser.get(url).send().await.unwrap();
        assert_eq!(response.status(), 303, "{url}");
        let cookies: Vec<_> =
            response.headers().get_all(SET_COOKIE).iter().map(|v| v.to_str().unwrap()).collect();
        let session =
            cookies.iter().any(|c| c.starts_with("vpcraft_session=") && !c.contains("Max-Age=0"));
        assert!(
            cookies.iter().any(|c| c.starts_with("vpcraft_oidc=;") && c.contains("Max-Age=0")),
            "the callback clears the flow cookie: {cookies:?}"
        );
        let target = response.headers()[LOCATION].to_str().unwrap().to_owned();
        (target, session)
    }

    /// A full sign-in as `login`: where the callback sends the browser.
    async fn sign_in(&self, login: &str) -> (String, bool) {
        let callback = self.through_provider(login, true).await;
        self.callback(&callback).await
    }

    async fn session(&self) -> Value {
        let response = self.browser.get(format!("{}/api/session", self.base)).send().await.unwrap();
        assert_eq!(response.status(), 200);
        serde_json::from_str(&response.text().await.unwrap()).unwrap()
    }
}

/// Signs in with a password (a JSON body, as the app sends it).
async fn password_sign_in(base: &str, email: &str, password: &str) -> reqwest::StatusCode {
    let body = json!({ "email": email, "password": password }).to_string();
    let response = browser()
        .post(format!("{base}/api/session"))
        .header("origin", base)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    response.status()
}

/// The first sign-in makes the account (the administrator on an empty
/// server) with a session; the same identity later finds the same account;
/// the account has no password that signs it in.
async fn the_first_sign_in_creates_the_administrator(db: Db) {
    let Some(rig) = rig(db).await else { return };
    let before = rig.session().await;
    assert_eq!(
        before,
        json!({ "user": null, "setup_required": true, "oidc": { "name": "Test SSO" } })
    );
    assert_eq!(rig.sign_in("alice").await, ("/".into(), true));
    let after = rig.session().await;
    assert_eq!(after["user"]["email"], "alice@example.test");
    assert_eq!(after["user"]["admin"], true);
    assert_eq!(after["setup_required"], false);
    let id = after["user"]["id"].clone();

    // A new browser signs in again as the same person.
    let again = Rig { browser: browser(), ..rig };
    assert_eq!(again.sign_in("alice").await, ("/".into(), true));
    assert_eq!(again.session().await["user"]["id"], id);
    assert_eq!(again.db.count_users().await.unwrap(), 1);

    // No password signs the provider's account in, not even an empty one.
    for password in ["", "x"] {
        let status = password_sign_in(&again.base, "alice@example.test", password).await;
        assert_eq!(status, 401, "password {password:?}");
    }
}

/// A provider identity whose verified email is a local account's signs in
/// to that account, which keeps its password.
async fn a_verified_email_links_to_the_existing_local_account(db: Db) {
    let Some(rig) = rig(db).await else { return };
    let hash = vpcraft_server::auth::password::hash("a long enough password").unwrap();
    let admin = rig.db.create_user("root@example.test", &hash, true, false).await.unwrap();
    let bob = rig.db.create_user("Bob@Example.test", &hash, false, false).await.unwrap();
    assert!(admin.admin);
    assert_eq!(rig.sign_in("bob").await, ("/".into(), true));
    let session = rig.session().await;
    assert_eq!(
        session["user"],
        json!({ "id": bob.id, "email": "bob@example.test", "admin": false })
    );
    assert_eq!(rig.db.count_users().await.unwrap(), 2);
    let status = password_sign_in(&rig.base, "bob@example.test", "a long enough password").await;
    assert_eq!(status, 200);
}

/// An identity not linked yet whose email the provider did not verify
/// (`email_verified: false`, or no such claim at all) never signs in to
/// the existing account with that email, and makes no account then; with
/// no account of that email it makes a new one, linked to the identity.
async fn an_unverified_email_never_links_to_an_existing_account(db: Db) {
    let Some(mut rig) = rig(db).await else { return };
    let hash = vpcraft_server::auth::password::hash("a long enough password").unwrap();
    rig.db.create_user("root@example.test", &hash, true, false).await.unwrap();
    for login in ["unverified-carol", "silent-carol"] {
        let email = format!("{login}@example.test");
        rig.db.create_user(&email, &hash, false, false).await.unwrap();
        rig.browser = browser();
        assert_eq!(
            rig.sign_in(login).await,
            ("/?oidc_error=unverified_email".into(), false),
            "{login}"
        );
        assert_eq!(rig.session().await["user"], Value::Null, "{login}");
        // The local account still signs in with its password, unlinked.
        let status = password_sign_in(&rig.base, &email, "a long enough password").await;
        assert_eq!(status, 200, "{login}");
    }
    assert_eq!(rig.db.count_users().await.unwrap(), 3);
}

/// A provider that never sends `email_verified` is usable: an identity
/// whose email no account has gets a new account, and signs in to it again.
async fn a_provider_without_email_verified_makes_new_accounts(db: Db) {
    let Some(mut rig) = rig(db).await else { return };
    let hash = vpcraft_server::auth::password::hash("a long enough password").unwrap();
    rig.db.create_user("root@example.test", &hash, true, false).await.unwrap();
    for login in ["silent-sam", "unverified-uma"] {
        rig.browser = browser();
        assert_eq!(rig.sign_in(login).await, ("/".into(), true), "{login}");
        let session = rig.session().await;
        assert_eq!(session["user"]["email"], format!("{login}@example.test"));
        assert_eq!(session["user"]["admin"], false);
        rig.browser = browser();
        assert_eq!(rig.sign_in(login).await, ("/".into(), true), "{login}");
        assert_eq!(rig.session().await["user"]["id"], session["user"]["id"]);
    }
    assert_eq!(rig.db.count_users().await.unwrap(), 3);
}

/// With `--oidc-allowed-domain`, an email of another domain is refused
/// with its code and makes no account; one of the domain signs in.
async fn only_the_allowed_domain_signs_in(db: Db) {
    let Some(rig) = rig_with(db.clone(), |c| c.allowed_domain = Some("corp.test".into())).await
    else {
        return;
    };
    assert_eq!(rig.sign_in("mallory").await, ("/?oidc_error=domain".into(), false));
    assert_eq!(rig.session().await["user"], Value::Null);
    assert_eq!(rig.db.count_users().await.unwrap(), 0);
    drop(rig);
    let Some(rig) = rig_with(db, |c| c.allowed_domain = Some("Example.Test".into())).await else {
        return;
    };
    assert_eq!(rig.sign_in("ivan").await, ("/".into(), true));
    assert_eq!(rig.session().await["user"]["email"], "ivan@example.test");
}

/// Sign-ins under way are capped: past the cap a new one is refused with
/// the `busy` code before the provider is visited, and storing nothing;
/// once one finishes, a new one may begin.
async fn sign_ins_in_progress_are_capped(db: Db) {
    let Some(rig) = rig_with(db, |c| c.max_pending = 2).await else { return };
    let start =
        |browser: &reqwest::Client| browser.get(format!("{}/api/auth/oidc/start", rig.base)).send();
    let (first, second, third) = (browser(), browser(), browser());
    for browser in [&first, &second] {
        let response = start(browser).await.unwrap();
        assert_eq!(response.status(), 303);
        assert!(location(&response).starts_with(&rig.provider.issuer));
    }
    let refused = start(&third).await.unwrap();
    assert_eq!(refused.status(), 303);
    assert_eq!(refused.headers()[LOCATION], "/?oidc_error=busy");
    assert!(refused.headers().get(SET_COOKIE).is_none(), "no flow cookie for a refused start");
    assert_eq!(rig.db.count_oidc_logins().await.unwrap(), 2);
    // The first browser's sign-in is finished (here by a callback that
    // fails its state check, which uses the sign-in up all the same).
    let url = format!("{}/api/auth/oidc/callback?code=x&state=y", rig.base);
    let response = first.get(url).send().await.unwrap();
    assert_eq!(response.headers()[LOCATION], "/?oidc_error=state");
    assert_eq!(rig.db.count_oidc_logins().await.unwrap(), 1);
    let third = Rig { browser: third, ..rig };
    assert_eq!(third.sign_in("judy").await, ("/".into(), true));
}

/// A callback whose state is not the one sent is refused, and the sign-in
/// is used up: the genuine callback after it is refused too.
async fn a_tampered_state_is_refused(db: Db) {
    let Some(rig) = rig(db).await else { return };
    let callback = rig.through_provider("dave", true).await;
    let (head, state) = callback.split_once("state=").unwrap();
    let tampered = format!("{head}state=x{state}");
    assert_eq!(rig.callback(&tampered).await, ("/?oidc_error=state".into(), false));
    assert_eq!(rig.callback(&callback).await, ("/?oidc_error=state".into(), false));
    assert_eq!(rig.db.count_users().await.unwrap(), 0);
}

/// A callback in a browser that did not begin the sign-in (login
/// forgery: an attacker's code and state) is refused.
async fn a_callback_in_another_browser_is_refused(db: Db) {
    let Some(rig) = rig(db).await else { return };
    let callback = rig.through_provider("eve", true).await;
    let other = Rig { browser: browser(), ..rig };
    assert_eq!(other.callback(&callback).await, ("/?oidc_error=state".into(), false));
    assert_eq!(other.db.count_users().await.unwrap(), 0);
}

/// ID tokens with the wrong audience or issuer, expired, or signed by
/// another key are refused (each re-signed by the provider with only that
/// one thing wrong).
async fn tampered_id_tokens_are_refused(db: Db) {
    let Some(rig) = rig(db).await else { return };
    for mode in ["wrong-audience", "wrong-issuer", "expired", "bad-signature"] {
        rig.provider.set_mode(mode).await;
        assert_eq!(rig.sign_in("frank").await, ("/?oidc_error=token".into(), false), "{mode}");
        assert_eq!(rig.session().await["user"], Value::Null, "{mode}");
    }
    assert_eq!(rig.db.count_users().await.unwrap(), 0);
    rig.provider.set_mode("normal").await;
    assert_eq!(rig.sign_in("frank").await, ("/".into(), true));
}

/// Declining at the provider (`error=access_denied`) returns to the
/// sign-in page with its code.
async fn access_denied_returns_to_the_sign_in_page(db: Db) {
    let Some(rig) = rig(db).await else { return };
    let callback = rig.through_provider("grace", false).await;
    assert!(callback.contains("error=access_denied"), "{callback}");
    assert_eq!(rig.callback(&callback).await, ("/?oidc_error=denied".into(), false));
    assert_eq!(rig.db.count_users().await.unwrap(), 0);
}

on_both_databases!(
    the_first_sign_in_creates_the_administrator,
    a_verified_email_links_to_the_existing_local_account,
    an_unverified_email_never_links_to_an_existing_account,
    a_provider_without_email_verified_makes_new_accounts,
    only_the_allowed_domain_signs_in,
    sign_ins_in_progress_are_capped,
    a_tampered_state_is_refused,
    a_callback_in_another_browser_is_refused,
    tampered_id_tokens_are_refused,
    access_denied_returns_to_the_sign_in_page,
);

/// A provider that cannot be reached at start leaves the server up: local
/// sign-in works, and the provider's button leads back to the sign-in page
/// with the `unreachable` code.
#[tokio::test]
async fn an_unreachable_provider_leaves_local_sign_in_working() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let oidc =
        Oidc::start(config(&format!("http://{closed}"), &format!("{base}/api/auth/oidc/callback")))
            .await
            .unwrap();
    let db = Db::in_memory().await.unwrap();
    let hash = vpcraft_server::auth::password::hash("a long enough password").unwrap();
    db.create_user("root@example.test", &hash, true, false).await.unwrap();
    serve(listener, AppState { oidc: Some(oidc), ..AppState::new(db) });
    let browser = browser();
    let response = browser.get(format!("{base}/api/auth/oidc/start")).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[LOCATION], "/?oidc_error=unreachable");
    let status = password_sign_in(&base, "root@example.test", "a long enough password").await;
    assert_eq!(status, 200);
}

/// Without a provider configured the session says so and the routes are
/// not there.
#[tokio::test]
async fn without_a_provider_the_routes_are_not_found() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    serve(listener, AppState::new(Db::in_memory().await.unwrap()));
    let browser = browser();
    let text = browser.get(format!("{base}/api/session")).send().await.unwrap().text().await;
    let session: Value = serde_json::from_str(&text.unwrap()).unwrap();
    assert_eq!(session["oidc"], Value::Null);
    for path in ["start", "callback?code=a&state=b"] {
        let response = browser.get(format!("{base}/api/auth/oidc/{path}")).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
}
