//! Rule fixtures: every rule has good and bad designs under
//! `core/tests/fixtures/rules/<ID>/`, and each bad design's findings are
//! pinned in a golden `.findings` file next to it (refresh with
//! `UPDATE_EXPECT=1 cargo test`).
