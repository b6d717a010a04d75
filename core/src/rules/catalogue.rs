//! The rule catalogue as Markdown, for `docs/rules.md`.

use super::RULES;

/// The categories of the ID scheme, by the first digit of the number.
const CATEGORIES: &[(char, &str)] = &[
    ('0', "Design integrity"),
    ('1', "Addressing"),
    ('2', "Routing and gateways"),
    ('3', "Load balancers"),
    ('4', "Endpoints"),
    ('5', "Lambda and compute"),
    ('6', "Security"),
    ('7', "Reachability"),
    ('8', "Databases"),
];

/// Renders every rule (ID, severity, title, description, documentation
/// link), grouped by category in ID order.
pub fn catalogue_markdown() -> String {
    let mut out = String::from(
        "# vpcraft rules\n\n\
         <!-- Generated from the rule catalogue in core/src/rules; do not edit. Refresh with \
         `cargo xtask docs`. -->\n\n\
         A rule ID's letter is its severity (E error, W warning, I info) and its number's first \
         digit its category. IDs are stable: a retired rule's ID is never reused.\n",
    );
    for (digit, name) in CATEGORIES {
        let rules: Vec<_> = RULES.iter().filter(|r| r.id[1..].starts_with(*digit)).collect();
        if rules.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n## {name} ({digit}xxx)\n\n| ID | Severity | Title |\n|----|----------|-------|\n"
        ));
        for rule in &rules {
            out.push_str(&format!(
                "| [{id}](#{anchor}) | {severity} | {title} |\n",
                id = rule.id,
                anchor = rule.id.to_lowercase(),
                severity = rule.severity,
                title = rule.title
            ));
        }
        for rule in rules {
            out.push_str(&format!(
                "\n### {}\n\n**{}** ({})\n\n{}\n\nAWS documentation: <{}>\n",
                rule.id,
                rule.title,
                rule.severity,
                collapse(rule.description),
                rule.doc_url
            ));
        }
    }
    out
}

/// Joins a description's source lines into one paragraph.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
