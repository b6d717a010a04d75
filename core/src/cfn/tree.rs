//! The template tree: an ordered document of maps, lists, scalars and
//! intrinsic functions, shared by the YAML and JSON writers and readers.
//!
//! Maps keep their insertion order so that an exported template reads top to
//! bottom as the design does (`Type` before `Properties`, VPC before subnets).

/// A map key or a function name: the export's come from literals and cost
/// no allocation, while a read template's own text is owned.
pub type Key = std::borrow::Cow<'static, str>;

/// One node of a CloudFormation template.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Node>),
    Map(Vec<(Key, Node)>),
    /// An intrinsic function by its short name (`Ref`, `GetAtt`, `Sub`,
    /// `Select`, `GetAZs`, `Join`, `If`, ...) and its argument. `GetAtt`'s
    /// argument is always the two-element list `[LogicalId, Attribute]`.
    Fn(Key, Box<Node>),
}

impl Node {
    pub fn str(s: impl Into<String>) -> Self {
        Self::Str(s.into())
    }

    /// `!Ref logical_id`.
    pub fn reference(logical_id: &str) -> Self {
        Self::Fn("Ref".into(), Box::new(Self::str(logical_id)))
    }

    /// `!GetAtt logical_id.attribute`.
    pub fn get_att(logical_id: &str, attribute: &str) -> Self {
        Self::Fn(
            "GetAtt".into(),
            Box::new(Self::List(vec![Self::str(logical_id), Self::str(attribute)])),
        )
    }

    /// `!Sub text`.
    pub fn sub(text: impl Into<String>) -> Self {
        Self::Fn("Sub".into(), Box::new(Self::Str(text.into())))
    }

    /// `!Select [index, !GetAZs '']`: the zone with that index in the
    /// deployment region.
    pub fn zone(index: usize) -> Self {
        let azs = Self::Fn("GetAZs".into(), Box::new(Self::str("")));
        Self::Fn("Select".into(), Box::new(Self::List(vec![Self::Int(index as i64), azs])))
    }

    /// A list of `!Ref`s.
    pub fn refs<'a>(logical_ids: impl IntoIterator<Item = &'a str>) -> Self {
        Self::List(logical_ids.into_iter().map(Self::reference).collect())
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Node]> {
        match self {
            Self::List(items) => Some(items),
            _ => None,
        }
    }

    /// The value under `key` when this node is a map; of a key given twice,
    /// the last, as CloudFormation reads it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Self::Map(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Converts a JSON value (a policy document, a generic resource's
    /// properties) into a node, turning long-form intrinsics into functions
    /// so that the YAML writer can use the short forms.
    pub fn from_json(value: &serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => Self::Null,
            Value::Bool(b) => Self::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Self::Int(i),
                None => Self::Float(n.as_f64().unwrap_or_default()),
            },
            Value::String(s) => Self::Str(s.clone()),
            Value::Array(items) => Self::List(items.iter().map(Self::from_json).collect()),
            Value::Object(map) => {
                // Keys in sorted order whatever order the map keeps (serde_json's
                // `preserve_order`, which a dependency may turn on), so that
                // templates come out the same from every build.
                let mut entries: Vec<(Key, Node)> =
                    map.iter().map(|(k, v)| (Key::from(k.clone()), Self::from_json(v))).collect();
                entries.sort_by_cached_key(|(key, _)| key.to_string());
                Self::Map(entries).into_intrinsic()
            }
        }
    }

    /// The JSON form of a node, with intrinsics in their long forms.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::{Map, Value};
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => Value::Bool(*b),
            Self::Int(i) => Value::from(*i),
            Self::Float(f) => Value::from(*f),
            Self::Str(s) => Value::String(s.clone()),
            Self::List(items) => Value::Array(items.iter().map(Self::to_json).collect()),
            Self::Map(entries) => {
                Value::Object(entries.iter().map(|(k, v)| (k.to_string(), v.to_json())).collect())
            }
            Self::Fn(name, arg) => {
                let mut map = Map::new();
                map.insert(long_name(name).into_owned(), arg.to_json());
                Value::Object(map)
            }
        }
    }

    /// A one-key map `{Ref: x}` or `{Fn::Name: x}` becomes the function it
    /// spells; anything else is returned unchanged.
    pub fn into_intrinsic(self) -> Self {
        match self {
            Self::Map(mut entries) if entries.len() == 1 => {
                let name = short_name(&entries[0].0);
                match name {
                    Some(name) => {
                        let (_, arg) = entries.pop().expect("one entry");
                        Self::intrinsic(name, arg)
                    }
                    None => Self::Map(entries),
                }
            }
            other => other,
        }
    }

    /// Builds a function from its short name and argument as written,
    /// normalising `GetAtt`'s `X.Attr` string form to a list.
    pub fn intrinsic(name: &str, arg: Node) -> Self {
        let arg = match (name, arg) {
            ("GetAtt", Node::Str(s)) => match s.split_once('.') {
                Some((id, attr)) => Node::List(vec![Node::str(id), Node::str(attr)]),
                None => Node::List(vec![Node::Str(s)]),
            },
            (_, arg) => arg,
        };
        let name = match FUNCTIONS.iter().find(|f| **f == name) {
            Some(known) => Key::Borrowed(known),
            None => Key::Owned(name.to_owned()),
        };
        Self::Fn(name, Box::new(arg))
    }
}

/// The intrinsic functions with a short YAML tag.
pub const FUNCTIONS: &[&str] = &[
    "Ref",
    "GetAtt",
    "Sub",
    "Select",
    "GetAZs",
    "Join",
    "Split",
    "If",
    "Equals",
    "And",
    "Or",
    "Not",
    "FindInMap",
    "Base64",
    "Cidr",
    "ImportValue",
    "Condition",
    "Length",
    "ToJsonString",
];

/// `Ref` stays `Ref`, every other function gets its `Fn::` prefix.
pub fn long_name(short: &str) -> Key {
    const LONG: &[(&str, &str)] = &[
        ("GetAtt", "Fn::GetAtt"),
        ("Sub", "Fn::Sub"),
        ("Select", "Fn::Select"),
        ("GetAZs", "Fn::GetAZs"),
        ("Join", "Fn::Join"),
    ];
    match short {
        "Ref" => return Key::Borrowed("Ref"),
        "Condition" => return Key::Borrowed("Condition"),
        _ => {}
    }
    match LONG.iter().find(|(s, _)| *s == short) {
        Some((_, long)) => Key::Borrowed(long),
        None => Key::Owned(format!("Fn::{short}")),
    }
}

/// The short name of a long-form key, when it names a known function.
pub fn short_name(key: &str) -> Option<&'static str> {
    let short = key.strip_prefix("Fn::").unwrap_or(if key == "Ref" { key } else { "" });
    FUNCTIONS.iter().copied().find(|f| *f == short && (*f != "Ref" || key == "Ref"))
}

/// The names a `Fn::Sub` string refers to (`${Name}`, `${Id.Attribute}`),
/// trimmed, in order; literals (`${!Name}`) are not references.
pub fn sub_names(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find("${")?;
            let after = &rest[start + 2..];
            let end = after.find('}')?;
            rest = &after[end + 1..];
            let name = after[..end].trim();
            if !name.starts_with('!') {
                return Some(name);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_strings_name_what_they_refer_to() {
        let names: Vec<&str> =
            sub_names("arn:${AWS::Partition}:${ Net.Outputs.Vpc }/${!Literal}/${Queue}${Open")
                .collect();
        assert_eq!(names, ["AWS::Partition", "Net.Outputs.Vpc", "Queue"]);
    }

    #[test]
    fn long_forms_become_functions_and_back() {
        let json = serde_json::json!({"Fn::GetAtt": ["Queue", "Arn"]});
        let node = Node::from_json(&json);
        assert_eq!(node, Node::get_att("Queue", "Arn"));
        assert_eq!(node.to_json(), json);
        assert_eq!(Node::from_json(&serde_json::json!({"Ref": "X"})), Node::reference("X"));
        assert_eq!(short_name("Fn::Ref"), None);
        assert_eq!(short_name("Condition"), None);
        assert_eq!(short_name("Fn::Sub"), Some("Sub"));
    }
}
