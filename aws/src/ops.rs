//! The one table of AWS operations the readers (of VPCs and of stacks) call, with the IAM action
//! each needs and what it lists: warnings name the action from here, and a
//! test holds `aws/iam-policy.json` to exactly these actions.

macro_rules! operations {
    ($($op:ident = $action:literal, $what:literal;)*) => {
        /// An AWS operation the reader calls.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Op {
            $($op,)*
        }

        impl Op {
            /// Every operation the reader calls.
            pub const ALL: &'static [Op] = &[$(Op::$op,)*];

            /// The IAM action the call needs (`ec2:DescribeSubnets`).
            pub fn action(self) -> &'static str {
                match self { $(Self::$op => $action,)* }
            }

            /// What the call lists, as a warning names it.
            pub fn what(self) -> &'static str {
                match self { $(Self::$op => $what,)* }
            }
        }
    };
}

operations! {
    GetCallerIdentity = "sts:GetCallerIdentity", "the account ID";
    DescribeVpcs = "ec2:DescribeVpcs", "VPCs";
    DescribeVpcAttribute = "ec2:DescribeVpcAttribute", "VPC DNS attributes";
    DescribeSubnets = "ec2:DescribeSubnets", "subnets";
    DescribeRouteTables = "ec2:DescribeRouteTables", "route tables";
    DescribeInternetGateways = "ec2:DescribeInternetGateways", "internet gateways";
    DescribeNatGateways = "ec2:DescribeNatGateways", "NAT gateways";
    DescribeAddresses = "ec2:DescribeAddresses", "Elastic IPs";
    DescribeSecurityGroups = "ec2:DescribeSecurityGroups", "security groups";
    DescribeSecurityGroupRules = "ec2:DescribeSecurityGroupRules", "security group rules";
    DescribeNetworkAcls = "ec2:DescribeNetworkAcls", "network ACLs";
    DescribeVpcEndpoints = "ec2:DescribeVpcEndpoints", "VPC endpoints";
    DescribeVpcPeeringConnections = "ec2:DescribeVpcPeeringConnections", "VPC peering connections";
    DescribeTransitGatewayVpcAttachments = "ec2:DescribeTransitGatewayVpcAttachments", "transit gateway VPC attachments";
    DescribeTransitGateways = "ec2:DescribeTransitGateways", "transit gateways";
    DescribeEgressOnlyInternetGateways = "ec2:DescribeEgressOnlyInternetGateways", "egress-only internet gateways";
    DescribeVpnGateways = "ec2:DescribeVpnGateways", "virtual private gateways";
    DescribeVpnConnections = "ec2:DescribeVpnConnections", "VPN connections";
    DescribeCustomerGateways = "ec2:DescribeCustomerGateways", "customer gateways";
    DescribeFlowLogs = "ec2:DescribeFlowLogs", "flow logs";
    DescribeNetworkInterfaces = "ec2:DescribeNetworkInterfaces", "network interfaces";
    DescribeInstances = "ec2:DescribeInstances", "EC2 instances";
    DescribeLaunchTemplateVersions = "ec2:DescribeLaunchTemplateVersions", "launch templates";
    DescribeAutoScalingGroups = "autoscaling:DescribeAutoScalingGroups", "Auto Scaling groups";
    DescribeDbInstances = "rds:DescribeDBInstances", "RDS databases";
    DescribeDbClusters = "rds:DescribeDBClusters", "Aurora clusters";
    DescribeDbSubnetGroups = "rds:DescribeDBSubnetGroups", "DB subnet groups";
    DescribeCacheClusters = "elasticache:DescribeCacheClusters", "ElastiCache clusters";
    DescribeCacheSubnetGroups = "elasticache:DescribeCacheSubnetGroups", "cache subnet groups";
    DescribeFileSystems = "elasticfilesystem:DescribeFileSystems", "EFS file systems";
    DescribeMountTargets = "elasticfilesystem:DescribeMountTargets", "EFS mount targets";
    DescribeMountTargetSecurityGroups = "elasticfilesystem:DescribeMountTargetSecurityGroups", "mount target security groups";
    DescribeLoadBalancers = "elasticloadbalancing:DescribeLoadBalancers", "load balancers";
    DescribeListeners = "elasticloadbalancing:DescribeListeners", "listeners";
    DescribeTargetGroups = "elasticloadbalancing:DescribeTargetGroups", "target groups";
    DescribeTargetHealth = "elasticloadbalancing:DescribeTargetHealth", "targets";
    ListFunctions = "lambda:ListFunctions", "Lambda functions";
    ListEventSourceMappings = "lambda:ListEventSourceMappings", "event source mappings";
    GetPolicy = "lambda:GetPolicy", "the invoke permissions of Lambda targets";
    ListClusters = "ecs:ListClusters", "ECS clusters";
    ListServices = "ecs:ListServices", "ECS services";
    DescribeServices = "ecs:DescribeServices", "ECS service details";
    DescribeStacks = "cloudformation:DescribeStacks", "the stack";
    GetTemplate = "cloudformation:GetTemplate", "the stack's template";
    ListStackResources = "cloudformation:ListStackResources", "stack resources";
    ListStacks = "cloudformation:ListStacks", "stacks";
}

#[cfg(test)]
mod tests {
    use super::Op;
    use std::collections::BTreeSet;

    /// The policy file grants exactly the actions the reader calls: nothing
    /// the import needs is missing, and nothing more is asked for.
    #[test]
    fn the_iam_policy_file_lists_exactly_the_actions_the_reader_calls() {
        let text = include_str!("../iam-policy.json");
        let policy: serde_json::Value = serde_json::from_str(text).unwrap();
        let statements = policy["Statement"].as_array().unwrap();
        let mut granted = BTreeSet::new();
        for statement in statements {
            assert_eq!(statement["Effect"], "Allow");
            assert_eq!(statement["Resource"], "*");
            for action in statement["Action"].as_array().unwrap() {
                assert!(granted.insert(action.as_str().unwrap().to_owned()), "{action} twice");
            }
        }
        let called: BTreeSet<String> = Op::ALL.iter().map(|op| op.action().to_owned()).collect();
        assert_eq!(granted, called);
    }

    #[test]
    fn every_operation_names_a_distinct_action() {
        let actions: BTreeSet<&str> = Op::ALL.iter().map(|op| op.action()).collect();
        assert_eq!(actions.len(), Op::ALL.len());
    }
}
