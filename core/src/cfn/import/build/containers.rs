//! The EKS primaries: clusters with their VPC configuration, endpoints and
//! role, and managed node groups with their cluster, subnets, instance
//! types, scaling and role.

use super::Builder;
use super::instances::text_of;
use crate::cfn::import::Entry;
use crate::cfn::import::resolve::Val;
use crate::model::*;

impl Builder<'_, '_> {
    /// The design kind of an EKS entry; `None` for any other type.
    pub(super) fn container_kind(&mut self, e: &Entry<'_>) -> Option<Kind> {
        Some(match e.resource_type {
            "AWS::EKS::Cluster" => self.eks_cluster(e).into(),
            "AWS::EKS::Nodegroup" => self.eks_node_group(e).into(),
            _ => return None,
        })
    }

    fn eks_cluster(&mut self, e: &Entry<'_>) -> EksCluster {
        let config = self.val(e, "ResourcesVpcConfig");
        let null = Val::Null;
        let get = |key: &str| config.get(key).unwrap_or(&null);
        let defaults = EksCluster::default();
        EksCluster {
            version: text_of(&self.val(e, "Version")),
            subnets: self.refs_to(KindTag::Subnet, get("SubnetIds")),
            security_groups: self.refs_to(KindTag::SecurityGroup, get("SecurityGroupIds")),
            endpoint_public: get("EndpointPublicAccess")
                .as_bool()
                .unwrap_or(defaults.endpoint_public),
            endpoint_private: get("EndpointPrivateAccess")
                .as_bool()
                .unwrap_or(defaults.endpoint_private),
            public_access_cidrs: get("PublicAccessCidrs").items().iter().filter_map(cidr).collect(),
            role: self.role_text(&self.val(e, "RoleArn")),
        }
    }

    fn eks_node_group(&mut self, e: &Entry<'_>) -> EksNodeGroup {
        let scaling = self.val(e, "ScalingConfig");
        let size =
            |key: &str| scaling.get(key).and_then(Val::as_i64).and_then(|n| u32::try_from(n).ok());
        let defaults = EksNodeGroup::default();
        let min_size = size("MinSize").unwrap_or(defaults.min_size);
        let max_size = size("MaxSize").unwrap_or(defaults.max_size);
        if !matches!(self.val(e, "LaunchTemplate"), Val::Null | Val::NoValue) {
            self.warn(
                e.logical_id,
                "the node group's launch template is not kept: its nodes are judged as members \
                 of the cluster security group, not of the template's security groups",
            );
        }
        EksNodeGroup {
            cluster: self.required_ref(KindTag::EksCluster, &self.val(e, "ClusterName")),
            subnets: self.refs_to(KindTag::Subnet, &self.val(e, "Subnets")),
            instance_types: self
                .val(e, "InstanceTypes")
                .items()
                .iter()
                .filter_map(text_of)
                .collect(),
            min_size,
            max_size,
            // EKS starts with the minimum when the template names no
            // desired size.
            desired_size: size("DesiredSize").unwrap_or(min_size),
            role: self.role_text(&self.val(e, "NodeRole")),
        }
    }

    /// A role ARN as the design keeps it; a role the design does not hold
    /// (one the export added, listed as implied) is none, so that the
    /// export adds it again.
    fn role_text(&self, value: &Val) -> Option<String> {
        match value.target() {
            Some(target) if !self.ids.contains_key(target) => None,
            _ => text_of(value),
        }
    }
}

/// A CIDR of `PublicAccessCidrs`: a literal, or `${Parameter}` for one
/// known only at deploy time, which never counts as every address.
fn cidr(value: &Val) -> Option<String> {
    match value {
        Val::External { source: ExternalSource::Parameter(p), .. } => Some(format!("${{{p}}}")),
        other => text_of(other),
    }
}
