//! Nested stacks on import: the outputs the parent reads from each, and,
//! when the child template was given (a local file beside the parent), the
//! outputs it declares and the resources it creates.

use super::ImportWarning;
use crate::cfn::tree::{Node, sub_names};
use crate::model::{Design, Kind, StackResource};
use std::collections::{BTreeSet, HashMap};

/// The outputs of each nested stack (by logical ID) that a template reads:
/// `!GetAtt Stack.Outputs.Name` in either form, and `${Stack.Outputs.Name}`
/// in a `!Sub`. One pass over the template.
pub(super) fn outputs_read(root: &Node) -> HashMap<String, BTreeSet<String>> {
    let mut found: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match node {
            Node::Fn(name, arg) if name == "GetAtt" => {
                if let Node::List(parts) = &**arg
                    && let [Node::Str(id), Node::Str(attribute)] = parts.as_slice()
                    && let Some(output) = attribute.strip_prefix("Outputs.")
                {
                    found.entry(id.clone()).or_default().insert(output.to_owned());
                }
            }
            Node::Fn(name, arg) if name == "Sub" => {
                let text = match &**arg {
                    Node::Str(s) => Some(s),
                    Node::List(items) => match items.first() {
                        Some(Node::Str(s)) => Some(s),
                        _ => None,
                    },
                    _ => None,
                };
                for (id, output) in text.into_iter().flat_map(|t| sub_outputs(t)) {
                    found.entry(id).or_default().insert(output);
                }
                stack.push(arg);
            }
            Node::Fn(_, arg) => stack.push(arg),
            Node::List(items) => stack.extend(items),
            Node::Map(entries) => stack.extend(entries.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    found
}

/// The `${Stack.Outputs.Name}` references of a `!Sub` string.
fn sub_outputs(text: &str) -> Vec<(String, String)> {
    sub_names(text)
        .filter_map(|name| name.split_once(".Outputs."))
        .map(|(id, output)| (id.trim().to_owned(), output.trim().to_owned()))
        .collect()
}

/// The literal template URLs of a template's nested stacks, for a caller
/// that can read the children beside it (the command line). Empty when the
/// text is no template.
pub fn nested_template_urls(text: &str) -> Vec<String> {
    // A template that never writes the key (nor any escape, which could
    // spell it) has no nested stack to read: it is not parsed twice.
    if !text.contains("TemplateURL") && !text.contains('\\') {
        return Vec::new();
    }
    let Ok(root) = crate::cfn::yaml::read(text) else {
        return Vec::new();
    };
    let Some(Node::Map(resources)) = root.get("Resources") else {
        return Vec::new();
    };
    let mut urls: Vec<String> = resources
        .iter()
        .filter(|(_, r)| r.get("Type").and_then(Node::as_str) == Some("AWS::CloudFormation::Stack"))
        .filter_map(|(_, r)| r.get("Properties")?.get("TemplateURL")?.as_str().map(str::to_owned))
        .collect();
    urls.sort();
    urls.dedup();
    urls
}

/// Fills each nested stack's outputs and resources: from its child
/// template when `children` holds it (by its URL as written), else the
/// outputs the parent reads (unless the export's metadata kept them).
pub(super) fn fill(
    design: &mut Design,
    root: &Node,
    children: &HashMap<String, String>,
    warnings: &mut Vec<ImportWarning>,
) {
    if !design.resources.iter().any(|r| matches!(r.kind, Kind::NestedStack(_))) {
        return;
    }
    let read = outputs_read(root);
    for resource in &mut design.resources {
        let Kind::NestedStack(stack) = &mut resource.kind else {
            continue;
        };
        let logical = resource.logical_id.clone().unwrap_or_else(|| resource.id.to_string());
        if let Some(text) = child_of(children, &stack.template_url) {
            match child(text) {
                Ok((outputs, resources)) => {
                    stack.outputs = outputs;
                    stack.resources = resources;
                    continue;
                }
                Err(message) => warnings.push(ImportWarning {
                    logical_id: logical.clone(),
                    message: format!("its template {} was not read: {message}", stack.template_url),
                }),
            }
        }
        if stack.outputs.is_empty()
            && let Some(outputs) = read.get(&logical)
        {
            stack.outputs = outputs.iter().cloned().collect();
        }
    }
}

/// The child template given for a URL: by the URL as written, else by its
/// file name (what follows the last `/`, before any `?`).
fn child_of<'c>(children: &'c HashMap<String, String>, url: &str) -> Option<&'c String> {
    children.get(url).or_else(|| {
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let name = path.rsplit('/').next().filter(|n| !n.is_empty())?;
        children.get(name)
    })
}

/// The outputs a child template declares and the resources it creates.
fn child(text: &str) -> Result<(Vec<String>, Vec<StackResource>), String> {
    let root = crate::cfn::yaml::read(text)
        .map_err(|e| format!("line {}, column {}: {}", e.line, e.column, e.message))?;
    let Some(Node::Map(resources)) = root.get("Resources") else {
        return Err("it has no Resources section".into());
    };
    let resources = resources
        .iter()
        .map(|(id, r)| StackResource {
            logical_id: id.to_string(),
            resource_type: r.get("Type").and_then(Node::as_str).unwrap_or("").to_owned(),
        })
        .collect();
    let outputs = match root.get("Outputs") {
        Some(Node::Map(entries)) => entries.iter().map(|(k, _)| k.to_string()).collect(),
        _ => Vec::new(),
    };
    Ok((outputs, resources))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_strings_name_the_outputs_they_read() {
        assert_eq!(
            sub_outputs("arn:${Net.Outputs.Vpc}/${ Net.Outputs.Subnet }:${AWS::Region}"),
            [("Net".to_owned(), "Vpc".to_owned()), ("Net".to_owned(), "Subnet".to_owned())]
        );
        assert!(sub_outputs("${Unclosed").is_empty());
    }

    #[test]
    fn a_child_is_found_by_its_url_or_its_file_name() {
        let children: HashMap<String, String> = [("network.yaml", "net"), ("./app.yaml", "app")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let found = |url: &str| child_of(&children, url).map(String::as_str);
        assert_eq!(found("network.yaml"), Some("net"));
        assert_eq!(
            found("https://b.s3.amazonaws.com/stacks/network.yaml?versionId=3"),
            Some("net")
        );
        assert_eq!(found("./app.yaml"), Some("app"));
        assert_eq!(found("https://b.s3.amazonaws.com/stacks/"), None);
        assert_eq!(found("other.yaml"), None);
    }
}
