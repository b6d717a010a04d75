//! One `SdkConfig` for an account and region: credentials by the standard
//! chain (environment, profile, SSO, container and instance roles), an
//! optional role to assume, an optional endpoint override, and adaptive
//! retry. Credentials are never logged or stored: they stay inside the
//! SDK's providers.

use aws_config::retry::RetryConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;

/// How to reach the account, as the command line says it.
#[derive(Clone, Debug, Default)]
pub struct ConnectOptions {
    /// The region; without it the chain's region (`AWS_REGION`, profile).
    pub region: Option<String>,
    /// A named profile of `~/.aws/config`.
    pub profile: Option<String>,
    /// A role to assume with the chain's credentials.
    pub role_arn: Option<String>,
    /// The external ID the role's trust policy asks for.
    pub external_id: Option<String>,
    /// Another endpoint for every service (LocalStack, moto); without it
    /// `AWS_ENDPOINT_URL` is honoured as the SDK does.
    pub endpoint_url: Option<String>,
    /// Fixed credentials instead of the chain's (tests against emulators);
    /// their `Debug` form hides the secret.
    pub credentials: Option<Credentials>,
}

/// Why no configuration could be made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("no region: pass --region or set AWS_REGION")]
    NoRegion,
    #[error("--external-id needs --role-arn")]
    ExternalIdWithoutRole,
}

/// The session name of an assumed role, as CloudTrail shows it.
const SESSION_NAME: &str = "vpcraft-import";

/// Loads the configuration for one account and region.
pub async fn sdk_config(options: &ConnectOptions) -> Result<SdkConfig, ConfigError> {
    if options.external_id.is_some() && options.role_arn.is_none() {
        return Err(ConfigError::ExternalIdWithoutRole);
    }
    let mut loader =
        aws_config::defaults(BehaviorVersion::latest()).retry_config(RetryConfig::adaptive());
    if let Some(region) = &options.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(url) = &options.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    if let Some(credentials) = &options.credentials {
        loader = loader.credentials_provider(credentials.clone());
    }
    let base = loader.load().await;
    if base.region().is_none() {
        return Err(ConfigError::NoRegion);
    }
    let Some(role_arn) = &options.role_arn else {
        return Ok(base);
    };
    tracing::info!(role = %role_arn, "assuming role");
    let mut provider = AssumeRoleProvider::builder(role_arn).session_name(SESSION_NAME);
    if let Some(external_id) = &options.external_id {
        provider = provider.external_id(external_id);
    }
    let provider = provider.configure(&base).build().await;
    Ok(base.into_builder().credentials_provider(SharedCredentialsProvider::new(provider)).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_external_id_without_a_role_is_refused() {
        let options = ConnectOptions {
            region: Some("us-east-1".into()),
            external_id: Some("x".into()),
            ..ConnectOptions::default()
        };
        assert_eq!(sdk_config(&options).await.unwrap_err(), ConfigError::ExternalIdWithoutRole);
    }

    #[tokio::test]
    async fn the_given_region_and_endpoint_are_used() {
        let options = ConnectOptions {
            region: Some("eu-west-3".into()),
            endpoint_url: Some("http://127.0.0.1:9".into()),
            ..ConnectOptions::default()
        };
        let config = sdk_config(&options).await.unwrap();
        assert_eq!(config.region().map(|r| r.as_ref()), Some("eu-west-3"));
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:9"));
        assert_eq!(config.retry_config().map(|r| r.mode()), Some(RetryConfig::adaptive().mode()));
    }
}
