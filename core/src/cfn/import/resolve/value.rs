//! A property value after resolution.

use crate::model::ExternalSource;

/// A property value after resolution: a plain value, a reference to a
/// resource of the template that only a deployment could turn into text,
/// or a value that exists only at deploy time.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    /// `Ref` to a resource.
    Ref(String),
    /// `GetAtt` of a resource.
    Att(String, String),
    List(Vec<Val>),
    Map(Vec<(String, Val)>),
    /// A value fixed only at deploy time: a parameter without a value, an
    /// imported value, a nested stack's output, or one item (`index`) of
    /// such a list.
    External {
        source: ExternalSource,
        list: bool,
        index: Option<usize>,
    },
    /// `AWS::NoValue`: the property or list item is left out.
    NoValue,
    /// A function that cannot be evaluated here (an `If` whose condition
    /// needs a value known only at deploy time, bad arguments).
    Unknown,
}

impl Val {
    /// A single external value from a source.
    pub fn external(source: ExternalSource) -> Self {
        Self::External { source, list: false, index: None }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The resource a value points at, by `Ref` or `GetAtt`.
    pub fn target(&self) -> Option<&str> {
        match self {
            Self::Ref(id) | Self::Att(id, _) => Some(id),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Val> {
        match self {
            Self::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Val] {
        match self {
            Self::List(items) => items,
            _ => &[],
        }
    }

    /// Whether the value is known only at deploy time (or not at all).
    pub fn is_deferred(&self) -> bool {
        matches!(self, Self::External { .. } | Self::Unknown)
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Num(n) => Some(*n as i64),
            Self::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The value as a number, from a number or a string holding one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Num(n) => Some(*n),
            Self::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            Self::Str(s) => match s.to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// The value as text a design keeps: references are written back in
    /// `${Logical}` / `${Logical.Attr}` form, so that a re-export turns them
    /// into `!Sub` again.
    pub fn to_text(&self) -> Option<String> {
        match self {
            Self::Str(s) => Some(s.clone()),
            Self::Num(n) if n.fract() == 0.0 => Some((*n as i64).to_string()),
            Self::Num(n) => Some(n.to_string()),
            Self::Bool(b) => Some(b.to_string()),
            Self::Ref(id) => Some(format!("${{{id}}}")),
            Self::Att(id, attr) => Some(format!("${{{id}.{attr}}}")),
            _ => None,
        }
    }

    /// A JSON form for policy documents and generic properties.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Self::Null | Self::Unknown | Self::NoValue => Value::Null,
            Self::Bool(b) => Value::Bool(*b),
            Self::Num(n) if n.fract() == 0.0 => Value::from(*n as i64),
            Self::Num(n) => Value::from(*n),
            Self::Str(s) => Value::String(s.clone()),
            Self::Ref(_) | Self::Att(..) => Value::String(self.to_text().unwrap_or_default()),
            Self::External { source, .. } => Value::String(format!("<{source}>")),
            Self::List(items) => Value::Array(items.iter().map(Self::to_json).collect()),
            Self::Map(entries) => {
                Value::Object(entries.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }
}
