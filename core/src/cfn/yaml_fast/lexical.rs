//! The lexical helpers of the fast YAML reader: where plain scalars may
//! start, comments, keys and tags.

use super::super::tree::{FUNCTIONS, Key, Node};
use super::super::yaml_scalar;
use super::flow::Flow;

/// The characters that cannot start a plain scalar here (or that start
/// what the fast reader leaves to the full one).
pub(super) const INDICATORS: &[char] = &[
    '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
];

/// Whether a plain scalar may start `text`: not with an indicator, except
/// `-` before a character that is neither a space nor (in a flow
/// collection) a flow indicator.
pub(super) fn plain_start(text: &str, in_flow: bool) -> bool {
    let bytes = text.as_bytes();
    match bytes.first() {
        None => false,
        Some(b'-') => match bytes.get(1) {
            None | Some(b' ') => false,
            Some(b',' | b'[' | b']' | b'{' | b'}') => !in_flow,
            Some(_) => true,
        },
        Some(_) => !text.starts_with(INDICATORS),
    }
}

/// Whether a line starts a block sequence item (`- x` or a lone `-`).
pub(super) fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// Drops a trailing comment (`# ...` after a space) and trailing spaces;
/// `None` when a quote makes the comment's start unclear.
pub(super) fn strip_comment(text: &str) -> Option<&str> {
    if text.starts_with('#') {
        return Some("");
    }
    let text = match find_pair(text, b' ', b'#') {
        Some(at) if text[..at].contains(['\'', '"']) => return None,
        Some(at) => &text[..at],
        None => text,
    };
    Some(text.trim_end_matches(' '))
}

/// Where the two bytes `a` then `b` first occur in `text`.
pub(super) fn find_pair(text: &str, a: u8, b: u8) -> Option<usize> {
    text.as_bytes().windows(2).position(|w| w[0] == a && w[1] == b)
}

/// Where a plain key ends: at the first `: `, or at a final `:`.
pub(super) fn key_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .position(|(i, &b)| b == b':' && bytes.get(i + 1).is_none_or(|&n| n == b' '))
}

/// Whether a line is a block mapping entry (`key:` or `key: value`).
pub(super) fn is_entry(text: &str) -> bool {
    if text.starts_with(['\'', '"']) {
        return split_key(text).is_some();
    }
    plain_start(text, false) && key_end(text).is_some()
}

/// Splits a block mapping line into its key and the rest after `: `.
pub(super) fn split_key(text: &str) -> Option<(Key, &str)> {
    if text.starts_with(['\'', '"']) {
        let mut flow = Flow { text, at: 0, depth: 0 };
        let Node::Str(key) = flow.quoted()? else { return None };
        let rest = &text[flow.at..];
        let rest = rest.strip_prefix(':')?;
        return (rest.is_empty() || rest.starts_with(' '))
            .then(|| (Key::Owned(key), rest.trim_start_matches(' ')));
    }
    if !plain_start(text, false) {
        return None;
    }
    let at = key_end(text)?;
    let (key, rest) = (&text[..at], text.get(at + 2..).unwrap_or(""));
    if key.is_empty()
        || key.len() > 1000
        || key.ends_with(' ')
        || find_pair(key, b' ', b'#').is_some()
    {
        return None;
    }
    Some((plain_key(key)?, rest.trim_start_matches(' ')))
}

/// A plain key as the tree keeps it; the keys every template repeats are
/// shared rather than allocated.
pub(super) fn plain_key(text: &str) -> Option<Key> {
    // A word starting with a letter reads as a string unless it is one of
    // the core schema's nulls or booleans (`nan` and `inf` stay strings);
    // anything else goes the scalar's whole way.
    if !text.as_bytes()[0].is_ascii_alphabetic() || yaml_scalar::null_or_bool(text).is_some() {
        return Some(Key::Owned(yaml_scalar::key(yaml_scalar::plain(text)?)));
    }
    let common = match text {
        "Type" => "Type",
        "Properties" => "Properties",
        "Ref" => "Ref",
        "Key" => "Key",
        "Value" => "Value",
        "Tags" => "Tags",
        "VpcId" => "VpcId",
        "SubnetId" => "SubnetId",
        "SubnetIds" => "SubnetIds",
        "CidrBlock" => "CidrBlock",
        "CidrIp" => "CidrIp",
        "Description" => "Description",
        "GroupDescription" => "GroupDescription",
        "SecurityGroupIds" => "SecurityGroupIds",
        "SecurityGroupIngress" => "SecurityGroupIngress",
        "SecurityGroupEgress" => "SecurityGroupEgress",
        "IpProtocol" => "IpProtocol",
        "FromPort" => "FromPort",
        "ToPort" => "ToPort",
        "SourceSecurityGroupId" => "SourceSecurityGroupId",
        "DestinationSecurityGroupId" => "DestinationSecurityGroupId",
        "GroupId" => "GroupId",
        "RouteTableId" => "RouteTableId",
        "AvailabilityZone" => "AvailabilityZone",
        "DependsOn" => "DependsOn",
        "Condition" => "Condition",
        "Metadata" => "Metadata",
        "Name" => "Name",
        "Export" => "Export",
        "Role" => "Role",
        "Runtime" => "Runtime",
        "Handler" => "Handler",
        "Code" => "Code",
        "VpcConfig" => "VpcConfig",
        "Environment" => "Environment",
        "Variables" => "Variables",
        "Statement" => "Statement",
        "Effect" => "Effect",
        "Action" => "Action",
        "Resource" => "Resource",
        "Principal" => "Principal",
        "PolicyDocument" => "PolicyDocument",
        "Port" => "Port",
        "Protocol" => "Protocol",
        _ => return Some(Key::Owned(text.to_owned())),
    };
    Some(Key::Borrowed(common))
}

/// Whether a tag is a plain local tag (`!Ref`, `!GetAtt`) rather than a
/// standard (`!!str`), verbatim (`!<...>`) or empty one.
pub(super) fn valid_tag(tag: &str) -> bool {
    !tag.is_empty() && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b':' || b == b'_')
}

/// A tagged node: a known function becomes the function, any other tag is
/// dropped. A tagged plain scalar resolves as an untagged one.
pub(super) fn tagged_node(tag: &str, arg: Node) -> Node {
    if FUNCTIONS.contains(&tag) { Node::intrinsic(tag, arg) } else { arg }
}
