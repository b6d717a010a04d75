//! Reading YAML (or JSON, its subset) straight into the template tree,
//! without an intermediate YAML value: short-form tags (`!Ref`, `!Sub`)
//! become intrinsic functions, and a key given twice in a mapping is kept
//! twice, so that the reader of the tree decides (CloudFormation keeps the
//! last declaration; the import warns).

use super::tree::{FUNCTIONS, Key, Node};
use serde::de::{
    Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use std::fmt;

/// A node of the template tree as YAML gives it.
struct Read(Node);

impl<'de> Deserialize<'de> for Read {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor).map(Read)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Read::deserialize(d).map(|r| r.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Read(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries: Vec<(Key, Node)> =
            Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while let Some((Read(key), Read(value))) = map.next_entry()? {
            let key = match key {
                Node::Str(s) => s,
                Node::Int(i) => i.to_string(),
                Node::Bool(b) => b.to_string(),
                Node::Float(f) => f.to_string(),
                _ => String::new(),
            };
            entries.push((Key::from(key), value));
        }
        Ok(Node::Map(entries).into_intrinsic())
    }

    /// A tagged value: `!Ref Name` arrives as the variant `!Ref`.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        let (tag, variant): (String, _) = data.variant()?;
        let Read(arg) = variant.newtype_variant()?;
        let name = tag.trim_start_matches('!');
        Ok(if FUNCTIONS.contains(&name) { Node::intrinsic(name, arg) } else { arg })
    }
}

/// Reads a YAML text into the template tree.
pub(super) fn read(text: &str) -> Result<Node, serde_norway::Error> {
    serde_norway::from_str::<Read>(text).map(|r| r.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_functions_and_duplicate_keys_are_kept() {
        let node = read("A: !Ref B\nC: !GetAtt D.E\nK: 1\nK: 2\nT: !Unknown x\n").unwrap();
        let Node::Map(entries) = node else { panic!("a map") };
        assert_eq!(entries[0].1, Node::reference("B"));
        assert_eq!(entries[1].1, Node::get_att("D", "E"));
        assert_eq!(entries[2], ("K".into(), Node::Int(1)));
        assert_eq!(entries[3], ("K".into(), Node::Int(2)));
        assert_eq!(entries[4].1, Node::str("x"));
        assert_eq!(read("{\"Fn::Sub\": \"x\"}").unwrap(), Node::sub("x"));
    }
}
