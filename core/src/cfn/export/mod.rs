//! Design → template: one pass over the resources in design order, each
//! kind writing its primary CloudFormation resource and the secondary ones
//! it implies (attachments, routes, associations, rules, roles).

mod compute;
mod containers;
mod databases;
mod instances;
mod load_balancing;
mod network;
mod security;
mod services;
mod transit;

pub(crate) use security::NO_EGRESS_CIDR;

use super::Format;
use super::logical_id::{LogicalIds, pascal_case};
use super::metadata;
use super::tree::{Key, Node};
use crate::finding::{Finding, Severity};
use crate::index::Index;
use crate::model::{Design, Kind, KindTag, ResourceId};
use std::collections::HashMap;

/// An exported template and the findings of the design it came from.
#[derive(Clone, Debug)]
pub struct Exported {
    pub text: String,
    pub findings: Vec<Finding>,
}

/// Exports a design as a template in `format`. A design with error findings
/// still exports; its errors and warnings are listed in a comment header
/// (YAML) or in `Metadata.vpcraft.findings` (JSON).
pub fn export(design: &Design, format: Format) -> Exported {
    let mut findings = crate::rules::validate(design);
    let (root, notes) = build(design);
    findings.extend(notes);
    let text = write(design, root, format, &findings);
    Exported { text, findings }
}

/// The template text of a design with the given findings listed (only
/// errors and warnings are), followed by what the export itself had to
/// leave out or assume.
pub fn render(design: &Design, format: Format, findings: &[Finding]) -> String {
    let (root, notes) = build(design);
    let mut all = findings.to_vec();
    all.extend(notes);
    write(design, root, format, &all)
}

/// The template tree of a design and the export's own findings.
pub(crate) fn build(design: &Design) -> (Node, Vec<Finding>) {
    let (ids, logical) = primary_ids(design);
    build_with(Exporter::new(design, ids, logical))
}

/// The template tree of one part of a larger design, with the primary
/// logical IDs of the whole design (`ids`, from [`primary_ids`]): a
/// reference to a resource outside the part names the logical ID it has
/// in its own part, and the part's secondary resources never take one.
pub(crate) fn build_part<'d>(
    part: &'d Design,
    ids: &HashMap<&'d ResourceId, String>,
) -> (Node, Vec<Finding>) {
    let mut logical = LogicalIds::default();
    for id in ids.values() {
        logical.reserve(id);
    }
    build_with(Exporter::new(part, ids.clone(), logical))
}

/// The primary logical ID of each design resource that has one, claimed in
/// design order, and the claims made.
pub(crate) fn primary_ids(design: &Design) -> (HashMap<&ResourceId, String>, LogicalIds) {
    let mut logical = LogicalIds::default();
    let mut ids = HashMap::with_capacity(design.resources.len());
    for resource in &design.resources {
        let tag = resource.kind.tag();
        if has_resource(tag) {
            let fallback = pascal_case(tag.prefix(), "R");
            let base = match &resource.logical_id {
                Some(kept) if is_logical_id(kept) => kept.clone(),
                _ => pascal_case(&resource.name, &fallback),
            };
            ids.insert(&resource.id, logical.claim(&base));
        }
    }
    (ids, logical)
}

/// Whether a kept logical ID is one CloudFormation accepts (alphanumeric,
/// at most 255 characters).
fn is_logical_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 255 && id.chars().all(|c| c.is_ascii_alphanumeric())
}

fn build_with(mut ex: Exporter<'_>) -> (Node, Vec<Finding>) {
    let design = ex.design;
    for resource in design.resources.iter().take_while(|_| !crate::cancel::requested()) {
        ex.resource(resource);
    }
    let notes = std::mem::take(&mut ex.notes);
    (ex.finish(), notes)
}

pub(crate) fn write(
    design: &Design,
    mut root: Node,
    format: Format,
    findings: &[Finding],
) -> String {
    let shown: Vec<&Finding> = findings.iter().filter(|f| f.severity != Severity::Info).collect();
    let mut text = String::new();
    match format {
        Format::Yaml => {
            text.push_str(&format!(
                "# CloudFormation template exported by vpcraft from design {:?}.\n",
                design.name
            ));
            if shown.is_empty() {
                text.push_str("# The design has no error or warning findings.\n");
            } else {
                text.push_str(&format!(
                    "# The design has {} error or warning finding(s); review them before deploying:\n",
                    shown.len()
                ));
                for finding in &shown {
                    for line in finding.summary().lines() {
                        text.push_str(&format!("#   {line}\n"));
                    }
                }
            }
            super::yaml::write(&root, &mut text);
        }
        Format::Json => {
            if !shown.is_empty() {
                let list = Node::List(shown.iter().map(|f| Node::str(f.summary())).collect());
                metadata::attach_findings(&mut root, list);
            }
            super::json::write(&root, &mut text);
        }
    }
    text
}

/// The template tree of a design, without findings.
pub fn template(design: &Design) -> Node {
    build(design).0
}

/// What the kinds' writers share while a template is built.
pub(crate) struct Exporter<'d> {
    pub design: &'d Design,
    pub index: Index<'d>,
    /// The primary logical ID of each design resource that has one.
    pub ids: HashMap<&'d ResourceId, String>,
    pub logical: LogicalIds,
    pub resources: Vec<(Key, Node)>,
    pub parameters: Vec<(Key, Node)>,
    pub outputs: Vec<(Key, Node)>,
    output_ids: LogicalIds,
    /// Resources the export added that the design does not hold (Lambda
    /// permissions it needs); a re-import skips them.
    pub implied: Vec<String>,
    /// Design-only facts about a logical ID (a permission's source), kept in
    /// the metadata.
    pub extra: HashMap<String, Vec<(Key, Node)>>,
    /// The gateway attachment of each internet gateway attached to a VPC.
    pub attachments: HashMap<&'d ResourceId, String>,
    /// The secondary CIDR block resources of each VPC.
    pub cidr_blocks: HashMap<&'d ResourceId, Vec<String>>,
    /// The IPv6 CIDR block resource of each VPC that has one.
    pub ipv6_blocks: HashMap<&'d ResourceId, String>,
    /// The permissions a Lambda target group waits for, by (group, function).
    pub elb_permissions: HashMap<(ResourceId, ResourceId), Vec<String>>,
    /// Permissions the design lacks and the export adds, by the target group
    /// or API that needs them.
    pub missing_permissions: HashMap<ResourceId, Vec<(String, ResourceId, &'static str)>>,
    /// ECS clusters by name, with their logical IDs.
    pub clusters: Vec<(String, String)>,
    /// What the export had to leave out or assume, as findings.
    pub notes: Vec<Finding>,
}

/// The kinds that have no CloudFormation resource of their own: zones are
/// subnets' placement, AWS services are outside the template.
fn has_resource(tag: KindTag) -> bool {
    !matches!(tag, KindTag::AvailabilityZone | KindTag::AwsService)
}

impl<'d> Exporter<'d> {
    fn new(design: &'d Design, ids: HashMap<&'d ResourceId, String>, logical: LogicalIds) -> Self {
        let mut ex = Self {
            design,
            index: Index::new(design),
            ids,
            logical,
            resources: Vec::with_capacity(design.resources.len() * 2),
            parameters: Vec::new(),
            outputs: Vec::new(),
            output_ids: LogicalIds::default(),
            implied: Vec::new(),
            extra: HashMap::new(),
            attachments: HashMap::new(),
            cidr_blocks: HashMap::new(),
            ipv6_blocks: HashMap::new(),
            elb_permissions: HashMap::new(),
            missing_permissions: HashMap::new(),
            clusters: Vec::new(),
            notes: Vec::new(),
        };
        ex.plan_secondaries();
        ex
    }

    /// Claims, before any resource is written, the logical IDs of the
    /// secondary resources that others wait for, whatever the design order.
    fn plan_secondaries(&mut self) {
        let design = self.design;
        for resource in &design.resources {
            match &resource.kind {
                Kind::VpnGateway(vgw) if vgw.vpc.is_some() => {
                    let logical = self.claim(&format!("{}Attachment", self.id(&resource.id)));
                    self.attachments.insert(&resource.id, logical);
                }
                Kind::InternetGateway(igw) if igw.vpc.is_some() => {
                    let logical = self.claim(&format!("{}Attachment", self.id(&resource.id)));
                    self.attachments.insert(&resource.id, logical);
                }
                Kind::Vpc(vpc) => {
                    let base = self.id(&resource.id);
                    let blocks = (2..=vpc.cidr_blocks.len())
                        .map(|n| self.claim(&format!("{base}CidrBlock{n}")))
                        .collect();
                    self.cidr_blocks.insert(&resource.id, blocks);
                    if vpc.ipv6.is_some() {
                        let logical = self.claim(&format!("{base}Ipv6CidrBlock"));
                        self.ipv6_blocks.insert(&resource.id, logical);
                    }
                }
                Kind::TargetGroup(tg) if tg.target_type == crate::model::TargetType::Lambda => {
                    for target in &tg.targets {
                        if !matches!(
                            self.index.get(target).map(|r| &r.kind),
                            Some(Kind::LambdaFunction(_))
                        ) {
                            continue;
                        }
                        let covering =
                            self.permissions_for(target, compute::ELB_PRINCIPAL, &resource.id);
                        let key = (resource.id.clone(), target.clone());
                        if covering.is_empty() {
                            let logical = self.claim(&format!(
                                "{}{}Permission",
                                self.id(&resource.id),
                                self.id(target)
                            ));
                            self.missing_permissions
                                .entry(resource.id.clone())
                                .or_default()
                                .push((logical.clone(), target.clone(), compute::ELB_PRINCIPAL));
                            self.elb_permissions.insert(key, vec![logical]);
                        } else {
                            self.elb_permissions.insert(key, covering);
                        }
                    }
                }
                Kind::ApiGateway(_) => {
                    for target in self.api_targets(&resource.id) {
                        if self
                            .permissions_for(&target, compute::API_PRINCIPAL, &resource.id)
                            .is_empty()
                        {
                            let logical = self.claim(&format!(
                                "{}{}Permission",
                                self.id(&resource.id),
                                self.id(&target)
                            ));
                            self.missing_permissions
                                .entry(resource.id.clone())
                                .or_default()
                                .push((logical, target, compute::API_PRINCIPAL));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The design's permissions letting `principal` invoke `function` from
    /// `source` (or from anywhere).
    fn permissions_for(
        &self,
        function: &ResourceId,
        principal: &str,
        source: &ResourceId,
    ) -> Vec<String> {
        self.index
            .permissions_of(function)
            .iter()
            .filter(|r| match &r.kind {
                Kind::LambdaPermission(p) => {
                    p.principal == principal && p.source.as_ref().is_none_or(|s| s == source)
                }
                _ => false,
            })
            .map(|r| self.id(&r.id))
            .collect()
    }

    /// Writes the permissions the export adds for a target group or API.
    pub(crate) fn emit_implied_permissions(&mut self, owner: &ResourceId) {
        let Some(missing) = self.missing_permissions.remove(owner) else {
            return;
        };
        for (logical, function, principal) in missing {
            let source_arn = (principal == compute::API_PRINCIPAL).then(|| {
                Node::sub(format!(
                    "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{}}}/*",
                    self.id(owner)
                ))
            });
            self.implied.push(logical.clone());
            self.permission(logical, &function, principal, source_arn);
        }
    }

    /// The logical ID of a design resource; a dangling reference keeps the
    /// design ID, so the template names what is missing (and cfn-lint says so).
    pub fn id(&self, id: &ResourceId) -> String {
        self.ids.get(id).cloned().unwrap_or_else(|| pascal_case(id.as_str(), "Missing"))
    }

    pub fn reference(&self, id: &ResourceId) -> Node {
        self.stack_output(id).unwrap_or_else(|| Node::reference(&self.id(id)))
    }

    pub fn refs(&self, ids: &[ResourceId]) -> Node {
        Node::List(ids.iter().map(|id| self.reference(id)).collect())
    }

    pub fn get_att(&self, id: &ResourceId, attribute: &str) -> Node {
        Node::get_att(&self.id(id), attribute)
    }

    /// A new unique logical ID for a secondary resource.
    pub fn claim(&mut self, base: &str) -> String {
        self.logical.claim(base)
    }

    /// Appends one resource.
    pub fn add<K: Into<String>>(
        &mut self,
        logical_id: String,
        resource_type: &str,
        properties: Vec<(K, Node)>,
        depends_on: Vec<String>,
    ) {
        let mut entries: Vec<(Key, Node)> = vec![("Type".into(), Node::str(resource_type))];
        match depends_on.len() {
            0 => {}
            1 => entries
                .push(("DependsOn".into(), Node::Str(depends_on.into_iter().next().expect("one")))),
            _ => entries.push((
                "DependsOn".into(),
                Node::List(depends_on.into_iter().map(Node::Str).collect()),
            )),
        }
        if !properties.is_empty() {
            let properties = properties.into_iter().map(|(k, v)| (k.into().into(), v)).collect();
            entries.push(("Properties".into(), Node::Map(properties)));
        }
        self.resources.push((logical_id.into(), Node::Map(entries)));
    }

    /// Adds a template parameter, once.
    pub fn parameter(&mut self, name: &str, entries: Vec<(&str, Node)>) {
        if !self.parameters.iter().any(|(n, _)| n == name) {
            let entries = entries.into_iter().map(|(k, v)| (Key::from(k.to_owned()), v)).collect();
            self.parameters.push((name.to_owned().into(), Node::Map(entries)));
        }
    }

    /// Adds an output with the value and a description.
    pub fn output(&mut self, base: &str, description: String, value: Node) {
        let name = self.output_ids.claim(base);
        self.outputs.push((
            name.into(),
            Node::Map(vec![
                ("Description".into(), Node::Str(description)),
                ("Value".into(), value),
            ]),
        ));
    }

    /// Records a warning about something the template cannot say as the
    /// design does.
    pub fn note(&mut self, rule: &str, title: &str, message: String, about: &ResourceId) {
        self.notes.push(Finding {
            rule: rule.to_owned(),
            severity: Severity::Warning,
            title: title.to_owned(),
            message,
            resources: vec![self.index.reference(about)],
            doc_url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html".into(),
            fix: None,
            quick_fixes: Vec::new(),
        });
    }

    /// Keeps a design-only fact about a logical ID in the metadata.
    pub fn remember(&mut self, logical_id: &str, key: &'static str, value: Node) {
        self.extra.entry(logical_id.to_owned()).or_default().push((key.into(), value));
    }

    /// `Tags: [{Key: Name, Value: name}]`.
    pub fn name_tag(name: &str) -> Node {
        Node::List(vec![Node::Map(vec![
            ("Key".into(), Node::str("Name")),
            ("Value".into(), Node::str(name)),
        ])])
    }

    fn resource(&mut self, resource: &'d crate::model::Resource) {
        let id = self.id(&resource.id);
        let name = resource.name.as_str();
        match &resource.kind {
            Kind::Vpc(vpc) => self.vpc(id, name, &resource.id, vpc),
            Kind::AvailabilityZone(_) | Kind::AwsService(_) => {}
            Kind::Subnet(subnet) => self.subnet(id, name, subnet),
            Kind::InternetGateway(igw) => self.internet_gateway(id, name, &resource.id, igw),
            Kind::EgressOnlyInternetGateway(g) => self.egress_only_gateway(id, g),
            Kind::NatGateway(nat) => self.nat_gateway(id, name, nat),
            Kind::ElasticIp(_) => self.elastic_ip(id, name),
            Kind::RouteTable(rt) => self.route_table(id, name, &resource.id, rt),
            Kind::NetworkAcl(acl) => self.network_acl(id, name, acl),
            Kind::SecurityGroup(sg) => self.security_group(id, name, &resource.id, sg),
            Kind::VpcEndpoint(ep) => self.vpc_endpoint(id, name, &resource.id, ep),
            Kind::VpcPeering(p) => self.vpc_peering(id, name, p),
            Kind::TransitGateway(tgw) => self.transit_gateway(id, name, tgw),
            Kind::TransitGatewayAttachment(a) => self.transit_gateway_attachment(id, name, a),
            Kind::VpnGateway(g) => self.vpn_gateway(id, name, &resource.id, g),
            Kind::CustomerGateway(g) => self.customer_gateway(id, name, g),
            Kind::VpnConnection(c) => self.vpn_connection(id, name, c),
            Kind::FlowLog(f) => self.flow_log(id, f),
            Kind::NetworkInterface(n) => self.network_interface(id, name, n),
            Kind::LoadBalancer(lb) => self.load_balancer(id, name, lb),
            Kind::Listener(l) => self.listener(id, &resource.id, l),
            Kind::TargetGroup(tg) => self.target_group(id, name, &resource.id, tg),
            Kind::LambdaFunction(f) => self.lambda_function(id, &resource.id, f),
            Kind::LambdaPermission(p) => self.lambda_permission(id, p),
            Kind::EcsService(svc) => self.ecs_service(id, name, &resource.id, svc),
            Kind::Ec2Instance(i) => self.ec2_instance(id, name, i),
            Kind::LaunchTemplate(lt) => self.launch_template(id, name, lt),
            Kind::AutoScalingGroup(asg) => self.auto_scaling_group(id, name, &resource.id, asg),
            Kind::EksCluster(c) => self.eks_cluster(id, name, c),
            Kind::EksNodeGroup(ng) => self.eks_node_group(id, name, &resource.id, ng),
            Kind::RdsInstance(db) => self.rds_instance(id, name, db),
            Kind::DbCluster(db) => self.db_cluster(id, name, db),
            Kind::CacheCluster(c) => self.cache_cluster(id, name, c),
            Kind::EfsFileSystem(fs) => self.efs_file_system(id, name, &resource.id, fs),
            Kind::ApiGateway(api) => self.api_gateway(id, name, &resource.id, api),
            Kind::SqsQueue(q) => self.sqs_queue(id, q),
            Kind::EventSourceMapping(m) => self.event_source_mapping(id, m),
            Kind::LogGroup(g) => self.log_group(id, g),
            Kind::NestedStack(stack) => self.nested_stack(id, stack),
            Kind::S3Bucket(b) => self.s3_bucket(id, b),
            Kind::DynamoDbTable(t) => self.dynamodb_table(id, &resource.id, t),
            Kind::Generic(g) => self.generic(id, g),
            Kind::External(ext) => self.external(id, &resource.id, name, ext),
        }
    }

    fn finish(self) -> Node {
        let metadata = metadata::build(&self);
        let mut root = vec![
            ("AWSTemplateFormatVersion".into(), Node::str("2010-09-09")),
            ("Description".into(), Node::Str(description(&self.design.name))),
            ("Metadata".into(), metadata),
        ];
        if !self.parameters.is_empty() {
            root.push(("Parameters".into(), Node::Map(self.parameters)));
        }
        root.push(("Resources".into(), Node::Map(self.resources)));
        if !self.outputs.is_empty() {
            root.push(("Outputs".into(), Node::Map(self.outputs)));
        }
        Node::Map(root)
    }
}

/// The template description: at most 1024 characters, as CloudFormation
/// requires.
fn description(name: &str) -> String {
    let text = format!("vpcraft design: {name}");
    text.chars().take(1024).collect()
}
