//! Templates read as CloudFormation reads them: one named case per piece of
//! semantics (conditions, `Fn::If` and `AWS::NoValue`, mappings, `Fn::Cidr`,
//! zone lists, values known only at deploy time, the default VPC, loops,
//! the SAM transform, flows from the wiring), each pinned as the imported
//! design's resources, its flows, the import's warnings and the error
//! findings.

use expect_test::{Expect, expect};
use vpcraft_core::cfn::{ImportOptions, import_with};
use vpcraft_core::{Severity, validate};

/// The imported design in short: one line per resource (its JSON without
/// the name), then the warnings, then the error findings.
fn check(template: &str, parameters: &[(&str, &str)], expected: Expect) {
    let options = ImportOptions {
        parameters: parameters.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        ..ImportOptions::default()
    };
    let imported = import_with(template, &options).unwrap();
    let mut out = String::new();
    for resource in &imported.design.resources {
        let mut value = serde_json::to_value(resource).unwrap();
        let object = value.as_object_mut().unwrap();
        object.remove("name");
        // Keys sorted whether or not serde_json keeps insertion order (a
        // workspace dependency turns `preserve_order` on).
        value.sort_all_objects();
        out.push_str(&format!("{value}\n"));
    }
    for flow in &imported.design.flows {
        let port = flow.port.map_or_else(|| "default".to_owned(), |p| p.to_string());
        out.push_str(&format!(
            "flow {} -> {} {}/{port} ({})\n",
            flow.source, flow.target, flow.protocol, flow.label
        ));
    }
    for warning in &imported.warnings {
        out.push_str(&format!("warning {}: {}\n", warning.logical_id, warning.message));
    }
    for finding in validate(&imported.design) {
        if finding.severity == Severity::Error {
            out.push_str(&format!("{}\n", finding.summary()));
        }
    }
    expected.assert_eq(&out);
}

#[test]
fn a_false_condition_leaves_its_resources_out() {
    let template = r#"
Parameters:
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  ProdQueue: {Type: AWS::SQS::Queue, Condition: IsProd}
  DevQueue: {Type: AWS::SQS::Queue, Condition: NotProd}
"#;
    check(
        template,
        &[],
        expect![[r#"
            {"cidr_blocks":["10.0.0.0/16"],"enable_dns_hostnames":false,"enable_dns_support":true,"id":"vpc","logical_id":"Vpc","type":"vpc"}
            {"fifo":false,"id":"dev-queue","logical_id":"DevQueue","type":"sqs_queue","visibility_timeout_s":30}
            warning ProdQueue: left out: its condition IsProd is false with these parameter values
        "#]],
    );
    check(
        template,
        &[("Env", "prod")],
        expect![[r#"
            {"cidr_blocks":["10.0.0.0/16"],"enable_dns_hostnames":false,"enable_dns_support":true,"id":"vpc","logical_id":"Vpc","type":"vpc"}
            {"fifo":false,"id":"prod-queue","logical_id":"ProdQueue","type":"sqs_queue","visibility_timeout_s":30}
            warning DevQueue: left out: its condition NotProd is false with these parameter values
        "#]],
    );
}

#[test]
fn fn_if_picks_a_branch_and_no_value_removes_the_property() {
    let template = r#"
Parameters:
  Timeout: {Type: Number, Default: 0}
Conditions:
  HasTimeout: !Not [!Equals [!Ref Timeout, 0]]
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: !If [HasTimeout, !Ref Timeout, !Ref AWS::NoValue]
  Vpc:
    Type: AWS::EC2::VPC
    Properties: !If [HasTimeout, {CidrBlock: 10.1.0.0/16}, {CidrBlock: 10.2.0.0/16}]
"#;
    check(
        template,
        &[],
        expect![[r#"
            {"fifo":false,"id":"queue","logical_id":"Queue","type":"sqs_queue","visibility_timeout_s":30}
            {"cidr_blocks":["10.2.0.0/16"],"enable_dns_hostnames":false,"enable_dns_support":true,"id":"vpc","logical_id":"Vpc","type":"vpc"}
        "#]],
    );
    check(
        template,
        &[("Timeout", "120")],
        expect![[r#"
            {"fifo":false,"id":"queue","logical_id":"Queue","type":"sqs_queue","visibility_timeout_s":120}
            {"cidr_blocks":["10.1.0.0/16"],"enable_dns_hostnames":false,"enable_dns_support":true,"id":"vpc","logical_id":"Vpc","type":"vpc"}
        "#]],
    );
}

#[test]
fn mappings_and_cidr_give_real_blocks() {
    check(
        r#"
Mappings:
  Net: {Vpc: {Cidr: 10.20.0.0/16}}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !FindInMap [Net, Vpc, Cidr]}
  A:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
      AvailabilityZone: !Select [0, !GetAZs ""]
  B:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
      AvailabilityZone: !Select [1, !GetAZs ""]
"#,
        &[],
        expect![[r#"
            {"cidr_blocks":["10.20.0.0/16"],"enable_dns_hostnames":false,"enable_dns_support":true,"id":"vpc","logical_id":"Vpc","type":"vpc"}
            {"id":"vpc-az-a","type":"availability_zone","vpc":"vpc","zone":"a"}
            {"id":"vpc-az-b","type":"availability_zone","vpc":"vpc","zone":"b"}
            {"az":"vpc-az-a","cidr":"10.20.0.0/24","id":"a","logical_id":"A","map_public_ip_on_launch":false,"type":"subnet"}
            {"az":"vpc-az-b","cidr":"10.20.1.0/24","id":"b","logical_id":"B","map_public_ip_on_launch":false,"type":"subnet"}
        "#]],
    );
}

#[test]
fn a_zone_list_known_only_at_deploy_time_keeps_each_zone_by_index() {
    check(
        r#"
Parameters:
  Zones: {Type: "List<AWS::EC2::AvailabilityZone::Name>"}
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  A:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: !Select [0, !Ref Zones]}
  B:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: !Select [1, !Ref Zones]}
"#,
        &[],
        expect![[r#"
            {"cidr_blocks":["10.0.0.0/16"],"enable_dns_hostnames":false,"enable_dns_support":true,"id":"vpc","logical_id":"Vpc","type":"vpc"}
            {"id":"vpc-az-a","type":"availability_zone","vpc":"vpc","zone":"a"}
            {"id":"vpc-az-b","type":"availability_zone","vpc":"vpc","zone":"b"}
            {"az":"vpc-az-a","cidr":"10.0.0.0/24","id":"a","logical_id":"A","map_public_ip_on_launch":false,"type":"subnet"}
            {"az":"vpc-az-b","cidr":"10.0.1.0/24","id":"b","logical_id":"B","map_public_ip_on_launch":false,"type":"subnet"}
        "#]],
    );
}

#[test]
fn existing_vpc_subnets_and_groups_by_parameter_import_and_id_are_external() {
    check(
        r#"
Parameters:
  VpcId: {Type: "AWS::EC2::VPC::Id"}
  Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}
Resources:
  FnSg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: fn, VpcId: !Ref VpcId}
  Other:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: other, VpcId: !ImportValue network-VpcId}
  Literal:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: literal, VpcId: vpc-0a1b2c3d}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/fn
      Code: {ZipFile: "x"}
      VpcConfig:
        SubnetIds: !Ref Subnets
        SecurityGroupIds: [!Ref FnSg, !GetAtt Other.GroupId]
"#,
        &[],
        expect![[r#"
            {"id":"vpc-id","logical_id":"VpcId","of":"vpc","source":{"parameter":"VpcId"},"type":"external"}
            {"description":"fn","egress":[{"peer":{"cidr":"0.0.0.0/0"},"ports":null,"protocol":"all"}],"id":"fn-sg","ingress":[],"logical_id":"FnSg","type":"security_group","vpc":"vpc-id"}
            {"id":"network-vpcid","of":"vpc","source":{"import":"network-VpcId"},"type":"external"}
            {"description":"other","egress":[{"peer":{"cidr":"0.0.0.0/0"},"ports":null,"protocol":"all"}],"id":"other","ingress":[],"logical_id":"Other","type":"security_group","vpc":"network-vpcid"}
            {"id":"vpc-0a1b2c3d","of":"vpc","source":{"physical_id":"vpc-0a1b2c3d"},"type":"external"}
            {"description":"literal","egress":[{"peer":{"cidr":"0.0.0.0/0"},"ports":null,"protocol":"all"}],"id":"literal","ingress":[],"logical_id":"Literal","type":"security_group","vpc":"vpc-0a1b2c3d"}
            {"id":"subnets","logical_id":"Subnets","many":true,"of":"subnet","source":{"parameter":"Subnets"},"type":"external"}
            {"handler":"index.handler","id":"fn","logical_id":"Fn","memory_mb":128,"role":{"arn":"arn:aws:iam::123456789012:role/fn"},"runtime":"python3.12","timeout_s":3,"type":"lambda_function","vpc_config":{"security_groups":["fn-sg","other"],"subnets":["subnets"]}}
        "#]],
    );
}

#[test]
fn a_group_without_a_vpc_is_in_the_default_vpc_and_literal_names_are_no_ids() {
    check(
        r#"
Parameters:
  SshFrom: {Type: String, Default: 0.0.0.0/0}
Resources:
  Ssh:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: ssh
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref SshFrom}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/fn
      Code: {ZipFile: "x"}
      VpcConfig: {SubnetIds: [PrivateSubnet1ID], SecurityGroupIds: [!Ref Ssh]}
"#,
        &[],
        expect![[r#"
            {"id":"default-vpc","of":"vpc","source":"default_vpc","type":"external"}
            {"description":"ssh","egress":[{"peer":{"cidr":"0.0.0.0/0"},"ports":null,"protocol":"all"}],"id":"ssh","ingress":[{"peer":{"cidr":"0.0.0.0/0"},"ports":{"from":22,"to":22},"protocol":"tcp"}],"logical_id":"Ssh","type":"security_group","vpc":"default-vpc"}
            {"handler":"index.handler","id":"fn","logical_id":"Fn","memory_mb":128,"role":{"arn":"arn:aws:iam::123456789012:role/fn"},"runtime":"python3.12","timeout_s":3,"type":"lambda_function","vpc_config":{"security_groups":["ssh"],"subnets":[]}}
            E5001 error: function "Fn" has security groups but no subnet [Fn]
            E6001 error: security group "Ssh" admits tcp/22 (SSH) from 0.0.0.0/0 [Ssh]
        "#]],
    );
}

#[test]
fn for_each_loops_expand_into_resources() {
    check(
        r#"
Transform: AWS::LanguageExtensions
Parameters:
  Names: {Type: CommaDelimitedList, Default: "orders,invoices"}
Resources:
  Fn::ForEach::Queues:
    - Name
    - !Ref Names
    - Queue&{Name}:
        Type: AWS::SQS::Queue
        Properties: {QueueName: !Sub "${ Name }-queue"}
"#,
        &[],
        expect![[r#"
            {"fifo":false,"id":"queueorders","logical_id":"Queueorders","type":"sqs_queue","visibility_timeout_s":30}
            {"fifo":false,"id":"queueinvoices","logical_id":"Queueinvoices","type":"sqs_queue","visibility_timeout_s":30}
        "#]],
    );
}

#[test]
fn serverless_functions_deploy_as_lambda_functions_with_their_events() {
    check(
        r#"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Timeout: 20
    Environment: {Variables: {STAGE: dev}}
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  A:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: !Select [0, !GetAZs ""]}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: fn, VpcId: !Ref Vpc}
  Jobs: {Type: AWS::SQS::Queue, Properties: {VisibilityTimeout: 60}}
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      CodeUri: src/
      Environment: {Variables: {QUEUE: !Ref Jobs}}
      VpcConfig: {SubnetIds: [!Ref A], SecurityGroupIds: [!Ref Sg]}
      Events:
        FromJobs: {Type: SQS, Properties: {Queue: !GetAtt Jobs.Arn, BatchSize: 5}}
"#,
        &[],
        expect![[r#"
            {"cidr_blocks":["10.0.0.0/16"],"enable_dns_hostnames":false,"enable_dns_support":true,"id":"vpc","logical_id":"Vpc","type":"vpc"}
            {"id":"vpc-az-a","type":"availability_zone","vpc":"vpc","zone":"a"}
            {"az":"vpc-az-a","cidr":"10.0.0.0/24","id":"a","logical_id":"A","map_public_ip_on_launch":false,"type":"subnet"}
            {"description":"fn","egress":[{"peer":{"cidr":"0.0.0.0/0"},"ports":null,"protocol":"all"}],"id":"sg","ingress":[],"logical_id":"Sg","type":"security_group","vpc":"vpc"}
            {"fifo":false,"id":"jobs","logical_id":"Jobs","type":"sqs_queue","visibility_timeout_s":60}
            {"environment":{"QUEUE":"${Jobs}","STAGE":"dev"},"handler":"app.handler","id":"worker","logical_id":"Worker","memory_mb":128,"role":{},"runtime":"python3.12","timeout_s":20,"type":"lambda_function","vpc_config":{"security_groups":["sg"],"subnets":["a"]}}
            {"batch_size":5,"function":"worker","id":"worker-from-jobs","logical_id":"WorkerFromJobs","source":"jobs","type":"event_source_mapping"}
            flow worker -> jobs tcp/443 (environment)
            E7001 error: "Worker" cannot reach "Jobs" on tcp/443: subnet "A" uses its VPC's implicit main route table, which has only the local route: nothing sends 0.0.0.0/0 to a NAT gateway [environment, Worker, Jobs, A]
        "#]],
    );
}

#[test]
fn security_groups_and_listeners_wire_flows() {
    check(
        r#"
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  A:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: !Select [0, !GetAZs ""]}
  B:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: !Select [1, !GetAZs ""]}
  LbSg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: lb, VpcId: !Ref Vpc}
  AppSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !Ref LbSg}
  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Scheme: internal, Subnets: [!Ref A, !Ref B], SecurityGroups: [!Ref LbSg]}
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {TargetType: ip, Port: 8080, Protocol: HTTP, VpcId: !Ref Vpc}
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Lb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{Type: forward, TargetGroupArn: !Ref Tg}]
  App:
    Type: AWS::ECS::Service
    Properties:
      LoadBalancers: [{TargetGroupArn: !Ref Tg, ContainerName: app, ContainerPort: 8080}]
      NetworkConfiguration:
        AwsvpcConfiguration: {Subnets: [!Ref A, !Ref B], SecurityGroups: [!Ref AppSg]}
"#,
        &[],
        expect![[r#"
            {"cidr_blocks":["10.0.0.0/16"],"enable_dns_hostnames":false,"enable_dns_support":true,"id":"vpc","logical_id":"Vpc","type":"vpc"}
            {"id":"vpc-az-a","type":"availability_zone","vpc":"vpc","zone":"a"}
            {"id":"vpc-az-b","type":"availability_zone","vpc":"vpc","zone":"b"}
            {"az":"vpc-az-a","cidr":"10.0.0.0/24","id":"a","logical_id":"A","map_public_ip_on_launch":false,"type":"subnet"}
            {"az":"vpc-az-b","cidr":"10.0.1.0/24","id":"b","logical_id":"B","map_public_ip_on_launch":false,"type":"subnet"}
            {"description":"lb","egress":[{"peer":{"cidr":"0.0.0.0/0"},"ports":null,"protocol":"all"}],"id":"lb-sg","ingress":[],"logical_id":"LbSg","type":"security_group","vpc":"vpc"}
            {"description":"app","egress":[{"peer":{"cidr":"0.0.0.0/0"},"ports":null,"protocol":"all"}],"id":"app-sg","ingress":[{"peer":{"security_group":"lb-sg"},"ports":{"from":8080,"to":8080},"protocol":"tcp"}],"logical_id":"AppSg","type":"security_group","vpc":"vpc"}
            {"id":"lb","lb_type":"application","logical_id":"Lb","scheme":"internal","security_groups":["lb-sg"],"subnets":["a","b"],"type":"load_balancer"}
            {"id":"tg","logical_id":"Tg","port":8080,"target_type":"ip","targets":["app"],"type":"target_group","vpc":"vpc"}
            {"default_target_group":"tg","id":"listener","load_balancer":"lb","logical_id":"Listener","port":80,"protocol":"HTTP","type":"listener"}
            {"assign_public_ip":false,"cluster":"default","desired_count":1,"id":"app","logical_id":"App","network":{"security_groups":["app-sg"],"subnets":["a","b"]},"type":"ecs_service"}
            flow lb -> app tcp/8080 (AppSg admits LbSg)
        "#]],
    );
}

#[test]
fn a_logical_id_declared_twice_keeps_the_last_declaration() {
    check(
        r#"
Resources:
  Jobs: {Type: AWS::SQS::Queue, Properties: {VisibilityTimeout: 30}}
  Jobs: {Type: AWS::SQS::Queue, Properties: {VisibilityTimeout: 90, VisibilityTimeout: 120}}
"#,
        &[],
        expect![[r#"
            {"fifo":false,"id":"jobs","logical_id":"Jobs","type":"sqs_queue","visibility_timeout_s":120}
            warning Jobs: the template declares this logical ID more than once; CloudFormation keeps the last declaration
        "#]],
    );
}

#[test]
fn blocks_known_only_at_deploy_time_are_never_judged() {
    check(
        r#"
Parameters:
  SubnetBlock: {Type: String}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {Ipv4IpamPoolId: ipam-pool-0abc, Ipv4NetmaskLength: 16}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: !Ref SubnetBlock}
  Ipv6Only:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, Ipv6Native: true, Ipv6CidrBlock: "2600:1f18::/64"}
"#,
        &[],
        expect![[r#"
            {"cidr_at_deploy":true,"cidr_blocks":[],"enable_dns_hostnames":false,"enable_dns_support":true,"id":"vpc","logical_id":"Vpc","type":"vpc"}
            {"id":"vpc-az-a","type":"availability_zone","vpc":"vpc","zone":"a"}
            {"az":"vpc-az-a","id":"subnet","logical_id":"Subnet","map_public_ip_on_launch":false,"type":"subnet"}
            {"az":"vpc-az-a","id":"ipv6-only","ipv6":{"cidr":"2600:1f18::/64"},"logical_id":"Ipv6Only","map_public_ip_on_launch":false,"type":"subnet"}
            warning Vpc: the VPC's IPv4 block is known only at deploy time (a parameter or an IPAM pool); rules that need it skip the VPC
            warning Subnet: the subnet's IPv4 block is known only at deploy time (or it has none); rules that need it skip the subnet
            warning Ipv6Only: the subnet's IPv4 block is known only at deploy time (or it has none); rules that need it skip the subnet
        "#]],
    );
}

#[test]
fn a_block_known_only_at_deploy_time_exports_as_a_parameter_and_reads_back() {
    let template = r#"
Parameters:
  SubnetBlock: {Type: String}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: !Ref SubnetBlock}
"#;
    let design = vpcraft_core::cfn::import(template).unwrap().design;
    let exported = vpcraft_core::cfn::render(&design, vpcraft_core::cfn::Format::Yaml, &[]);
    let start = exported.find("\nParameters:").expect("a Parameters section");
    let parameters = exported[start..].split("\nResources:").next().unwrap().trim();
    expect![[r#"
        Parameters:
          SubnetCidrBlock:
            Type: String
            Description: The IPv4 CIDR block of subnet Subnet.
            AllowedPattern: ^(\d{1,3}\.){3}\d{1,3}/\d{1,2}$"#]]
    .assert_eq(parameters);
    assert!(exported.contains("CidrBlock: !Ref SubnetCidrBlock"), "{exported}");
    let again = vpcraft_core::cfn::import(&exported).unwrap().design;
    let subnet = again.resource(&vpcraft_core::ResourceId::new("subnet"));
    match subnet.map(|r| &r.kind) {
        Some(vpcraft_core::model::Kind::Subnet(s)) => assert_eq!(s.cidr, None),
        other => panic!("no subnet: {other:?}"),
    }
}

#[test]
fn policy_resources_attached_to_a_role_give_its_function_flows() {
    check(
        r#"
Resources:
  Queue: {Type: AWS::SQS::Queue}
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
      KeySchema: [{AttributeName: pk, KeyType: HASH}]
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: "sts:AssumeRole"}]}
      ManagedPolicyArns: [!Ref TablePolicy]
  QueuePolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: send
      Roles: [!Ref Role]
      PolicyDocument:
        Statement: {Effect: Allow, Action: ["sqs:SendMessage"], Resource: !GetAtt Queue.Arn}
  TablePolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: [{Effect: Allow, Action: "dynamodb:PutItem", Resource: !GetAtt Table.Arn}]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Code: {ZipFile: "x"}
"#,
        &[],
        expect![[r#"
            {"fifo":false,"id":"queue","logical_id":"Queue","type":"sqs_queue","visibility_timeout_s":30}
            {"id":"table","logical_id":"Table","partition_key":"pk","sort_key":null,"type":"dynamodb_table"}
            {"id":"table-policy","logical_id":"TablePolicy","properties":{"PolicyDocument":{"Statement":[{"Action":"dynamodb:PutItem","Effect":"Allow","Resource":{"Fn::GetAtt":["Table","Arn"]}}]}},"resource_type":"AWS::IAM::ManagedPolicy","type":"generic"}
            {"handler":"index.handler","id":"fn","logical_id":"Fn","memory_mb":128,"role":{"actions":["sqs:SendMessage","dynamodb:PutItem"]},"runtime":"python3.12","timeout_s":3,"type":"lambda_function"}
            flow fn -> queue tcp/443 (sqs actions of the execution role)
            flow fn -> table tcp/443 (dynamodb actions of the execution role)
        "#]],
    );
}

#[test]
fn a_deployed_stack_keeps_only_the_resources_it_holds() {
    let template = r#"
Parameters:
  Zone: {Type: String}
  Env: {Type: String, Default: dev}
Conditions:
  HasZone: !Not [!Equals [!Ref Zone, ""]]
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Queue: {Type: AWS::SQS::Queue}
  Failed: {Type: AWS::SQS::Queue}
  Zoned: {Type: AWS::SQS::Queue, Condition: HasZone}
  ZonedToo: {Type: AWS::SQS::Queue, Condition: HasZone}
  Prod: {Type: AWS::SQS::Queue, Condition: IsProd}
"#;
    let options = ImportOptions {
        deployed: Some(["Vpc", "Queue", "ZonedToo"].into_iter().map(str::to_owned).collect()),
        ..ImportOptions::default()
    };
    let imported = import_with(template, &options).unwrap();
    let kept: Vec<&str> =
        imported.design.resources.iter().filter_map(|r| r.logical_id.as_deref()).collect();
    assert_eq!(kept, ["Vpc", "Queue", "ZonedToo"]);
    let warnings: Vec<String> =
        imported.warnings.iter().map(|w| format!("{}: {}", w.logical_id, w.message)).collect();
    assert_eq!(
        warnings,
        [
            "Failed: left out: the deployed stack has no such resource",
            "Zoned: left out: the deployed stack has no such resource",
            "Prod: left out: its condition IsProd is false with these parameter values",
        ]
    );
}
