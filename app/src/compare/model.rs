//! The compare endpoint's answer (`GET /api/designs/{id}/compare`, the
//! `vpcraft diff` JSON) read into the shapes the compare view shows. Read
//! from the JSON tree by hand, as the other answers are (`api.rs`), to keep
//! derived deserializers out of the wasm.

use serde_json::Value;

/// What happened to a resource or a flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "added" => Some(Self::Added),
            "removed" => Some(Self::Removed),
            "changed" => Some(Self::Changed),
            _ => None,
        }
    }

    /// The CSS class and `data-change` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Changed => "changed",
        }
    }

    /// The mark shown before an item: `+`, `−` or `~`.
    pub fn mark(self) -> &'static str {
        match self {
            Self::Added => "+",
            Self::Removed => "−",
            Self::Changed => "~",
        }
    }
}

/// One property that differs: its path in the design file and its old and
/// new values as text (`(none)` for a missing side).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    pub path: String,
    pub old: String,
    pub new: String,
}

/// A resource or a flow that differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub change: Change,
    pub id: String,
    /// A resource's name and type, or a flow's "source → target".
    pub title: String,
    pub kind: String,
    pub properties: Vec<Property>,
}

/// A finding the change fixed or introduced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingLine {
    pub rule: String,
    pub severity: String,
    pub message: String,
}

/// Everything that differs from revision `from` to revision `to`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Compared {
    pub from: u64,
    pub to: u64,
    /// Changes of the design itself (name, region, usage).
    pub design: Vec<Property>,
    pub resources: Vec<Item>,
    pub flows: Vec<Item>,
    /// Resources only drawn elsewhere.
    pub moved: Vec<String>,
    pub fixed: Vec<FindingLine>,
    pub introduced: Vec<FindingLine>,
    /// The monthly estimate before and after.
    pub cost: (f64, f64),
}

impl Compared {
    /// How many resources were added, removed and changed.
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |c: Change| self.resources.iter().filter(|r| r.change == c).count();
        (count(Change::Added), count(Change::Removed), count(Change::Changed))
    }

    /// True when nothing but the drawing changed.
    pub fn is_empty(&self) -> bool {
        self.design.is_empty() && self.resources.is_empty() && self.flows.is_empty()
    }
}

/// A value as the list shows it: strings bare, the rest as JSON.
fn show(value: &Value) -> String {
    match value {
        Value::Null => "(none)".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn properties(value: &Value) -> Vec<Property> {
    value.as_array().map_or_else(Vec::new, |list| {
        list.iter()
            .filter_map(|p| {
                Some(Property {
                    path: p["path"].as_str()?.to_owned(),
                    old: show(&p["old"]),
                    new: show(&p["new"]),
                })
            })
            .collect()
    })
}

fn findings(value: &Value) -> Vec<FindingLine> {
    value.as_array().map_or_else(Vec::new, |list| {
        list.iter()
            .filter_map(|f| {
                Some(FindingLine {
                    rule: f["rule"].as_str()?.to_owned(),
                    severity: f["severity"].as_str().unwrap_or("info").to_owned(),
                    message: f["message"].as_str().unwrap_or_default().to_owned(),
                })
            })
            .collect()
    })
}

/// Reads the compare endpoint's answer; `None` when it is not one.
pub fn read(value: &Value) -> Option<Compared> {
    let resources = value["resources"]
        .as_array()?
        .iter()
        .map(|r| {
            Some(Item {
                change: Change::parse(r["change"].as_str()?)?,
                id: r["id"].as_str()?.to_owned(),
                title: r["name"].as_str().unwrap_or_default().to_owned(),
                kind: r["type"].as_str().unwrap_or_default().to_owned(),
                properties: properties(&r["properties"]),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let flows = value["flows"]
        .as_array()?
        .iter()
        .map(|f| {
            Some(Item {
                change: Change::parse(f["change"].as_str()?)?,
                id: f["id"].as_str()?.to_owned(),
                title: format!(
                    "{} → {}",
                    f["source"].as_str().unwrap_or_default(),
                    f["target"].as_str().unwrap_or_default()
                ),
                kind: "flow".into(),
                properties: properties(&f["properties"]),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let moved = value["moved"].as_array().map_or_else(Vec::new, |m| {
        m.iter().filter_map(|id| id.as_str().map(str::to_owned)).collect()
    });
    Some(Compared {
        from: value["from"].as_u64()?,
        to: value["to"].as_u64()?,
        design: properties(&value["design"]),
        resources,
        flows,
        moved,
        fixed: findings(&value["fixed"]),
        introduced: findings(&value["introduced"]),
        cost: (
            value["cost"]["old_monthly_usd"].as_f64().unwrap_or(0.0),
            value["cost"]["new_monthly_usd"].as_f64().unwrap_or(0.0),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compare_answer_reads_as_items_and_findings() {
        let value: Value = serde_json::from_str(
            r#"{"id":"d1","from":2,"to":4,
            "design":[{"path":"name","old":"shop","new":"shop v2"}],
            "resources":[
              {"change":"added","id":"db-2","name":"replica","type":"rds_instance"},
              {"change":"removed","id":"fn-old","name":"legacy","type":"lambda"},
              {"change":"changed","id":"sg-web","name":"web","type":"security_group",
               "properties":[{"path":"ingress[0].ports.from","old":80,"new":8080},
                             {"path":"description","new":"web tier"}]}],
            "flows":[{"change":"added","id":"f-9","source":"api","target":"replica"}],
            "moved":["vpc"],
            "fixed":[{"rule":"W3001","severity":"warning","message":"one zone","resources":[]}],
            "introduced":[{"rule":"E1003","severity":"error","message":"overlap"}],
            "cost":{"old_monthly_usd":10.5,"new_monthly_usd":40.0,"change_usd":29.5}}"#,
        )
        .unwrap();
        let compared = read(&value).unwrap();
        assert_eq!((compared.from, compared.to), (2, 4));
        assert_eq!(compared.counts(), (1, 1, 1));
        let changed = &compared.resources[2];
        assert_eq!(
            changed.properties[0],
            Property { path: "ingress[0].ports.from".into(), old: "80".into(), new: "8080".into() }
        );
        assert_eq!(changed.properties[1].old, "(none)");
        assert_eq!(compared.flows[0].title, "api → replica");
        assert_eq!(compared.moved, ["vpc"]);
        assert_eq!(compared.fixed[0].rule, "W3001");
        assert_eq!(compared.introduced[0].severity, "error");
        assert_eq!(compared.cost, (10.5, 40.0));
        assert!(!compared.is_empty());
        assert!(read(&serde_json::json!({"resources": 3})).is_none());
    }
}
