//! The list and lookup functions: `Join`, `Select`, `Split`, `FindInMap`
//! and `Cidr`, each on already resolved arguments.

use super::Val;
use crate::cfn::tree::Node;
use ipnet::Ipv4Net;

/// `Fn::Cidr` makes at most this many blocks, as CloudFormation does.
const MAX_CIDR_COUNT: i64 = 256;

pub(super) fn join(arg: &Node, next: impl Fn(&Node) -> Val) -> Val {
    let Some([sep, list]) = arg.as_list() else {
        return Val::Unknown;
    };
    let sep = next(sep);
    let list = next(list);
    let parts: Option<Vec<String>> = list.items().iter().map(Val::to_text).collect();
    match (sep.as_str(), parts) {
        (_, Some(parts)) if parts.len() == 1 => list.items()[0].clone(),
        (Some(sep), Some(parts)) => Val::Str(parts.join(sep)),
        _ => Val::Unknown,
    }
}

/// `Fn::Select`; an item of a list known only at deploy time keeps its
/// index, which is its identity (the second zone of a zone list).
pub(super) fn select(arg: &Node, next: impl Fn(&Node) -> Val) -> Val {
    let Some([index, list]) = arg.as_list() else {
        return Val::Unknown;
    };
    let Some(i) = next(index).as_i64().and_then(|i| usize::try_from(i).ok()) else {
        return Val::Unknown;
    };
    match next(list) {
        Val::List(items) => items.get(i).cloned().unwrap_or(Val::Unknown),
        Val::External { source, list: true, index: None } => {
            Val::External { source, list: false, index: Some(i) }
        }
        _ => Val::Unknown,
    }
}

pub(super) fn split(arg: &Node, next: impl Fn(&Node) -> Val) -> Val {
    let Some([sep, text]) = arg.as_list() else {
        return Val::Unknown;
    };
    match (next(sep), next(text)) {
        (Val::Str(sep), Val::Str(text)) if !sep.is_empty() => {
            Val::List(text.split(sep.as_str()).map(|s| Val::Str(s.to_owned())).collect())
        }
        (_, Val::External { source, index: None, .. }) => {
            Val::External { source, list: true, index: None }
        }
        _ => Val::Unknown,
    }
}

/// `Fn::FindInMap [Map, TopKey, SecondKey]`, with the `DefaultValue` of
/// the language extensions when the keys are not in the map.
pub(super) fn find_in_map(mappings: Option<&Node>, arg: &Node, next: impl Fn(&Node) -> Val) -> Val {
    let Some(items) = arg.as_list() else {
        return Val::Unknown;
    };
    let (keys, default) = match items {
        [map, top, second] => ([map, top, second], None),
        [map, top, second, options] => ([map, top, second], options.get("DefaultValue")),
        _ => return Val::Unknown,
    };
    let keys: Option<Vec<String>> = keys.iter().map(|k| next(k).to_text()).collect();
    let found =
        keys.and_then(|keys| mappings?.get(&keys[0])?.get(&keys[1])?.get(&keys[2]).map(&next));
    match (found, default) {
        (Some(value), _) => value,
        (None, Some(default)) => next(default),
        (None, None) => Val::Unknown,
    }
}

/// `Fn::Cidr [ipBlock, count, cidrBits]`: the first `count` blocks of
/// `32 - cidrBits` bits inside `ipBlock`.
pub(super) fn cidr(arg: &Node, next: impl Fn(&Node) -> Val) -> Val {
    let Some([block, count, bits]) = arg.as_list() else {
        return Val::Unknown;
    };
    let block = next(block);
    let (Some(count), Some(bits)) = (next(count).as_i64(), next(bits).as_i64()) else {
        return Val::Unknown;
    };
    let Some(block) = block.as_str().and_then(|s| s.parse::<Ipv4Net>().ok()) else {
        return match block {
            Val::External { source, .. } => Val::External { source, list: true, index: None },
            _ => Val::Unknown,
        };
    };
    if !(1..=MAX_CIDR_COUNT).contains(&count) || !(0..=32).contains(&bits) {
        return Val::Unknown;
    }
    let prefix = 32 - bits as u8;
    let Ok(subnets) = block.trunc().subnets(prefix) else {
        return Val::Unknown;
    };
    let blocks: Vec<Val> = subnets.take(count as usize).map(|n| Val::Str(n.to_string())).collect();
    if blocks.len() < count as usize {
        return Val::Unknown;
    }
    Val::List(blocks)
}
