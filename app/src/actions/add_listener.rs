//! Adding a listener to a load balancer from the inspector. Listeners are
//! parts of their load balancer and are not drawn on the canvas.

use super::{Action, Applied, Refusal, UndoPolicy};
use vpcraft_core::model::{
    Kind, KindTag, ListenerProtocol, LoadBalancerListener, LoadBalancerType,
};
use vpcraft_core::{Design, Resource, ResourceId};

/// Adds an HTTP listener on the first free port from 80, forwarding to the
/// design's only target group when there is exactly one.
#[derive(Clone, Debug)]
pub struct AddListener {
    pub load_balancer: ResourceId,
}

impl Action for AddListener {
    fn undo_policy(&self) -> UndoPolicy {
        UndoPolicy::Record
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        match design.resource(&self.load_balancer).map(|r| &r.kind) {
            Some(Kind::LoadBalancer(lb)) if lb.lb_type == LoadBalancerType::Classic => {
                return Err(Refusal::new(
                    "A classic load balancer's listeners are its own: add them in its inspector",
                ));
            }
            Some(Kind::LoadBalancer(_)) => {}
            _ => return Err(Refusal::new("Listeners belong to a load balancer")),
        }
        let used: Vec<u16> = design
            .resources
            .iter()
            .filter_map(|r| match &r.kind {
                Kind::Listener(l) if l.load_balancer == self.load_balancer => Some(l.port),
                _ => None,
            })
            .collect();
        let port = [80, 443, 8080, 8443]
            .into_iter()
            .chain(8000..9000)
            .find(|p| !used.contains(p))
            .unwrap_or(80);
        let groups: Vec<&ResourceId> = design
            .resources
            .iter()
            .filter(|r| matches!(r.kind, Kind::TargetGroup(_)))
            .map(|r| &r.id)
            .collect();
        let default_target_group = (groups.len() == 1).then(|| groups[0].clone());
        let id = design.fresh_id(KindTag::Listener.prefix());
        let name = design.fresh_name(KindTag::Listener.prefix());
        let listener = LoadBalancerListener {
            load_balancer: self.load_balancer.clone(),
            port,
            protocol: ListenerProtocol::Http,
            certificate: None,
            default_target_group,
        };
        design.resources.push(Resource {
            id,
            name,
            logical_id: None,
            physical_id: None,
            kind: listener.into(),
        });
        Ok(Applied::default())
    }
}
