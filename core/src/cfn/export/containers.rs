//! EKS: clusters with their VPC configuration and endpoints, managed node
//! groups with their scaling, and the IAM role each needs when the design
//! names none. An added role is listed as implied, so that a re-import
//! leaves it out and the design keeps naming no role.

use super::Exporter;
use super::instances::text_or_sub;
use crate::cfn::tree::{Key, Node};
use crate::model::{EksCluster, EksNodeGroup, ResourceId};

/// The managed policy of a cluster role.
const CLUSTER_POLICIES: &[&str] = &["AmazonEKSClusterPolicy"];
/// The managed policies of a node role.
const NODE_POLICIES: &[&str] =
    &["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"];

impl Exporter<'_> {
    pub(super) fn eks_cluster(&mut self, id: String, name: &str, c: &EksCluster) {
        let role = self.eks_role(&id, c.role.as_deref(), "eks.amazonaws.com", CLUSTER_POLICIES);
        let mut config: Vec<(Key, Node)> = vec![("SubnetIds".into(), self.refs(&c.subnets))];
        if !c.security_groups.is_empty() {
            config.push(("SecurityGroupIds".into(), self.refs(&c.security_groups)));
        }
        config.push(("EndpointPublicAccess".into(), Node::Bool(c.endpoint_public)));
        config.push(("EndpointPrivateAccess".into(), Node::Bool(c.endpoint_private)));
        if !c.public_access_cidrs.is_empty() {
            let cidrs = c.public_access_cidrs.iter().map(|cidr| text_or_sub(cidr)).collect();
            config.push(("PublicAccessCidrs".into(), Node::List(cidrs)));
        }
        let mut props = Vec::with_capacity(4);
        if let Some(version) = &c.version {
            props.push(("Version", text_or_sub(version)));
        }
        props.push(("RoleArn", role));
        props.push(("ResourcesVpcConfig", Node::Map(config)));
        props.push(("Tags", Self::name_tag(name)));
        self.add(id, "AWS::EKS::Cluster", props, vec![]);
    }

    pub(super) fn eks_node_group(
        &mut self,
        id: String,
        name: &str,
        design_id: &ResourceId,
        ng: &EksNodeGroup,
    ) {
        if self.index.get(&ng.cluster).is_none() {
            self.note(
                "X006",
                "EKS node group without a cluster",
                format!(
                    "EKS node group {name:?} names no cluster of the design, which CloudFormation \
                     requires: choose one in the design"
                ),
                design_id,
            );
        }
        let role = self.eks_role(&id, ng.role.as_deref(), "ec2.amazonaws.com", NODE_POLICIES);
        let mut props = vec![
            ("ClusterName", self.reference(&ng.cluster)),
            ("NodeRole", role),
            ("Subnets", self.refs(&ng.subnets)),
        ];
        if !ng.instance_types.is_empty() {
            let types = ng.instance_types.iter().map(|t| text_or_sub(t)).collect();
            props.push(("InstanceTypes", Node::List(types)));
        }
        props.push((
            "ScalingConfig",
            Node::Map(vec![
                ("MinSize".into(), Node::Int(i64::from(ng.min_size))),
                ("MaxSize".into(), Node::Int(i64::from(ng.max_size))),
                ("DesiredSize".into(), Node::Int(i64::from(ng.desired_size))),
            ]),
        ));
        // A node group's tags are a map, not a list of keys and values.
        props.push(("Tags", Node::Map(vec![("Name".into(), Node::str(name))])));
        self.add(id, "AWS::EKS::Nodegroup", props, vec![]);
    }

    /// The role ARN of a cluster or node group: the design's, else the ARN
    /// of a role the export adds, which `service` assumes and which has
    /// these AWS-managed policies.
    fn eks_role(
        &mut self,
        owner: &str,
        role: Option<&str>,
        service: &str,
        policies: &[&str],
    ) -> Node {
        if let Some(arn) = role {
            return text_or_sub(arn);
        }
        let logical = self.claim(&format!("{owner}Role"));
        let trust = Node::Map(vec![
            ("Version".into(), Node::str("2012-10-17")),
            (
                "Statement".into(),
                Node::List(vec![Node::Map(vec![
                    ("Effect".into(), Node::str("Allow")),
                    ("Principal".into(), Node::Map(vec![("Service".into(), Node::str(service))])),
                    ("Action".into(), Node::str("sts:AssumeRole")),
                ])]),
            ),
        ]);
        let managed = policies
            .iter()
            .map(|p| Node::sub(format!("arn:${{AWS::Partition}}:iam::aws:policy/{p}")))
            .collect();
        let props =
            vec![("AssumeRolePolicyDocument", trust), ("ManagedPolicyArns", Node::List(managed))];
        self.add(logical.clone(), "AWS::IAM::Role", props, vec![]);
        self.implied.push(logical.clone());
        Node::get_att(&logical, "Arn")
    }
}
