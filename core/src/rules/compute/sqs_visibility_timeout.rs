//! E5004: a queue's visibility timeout is at least the timeout of the
//! function that consumes it.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E5004",
    severity: Severity::Error,
    title: "Queue visibility timeout shorter than its consumer's timeout",
    description: "Lambda rejects an SQS event source mapping when the queue's visibility timeout \
                  is less than the function's timeout; AWS recommends six times the function \
                  timeout.",
    doc_url: "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html#events-sqs-queueconfig",
    check,
};

/// The largest visibility timeout SQS accepts, 12 hours.
const MAX_VISIBILITY_S: u32 = 43_200;

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for mapping in index.of_kind(KindTag::EventSourceMapping) {
        let Kind::EventSourceMapping(m) = &mapping.kind else {
            continue;
        };
        let (Some((queue, q)), Some((function, f))) =
            (index.queue(&m.source), index.lambda(&m.function))
        else {
            continue;
        };
        if q.visibility_timeout_s >= f.timeout_s {
            continue;
        }
        let wanted = f.timeout_s.saturating_mul(6).min(MAX_VISIBILITY_S);
        sink.report(
            format!(
                "queue {:?} has a visibility timeout of {} s, less than the {} s timeout of \
                 function {:?}, which consumes it",
                queue.name, q.visibility_timeout_s, f.timeout_s, function.name
            ),
            [&queue.id, &function.id, &mapping.id],
            Some(format!(
                "Set the visibility timeout to at least {} s ({wanted} s recommended).",
                f.timeout_s
            )),
        )
        .quick_fix(QuickFix::new(
            format!("Set the visibility timeout of {:?} to {wanted} s", queue.name),
            vec![Edit::set(&queue.id, "/visibility_timeout_s", wanted)],
        ));
    }
}
