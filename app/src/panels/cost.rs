//! The cost panel: the design's estimated monthly cost over the canvas,
//! by category and by resource with each priced line, the cheaper paths
//! the cost rules found (with their quick fixes), the usage of the
//! selected flow or resource (GB and requests; an Aurora cluster's storage
//! and I/O, an EFS file system's GB per storage class, the instances an
//! Auto Scaling group runs on average), and the assumptions behind the
//! figures. The
//! top bar's cost button shows the total and opens it.

use crate::actions::{ApplyQuickFix, SetUsage, UsageField};
use crate::state::Editor;
use crate::ui::Ui;
use leptos::prelude::*;
use vpcraft_core::cost::{CostCategory, defaults, format_usd};
use vpcraft_core::{Design, Finding, Kind, ResourceId};

/// The rules whose findings are cost advice.
const ADVICE_RULES: [&str; 3] = ["I2010", "I2011", "I2012"];

/// The top bar's button: the monthly total, opening the panel.
#[component]
pub fn CostButton() -> impl IntoView {
    let editor = Editor::use_context();
    let ui = Ui::use_context();
    let total = move || match editor.checks.loaded() {
        true => editor.estimate.with(|e| format_usd(e.total_monthly_usd)),
        // The estimate comes with the checks' module (see `crate::lazy`).
        false => "$…".to_owned(),
    };
    view! {
        <button class="button cost-button" data-testid="cost-toggle" class:active=move || ui.cost_open.get()
            title="Estimated monthly cost: open the cost panel"
            aria-expanded=move || ui.cost_open.get().to_string()
            on:click=move |_| {
                ui.cost_open.update(|o| *o = !*o);
                if ui.cost_open.get_untracked() {
                    editor.comments.open.set(false);
                }
            }>
            <span data-testid="cost-button-total">{total}</span>
            <span class="per">" / mo"</span>
        </button>
    }
}

#[component]
pub fn CostPanel() -> impl IntoView {
    let ui = Ui::use_context();
    move || ui.cost_open.get().then(|| crate::lazy::view(cost_body()))
}

/// The share of `part` in `whole`, as a CSS width.
fn width(part: f64, whole: f64) -> String {
    let pct = if whole > 0.0 { (part / whole * 100.0).clamp(0.0, 100.0) } else { 0.0 };
    format!("{pct:.1}%")
}

/// A quantity as people read it: 730, 1,460, 0.5.
fn quantity(n: f64) -> String {
    if n.fract() == 0.0 {
        return defaults::thousands(n);
    }
    let text = format!("{n:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A unit price with the digits AWS publishes it with.
fn unit_price(usd: f64) -> String {
    let text = format!("{usd:.10}");
    let trimmed = text.trim_end_matches('0');
    if trimmed.split('.').nth(1).map_or(0, str::len) < 2 {
        format!("${usd:.2}")
    } else {
        format!("${trimmed}")
    }
}

/// The body, in the wasm module of the editor's panels (see `crate::lazy`).
#[wasm_split_helpers::wasm_split(panels, fallible)]
fn cost_body() -> crate::lazy::Loaded {
    Ok(view! { <CostBody /> }.into_any())
}

#[component]
fn CostBody() -> impl IntoView {
    let editor = Editor::use_context();
    let ui = Ui::use_context();
    let estimate = editor.estimate;
    let advice = Memo::new(move |_| {
        editor.findings.with(|all| {
            all.iter()
                .filter(|f| ADVICE_RULES.contains(&f.rule.as_str()))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let categories = move || {
        estimate.with(|e| {
            let total = e.total_monthly_usd;
            e.by_category()
                .into_iter()
                .filter(|(c, usd)| *usd > 0.0 && *c != CostCategory::NoCharge)
                .map(|(category, usd)| {
                    view! {
                        <li class="cost-category" data-testid="cost-category" data-category=format!("{category:?}")>
                            <span class="name">{category.title()}</span>
                            <span class="bar"><span class="fill" style:width=width(usd, total)></span></span>
                            <span class="amount">{format_usd(usd)}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let free_count =
        move || estimate.with(|e| e.by_resource().iter().filter(|(_, _, usd)| *usd == 0.0).count());
    let resources = move || {
        estimate.with(|e| {
            e.by_resource()
                .into_iter()
                .filter(|(_, _, usd)| *usd > 0.0)
                .map(|(id, name, usd)| {
                    let lines: Vec<_> = e
                        .lines
                        .iter()
                        .filter(|l| l.resource == id && l.unit_price_usd > 0.0)
                        .cloned()
                        .collect();
                    let select = {
                        let id = id.clone();
                        move |_| editor.focus_finding(vec![id.clone()])
                    };
                    view! {
                        <li class="cost-resource" data-testid="cost-resource" data-id=id.to_string()>
                            <details>
                                <summary>
                                    <span class="name">{name}</span>
                                    <button class="link select-resource" title="Select on the canvas"
                                        on:click=select>"Show"</button>
                                    <span class="amount">{format_usd(usd)}</span>
                                </summary>
                                <ul class="cost-lines">
                                    {lines.into_iter().map(|l| view! {
                                        <li>
                                            <span class="what">{l.description}</span>
                                            <span class="how">{format!("{} {} × {}", quantity(l.quantity), l.unit, unit_price(l.unit_price_usd))}</span>
                                            <span class="amount">{format_usd(l.monthly_usd)}</span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </details>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <aside class="cost-panel" data-testid="cost-panel" aria-label="Monthly cost estimate">
            <header class="cost-header">
                <div>
                    <div class="cost-label">"Estimated monthly cost"</div>
                    <div class="cost-total" data-testid="cost-total">
                        {move || estimate.with(|e| format_usd(e.total_monthly_usd))}
                        <span class="per">" / month"</span>
                    </div>
                    <div class="cost-sub" data-testid="cost-region">
                        {move || estimate.with(|e| format!("{} prices of {}, on-demand, before tax", e.priced_region, e.price_table_version))}
                    </div>
                </div>
                <button class="icon-button" aria-label="Close the cost panel" data-testid="cost-close"
                    on:click=move |_| ui.cost_open.set(false)>"×"</button>
            </header>
            <section class="cost-section">
                <h3>"By category"</h3>
                <ul class="cost-categories" data-testid="cost-categories">{categories}</ul>
                <p class="cost-note">{move || format!("{} resources have no charge of their own (VPC, subnets, route tables, security groups, …).", free_count())}</p>
            </section>
            {move || {
                let advice = advice.get();
                (!advice.is_empty()).then(|| view! {
                    <section class="cost-section cost-advice" data-testid="cost-advice">
                        <h3>"Cheaper paths"</h3>
                        <ul>{advice.into_iter().map(|f| advice_item(editor, f)).collect_view()}</ul>
                    </section>
                })
            }}
            <section class="cost-section">
                <h3>"By resource"</h3>
                <ul class="cost-resources" data-testid="cost-resources">{resources}</ul>
            </section>
            <UsageEditor />
            <section class="cost-section">
                <details class="cost-assumptions" data-testid="cost-assumptions">
                    <summary>"Assumptions"</summary>
                    <ul>
                        {move || estimate.with(|e| e.assumptions.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view())}
                    </ul>
                </details>
            </section>
        </aside>
    }
}

fn advice_item(editor: Editor, finding: Finding) -> impl IntoView {
    let ids: Vec<ResourceId> = finding.resources.iter().map(|r| r.id.clone()).collect();
    view! {
        <li class="advice" data-testid="cost-advice-item" data-rule=finding.rule.clone()
            on:click=move |_| editor.focus_finding(ids.clone())>
            <p>{finding.message.clone()}</p>
            <div class="quick-fixes">
                {finding.quick_fixes.into_iter().map(|fix| {
                    let title = fix.title.clone();
                    let apply = move |ev: web_sys::MouseEvent| {
                        ev.stop_propagation();
                        editor.dispatch(ApplyQuickFix { fix: fix.clone() });
                    };
                    view! { <button class="quick-fix" data-testid="cost-quick-fix" on:click=apply>{title}</button> }
                }).collect_view()}
            </div>
        </li>
    }
}

/// Which usage figures a flow or resource takes, with the default each
/// falls back to.
fn usage_fields(design: &Design, id: &ResourceId) -> Vec<(UsageField, &'static str, String)> {
    let gb = |what: &'static str, default: String| (UsageField::GbPerMonth, what, default);
    let requests = |what: &'static str| {
        (UsageField::RequestsPerMonth, what, "its flows', else 1,000,000".to_owned())
    };
    if design.flows.iter().any(|f| &f.id == id) {
        return vec![
            gb("GB a month", format!("{}", defaults::FLOW_GB)),
            (
                UsageField::RequestsPerMonth,
                "Requests a month",
                defaults::thousands(defaults::FLOW_REQUESTS),
            ),
        ];
    }
    let Some(resource) = design.resource(id) else {
        return Vec::new();
    };
    match &resource.kind {
        Kind::NatGateway(_) | Kind::VpcEndpoint(_) => {
            vec![gb("Other GB processed a month", "0".into())]
        }
        Kind::LoadBalancer(_) => vec![
            gb("Other GB processed a month", "0".into()),
            (UsageField::RequestsPerMonth, "Other requests a month", "0".into()),
        ],
        Kind::LambdaFunction(_) => vec![
            requests("Invocations a month"),
            (
                UsageField::DurationMs,
                "Milliseconds per invocation",
                format!("{}", defaults::LAMBDA_DURATION_MS),
            ),
        ],
        Kind::SqsQueue(_) | Kind::ApiGateway(_) => vec![requests("Requests a month")],
        Kind::S3Bucket(_) => {
            vec![
                gb("GB stored", format!("{}", defaults::S3_STORED_GB)),
                requests("Requests a month"),
            ]
        }
        Kind::DynamoDbTable(_) => vec![
            gb("GB stored", format!("{}", defaults::DYNAMODB_STORED_GB)),
            requests("Requests a month"),
        ],
        Kind::LogGroup(_) => vec![gb("GB ingested a month", "its flows', else 1".into())],
        Kind::AutoScalingGroup(asg) => vec![(
            UsageField::Instances,
            "Instances running on average",
            format!("{}", asg.desired_capacity.unwrap_or(asg.min_size)),
        )],
        Kind::EksNodeGroup(ng) => vec![(
            UsageField::Instances,
            "Nodes running on average",
            format!("{}", ng.desired_size),
        )],
        Kind::DbCluster(_) => vec![
            gb("GB stored", format!("{}", defaults::AURORA_STORED_GB)),
            (
                UsageField::IoRequestsPerMonth,
                "I/O requests a month",
                defaults::thousands(defaults::AURORA_IO_REQUESTS),
            ),
        ],
        Kind::EfsFileSystem(_) => vec![
            gb("GB in Standard", format!("{}", defaults::EFS_STANDARD_GB)),
            (
                UsageField::InfrequentAccessGb,
                "GB in Infrequent Access",
                format!("{}", defaults::EFS_IA_GB),
            ),
        ],
        _ => Vec::new(),
    }
}

/// The usage figure a design states, if any.
fn stated(design: &Design, id: &ResourceId, field: UsageField) -> Option<f64> {
    if let Some(f) = design.usage.flows.get(id) {
        return match field {
            UsageField::GbPerMonth => f.gb_per_month,
            UsageField::RequestsPerMonth => f.requests_per_month,
            _ => None,
        };
    }
    let r = design.usage.resources.get(id)?;
    match field {
        UsageField::GbPerMonth => r.gb_per_month,
        UsageField::RequestsPerMonth => r.requests_per_month,
        UsageField::DurationMs => r.duration_ms,
        UsageField::IoRequestsPerMonth => r.io_requests_per_month,
        UsageField::InfrequentAccessGb => r.infrequent_access_gb,
        UsageField::Instances => r.instances,
    }
}

/// What a usage field's text means: empty for the default, else a number
/// of zero or more (thousands separators allowed).
fn parse_usage(text: &str) -> Result<Option<f64>, String> {
    let cleaned: String =
        text.chars().filter(|c| *c != ',' && *c != '_' && !c.is_whitespace()).collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        _ => Err(format!("{text:?} is not a number of zero or more")),
    }
}

/// The usage of the one selected flow or resource, editable.
#[component]
fn UsageEditor() -> impl IntoView {
    let editor = Editor::use_context();
    let target = Memo::new(move |_| {
        editor.selection.with(|sel| match sel.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        })
    });
    move || {
        let id = target.get()?;
        let (name, fields) = editor.design.with(|d| {
            let name = d
                .resource(&id)
                .map(|r| r.name.clone())
                .or_else(|| {
                    d.flows.iter().find(|f| f.id == id).map(|f| {
                        if f.label.is_empty() { format!("flow {}", f.id) } else { f.label.clone() }
                    })
                })
                .unwrap_or_default();
            (name, usage_fields(d, &id))
        });
        if fields.is_empty() {
            return None;
        }
        Some(view! {
            <section class="cost-section cost-usage" data-testid="cost-usage">
                <h3>{format!("Usage of {name}")}</h3>
                {fields.into_iter().map(|(field, label, default)| usage_input(editor, id.clone(), field, label, default)).collect_view()}
            </section>
        })
    }
}

fn usage_input(
    editor: Editor,
    id: ResourceId,
    field: UsageField,
    label: &'static str,
    default: String,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let value = {
        let id = id.clone();
        move || {
            editor
                .design
                .with(|d| stated(d, &id, field))
                .map(|v| format!("{v}"))
                .unwrap_or_default()
        }
    };
    let on_change = move |ev: web_sys::Event| match parse_usage(&event_target_value(&ev)) {
        Ok(value) => {
            error.set(None);
            editor.dispatch(SetUsage { target: id.clone(), field, value });
        }
        Err(message) => error.set(Some(message)),
    };
    let testid = match field {
        UsageField::GbPerMonth => "usage-gb",
        UsageField::RequestsPerMonth => "usage-requests",
        UsageField::DurationMs => "usage-duration",
        UsageField::IoRequestsPerMonth => "usage-io",
        UsageField::InfrequentAccessGb => "usage-ia",
        UsageField::Instances => "usage-instances",
    };
    view! {
        <label class="field usage-field" class:invalid=move || error.with(Option::is_some)>
            <span>{label}</span>
            <input type="text" inputmode="decimal" data-testid=testid placeholder=format!("default: {default}")
                prop:value=value on:change=on_change />
            {move || error.get().map(|m| view! { <span class="field-error">{m}</span> })}
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_text_reads_as_a_number_or_the_default() {
        assert_eq!(parse_usage(""), Ok(None));
        assert_eq!(parse_usage(" 1,000,000 "), Ok(Some(1_000_000.0)));
        assert_eq!(parse_usage("2.5"), Ok(Some(2.5)));
        assert!(parse_usage("-3").is_err());
        assert!(parse_usage("lots").is_err());
    }

    #[test]
    fn figures_print_as_published() {
        assert_eq!(unit_price(0.0000166667), "$0.0000166667");
        assert_eq!(unit_price(0.048), "$0.048");
        assert_eq!(quantity(1460.0), "1,460");
        assert_eq!(width(25.0, 100.0), "25.0%");
        assert_eq!(width(1.0, 0.0), "0.0%");
    }
}
