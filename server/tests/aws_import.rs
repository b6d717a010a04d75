//! "Import from AWS" over HTTP against moto's server on loopback, started
//! by each test: the VPC picker lists a VPC made through the EC2 API, a job
//! imports it and its Server-Sent Events end with the saved design's ID,
//! whose revision 1 holds the VPC's subnets; a stack is listed and imported;
//! an unreachable endpoint fails with one sentence; a job is cancelled by
//! its owner, by its time budget, or when nobody watches it; another account
//! cannot see it; and an account runs at most two at once.

#[path = "common/moto.rs"]
mod moto;
#[path = "common/signed_in.rs"]
#[allow(dead_code)]
mod signed_in;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use moto::Moto;
use serde_json::{Value, json};
use std::time::Duration;
use tower::ServiceExt;
use vpcraft_aws::{ConnectOptions, Credentials};
use vpcraft_server::api::aws_jobs::{AwsImports, JobLimits};
use vpcraft_server::{AppState, Db};

const REGION: &str = "us-east-1";

/// Two accounts' routers on one server whose AWS connection is `endpoint`.
struct Server {
    alice: Router,
    bob: Router,
}

async fn server(endpoint: &str, limits: JobLimits) -> Server {
    let dir = tempfile::tempdir().unwrap().keep();
    let db = Db::connect(&format!("sqlite://{}", dir.join("t.db").display())).await.unwrap();
    let (_, alice) = signed_in::account(&db, "alice@example.com").await;
    let (_, bob) = signed_in::account(&db, "bob@example.com").await;
    let options = ConnectOptions {
        region: Some(REGION.into()),
        endpoint_url: Some(endpoint.to_owned()),
        credentials: Some(Credentials::new("testing", "testing", None, None, "tests")),
        ..ConnectOptions::default()
    };
    let state = AppState { aws: AwsImports::new(options, limits), ..AppState::new(db) };
    let app = vpcraft_server::app(state);
    Server {
        alice: signed_in::with_token(app.clone(), &alice),
        bob: signed_in::with_token(app, &bob),
    }
}

async fn call(
    router: &Router,
    method: &str,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(uri).header("host", "127.0.0.1");
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    let response = router.clone().oneshot(request.body(body).unwrap()).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

/// The job's Server-Sent Events to its end, as (name, data) pairs.
async fn events(router: &Router, job: &str) -> Vec<(String, Value)> {
    let request = Request::get(format!("/api/import/aws/{job}/events"))
        .header("host", "127.0.0.1")
        .body(Body::empty())
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let body = tokio::time::timeout(Duration::from_secs(60), response.into_body().collect())
        .await
        .expect("the stream ends with the job")
        .unwrap()
        .to_bytes();
    let text = String::from_utf8(body.to_vec()).unwrap();
    text.split("\n\n")
        .filter_map(|block| {
            let field = |name: &str| {
                block.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim().to_owned())
            };
            Some((field("event:")?, serde_json::from_str(&field("data:")?).unwrap()))
        })
        .collect()
}

async fn start(router: &Router, body: Value) -> String {
    let (status, started) = call(router, "POST", "/api/import/aws", Some(body)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{started}");
    started["id"].as_str().unwrap().to_owned()
}

async fn ec2(moto: &Moto) -> aws_sdk_ec2::Client {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(REGION))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
        .endpoint_url(&moto.endpoint)
        .load()
        .await;
    aws_sdk_ec2::Client::new(&config)
}

fn name_tag(
    kind: aws_sdk_ec2::types::ResourceType,
    name: &str,
) -> aws_sdk_ec2::types::TagSpecification {
    use aws_sdk_ec2::types::{Tag, TagSpecification};
    TagSpecification::builder()
        .resource_type(kind)
        .tags(Tag::builder().key("Name").value(name).build())
        .build()
}

/// A VPC "shop" (10.20.0.0/16) with subnets "public-a" and "private-b".
async fn shop_vpc(moto: &Moto) -> String {
    use aws_sdk_ec2::types::ResourceType;
    let ec2 = ec2(moto).await;
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.20.0.0/16")
        .tag_specifications(name_tag(ResourceType::Vpc, "shop"))
        .send()
        .await
        .unwrap();
    let vpc = vpc.vpc().unwrap().vpc_id().unwrap().to_owned();
    for (name, cidr, zone) in
        [("public-a", "10.20.1.0/24", "us-east-1a"), ("private-b", "10.20.2.0/24", "us-east-1b")]
    {
        ec2.create_subnet()
            .vpc_id(&vpc)
            .cidr_block(cidr)
            .availability_zone(zone)
            .tag_specifications(name_tag(ResourceType::Subnet, name))
            .send()
            .await
            .unwrap();
    }
    vpc
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vpc_is_listed_imported_through_a_job_and_saved_with_its_subnets() {
    let moto = Moto::start();
    let vpc = shop_vpc(&moto).await;
    let server = server(&moto.endpoint, JobLimits::default()).await;

    let (status, settings) = call(&server.alice, "GET", "/api/aws", None).await;
    assert_eq!((status, settings), (StatusCode::OK, json!({ "default_region": REGION })));
    let (status, listed) = call(&server.alice, "GET", "/api/aws/vpcs?region=us-east-1", None).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed["region"], REGION);
    let shop = listed["vpcs"].as_array().unwrap().iter().find(|v| v["id"] == vpc.as_str()).unwrap();
    assert_eq!(
        shop,
        &json!({
            "id": vpc,
            "name": "shop",
            "cidrs": ["10.20.0.0/16"],
            "is_default": false,
            "counts": { "Lambda functions": 0, "security groups": 1, "subnets": 2 }
        })
    );

    let job = start(&server.alice, json!({ "region": REGION, "vpc_ids": [vpc] })).await;
    let events = events(&server.alice, &job).await;
    let (last, done) = events.last().unwrap();
    assert_eq!(last, "done", "{events:?}");
    let progress: Vec<&str> = events
        .iter()
        .filter(|(name, _)| name == "progress")
        .map(|(_, data)| data["line"].as_str().unwrap())
        .collect();
    assert!(progress.contains(&"read 1 VPCs (ec2:DescribeVpcs)"), "{progress:?}");
    assert!(progress.contains(&"read 2 subnets (ec2:DescribeSubnets)"), "{progress:?}");
    // Each progress event counts the calls so far.
    let calls: Vec<u64> = events
        .iter()
        .filter(|(name, _)| name == "progress")
        .map(|(_, data)| data["calls"].as_u64().unwrap())
        .collect();
    assert_eq!(calls, (1..=calls.len() as u64).collect::<Vec<_>>());

    let id = done["design"].as_str().unwrap();
    let (status, stored) = call(&server.alice, "GET", &format!("/api/designs/{id}"), None).await;
    assert_eq!(status, StatusCode::OK, "{stored}");
    assert_eq!(stored["revision"], 1);
    assert_eq!(stored["role"], "owner");
    assert!(stored["findings"].is_array());
    let design = vpcraft_core::parse_design(&stored["design"].to_string()).unwrap();
    let mut subnets: Vec<&str> = design
        .resources
        .iter()
        .filter(|r| matches!(r.kind, vpcraft_core::Kind::Subnet(_)))
        .map(|r| r.name.as_str())
        .collect();
    subnets.sort_unstable();
    assert_eq!(subnets, ["private-b", "public-a"]);
    let vpcs: Vec<&str> = design
        .resources
        .iter()
        .filter(|r| matches!(r.kind, vpcraft_core::Kind::Vpc(_)))
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(vpcs, ["shop"]);
    assert_eq!(done["resources"], design.resources.len());
    // Laid out: every VPC, zone and subnet has a box.
    for r in &design.resources {
        if matches!(
            r.kind,
            vpcraft_core::Kind::Vpc(_)
                | vpcraft_core::Kind::AvailabilityZone(_)
                | vpcraft_core::Kind::Subnet(_)
        ) {
            assert!(design.layout.positions.contains_key(&r.id), "{} has no box", r.name);
        }
    }
    // It is the caller's design, listed with the others.
    let (_, list) = call(&server.alice, "GET", "/api/designs", None).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id);
    // The credentials appear in no answer.
    assert!(!stored.to_string().contains("testing"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stack_is_listed_and_imported() {
    let moto = Moto::start();
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(REGION))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
        .endpoint_url(&moto.endpoint)
        .load()
        .await;
    let template = "Resources:\n  Net:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.30.0.0/16\n  \
                    AppA:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Net\n      CidrBlock: 10.30.1.0/24\n      \
                    AvailabilityZone: us-east-1a\n";
    aws_sdk_cloudformation::Client::new(&config)
        .create_stack()
        .stack_name("network")
        .template_body(template)
        .send()
        .await
        .unwrap();
    let server = server(&moto.endpoint, JobLimits::default()).await;

    let (status, listed) = call(&server.alice, "GET", "/api/aws/stacks", None).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(
        listed,
        json!({ "region": REGION, "stacks": [{ "name": "network", "status": "CREATE_COMPLETE" }] })
    );

    let job = start(&server.alice, json!({ "stack": "network" })).await;
    let events = events(&server.alice, &job).await;
    let (last, done) = events.last().unwrap();
    assert_eq!(last, "done", "{events:?}");
    assert_eq!(done["name"], "Stack network (us-east-1)");
    let id = done["design"].as_str().unwrap();
    let (_, stored) = call(&server.alice, "GET", &format!("/api/designs/{id}"), None).await;
    let design = vpcraft_core::parse_design(&stored["design"].to_string()).unwrap();
    let mut names: Vec<(&str, &str)> = design
        .resources
        .iter()
        .filter(|r| !matches!(r.kind, vpcraft_core::Kind::AvailabilityZone(_)))
        .map(|r| (r.name.as_str(), r.kind.tag().as_str()))
        .collect();
    names.sort_unstable();
    assert_eq!(names, [("AppA", "subnet"), ("Net", "vpc")]);

    // A stack that does not exist is one sentence.
    let job = start(&server.alice, json!({ "stack": "nothing-here" })).await;
    let events = self::events(&server.alice, &job).await;
    assert_eq!(
        events,
        [(
            "failed".to_owned(),
            json!({ "type": "failed", "message": "There is no stack named \"nothing-here\" in us-east-1." })
        )]
    );
}

const UNREACHABLE: &str =
    "The AWS endpoint could not be reached: check the server's network or endpoint URL.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_endpoint_is_one_clear_sentence() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let server = server(&format!("http://127.0.0.1:{port}"), JobLimits::default()).await;
    let (status, body) = call(&server.alice, "GET", "/api/aws/vpcs", None).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(body, json!({ "error": { "code": "upstream", "message": UNREACHABLE } }));
    let job = start(&server.alice, json!({ "all": true })).await;
    let events = events(&server.alice, &job).await;
    assert_eq!(
        events,
        [("failed".to_owned(), json!({ "type": "failed", "message": UNREACHABLE }))]
    );
}

/// An endpoint that accepts connections and never answers, so a job waits
/// until it is cancelled.
async fn silent_endpoint() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("http://{addr}")
}

async fn finished_with(router: &Router, job: &str) -> Value {
    for _ in 0..100 {
        let (status, body) = call(router, "GET", &format!("/api/import/aws/{job}"), None).await;
        assert_eq!(status, StatusCode::OK);
        if body["finished"] == true {
            return body["events"].as_array().unwrap().last().unwrap().clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("job {job} did not finish");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_is_its_owners_to_see_and_cancel_and_two_run_at_once() {
    let server = server(&silent_endpoint().await, JobLimits::default()).await;
    let first = start(&server.alice, json!({ "all": true })).await;
    let second = start(&server.alice, json!({ "vpc_ids": ["vpc-123"] })).await;
    let (status, refused) =
        call(&server.alice, "POST", "/api/import/aws", Some(json!({ "all": true }))).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        refused["error"]["message"],
        "2 imports are already running for this account: wait for one to end or cancel it"
    );
    // Bob neither sees nor cancels Alice's job.
    for (method, uri) in [
        ("GET", format!("/api/import/aws/{first}")),
        ("GET", format!("/api/import/aws/{first}/events")),
        ("DELETE", format!("/api/import/aws/{first}")),
    ] {
        let (status, body) = call(&server.bob, method, &uri, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {uri}");
        assert_eq!(body["error"]["message"], format!("no import job {first:?}"));
    }
    let (status, _) =
        call(&server.alice, "DELETE", &format!("/api/import/aws/{first}"), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        finished_with(&server.alice, &first).await,
        json!({ "type": "failed", "message": "The import was cancelled." })
    );
    // The cancelled job no longer counts: a new one starts.
    let third = start(&server.alice, json!({ "all": true })).await;
    for job in [&second, &third] {
        call(&server.alice, "DELETE", &format!("/api/import/aws/{job}"), None).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_ends_at_its_budget_and_when_nobody_watches() {
    let limits = JobLimits {
        budget: Duration::from_secs(1),
        unwatched_grace: Duration::from_millis(100),
        ..JobLimits::default()
    };
    let server = server(&silent_endpoint().await, limits).await;
    let job = start(&server.alice, json!({ "all": true })).await;
    let events = events(&server.alice, &job).await;
    assert_eq!(
        events,
        [(
            "failed".to_owned(),
            json!({ "type": "failed", "message": "The import took longer than its 1 s budget and was stopped." })
        )]
    );

    // A stream opened then dropped (a closed tab) cancels the job after the grace.
    let job = start(&server.alice, json!({ "all": true })).await;
    let request = Request::get(format!("/api/import/aws/{job}/events"))
        .header("host", "127.0.0.1")
        .body(Body::empty())
        .unwrap();
    let response = server.alice.clone().oneshot(request).await.unwrap();
    drop(response);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        finished_with(&server.alice, &job).await,
        json!({ "type": "failed", "message": "The import was cancelled." })
    );
}
