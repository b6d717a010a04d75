//! What a picker shows of an account before anything is imported: its VPCs
//! with names, CIDR blocks and a few resource counts, and its stacks; and
//! [`AccessError`], why an account could not be read at all, as one
//! sentence a person can act on (no credentials, access denied, wrong
//! region, endpoint unreachable, throttled).

use crate::Op;
use aws_config::SdkConfig;
use aws_sdk_cloudformation::types::StackStatus;
use aws_sdk_ec2::error::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use std::collections::BTreeMap;

/// One VPC as the picker lists it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct VpcSummary {
    pub id: String,
    /// The `Name` tag, when it has one.
    pub name: Option<String>,
    /// The IPv4 blocks, the primary first.
    pub cidrs: Vec<String>,
    pub is_default: bool,
    /// Counts by what they count (`subnets`, `security groups`, `Lambda
    /// functions`); a count whose call failed is left out.
    pub counts: BTreeMap<&'static str, usize>,
}

/// One stack as the picker lists it (deleted stacks are left out).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct StackSummary {
    pub name: String,
    pub status: String,
}

/// Why an account could not be read at all. Each message is one sentence
/// and never holds a credential.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    #[error(
        "The server has no AWS credentials: give it a profile, a role or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables."
    )]
    NoCredentials,
    #[error("AWS refused the server's credentials ({code}): they are invalid or expired.")]
    CredentialsRejected { code: String },
    #[error("Access denied: the server's AWS role needs {action} (see aws/iam-policy.json).")]
    Denied { action: &'static str },
    #[error("AWS is throttling the account's requests: wait a minute and try again.")]
    Throttled,
    #[error("The region {region:?} is not enabled for this account or does not exist.")]
    WrongRegion { region: String },
    #[error("The AWS endpoint could not be reached: check the server's network or endpoint URL.")]
    Unreachable,
    #[error("There is no stack named {name:?} in {region}.")]
    NoStack { name: String, region: String },
    #[error("The AWS call {action} failed: {detail}.")]
    Failed { action: &'static str, detail: String },
}

/// The error codes that mean the caller lacks a permission.
const DENIED: &[&str] = &[
    "UnauthorizedOperation",
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedException",
    "Client.UnauthorizedOperation",
];

/// The error codes that mean the credentials themselves are refused.
const REJECTED: &[&str] = &[
    "AuthFailure",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "ExpiredToken",
    "ExpiredTokenException",
    "SignatureDoesNotMatch",
    "InvalidAccessKeyId",
];

/// The error codes of throttling.
const THROTTLED: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "SlowDown",
];

/// Classifies a failed call of `op` made with `config`.
pub fn classify<E, R>(config: &SdkConfig, op: Op, error: &SdkError<E, R>) -> AccessError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let region = config.region().map(|r| r.to_string()).unwrap_or_default();
    if let Some(code) = error.code() {
        if DENIED.contains(&code) {
            return AccessError::Denied { action: op.action() };
        }
        if REJECTED.contains(&code) {
            return AccessError::CredentialsRejected { code: code.to_owned() };
        }
        if THROTTLED.contains(&code) {
            return AccessError::Throttled;
        }
        if code == "OptInRequired" || code == "InvalidRegion" {
            return AccessError::WrongRegion { region };
        }
        let message = error.message().unwrap_or("no message");
        return AccessError::Failed { action: op.action(), detail: format!("{code}: {message}") };
    }
    let text = DisplayErrorContext(error).to_string();
    tracing::debug!(action = op.action(), error = %text, "AWS call failed");
    match error {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
            if text.contains("credentials") {
                AccessError::NoCredentials
            } else if config.endpoint_url().is_none() && looks_like_dns(&text) {
                // Without an endpoint override the host name is the
                // region's: a name that does not resolve is a region
                // that does not exist.
                AccessError::WrongRegion { region }
            } else {
                AccessError::Unreachable
            }
        }
        _ => AccessError::Failed { action: op.action(), detail: "an unexpected response".into() },
    }
}

/// Whether a dispatch failure's text says the host name did not resolve.
fn looks_like_dns(text: &str) -> bool {
    ["dns error", "failed to lookup address", "Name or service not known"]
        .iter()
        .any(|needle| text.contains(needle))
}

/// Checks that the account can be read at all with one cheap call.
pub async fn probe(config: &SdkConfig) -> Result<(), AccessError> {
    let ec2 = aws_sdk_ec2::Client::new(config);
    match ec2.describe_vpcs().max_results(5).send().await {
        Ok(_) => Ok(()),
        Err(e) => Err(classify(config, Op::DescribeVpcs, &e)),
    }
}

/// Checks that the stack `name` exists and can be described.
pub async fn probe_stack(config: &SdkConfig, name: &str) -> Result<(), AccessError> {
    let client = aws_sdk_cloudformation::Client::new(config);
    match client.describe_stacks().stack_name(name).send().await {
        Ok(_) => Ok(()),
        Err(e)
            if e.code() == Some("ValidationError")
                && e.message().is_some_and(|m| m.contains("does not exist")) =>
        {
            let region = config.region().map(|r| r.to_string()).unwrap_or_default();
            Err(AccessError::NoStack { name: name.to_owned(), region })
        }
        Err(e) => Err(classify(config, Op::DescribeStacks, &e)),
    }
}

/// The region's VPCs with their names, blocks and resource counts.
pub async fn list_vpcs(config: &SdkConfig) -> Result<Vec<VpcSummary>, AccessError> {
    let ec2 = aws_sdk_ec2::Client::new(config);
    let lambda = aws_sdk_lambda::Client::new(config);
    let vpcs: Vec<_> = ec2
        .describe_vpcs()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify(config, Op::DescribeVpcs, &e))?;
    let (subnets, groups, functions) = tokio::join!(
        ec2.describe_subnets().into_paginator().items().send().try_collect(),
        ec2.describe_security_groups().into_paginator().items().send().try_collect(),
        lambda.list_functions().into_paginator().items().send().try_collect(),
    );
    let subnets: Option<Vec<_>> = subnets.ok();
    let groups: Option<Vec<_>> = groups.ok();
    let functions: Option<Vec<_>> = functions.ok();
    let mut out: Vec<VpcSummary> = vpcs
        .iter()
        .filter_map(|vpc| {
            let id = vpc.vpc_id()?.to_owned();
            let name = vpc
                .tags()
                .iter()
                .find(|t| t.key() == Some("Name"))
                .and_then(|t| t.value())
                .map(str::to_owned);
            let mut cidrs: Vec<String> = vpc.cidr_block().map(str::to_owned).into_iter().collect();
            for block in vpc.cidr_block_association_set() {
                if let Some(cidr) = block.cidr_block()
                    && !cidrs.iter().any(|c| c == cidr)
                {
                    cidrs.push(cidr.to_owned());
                }
            }
            let mut counts = BTreeMap::new();
            if let Some(subnets) = &subnets {
                let n = subnets.iter().filter(|s| s.vpc_id() == Some(&id)).count();
                counts.insert("subnets", n);
            }
            if let Some(groups) = &groups {
                let n = groups.iter().filter(|g| g.vpc_id() == Some(&id)).count();
                counts.insert("security groups", n);
            }
            if let Some(functions) = &functions {
                let n = functions
                    .iter()
                    .filter(|f| f.vpc_config().and_then(|c| c.vpc_id()) == Some(&id))
                    .count();
                counts.insert("Lambda functions", n);
            }
            Some(VpcSummary {
                id,
                name,
                cidrs,
                is_default: vpc.is_default().unwrap_or(false),
                counts,
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    Ok(out)
}

/// The region's stacks that are not deleted, by name.
pub async fn list_stacks(config: &SdkConfig) -> Result<Vec<StackSummary>, AccessError> {
    let client = aws_sdk_cloudformation::Client::new(config);
    let stacks: Vec<_> = client
        .list_stacks()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify(config, Op::ListStacks, &e))?;
    let mut out: Vec<StackSummary> = stacks
        .iter()
        .filter(|s| s.stack_status() != Some(&StackStatus::DeleteComplete))
        .filter_map(|s| {
            Some(StackSummary {
                name: s.stack_name()?.to_owned(),
                status: s.stack_status().map(|s| s.as_str().to_owned()).unwrap_or_default(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out.dedup_by(|a, b| a.name == b.name);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sentence_ends_with_a_full_stop_and_names_no_secret() {
        let errors = [
            AccessError::NoCredentials,
            AccessError::CredentialsRejected { code: "InvalidClientTokenId".into() },
            AccessError::Denied { action: "ec2:DescribeVpcs" },
            AccessError::Throttled,
            AccessError::WrongRegion { region: "eu-nowhere-1".into() },
            AccessError::Unreachable,
        ];
        let texts: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "The server has no AWS credentials: give it a profile, a role or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables.",
                "AWS refused the server's credentials (InvalidClientTokenId): they are invalid or expired.",
                "Access denied: the server's AWS role needs ec2:DescribeVpcs (see aws/iam-policy.json).",
                "AWS is throttling the account's requests: wait a minute and try again.",
                "The region \"eu-nowhere-1\" is not enabled for this account or does not exist.",
                "The AWS endpoint could not be reached: check the server's network or endpoint URL.",
            ]
        );
    }
}
