#!/usr/bin/env python3
"""Deploys a CloudFormation template to a local moto server and prints what
moto describes, keyed by logical ID, as JSON on stdout.

Usage: deploy_to_moto.py ENDPOINT TEMPLATE [STACK_NAME]

ENDPOINT must be a http://127.0.0.1:PORT URL: nothing leaves the machine.
Exit status: 0 when the stack reached CREATE_COMPLETE, 1 otherwise (the
stack events are printed on stderr).
"""
import json
import sys
import time

import boto3
from botocore.config import Config

REGION = "eu-west-1"


def main():
    endpoint, template_path = sys.argv[1], sys.argv[2]
    stack = sys.argv[3] if len(sys.argv) > 3 else "vpcraft-test"
    if not endpoint.startswith("http://127.0.0.1:"):
        sys.exit("the endpoint must be on 127.0.0.1")
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
    )
    # moto answers a large CreateStack only after provisioning it all: on a
    # loaded machine that can pass botocore's 60 s read timeout, and a
    # retry then finds the stack it created. Wait instead of retrying.
    patient = Config(read_timeout=600, retries={"max_attempts": 1})
    client = lambda name: session.client(name, endpoint_url=endpoint, config=patient)  # noqa: E731
    cfn = client("cloudformation")
    with open(template_path, encoding="utf-8") as f:
        body = f.read()
    cfn.create_stack(StackName=stack, TemplateBody=body, Capabilities=["CAPABILITY_IAM"])
    status = "CREATE_IN_PROGRESS"
    for _ in range(300):
        status = cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
        if not status.endswith("IN_PROGRESS"):
            break
        time.sleep(0.2)
    if status != "CREATE_COMPLETE":
        for event in cfn.describe_stack_events(StackName=stack)["StackEvents"]:
            print(event.get("LogicalResourceId"), event.get("ResourceStatus"),
                  event.get("ResourceStatusReason"), file=sys.stderr)
        print(json.dumps({"status": status}))
        sys.exit(1)

    resources = cfn.describe_stack_resources(StackName=stack)["StackResources"]
    # Attachments and associations can share their physical ID with what
    # they attach, so only the primary resources name physical IDs.
    primary = ("AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable",
               "AWS::EC2::SecurityGroup", "AWS::EC2::VPCEndpoint", "AWS::EC2::InternetGateway",
               "AWS::EC2::NatGateway", "AWS::EC2::VPCPeeringConnection",
               "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::TargetGroup",
               "AWS::Lambda::Function", "AWS::SQS::Queue", "AWS::EC2::Instance",
               "AWS::RDS::DBInstance", "AWS::EFS::FileSystem",
               "AWS::ElasticLoadBalancing::LoadBalancer")
    logical = {}
    for r in resources:
        if r.get("PhysicalResourceId") and r.get("ResourceType") in primary:
            logical[r["PhysicalResourceId"]] = r["LogicalResourceId"]
    by_type = {}
    for r in resources:
        by_type.setdefault(r.get("ResourceType"), []).append(r.get("PhysicalResourceId"))
    name = lambda physical: logical.get(physical, physical)  # noqa: E731

    ec2 = client("ec2")
    out = {"status": status, "vpcs": {}, "subnets": {}, "route_tables": {},
           "security_groups": {}, "endpoints": {}, "load_balancers": {}, "functions": {},
           "queues": {}}
    vpc_ids = by_type.get("AWS::EC2::VPC", [])
    for vpc in ec2.describe_vpcs(VpcIds=vpc_ids)["Vpcs"] if vpc_ids else []:
        out["vpcs"][name(vpc["VpcId"])] = {"cidr": vpc["CidrBlock"]}
    subnet_ids = by_type.get("AWS::EC2::Subnet", [])
    for s in ec2.describe_subnets(SubnetIds=subnet_ids)["Subnets"] if subnet_ids else []:
        out["subnets"][name(s["SubnetId"])] = {
            "cidr": s["CidrBlock"], "vpc": name(s["VpcId"]), "zone": s["AvailabilityZone"]}
    rtb_ids = by_type.get("AWS::EC2::RouteTable", [])
    for rt in ec2.describe_route_tables(RouteTableIds=rtb_ids)["RouteTables"] if rtb_ids else []:
        routes = []
        for route in rt["Routes"]:
            target = (route.get("GatewayId") or route.get("NatGatewayId")
                      or route.get("VpcPeeringConnectionId") or route.get("VpcEndpointId"))
            if target == "local":
                continue
            dest = route.get("DestinationCidrBlock") or route.get("DestinationPrefixListId")
            routes.append([dest, name(target)])
        out["route_tables"][name(rt["RouteTableId"])] = {"vpc": name(rt["VpcId"]), "routes": sorted(routes)}
    sg_ids = by_type.get("AWS::EC2::SecurityGroup", [])
    for sg in ec2.describe_security_groups(GroupIds=sg_ids)["SecurityGroups"] if sg_ids else []:
        ingress = []
        for p in sg["IpPermissions"]:
            ports = [p.get("FromPort"), p.get("ToPort")]
            for r in p.get("IpRanges", []):
                ingress.append([p["IpProtocol"], ports, r["CidrIp"]])
            for g in p.get("UserIdGroupPairs", []):
                ingress.append([p["IpProtocol"], ports, name(g["GroupId"])])
        out["security_groups"][name(sg["GroupId"])] = {"vpc": name(sg["VpcId"]), "ingress": sorted(ingress, key=json.dumps)}
    ep_ids = by_type.get("AWS::EC2::VPCEndpoint", [])
    for ep in ec2.describe_vpc_endpoints(VpcEndpointIds=ep_ids)["VpcEndpoints"] if ep_ids else []:
        out["endpoints"][name(ep["VpcEndpointId"])] = {
            "service": ep["ServiceName"], "type": ep["VpcEndpointType"],
            "subnets": sorted(name(s) for s in ep.get("SubnetIds", [])),
            "route_tables": sorted(name(r) for r in ep.get("RouteTableIds", [])),
            "private_dns": ep.get("PrivateDnsEnabled", False)}
    lb_arns = by_type.get("AWS::ElasticLoadBalancingV2::LoadBalancer", [])
    if lb_arns:
        elb = client("elbv2")
        for lb in elb.describe_load_balancers(LoadBalancerArns=lb_arns)["LoadBalancers"]:
            out["load_balancers"][name(lb["LoadBalancerArn"])] = {
                "type": lb["Type"], "scheme": lb["Scheme"],
                "subnets": sorted(name(z["SubnetId"]) for z in lb["AvailabilityZones"]),
                "security_groups": sorted(name(g) for g in lb.get("SecurityGroups", []))}
    functions = by_type.get("AWS::Lambda::Function", [])
    if functions:
        lam = client("lambda")
        for fn in functions:
            config = lam.get_function_configuration(FunctionName=fn)
            vpc = config.get("VpcConfig") or {}
            out["functions"][name(fn)] = {
                "runtime": config["Runtime"], "timeout": config["Timeout"],
                "subnets": sorted(name(s) for s in vpc.get("SubnetIds", [])),
                "security_groups": sorted(name(g) for g in vpc.get("SecurityGroupIds", []))}
    queues = by_type.get("AWS::SQS::Queue", [])
    if queues:
        sqs = client("sqs")
        for url in queues:
            attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
            out["queues"][name(url)] = {"visibility_timeout": int(attrs["VisibilityTimeout"]),
                                         "redrive": "RedrivePolicy" in attrs}
    instance_ids = by_type.get("AWS::EC2::Instance", [])
    if instance_ids:
        out["instances"] = {}
        for reservation in ec2.describe_instances(InstanceIds=instance_ids)["Reservations"]:
            for i in reservation["Instances"]:
                out["instances"][name(i["InstanceId"])] = {
                    "type": i["InstanceType"], "subnet": name(i.get("SubnetId")),
                    "security_groups": sorted(name(g["GroupId"]) for g in i.get("SecurityGroups", [])),
                    "public_ip": "PublicIpAddress" in i}
    groups = by_type.get("AWS::AutoScaling::AutoScalingGroup", [])
    if groups:
        out["auto_scaling_groups"] = {}
        autoscaling = client("autoscaling")
        for g in autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=groups)["AutoScalingGroups"]:
            out["auto_scaling_groups"][g["AutoScalingGroupName"]] = {
                "subnets": sorted(name(s) for s in g["VPCZoneIdentifier"].split(",") if s),
                "min": g["MinSize"], "max": g["MaxSize"],
                "target_groups": len(g.get("TargetGroupARNs", []))}
    classic = by_type.get("AWS::ElasticLoadBalancing::LoadBalancer", [])
    if classic:
        out["classic_load_balancers"] = {}
        elb = client("elb")
        for lb in elb.describe_load_balancers(LoadBalancerNames=classic)["LoadBalancerDescriptions"]:
            out["classic_load_balancers"][name(lb["LoadBalancerName"])] = {
                "scheme": lb.get("Scheme"),
                "subnets": sorted(name(s) for s in lb.get("Subnets", [])),
                "security_groups": sorted(name(g) for g in lb.get("SecurityGroups", [])),
                "listeners": sorted(
                    [d["Listener"]["LoadBalancerPort"], d["Listener"]["Protocol"].upper(),
                     d["Listener"]["InstancePort"]]
                    for d in lb.get("ListenerDescriptions", [])),
                "instances": sorted(name(i["InstanceId"]) for i in lb.get("Instances", []))}
    db_ids = by_type.get("AWS::RDS::DBInstance", [])
    if db_ids:
        out["databases"] = {}
        for db in client("rds").describe_db_instances()["DBInstances"]:
            if db["DBInstanceIdentifier"] not in db_ids:
                continue
            subnets = (db.get("DBSubnetGroup") or {}).get("Subnets", [])
            out["databases"][name(db["DBInstanceIdentifier"])] = {
                "engine": db["Engine"], "class": db["DBInstanceClass"],
                "subnets": sorted(name(s["SubnetIdentifier"]) for s in subnets),
                "publicly_accessible": db.get("PubliclyAccessible"),
                "multi_az": db.get("MultiAZ")}
    fs_ids = by_type.get("AWS::EFS::FileSystem", [])
    if fs_ids:
        out["file_systems"] = {}
        efs = client("efs")
        for fs in fs_ids:
            described = efs.describe_file_systems(FileSystemId=fs)["FileSystems"][0]
            targets = efs.describe_mount_targets(FileSystemId=fs)["MountTargets"]
            groups = set()
            for t in targets:
                ids = efs.describe_mount_target_security_groups(
                    MountTargetId=t["MountTargetId"])["SecurityGroups"]
                groups.update(name(g) for g in ids)
            out["file_systems"][name(fs)] = {
                "encrypted": described["Encrypted"],
                "subnets": sorted(name(t["SubnetId"]) for t in targets),
                "security_groups": sorted(groups)}
    print(json.dumps(out, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
