//! E0003: a nested stack names the template it deploys.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E0003",
    severity: Severity::Error,
    title: "Nested stack without a template",
    description: "A nested stack (AWS::CloudFormation::Stack) deploys the template at its \
                  TemplateURL, an S3 URL (or a local path that `aws cloudformation package` \
                  uploads); CloudFormation refuses a stack without one.",
    doc_url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-stack.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::NestedStack) {
        let Kind::NestedStack(stack) = &resource.kind else {
            continue;
        };
        if stack.template_url.trim().is_empty() {
            sink.report(
                format!("nested stack {:?} names no template to deploy", resource.name),
                [&resource.id],
                Some(
                    "Set its template URL: the S3 URL of the child template, or its path \
                     beside this template for `aws cloudformation package`."
                        .into(),
                ),
            );
        }
    }
}
