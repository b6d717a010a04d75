//! I0002: a resource outside the design, known only at deploy time, on
//! which other resources depend; rules skip what depends on it.

use crate::model::ExternalSource;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "I0002",
    severity: Severity::Info,
    title: "Resource known only at deploy time",
    description: "A template parameter, an imported value, a literal physical ID or the region's \
                  default VPC names a resource that exists outside the design. vpcraft cannot \
                  see its properties (CIDR blocks, routes, zones, rules), so it assumes the \
                  deployment supplies a fitting one and skips every judgement that would need \
                  them, rather than guessing.",
    doc_url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let externals: Vec<&Resource> =
        index.design.resources.iter().filter(|r| r.kind.is_external()).collect();
    if externals.is_empty() {
        return;
    }
    let mut users: std::collections::HashMap<&ResourceId, Vec<&ResourceId>> =
        externals.iter().map(|r| (&r.id, Vec::new())).collect();
    for resource in &index.design.resources {
        resource.kind.for_each_reference(|reference| {
            if let Some(list) = users.get_mut(reference.target)
                && list.last() != Some(&&resource.id)
            {
                list.push(&resource.id);
            }
        });
    }
    for external in externals {
        let Kind::External(ext) = &external.kind else { continue };
        let used_by = &users[&external.id];
        let what = if ext.many {
            format!("stands for existing {} resources", ext.of.title())
        } else {
            format!("is an existing {}", ext.of.title())
        };
        let users_text = match used_by.len() {
            0 => "nothing in the design refers to it".to_owned(),
            1 => format!("{:?} depends on it", index.name(used_by[0])),
            n => format!("{n} resources depend on it"),
        };
        sink.report(
            format!(
                "{:?} {what} from {}, known only at deploy time; {users_text}, \
                 and rules that need its properties skip what depends on it",
                external.name, ext.source
            ),
            std::iter::once(&external.id).chain(used_by.iter().copied().take(5)),
            Some(match ext.source {
                ExternalSource::StackOutput(_) => "It is known once the nested stack deploys; \
                                                   vpcraft does not yet follow a value into \
                                                   the stack that makes it."
                    .into(),
                _ => "Give the value when importing (a parameter value) to have it judged.".into(),
            }),
        );
    }
}
