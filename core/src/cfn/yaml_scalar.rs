//! What a plain YAML scalar means: null, a boolean, an integer, a float or
//! a string, decided exactly as the full reader (serde_norway, a fork of
//! serde_yaml, MIT or Apache-2.0) decides it; the functions below follow its
//! `visit_untagged_scalar` and its helpers rule for rule, so that the fast
//! reader and the full one build the same tree.

use super::tree::Node;
use std::num::ParseIntError;

/// The node a plain scalar reads as, or `None` when the full reader would
/// refuse it (an integer beyond 64 bits, which the tree cannot hold).
pub(super) fn plain(v: &str) -> Option<Node> {
    if let Some(node) = null_or_bool(v) {
        return Some(node);
    }
    // A word that starts with a letter other than those of `null`, `true`
    // and `false` is a string: no number starts so (Rust's float parser
    // reads `inf` and `nan`, which are not finite and so stay strings).
    if v.as_bytes()[0].is_ascii_alphabetic()
        && !matches!(v.as_bytes()[0], b'n' | b'N' | b't' | b'T' | b'f' | b'F')
    {
        return Some(Node::Str(v.to_owned()));
    }
    // A byte no number is written with (a CIDR's `/`, a name's `_` or
    // `s`) makes a string without trying every number syntax.
    if !v.bytes().all(|b| {
        b.is_ascii_hexdigit()
            || matches!(b, b'x' | b'o' | b'+' | b'-' | b'.' | b'i' | b'I' | b'n' | b'N')
    }) {
        return Some(Node::Str(v.to_owned()));
    }
    if let Some(int) = parse_unsigned_int(v, u64::from_str_radix) {
        return Some(i64::try_from(int).map_or(Node::Float(int as f64), Node::Int));
    }
    if let Some(int) = parse_negative_int(v, i64::from_str_radix) {
        return Some(Node::Int(int));
    }
    if parse_unsigned_int(v, u128::from_str_radix).is_some()
        || parse_negative_int(v, i128::from_str_radix).is_some()
    {
        return None;
    }
    if !digits_but_not_number(v)
        && let Some(float) = parse_f64(v)
    {
        return Some(Node::Float(float));
    }
    Some(Node::Str(v.to_owned()))
}

/// The core schema's nulls and booleans, the only words a plain scalar
/// reads as something other than a string.
pub(super) fn null_or_bool(v: &str) -> Option<Node> {
    match v {
        "" | "null" | "Null" | "NULL" | "~" => Some(Node::Null),
        "true" | "True" | "TRUE" => Some(Node::Bool(true)),
        "false" | "False" | "FALSE" => Some(Node::Bool(false)),
        _ => None,
    }
}

/// A mapping key as the tree keeps it: a string, or a number or boolean
/// written out; empty for any other key (null).
pub(super) fn key(node: Node) -> String {
    match node {
        Node::Str(s) => s,
        Node::Int(i) => i.to_string(),
        Node::Bool(b) => b.to_string(),
        Node::Float(f) => f.to_string(),
        _ => String::new(),
    }
}

fn parse_unsigned_int<T>(
    scalar: &str,
    from_str_radix: fn(&str, radix: u32) -> Result<T, ParseIntError>,
) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) {
        return None;
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn parse_negative_int<T>(
    scalar: &str,
    from_str_radix: fn(&str, radix: u32) -> Result<T, ParseIntError>,
) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix) {
            let negative = format!("-{rest}");
            if let Ok(int) = from_str_radix(&negative, radix) {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

fn parse_f64(scalar: &str) -> Option<f64> {
    let unpositive = if let Some(unpositive) = scalar.strip_prefix('+') {
        if unpositive.starts_with(['+', '-']) {
            return None;
        }
        unpositive
    } else {
        scalar
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN.copysign(1.0));
    }
    if let Ok(float) = unpositive.parse::<f64>()
        && float.is_finite()
    {
        return Some(float);
    }
    None
}

/// Leading zeros followed by digits make a string in YAML 1.2.
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_resolve_as_the_full_reader_does() {
        assert_eq!(plain(""), Some(Node::Null));
        assert_eq!(plain("~"), Some(Node::Null));
        assert_eq!(plain("True"), Some(Node::Bool(true)));
        assert_eq!(plain("yes"), Some(Node::str("yes")));
        assert_eq!(plain("443"), Some(Node::Int(443)));
        assert_eq!(plain("-1"), Some(Node::Int(-1)));
        assert_eq!(plain("0x1F"), Some(Node::Int(31)));
        assert_eq!(plain("007"), Some(Node::str("007")));
        assert_eq!(plain("1.5"), Some(Node::Float(1.5)));
        assert_eq!(plain("1e3"), Some(Node::Float(1000.0)));
        assert_eq!(plain("10.0.0.0/16"), Some(Node::str("10.0.0.0/16")));
        assert_eq!(plain("2010-09-09"), Some(Node::str("2010-09-09")));
        assert_eq!(plain("99999999999999999999"), None);
        assert_eq!(key(Node::Float(1.0)), "1");
    }
}
