//! References to what lies outside the template: a parameter naming an
//! existing VPC, subnets or security groups, an imported value, a literal
//! physical ID, a nested stack's output, the region's default VPC. Each
//! becomes one external resource of the kind the reference needs, shared
//! by every reference to the same source, so that no reference is left
//! empty and no rule judges a placeholder.

use super::Builder;
use crate::cfn::import::resolve::Val;
use crate::cfn::logical_id::kebab_case;
use crate::model::*;

/// The template types the import turns into a design kind of their own;
/// any other type becomes a generic node, whose attributes a reference may
/// use as an external value.
const MODELLED: &[(&str, KindTag)] = &[
    ("AWS::EC2::VPC", KindTag::Vpc),
    ("AWS::EC2::Subnet", KindTag::Subnet),
    ("AWS::EC2::InternetGateway", KindTag::InternetGateway),
    ("AWS::EC2::EIP", KindTag::ElasticIp),
    ("AWS::EC2::NatGateway", KindTag::NatGateway),
    ("AWS::EC2::RouteTable", KindTag::RouteTable),
    ("AWS::EC2::NetworkAcl", KindTag::NetworkAcl),
    ("AWS::EC2::SecurityGroup", KindTag::SecurityGroup),
    ("AWS::EC2::VPCEndpoint", KindTag::VpcEndpoint),
    ("AWS::EC2::VPCPeeringConnection", KindTag::VpcPeering),
    ("AWS::EC2::EgressOnlyInternetGateway", KindTag::EgressOnlyInternetGateway),
    ("AWS::EC2::TransitGateway", KindTag::TransitGateway),
    ("AWS::EC2::VPNGateway", KindTag::VpnGateway),
    ("AWS::EC2::CustomerGateway", KindTag::CustomerGateway),
    ("AWS::EC2::VPNConnection", KindTag::VpnConnection),
    ("AWS::EC2::NetworkInterface", KindTag::NetworkInterface),
    ("AWS::EC2::TransitGatewayAttachment", KindTag::TransitGatewayAttachment),
    ("AWS::EC2::TransitGatewayVpcAttachment", KindTag::TransitGatewayAttachment),
    ("AWS::ElasticLoadBalancing::LoadBalancer", KindTag::LoadBalancer),
    ("AWS::ElasticLoadBalancingV2::LoadBalancer", KindTag::LoadBalancer),
    ("AWS::ElasticLoadBalancingV2::Listener", KindTag::Listener),
    ("AWS::ElasticLoadBalancingV2::TargetGroup", KindTag::TargetGroup),
    ("AWS::Lambda::Function", KindTag::LambdaFunction),
    ("AWS::Lambda::Permission", KindTag::LambdaPermission),
    ("AWS::Lambda::EventSourceMapping", KindTag::EventSourceMapping),
    ("AWS::ECS::Service", KindTag::EcsService),
    ("AWS::EC2::Instance", KindTag::Ec2Instance),
    ("AWS::EC2::LaunchTemplate", KindTag::LaunchTemplate),
    ("AWS::AutoScaling::LaunchConfiguration", KindTag::LaunchTemplate),
    ("AWS::AutoScaling::AutoScalingGroup", KindTag::AutoScalingGroup),
    ("AWS::EKS::Cluster", KindTag::EksCluster),
    ("AWS::EKS::Nodegroup", KindTag::EksNodeGroup),
    ("AWS::RDS::DBInstance", KindTag::RdsInstance),
    ("AWS::RDS::DBCluster", KindTag::DbCluster),
    ("AWS::ElastiCache::CacheCluster", KindTag::CacheCluster),
    ("AWS::ElastiCache::ReplicationGroup", KindTag::CacheCluster),
    ("AWS::EFS::FileSystem", KindTag::EfsFileSystem),
    ("AWS::ApiGateway::RestApi", KindTag::ApiGateway),
    ("AWS::ApiGatewayV2::Api", KindTag::ApiGateway),
    ("AWS::SQS::Queue", KindTag::SqsQueue),
    ("AWS::Logs::LogGroup", KindTag::LogGroup),
    ("AWS::CloudFormation::Stack", KindTag::NestedStack),
    ("AWS::S3::Bucket", KindTag::S3Bucket),
    ("AWS::DynamoDB::Table", KindTag::DynamoDbTable),
];

/// The design kind the import makes of a template type, if it models it.
pub fn kind_of_type(resource_type: &str) -> Option<KindTag> {
    MODELLED.iter().find(|(t, _)| *t == resource_type).map(|(_, kind)| *kind)
}

/// The prefix of a physical ID of a kind, as AWS writes them (`vpc-0a1b…`).
fn physical_prefix(kind: KindTag) -> Option<&'static str> {
    match kind {
        KindTag::Vpc => Some("vpc-"),
        KindTag::Subnet => Some("subnet-"),
        KindTag::SecurityGroup => Some("sg-"),
        KindTag::RouteTable => Some("rtb-"),
        KindTag::InternetGateway => Some("igw-"),
        KindTag::NatGateway => Some("nat-"),
        KindTag::VpcEndpoint => Some("vpce-"),
        KindTag::VpcPeering => Some("pcx-"),
        KindTag::EgressOnlyInternetGateway => Some("eigw-"),
        KindTag::TransitGateway => Some("tgw-"),
        KindTag::VpnGateway => Some("vgw-"),
        KindTag::NetworkInterface => Some("eni-"),
        KindTag::CustomerGateway => Some("cgw-"),
        _ => None,
    }
}

/// Whether a literal names an existing resource of a kind: an ARN; for the
/// kinds whose IDs AWS prefixes, an ID with that prefix and a hexadecimal
/// suffix; for the others (functions, queues), any name.
fn is_physical(kind: KindTag, text: &str) -> bool {
    if text.starts_with("arn:") {
        return true;
    }
    match physical_prefix(kind) {
        Some(prefix) => text
            .strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_hexdigit())),
        None => !text.trim().is_empty() && !text.contains("${"),
    }
}

impl Builder<'_, '_> {
    /// The design resource a reference that must name a `wanted` kind
    /// points at: a resource of the template, or an external resource for
    /// a value known only at deploy time. `None` when the value names
    /// nothing (absent, or a literal that is no physical ID).
    pub(super) fn ref_to(&mut self, wanted: KindTag, value: &Val) -> Option<ResourceId> {
        match value {
            Val::Ref(target) | Val::Att(target, _) => {
                let id = self.ids.get(target.as_str())?.clone();
                let modelled = self
                    .resolver
                    .resources
                    .get(target.as_str())
                    .and_then(|(ty, _)| kind_of_type(ty));
                // A `Ref` names the resource itself, and so does an
                // attribute of a resource of the wanted kind (a group's
                // `GroupId`); another attribute (a VPC's
                // `DefaultSecurityGroup`, a custom resource's output) names
                // something the template does not declare.
                match (modelled, value) {
                    (Some(_), Val::Ref(_)) => return Some(id),
                    (Some(kind), Val::Att(..)) if kind == wanted => return Some(id),
                    _ => {}
                }
                let what = match value {
                    Val::Att(_, attr) => format!("{target}.{attr}"),
                    _ => target.clone(),
                };
                Some(self.external(wanted, ExternalSource::Computed(what), None, false))
            }
            Val::External { source, list, index } => {
                Some(self.external(wanted, source.clone(), *index, *list))
            }
            Val::Str(text) if is_physical(wanted, text) => {
                Some(self.external(wanted, ExternalSource::PhysicalId(text.clone()), None, false))
            }
            Val::Unknown => Some(self.external(
                wanted,
                ExternalSource::Computed("a value known only at deploy time".into()),
                None,
                false,
            )),
            _ => None,
        }
    }

    /// The design resources a list reference points at; a list known only
    /// at deploy time is one external resource that stands for many.
    pub(super) fn refs_to(&mut self, wanted: KindTag, value: &Val) -> Vec<ResourceId> {
        match value {
            Val::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    if let Some(id) = self.ref_to(wanted, item)
                        && !out.contains(&id)
                    {
                        out.push(id);
                    }
                }
                out
            }
            Val::Null => Vec::new(),
            single => self.ref_to(wanted, single).into_iter().collect(),
        }
    }

    /// A reference that the template requires: what it names, or the
    /// literal itself (an empty one when absent), which rule E0001 then
    /// reports as naming nothing.
    pub(super) fn required_ref(&mut self, wanted: KindTag, value: &Val) -> ResourceId {
        self.ref_to(wanted, value)
            .unwrap_or_else(|| ResourceId::new(value.to_text().unwrap_or_default()))
    }

    pub(super) fn vpc_ref(&mut self, value: &Val) -> ResourceId {
        self.required_ref(KindTag::Vpc, value)
    }

    /// The zone letter of a subnet's `AvailabilityZone`: the zone's own
    /// letter when it is named, its index in a zone list known only at
    /// deploy time (`!Select [1, !Ref Zones]` is the second zone), or one
    /// letter per zone parameter, in the order the template uses them.
    pub(super) fn zone_letter(
        &mut self,
        logical_id: &str,
        vpc: &ResourceId,
        value: &Val,
    ) -> String {
        let letter = |i: usize| char::from(b'a' + (i % 26) as u8).to_string();
        match value {
            Val::Str(s) if s.ends_with(|c: char| c.is_ascii_lowercase()) => {
                s.chars().last().map(String::from).unwrap_or_default()
            }
            Val::Null => "a".to_owned(),
            Val::External { index: Some(i), .. } => letter(*i),
            Val::External { source, index: None, .. } => {
                let key = (vpc.clone(), source.clone());
                if let Some(known) = self.zone_letters.get(&key) {
                    return known.clone();
                }
                let taken = self.zone_letters.keys().filter(|(v, _)| v == vpc).count();
                let zone = letter(taken);
                self.zone_letters.insert(key, zone.clone());
                zone
            }
            _ => {
                self.warn(
                    logical_id,
                    "the availability zone is not known before deployment; zone a assumed",
                );
                "a".to_owned()
            }
        }
    }

    /// The region's default VPC, where AWS puts what names no VPC.
    pub(super) fn default_vpc(&mut self) -> ResourceId {
        self.external(KindTag::Vpc, ExternalSource::DefaultVpc, None, false)
    }

    /// Finds or makes the external resource of a kind for a source.
    pub(super) fn external(
        &mut self,
        of: KindTag,
        source: ExternalSource,
        index: Option<usize>,
        many: bool,
    ) -> ResourceId {
        let key = (of, source.clone(), index, many);
        if let Some(id) = self.externals.get(&key) {
            return id.clone();
        }
        let (base, name, logical_id) = match &source {
            ExternalSource::Parameter(p) => (kebab_case(p), p.clone(), Some(p.clone())),
            ExternalSource::DefaultVpc => ("default-vpc".into(), "default VPC".into(), None),
            ExternalSource::PhysicalId(p) => (slug(p), p.clone(), None),
            ExternalSource::Import(e) | ExternalSource::StackOutput(e) => {
                (slug(e), e.clone(), None)
            }
            ExternalSource::Computed(what) => {
                (format!("external-{}", of.prefix()), what.clone(), None)
            }
        };
        let (base, name) = match index {
            Some(i) => (format!("{base}-{}", i + 1), format!("{name}[{i}]")),
            None => (base, name),
        };
        let id = ResourceId::new(self.taken.claim(&base));
        self.externals.insert(key, id.clone());
        self.push_from(
            id.clone(),
            name,
            logical_id.as_deref(),
            External { of, source, many }.into(),
        );
        id
    }
}

/// A design ID from any text: lower-case letters, digits and dashes.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    let out: String = out.chars().take(60).collect();
    if out.is_empty() { "external".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn physical_ids_are_told_from_names() {
        assert!(is_physical(KindTag::Vpc, "vpc-0a1b2c3d"));
        assert!(is_physical(KindTag::Subnet, "subnet-12345678"));
        assert!(!is_physical(KindTag::Subnet, "PrivateSubnet1ID"));
        assert!(!is_physical(KindTag::Vpc, "vpc-"));
        assert!(is_physical(KindTag::Generic, "arn:aws:acm:us-east-1:123:certificate/x"));
        assert!(is_physical(KindTag::LambdaFunction, "existing-function"));
        assert_eq!(slug("Network-Stack:VpcId"), "network-stack-vpcid");
    }

    /// The table says which types a reference may name as themselves; it
    /// must say what the builders make, or a reference to a modelled
    /// resource would become an external one (or the reverse).
    #[test]
    fn the_modelled_table_is_what_the_builders_make() {
        for (resource_type, tag) in MODELLED {
            // What CloudFormation requires is given by a parameter known only
            // at deploy time.
            let required = crate::cfn::import::REQUIRED.iter().find(|(t, _)| t == resource_type);
            let properties: String = required
                .map_or(&[][..], |(_, keys)| *keys)
                .iter()
                .map(|key| format!("      {key}: !Ref Ext\n"))
                .collect();
            let template = format!(
                "Parameters:\n  Ext: {{Type: String}}\nResources:\n  It:\n    Type: \
                 {resource_type}\n    Properties:\n{properties}      Tags: []\n"
            );
            let design = crate::cfn::import(&template).unwrap().design;
            let made = design.resources.iter().find(|r| r.logical_id.as_deref() == Some("It"));
            assert_eq!(made.map(|r| r.kind.tag()), Some(*tag), "{resource_type}");
        }
        let generic = crate::cfn::import("Resources:\n  It: {Type: AWS::SNS::Topic}\n");
        let made = generic.unwrap().design.resources.into_iter().find(|r| r.logical_id.is_some());
        assert_eq!(made.map(|r| r.kind.tag()), Some(KindTag::Generic));
    }
}
