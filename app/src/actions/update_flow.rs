//! Editing a flow's protocol, port or label from the inspector.

use super::{Action, Applied, Refusal, UndoPolicy};
use vpcraft_core::model::Protocol;
use vpcraft_core::{Design, ResourceId};

/// A new value for one property of a flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlowEdit {
    Protocol(Protocol),
    /// `None` falls back to the target's default port.
    Port(Option<u16>),
    Label(String),
    /// Swaps source and target.
    Reverse,
}

impl FlowEdit {
    fn field(&self) -> &'static str {
        match self {
            Self::Protocol(_) => "protocol",
            Self::Port(_) => "port",
            Self::Label(_) => "label",
            Self::Reverse => "reverse",
        }
    }
}

/// Sets one property of a flow.
#[derive(Clone, Debug)]
pub struct UpdateFlow {
    pub id: ResourceId,
    pub edit: FlowEdit,
}

impl Action for UpdateFlow {
    fn undo_policy(&self) -> UndoPolicy {
        match self.edit {
            FlowEdit::Reverse => UndoPolicy::Record,
            _ => UndoPolicy::Coalesce(format!("flow:{}:{}", self.id, self.edit.field())),
        }
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        let flow = design
            .flows
            .iter_mut()
            .find(|f| f.id == self.id)
            .ok_or_else(|| Refusal::new(format!("Flow {} no longer exists", self.id)))?;
        match &self.edit {
            FlowEdit::Protocol(p) => flow.protocol = *p,
            FlowEdit::Port(port) => flow.port = *port,
            FlowEdit::Label(label) => flow.label = label.clone(),
            FlowEdit::Reverse => std::mem::swap(&mut flow.source, &mut flow.target),
        }
        Ok(Applied::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpcraft_core::model::Flow;

    #[test]
    fn sets_the_port_and_coalesces_typing() {
        let mut d = Design::new("d");
        d.flows.push(Flow {
            id: "flow-1".into(),
            source: "a".into(),
            target: "b".into(),
            protocol: Protocol::Tcp,
            port: Some(443),
            inferred: false,
            label: String::new(),
        });
        let edit = UpdateFlow { id: "flow-1".into(), edit: FlowEdit::Port(Some(8443)) };
        edit.apply(&mut d).unwrap();
        assert_eq!(d.flows[0].port, Some(8443));
        assert_eq!(edit.undo_policy(), UndoPolicy::Coalesce("flow:flow-1:port".into()));
        assert!(
            UpdateFlow { id: "nope".into(), edit: FlowEdit::Port(None) }.apply(&mut d).is_err()
        );
    }
}
