//! The pure parts of the room link: its address, the waits between
//! reconnection attempts, what the save status says, the presence throttle
//! and people's initials. Tested natively.

use std::time::Duration;

/// The first wait before reconnecting; each failed attempt doubles it.
const FIRST_RETRY: Duration = Duration::from_secs(1);
/// The longest wait between two attempts.
const LONGEST_RETRY: Duration = Duration::from_secs(15);

/// The WebSocket address of a design's room, relative to the page's
/// origin (`ws:` for `http:`, `wss:` for `https:`). `since` is the last
/// sequence number this tab's replica saw, absent on the first connect.
pub fn room_url(protocol: &str, host: &str, id: &str, session: &str, since: Option<u64>) -> String {
    let scheme = if protocol == "https:" { "wss" } else { "ws" };
    let mut url = format!("{scheme}://{host}/api/designs/{id}/room?session={session}");
    if let Some(seq) = since {
        url.push_str(&format!("&since={seq}"));
    }
    url
}

/// The WebSocket address of the room of the design a share link opens; the
/// token travels as a subprotocol (see [`SHARE_PROTOCOL`]), never in the
/// address.
pub fn shared_room_url(protocol: &str, host: &str, session: &str, since: Option<u64>) -> String {
    let scheme = if protocol == "https:" { "wss" } else { "ws" };
    let mut url = format!("{scheme}://{host}/api/shared/room?session={session}");
    if let Some(seq) = since {
        url.push_str(&format!("&since={seq}"));
    }
    url
}

/// The subprotocol a guest names before the share link's token.
pub const SHARE_PROTOCOL: &str = "vpcraft-share";

/// The close code of a room whose share link was revoked or expired.
pub const LINK_GONE: u16 = 4404;

/// How long to wait before the reconnection attempt that follows `failed`
/// failed ones: 1 s, 2 s, 4 s ... at most 15 s.
pub fn backoff(failed: u32) -> Duration {
    FIRST_RETRY.saturating_mul(1 << failed.min(4)).min(LONGEST_RETRY)
}

/// Where this tab stands with the design's room.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Link {
    /// No room: the design is not stored on the server.
    #[default]
    Closed,
    /// Joining for the first time; saves wait for the outcome.
    Joining,
    /// The room could not be joined yet: saves go through the REST API
    /// while attempts go on.
    Unavailable,
    /// In the room: every edit is sent as it is made.
    Live,
    /// Was in the room and lost it: edits are kept until it is back.
    Disconnected,
}

impl Link {
    /// True once the room holds the design: the REST autosave stays off,
    /// because the room stores every edit (and would see a REST save as
    /// someone replacing the design).
    pub fn owns_saving(self) -> bool {
        matches!(self, Self::Live | Self::Disconnected)
    }
}

/// What the save status says in a room (text and style class), or `None`
/// outside one, where it shows the REST save's state. `pending` counts the
/// edits the server has not acknowledged, `online` is the browser's view.
pub fn status(link: Link, pending: usize, online: bool) -> Option<(&'static str, &'static str)> {
    match link {
        Link::Live if pending == 0 => Some(("Live", "clean live")),
        Link::Live => Some(("Sending…", "busy")),
        Link::Disconnected if pending > 0 || !online => Some(("Offline – edits kept", "dirty")),
        Link::Disconnected => Some(("Reconnecting…", "busy")),
        Link::Closed | Link::Joining | Link::Unavailable => None,
    }
}

/// What a pointer move may do about sending presence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Gate {
    /// Send now.
    Now,
    /// Send in this many milliseconds (arm a timer).
    Later(f64),
    /// A send is already due: it will carry the latest position.
    Due,
}

/// At most one presence message per interval: a move inside the interval
/// is sent when it ends, so the last position always arrives.
#[derive(Clone, Copy, Debug)]
pub struct Throttle {
    interval_ms: f64,
    last_ms: f64,
    armed: bool,
}

impl Throttle {
    pub fn new(interval_ms: f64) -> Self {
        Self { interval_ms, last_ms: f64::NEG_INFINITY, armed: false }
    }

    /// Called on a move at `now_ms`.
    pub fn poll(&mut self, now_ms: f64) -> Gate {
        if self.armed {
            return Gate::Due;
        }
        let since = now_ms - self.last_ms;
        if since >= self.interval_ms {
            self.last_ms = now_ms;
            Gate::Now
        } else {
            self.armed = true;
            Gate::Later(self.interval_ms - since)
        }
    }

    /// Called when the armed timer fires and sends, at `now_ms`.
    pub fn fired(&mut self, now_ms: f64) {
        self.armed = false;
        self.last_ms = now_ms;
    }
}

/// A person's initials for their chip: the first letters of the first two
/// words of their name (of an email address, the part before the `@`).
pub fn initials(name: &str) -> String {
    let name = name.split('@').next().unwrap_or(name);
    let words: Vec<&str> =
        name.split(|c: char| c.is_whitespace() || matches!(c, '.' | '_' | '-' | '+')).collect();
    let letters: String = words
        .iter()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    if letters.is_empty() { "?".into() } else { letters }
}

/// The colour to draw a person in: the server's when it is a plain hex
/// colour (it goes into a style attribute), else one derived from their ID.
pub fn safe_colour(colour: &str, id: &str) -> String {
    let hex = colour.strip_prefix('#').unwrap_or_default();
    if matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        colour.to_owned()
    } else {
        vpcraft_core::collab::protocol::colour_for(id).to_owned()
    }
}

/// A random ID for this tab's session in the room, new on every page load.
pub fn new_session_id(mut random: impl FnMut() -> f64) -> String {
    (0..4).map(|_| format!("{:04x}", (random() * 65536.0) as u32 & 0xffff)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_room_is_on_the_page_origin() {
        assert_eq!(
            room_url("http:", "127.0.0.1:8080", "abc", "s1", None),
            "ws://127.0.0.1:8080/api/designs/abc/room?session=s1"
        );
        assert_eq!(
            room_url("https:", "vpcraft.example", "abc", "s1", Some(42)),
            "wss://vpcraft.example/api/designs/abc/room?session=s1&since=42"
        );
    }

    #[test]
    fn reconnecting_backs_off_to_fifteen_seconds() {
        let waits: Vec<u64> = (0..7).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 15, 15, 15]);
        assert_eq!(backoff(u32::MAX), Duration::from_secs(15));
    }

    #[test]
    fn the_status_says_live_reconnecting_or_offline() {
        assert_eq!(status(Link::Live, 0, true).unwrap().0, "Live");
        assert_eq!(status(Link::Live, 2, true).unwrap().0, "Sending…");
        assert_eq!(status(Link::Disconnected, 0, true).unwrap().0, "Reconnecting…");
        assert_eq!(status(Link::Disconnected, 1, true).unwrap().0, "Offline – edits kept");
        assert_eq!(status(Link::Disconnected, 0, false).unwrap().0, "Offline – edits kept");
        assert_eq!(status(Link::Joining, 0, true), None);
        assert!(Link::Disconnected.owns_saving() && !Link::Unavailable.owns_saving());
    }

    #[test]
    fn presence_is_throttled_and_the_last_position_kept() {
        let mut throttle = Throttle::new(50.0);
        assert_eq!(throttle.poll(1000.0), Gate::Now);
        assert_eq!(throttle.poll(1010.0), Gate::Later(40.0));
        assert_eq!(throttle.poll(1020.0), Gate::Due);
        throttle.fired(1050.0);
        assert_eq!(throttle.poll(1060.0), Gate::Later(40.0));
        throttle.fired(1100.0);
        assert_eq!(throttle.poll(1200.0), Gate::Now);
    }

    #[test]
    fn initials_come_from_names_and_emails() {
        assert_eq!(initials("Ada Lovelace"), "AL");
        assert_eq!(initials("jane.doe@example.com"), "JD");
        assert_eq!(initials("viewer@example.com"), "V");
        assert_eq!(initials("émile zola"), "ÉZ");
        assert_eq!(initials(""), "?");
    }

    #[test]
    fn only_hex_colours_reach_a_style() {
        assert_eq!(safe_colour("#1c7ed6", "p1"), "#1c7ed6");
        let derived = vpcraft_core::collab::protocol::colour_for("p1");
        assert_eq!(safe_colour("red; background: url(x)", "p1"), derived);
        assert_eq!(safe_colour("#12345", "p1"), derived);
    }

    #[test]
    fn session_ids_are_sixteen_hex_digits() {
        let mut n = 0.0;
        let id = new_session_id(|| {
            n += 0.2;
            n
        });
        assert_eq!(id.len(), 16);
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
