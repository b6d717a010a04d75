//! Drawing a flow: "source calls target", with the protocol and port the
//! target answers on by default.

use super::{Action, Applied, Refusal, UndoPolicy};
use vpcraft_core::model::{Flow, Kind, Protocol};
use vpcraft_core::{Design, ResourceId};

/// Adds a flow from `source` to `target`.
#[derive(Clone, Debug)]
pub struct AddFlow {
    pub source: ResourceId,
    pub target: ResourceId,
}

/// True for the kinds that can call or be called: everything but the
/// containers and the pieces of plumbing that never carry a call.
pub fn can_be_flow_end(kind: &Kind) -> bool {
    !matches!(
        kind,
        Kind::Vpc(_)
            | Kind::AvailabilityZone(_)
            | Kind::Subnet(_)
            | Kind::RouteTable(_)
            | Kind::NetworkAcl(_)
            | Kind::SecurityGroup(_)
            | Kind::ElasticIp(_)
            | Kind::LambdaPermission(_)
            | Kind::EventSourceMapping(_)
    )
}

/// The port a call to `target` uses by default: the first listener's port
/// for a load balancer, the target group's (or a classic load balancer's
/// instance) port for a service or instance, and 443 for AWS services and
/// everything else; the core's rule, which reachability applies too.
pub fn default_port(design: &Design, target: &ResourceId) -> u16 {
    vpcraft_core::reach::default_port_to(design, target)
}

impl Action for AddFlow {
    fn undo_policy(&self) -> UndoPolicy {
        UndoPolicy::Record
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        if self.source == self.target {
            return Err(Refusal::new("A flow connects two different resources"));
        }
        for id in [&self.source, &self.target] {
            let resource = design
                .resource(id)
                .ok_or_else(|| Refusal::new(format!("{id} no longer exists")))?;
            if !can_be_flow_end(&resource.kind) {
                return Err(Refusal::new(format!(
                    "A {} cannot call or be called: connect the resources inside it",
                    resource.kind.tag().title().to_lowercase()
                )));
            }
        }
        if design.flows.iter().any(|f| f.source == self.source && f.target == self.target) {
            return Err(Refusal::new("These resources are already connected by a flow"));
        }
        let id = design.fresh_id("flow");
        design.flows.push(Flow {
            id: id.clone(),
            source: self.source.clone(),
            target: self.target.clone(),
            protocol: Protocol::Tcp,
            port: Some(default_port(design, &self.target)),
            inferred: false,
            label: String::new(),
        });
        Ok(Applied { select: Some(vec![id]), ..Applied::default() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpcraft_core::Resource;
    use vpcraft_core::model::{LambdaFunction, LoadBalancer, LoadBalancerListener, SqsQueue, Vpc};

    fn design() -> Design {
        let mut d = Design::new("d");
        d.resources.push(Resource::new("fn", "fn", LambdaFunction::default()));
        d.resources.push(Resource::new("q", "q", SqsQueue::default()));
        d.resources.push(Resource::new("lb", "lb", LoadBalancer::default()));
        d.resources.push(Resource::new("vpc", "vpc", Vpc::default()));
        let listener = LoadBalancerListener {
            load_balancer: "lb".into(),
            port: 8080,
            protocol: Default::default(),
            certificate: None,
            default_target_group: None,
        };
        d.resources.push(Resource::new("l", "l", listener));
        d
    }

    #[test]
    fn ports_default_from_the_target() {
        let mut d = design();
        AddFlow { source: "fn".into(), target: "q".into() }.apply(&mut d).unwrap();
        AddFlow { source: "fn".into(), target: "lb".into() }.apply(&mut d).unwrap();
        assert_eq!(d.flows[0].port, Some(443));
        assert_eq!(d.flows[1].port, Some(8080));
    }

    #[test]
    fn refuses_loops_duplicates_and_containers() {
        let mut d = design();
        assert!(AddFlow { source: "fn".into(), target: "fn".into() }.apply(&mut d).is_err());
        assert!(AddFlow { source: "fn".into(), target: "vpc".into() }.apply(&mut d).is_err());
        AddFlow { source: "fn".into(), target: "q".into() }.apply(&mut d).unwrap();
        assert!(AddFlow { source: "fn".into(), target: "q".into() }.apply(&mut d).is_err());
    }
}
