//! The template's `Conditions`, evaluated once each with the parameters'
//! values: true, false, or unknown when they need a value known only at
//! deploy time.

use super::{Resolver, Val};
use crate::cfn::tree::Node;
use std::cell::RefCell;
use std::collections::HashMap;

/// Named conditions and what each evaluated to so far.
#[derive(Default)]
pub struct Conditions<'t> {
    declared: HashMap<&'t str, &'t Node>,
    /// `Some(None)` while a condition is being evaluated (a cycle reads as
    /// unknown) and once it is found unknown.
    memo: RefCell<HashMap<String, Option<bool>>>,
}

impl<'t> Conditions<'t> {
    pub fn new(conditions: Option<&'t Node>) -> Self {
        let declared = match conditions {
            Some(Node::Map(entries)) => entries.iter().map(|(k, v)| (k.as_ref(), v)).collect(),
            _ => HashMap::new(),
        };
        Self { declared, memo: RefCell::default() }
    }

    /// The value of a named condition; `None` when it is unknown or not
    /// declared.
    pub fn value(&self, name: &str, resolver: &Resolver<'_>) -> Option<bool> {
        if let Some(known) = self.memo.borrow().get(name) {
            return *known;
        }
        let node = *self.declared.get(name)?;
        self.memo.borrow_mut().insert(name.to_owned(), None);
        let value = self.eval(node, resolver, 0);
        self.memo.borrow_mut().insert(name.to_owned(), value);
        value
    }

    fn eval(&self, node: &Node, resolver: &Resolver<'_>, depth: usize) -> Option<bool> {
        if depth > super::MAX_DEPTH {
            return None;
        }
        let each = |items: &[Node]| -> Vec<Option<bool>> {
            items.iter().map(|n| self.eval(n, resolver, depth + 1)).collect()
        };
        match node {
            Node::Bool(b) => Some(*b),
            Node::Str(s) => Val::Str(s.clone()).as_bool(),
            Node::Map(entries) => match entries.as_slice() {
                [(key, Node::Str(name))] if key == "Condition" => self.value(name, resolver),
                _ => None,
            },
            Node::Fn(name, arg) => match (name.as_ref(), arg.as_list()) {
                ("Condition", _) => self.value(arg.as_str()?, resolver),
                ("Equals", Some([a, b])) => {
                    let a = resolver.resolve_depth(a, depth + 1);
                    let b = resolver.resolve_depth(b, depth + 1);
                    equals(&a, &b)
                }
                ("And", Some(items)) => {
                    let values = each(items);
                    if values.contains(&Some(false)) {
                        Some(false)
                    } else if values.iter().all(Option::is_some) {
                        Some(true)
                    } else {
                        None
                    }
                }
                ("Or", Some(items)) => {
                    let values = each(items);
                    if values.contains(&Some(true)) {
                        Some(true)
                    } else if values.iter().all(Option::is_some) {
                        Some(false)
                    } else {
                        None
                    }
                }
                ("Not", Some([item])) => self.eval(item, resolver, depth + 1).map(|b| !b),
                _ => None,
            },
            _ => None,
        }
    }
}

/// `Fn::Equals` on resolved values: text compares as text (`1` equals
/// `"1"`), lists item by item; anything deferred is unknown.
fn equals(a: &Val, b: &Val) -> Option<bool> {
    match (a, b) {
        (Val::List(x), Val::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut all = Some(true);
            for (x, y) in x.iter().zip(y) {
                match equals(x, y) {
                    Some(false) => return Some(false),
                    None => all = None,
                    Some(true) => {}
                }
            }
            all
        }
        _ if a.is_deferred() || b.is_deferred() => None,
        _ => Some(a.to_text()? == b.to_text()?),
    }
}
