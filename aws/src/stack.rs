//! Reading a deployed CloudFormation stack: its template as deployed (with
//! the parameter values the stack was given), only the resources the stack
//! holds, each with its physical ID. A template vpcraft exported carries its
//! drawing in `Metadata`, so the stack comes back drawn as it was.
//!
//! [`read_stack`] makes the calls; [`stack_design`] is the pure part, tested
//! on constructed responses.

use crate::{Op, Warning};
use aws_config::SdkConfig;
use aws_sdk_cloudformation::types::{self as cfn, ResourceStatus, TemplateStage};
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use std::collections::{HashMap, HashSet};
use vpcraft_core::cfn::ImportOptions;
use vpcraft_core::{Design, ResourceId};

/// What `describe_stacks` shows of a parameter whose value is hidden.
const HIDDEN: &str = "****";

/// A stack read and drawn.
#[derive(Clone, Debug)]
pub struct StackImport {
    pub design: Design,
    pub warnings: Vec<Warning>,
    /// The stack's status (`CREATE_COMPLETE`, `UPDATE_ROLLBACK_COMPLETE`, ...).
    pub status: String,
}

/// Why a stack could not be drawn at all.
#[derive(Debug, thiserror::Error)]
pub enum StackError {
    #[error("no stack {name:?} in region {region}")]
    NotFound { name: String, region: String },
    #[error("access denied ({code}); the policy needs {action}")]
    Denied { code: String, action: &'static str },
    #[error("the call failed ({detail}); it needs {action}")]
    Call { detail: String, action: &'static str },
    #[error("the stack's template cannot be read: {0}")]
    Template(#[from] vpcraft_core::cfn::ImportError),
}

/// Reads the stack `name` and draws it; progress gets one line per call.
pub async fn read_stack(
    config: &SdkConfig,
    name: &str,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<StackImport, StackError> {
    let client = aws_sdk_cloudformation::Client::new(config);
    let region = config.region().map(|r| r.to_string()).unwrap_or_default();
    let not_found = |e: &dyn ProvideErrorMetadata| {
        e.code() == Some("ValidationError")
            && e.message().is_some_and(|m| m.contains("does not exist"))
    };
    let described = client.describe_stacks().stack_name(name).send().await.map_err(|e| {
        if not_found(&e) {
            StackError::NotFound { name: name.to_owned(), region: region.clone() }
        } else {
            failed(Op::DescribeStacks, &e)
        }
    })?;
    let Some(stack) = described.stacks().first() else {
        return Err(StackError::NotFound { name: name.to_owned(), region });
    };
    progress(&format!("read stack {name} ({})", Op::DescribeStacks.action()));
    let template = client
        .get_template()
        .stack_name(name)
        .template_stage(TemplateStage::Original)
        .send()
        .await
        .map_err(|e| failed(Op::GetTemplate, &e))?;
    progress(&format!("read the template ({})", Op::GetTemplate.action()));
    let mut warnings = Vec::new();
    let resources = match client
        .list_stack_resources()
        .stack_name(name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(resources) => {
            progress(&format!(
                "read {} {} ({})",
                resources.len(),
                Op::ListStackResources.what(),
                Op::ListStackResources.action()
            ));
            Some(resources)
        }
        Err(e) => {
            let denied = e.code().is_some_and(|c| c.starts_with("AccessDenied"));
            warnings.push(Warning::call(Op::ListStackResources, denied, describe(&e)));
            None
        }
    };
    let mut drawn = stack_design(
        name,
        template.template_body().unwrap_or_default(),
        stack,
        resources.as_deref(),
    )?;
    drawn.design.region = region;
    warnings.append(&mut drawn.warnings);
    drawn.warnings = warnings;
    Ok(drawn)
}

/// Draws a stack from its template, its description and its resources
/// (`None` when they could not be listed: then every resource of the
/// template is kept, without physical IDs).
pub fn stack_design(
    name: &str,
    template: &str,
    stack: &cfn::Stack,
    resources: Option<&[cfn::StackResourceSummary]>,
) -> Result<StackImport, StackError> {
    let root = vpcraft_core::cfn::yaml::read(template).ok();
    let declared = |key: &str| {
        root.as_ref().and_then(|r| r.get("Parameters")).and_then(|p| p.get(key)).is_some()
    };
    // Hidden values stay at the template's default; a parameter the
    // template no longer declares is ignored, as CloudFormation does.
    let parameters: HashMap<String, String> = stack
        .parameters()
        .iter()
        .filter_map(|p| {
            let value = p.resolved_value().or(p.parameter_value())?;
            let key = p.parameter_key()?;
            (value != HIDDEN && declared(key)).then(|| (key.to_owned(), value.to_owned()))
        })
        .collect();
    let present = |r: &&cfn::StackResourceSummary| {
        !matches!(
            r.resource_status(),
            Some(
                ResourceStatus::CreateFailed
                    | ResourceStatus::DeleteComplete
                    | ResourceStatus::DeleteInProgress
                    | ResourceStatus::DeleteSkipped
            ) | None
        )
    };
    let deployed: Option<HashSet<String>> = resources.map(|all| {
        all.iter()
            .filter(present)
            .filter_map(|r| r.logical_resource_id())
            .map(str::to_owned)
            .collect()
    });
    // Nested stacks' templates are not read from a deployed stack (yet).
    let options = ImportOptions { parameters, deployed, ..ImportOptions::default() };
    let imported = vpcraft_core::cfn::import_with(template, &options)?;
    let mut design = imported.design;
    let physical: HashMap<&ResourceId, &str> = resources
        .unwrap_or_default()
        .iter()
        .filter(present)
        .filter_map(|r| {
            let id = imported.resources_by_logical_id.get(r.logical_resource_id()?)?;
            Some((id, r.physical_resource_id()?))
        })
        .collect();
    for resource in &mut design.resources {
        if let Some(id) = physical.get(&resource.id) {
            resource.physical_id = Some((*id).to_owned());
        }
    }
    // A template vpcraft exported names its design; any other is named
    // after the stack rather than its description.
    let drawn_by_vpcraft = root.as_ref().is_some_and(|root| {
        root.get("Metadata").and_then(|m| m.get("vpcraft")).and_then(|v| v.get("name")).is_some()
    });
    if !drawn_by_vpcraft {
        design.name = format!("Stack {name}");
    }
    let status = stack.stack_status().map(|s| s.as_str().to_owned()).unwrap_or_default();
    let mut warnings: Vec<Warning> =
        imported.warnings.into_iter().map(|w| Warning::note(w.logical_id, w.message)).collect();
    if !status.ends_with("_COMPLETE") || status.contains("ROLLBACK") {
        warnings.insert(0, Warning::note(name, format!("the stack's status is {status}")));
    }
    Ok(StackImport { design, warnings, status })
}

fn failed<E>(op: Op, error: &E) -> StackError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match error.code() {
        Some(code) if code.starts_with("AccessDenied") => {
            StackError::Denied { code: code.to_owned(), action: op.action() }
        }
        _ => StackError::Call { detail: describe(error), action: op.action() },
    }
}

fn describe<E>(error: &E) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match error.code() {
        Some(code) => format!("{code}: {}", error.message().unwrap_or("no message")),
        None => DisplayErrorContext(error).to_string(),
    }
}

#[cfg(test)]
mod tests;
