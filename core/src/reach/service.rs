//! Which AWS service a flow target stands for, and how it is reached.

use crate::model::Kind;

/// The endpoint short name of the AWS service a resource is reached
/// through (`sqs` for a queue, `lambda` for invoking a function), or `None`
/// for resources reached over the VPC network.
pub fn service_name(kind: &Kind) -> Option<&str> {
    Some(match kind {
        Kind::SqsQueue(_) => "sqs",
        Kind::S3Bucket(_) => "s3",
        Kind::DynamoDbTable(_) => "dynamodb",
        Kind::LogGroup(_) => "logs",
        Kind::LambdaFunction(_) => "lambda",
        Kind::ApiGateway(_) => "execute-api",
        Kind::AwsService(svc) if !is_internet(kind) => svc.service.as_str(),
        _ => return None,
    })
}

/// True for the node that stands for the public internet: an "AWS service"
/// named `internet`, or an imported resource of type `Internet`.
pub fn is_internet(kind: &Kind) -> bool {
    match kind {
        Kind::AwsService(svc) => svc.service.eq_ignore_ascii_case("internet"),
        Kind::Generic(g) => g.resource_type.eq_ignore_ascii_case("internet"),
        _ => false,
    }
}

/// True for the services that gateway endpoints serve.
pub fn has_gateway_endpoint(service: &str) -> bool {
    matches!(service, "s3" | "dynamodb")
}
