//! `on_both_databases!`: each storage case of a test file as one test on
//! SQLite and one on a throw-away PostgreSQL server (skipped where its
//! server binaries are missing, see `postgres.rs`). A test file includes
//! it with `#[path = "common/both.rs"] #[macro_use] mod both;` after
//! `#[path = "common/postgres.rs"] mod postgres;`.
//!
//! Cases take the `Db`. By default SQLite is a private in-memory database
//! (one connection); `on_both_databases!(file: ...)` opens a SQLite file
//! in a temporary folder instead, for cases that need several connections
//! (a real server with rooms).

macro_rules! on_both_databases {
    (file: $($case:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $case() {
                let dir = tempfile::tempdir().unwrap().keep();
                let url = format!("sqlite://{}", dir.join("t.db").display());
                super::$case(vpcraft_server::Db::connect(&url).await.unwrap()).await;
            })*
        }
        on_both_databases!(@postgresql $($case),*);
    };
    (@postgresql $($case:ident),*) => {
        mod postgresql {
            $(#[tokio::test]
            async fn $case() {
                if let Some(db) = super::postgres::database().await {
                    super::$case(db).await;
                }
            })*
        }
    };
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $case() {
                super::$case(vpcraft_server::Db::in_memory().await.unwrap()).await;
            })*
        }
        on_both_databases!(@postgresql $($case),*);
    };
}
