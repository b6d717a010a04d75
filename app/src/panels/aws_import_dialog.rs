//! The "Import from AWS" dialog: a region, then the account's VPCs listed
//! with their names, CIDR blocks and resource counts (several may be
//! chosen) or its stacks (one); Import starts a job on the server, whose
//! progress lines arrive as Server-Sent Events under a progress bar with a
//! Cancel button. The imported design is saved by the server, and the
//! dialog opens it; every failure is the server's one sentence.

use crate::aws_import::{self, Follow, JobEvent, Stack, Target, Vpc};
use crate::route;
use crate::ui::Ui;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// About how many calls a VPC import makes, for the progress bar (the bar
/// stops short of full until the job is done).
const VPC_CALLS: u64 = 22;
/// The same for a stack.
const STACK_CALLS: u64 = 3;

/// What the dialog lists from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Vpcs,
    Stacks,
}

/// The listing of the region.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Listing {
    Loading,
    Vpcs(Vec<Vpc>),
    Stacks(Vec<Stack>),
    Failed(String),
}

/// A running job.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Running {
    job: String,
    expected: u64,
    calls: u64,
    lines: Vec<String>,
    /// What was not read or not drawn, as the server words it.
    warnings: Vec<String>,
    /// Per service, in the order first heard of: its label, the listings
    /// read and the items they held.
    services: Vec<ServiceCount>,
}

/// What one service's calls have read so far.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ServiceCount {
    label: &'static str,
    calls: u64,
    items: u64,
}

/// The service and item count of a progress line (`read 4 subnets
/// (ec2:DescribeSubnets)` is EC2 with 4 items).
fn service_of(line: &str) -> Option<(&'static str, u64)> {
    let action = line.rsplit_once('(')?.1.strip_suffix(')')?;
    let label = match action.split_once(':')?.0 {
        "ec2" => "EC2",
        "elasticloadbalancing" => "ELB",
        "lambda" => "Lambda",
        "ecs" => "ECS",
        "autoscaling" => "Auto Scaling",
        "rds" => "RDS",
        "elasticache" => "ElastiCache",
        "elasticfilesystem" => "EFS",
        "sts" => "STS",
        "cloudformation" => "CloudFormation",
        _ => "Other",
    };
    let items = line.strip_prefix("read ")?.split(' ').next()?.parse().unwrap_or(0);
    Some((label, items))
}

impl Running {
    fn heard(&mut self, line: String, calls: u64) {
        self.calls = calls;
        if let Some((label, items)) = service_of(&line) {
            match self.services.iter_mut().find(|s| s.label == label) {
                Some(count) => {
                    count.calls += 1;
                    count.items += items;
                }
                None => self.services.push(ServiceCount { label, calls: 1, items }),
            }
        }
        self.lines.push(line);
    }
}

/// Where the import is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Stage {
    Choosing,
    Starting,
    Running(Running),
    /// Saved: the design opens.
    Opening,
    /// Saved, but something was not read: the dialog lists what before
    /// the design opens.
    Partial {
        design: String,
        warnings: Vec<String>,
    },
    Failed(String),
}

/// Opens a saved design (a new page load, so it opens fresh).
fn open_design(design: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(&route::design_path(design));
    }
}

#[component]
pub fn AwsImportDialog() -> impl IntoView {
    let ui = Ui::use_context();
    move || ui.aws_import_open.get().then(|| crate::lazy::view(aws_import_body()))
}

/// "2 subnets · 1 security group".
fn counts_text(counts: &[(String, u64)]) -> String {
    counts
        .iter()
        .map(|(what, n)| {
            let what = if *n == 1 { what.strip_suffix('s').unwrap_or(what) } else { what };
            format!("{n} {what}")
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The body, in the wasm module of the editor's panels (see `crate::lazy`).
#[wasm_split_helpers::wasm_split(panels, fallible)]
fn aws_import_body() -> crate::lazy::Loaded {
    Ok(view! { <AwsImportBody /> }.into_any())
}

#[component]
fn AwsImportBody() -> impl IntoView {
    let ui = Ui::use_context();
    let region = RwSignal::new(String::new());
    let source = RwSignal::new(Source::Vpcs);
    let listing = RwSignal::new(Listing::Loading);
    let chosen_vpcs = RwSignal::new(Vec::<String>::new());
    let chosen_stack = RwSignal::new(None::<String>);
    let stage = RwSignal::new(Stage::Choosing);
    let follow = StoredValue::new_local(None::<Follow>);

    let list = move || {
        let (r, s) = (region.get_untracked(), source.get_untracked());
        listing.set(Listing::Loading);
        chosen_vpcs.set(Vec::new());
        chosen_stack.set(None);
        spawn_local(async move {
            let answer = match s {
                Source::Vpcs => aws_import::vpcs(&r).await.map(Listing::Vpcs),
                Source::Stacks => aws_import::stacks(&r).await.map(Listing::Stacks),
            };
            // A later listing (another region) wins over a slow earlier one.
            if region.get_untracked() == r && source.get_untracked() == s {
                listing.set(answer.unwrap_or_else(|e| Listing::Failed(e.detail())));
            }
        });
    };
    spawn_local(async move {
        let start = aws_import::default_region().await.unwrap_or_else(|_| "us-east-1".into());
        region.set(start);
        list();
    });

    let close = move || {
        if let Stage::Running(running) = stage.get_untracked() {
            spawn_local(async move {
                let _ = aws_import::cancel(&running.job).await;
            });
        }
        follow.set_value(None);
        ui.aws_import_open.set(false);
    };
    let on_event = move |event: JobEvent| match event {
        JobEvent::Progress { line, calls } => stage.update(|s| {
            if let Stage::Running(r) = s {
                r.heard(line, calls);
            }
        }),
        JobEvent::Warning(warning) => stage.update(|s| {
            if let Stage::Running(r) = s {
                r.warnings.push(warning);
            }
        }),
        JobEvent::Done { design } => {
            let warnings = match stage.get_untracked() {
                Stage::Running(r) => r.warnings,
                _ => Vec::new(),
            };
            if warnings.is_empty() {
                open_design(&design);
                stage.set(Stage::Opening);
            } else {
                stage.set(Stage::Partial { design, warnings });
            }
        }
        JobEvent::Failed(message) => stage.set(Stage::Failed(message)),
    };
    let import = move |_| {
        let target = match source.get_untracked() {
            Source::Vpcs => Target::Vpcs(chosen_vpcs.get_untracked()),
            Source::Stacks => match chosen_stack.get_untracked() {
                Some(name) => Target::Stack(name),
                None => return,
            },
        };
        let expected = if matches!(target, Target::Stack(_)) { STACK_CALLS } else { VPC_CALLS };
        stage.set(Stage::Starting);
        let r = region.get_untracked();
        spawn_local(async move {
            let job = match aws_import::start(&r, &target).await {
                Ok(job) => job,
                Err(e) => return stage.set(Stage::Failed(e.detail())),
            };
            stage.set(Stage::Running(Running {
                job: job.clone(),
                expected,
                calls: 0,
                lines: Vec::new(),
                warnings: Vec::new(),
                services: Vec::new(),
            }));
            match aws_import::follow(&job, on_event) {
                Ok(handle) => follow.set_value(Some(handle)),
                Err(e) => stage.set(Stage::Failed(e.detail())),
            }
        });
    };
    let cancel = move |_| {
        if let Stage::Running(running) = stage.get_untracked() {
            spawn_local(async move {
                if let Err(e) = aws_import::cancel(&running.job).await {
                    stage.set(Stage::Failed(e.detail()));
                }
            });
        }
    };
    let can_import = move || {
        let ready = match source.get() {
            Source::Vpcs => chosen_vpcs.with(|c| !c.is_empty()),
            Source::Stacks => chosen_stack.with(Option::is_some),
        };
        ready && matches!(stage.get(), Stage::Choosing | Stage::Failed(_))
    };
    let busy = move || matches!(stage.get(), Stage::Starting | Stage::Running(_) | Stage::Opening);
    let pick_source = move |s: Source| {
        if source.get_untracked() != s {
            source.set(s);
            list();
        }
    };

    let vpc_row = move |vpc: Vpc| {
        let id = vpc.id.clone();
        let checked = {
            let id = id.clone();
            move || chosen_vpcs.with(|c| c.contains(&id))
        };
        let toggle = {
            let id = id.clone();
            move |_| {
                chosen_vpcs.update(|c| match c.iter().position(|x| *x == id) {
                    Some(i) => {
                        c.remove(i);
                    }
                    None => c.push(id.clone()),
                })
            }
        };
        view! {
            <label class="aws-row" data-testid="aws-vpc">
                <input type="checkbox" prop:checked=checked on:change=toggle prop:disabled=busy />
                <span class="aws-row-main">
                    <strong class="aws-row-name">{vpc.name.clone().unwrap_or_else(|| "(no Name tag)".into())}</strong>
                    {vpc.is_default.then(|| view! { <span class="role-badge">"default"</span> })}
                    <span class="aws-row-id">{vpc.id.clone()}</span>
                </span>
                <span class="aws-row-cidr">{vpc.cidrs.join(", ")}</span>
                <span class="aws-row-counts muted">{counts_text(&vpc.counts)}</span>
            </label>
        }
    };
    let stack_row = move |stack: Stack| {
        let name = stack.name.clone();
        let checked = {
            let name = name.clone();
            move || chosen_stack.with(|c| c.as_deref() == Some(name.as_str()))
        };
        view! {
            <label class="aws-row" data-testid="aws-stack">
                <input type="radio" name="aws-stack" prop:checked=checked prop:disabled=busy
                    on:change=move |_| chosen_stack.set(Some(name.clone())) />
                <span class="aws-row-main"><strong class="aws-row-name">{stack.name.clone()}</strong></span>
                <span class="aws-row-counts muted">{stack.status.clone()}</span>
            </label>
        }
    };
    let listing_view = move || {
        match listing.get() {
        Listing::Loading => view! { <p class="muted aws-empty">"Reading the account…"</p> }.into_any(),
        Listing::Failed(message) => view! {
            <div class="form-error" role="alert" data-testid="aws-list-error">{message}</div>
        }
        .into_any(),
        Listing::Vpcs(vpcs) if vpcs.is_empty() => {
            view! { <p class="muted aws-empty">"This region has no VPC."</p> }.into_any()
        }
        Listing::Stacks(stacks) if stacks.is_empty() => {
            view! { <p class="muted aws-empty">"This region has no stack."</p> }.into_any()
        }
        Listing::Vpcs(vpcs) => view! {
            <div class="aws-list" data-testid="aws-vpcs">{vpcs.into_iter().map(vpc_row).collect_view()}</div>
        }
        .into_any(),
        Listing::Stacks(stacks) => view! {
            <div class="aws-list" data-testid="aws-stacks">{stacks.into_iter().map(stack_row).collect_view()}</div>
        }
        .into_any(),
    }
    };
    let progress_view = move || {
        match stage.get() {
        Stage::Starting => Some(view! { <p class="muted" role="status">"Starting the import…"</p> }.into_any()),
        Stage::Running(r) => {
            let share = if r.expected == 0 { 0.0 } else { (r.calls as f64 / r.expected as f64).min(0.95) };
            // Every line so far, up to the last 200, newest first: the box
            // lays them out bottom up, so it stays scrolled to the newest.
            let shown: Vec<String> = r.lines.iter().rev().take(200).cloned().collect();
            Some(view! {
                <div class="aws-progress" data-testid="aws-progress" role="status">
                    <div class="aws-bar"><div class="aws-bar-fill" style:width=format!("{:.0}%", share * 100.0) /></div>
                    <p class="aws-progress-count">
                        {format!("{} call{} done", r.calls, if r.calls == 1 { "" } else { "s" })}
                        {(!r.warnings.is_empty()).then(|| format!(" · {} warning{}", r.warnings.len(), if r.warnings.len() == 1 { "" } else { "s" }))}
                    </p>
                    <ul class="aws-services" data-testid="aws-service-counts">
                        {r.services.iter().map(|s| view! {
                            <li data-testid="aws-service" data-service=s.label>
                                <strong>{s.label}</strong>
                                {format!(" {} call{} · {} item{}", s.calls, if s.calls == 1 { "" } else { "s" }, s.items, if s.items == 1 { "" } else { "s" })}
                            </li>
                        }).collect_view()}
                    </ul>
                    <ul class="aws-lines" data-testid="aws-progress-lines">
                        {shown.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                    </ul>
                </div>
            }.into_any())
        }
        Stage::Opening => Some(view! {
            <p class="import-result" role="status" data-testid="aws-opening">"Imported and saved: opening the design…"</p>
        }.into_any()),
        Stage::Partial { design, warnings } => Some(view! {
            <div class="aws-partial" role="status" data-testid="aws-partial">
                <p class="import-result">
                    {format!("Imported and saved, but {} thing{} could not be read:", warnings.len(), if warnings.len() == 1 { "" } else { "s" })}
                </p>
                <ul class="aws-warnings" data-testid="aws-warnings">
                    {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                </ul>
                <button class="button primary" data-testid="aws-open-design" on:click=move |_| open_design(&design)>"Open the design"</button>
            </div>
        }.into_any()),
        Stage::Failed(message) => Some(view! {
            <div class="form-error" role="alert" data-testid="aws-import-error">{message}</div>
        }.into_any()),
        Stage::Choosing => None,
    }
    };
    view! {
        <div class="modal-backdrop" on:click=move |_| close()>
            <div class="modal aws-import" role="dialog" aria-label="Import from AWS" data-testid="aws-import-dialog"
                on:click=|ev| ev.stop_propagation()>
                <header class="modal-header">
                    <h2>"Import from AWS"</h2>
                    <button class="icon-button" aria-label="Close" on:click=move |_| close()>"×"</button>
                </header>
                <p class="muted">
                    "The server reads the account with its own AWS credentials and saves what it finds as a new design."
                </p>
                <div class="aws-controls">
                    <label class="share-field">
                        "Region"
                        <input type="text" data-testid="aws-region" spellcheck="false" prop:value=move || region.get()
                            prop:disabled=busy
                            on:change=move |ev| { region.set(event_target_value(&ev).trim().to_owned()); list(); } />
                    </label>
                    <div class="segmented" role="radiogroup" aria-label="What to import">
                        <button class="button" class:active=move || source.get() == Source::Vpcs data-testid="aws-source-vpcs"
                            prop:disabled=busy on:click=move |_| pick_source(Source::Vpcs)>"VPCs"</button>
                        <button class="button" class:active=move || source.get() == Source::Stacks data-testid="aws-source-stacks"
                            prop:disabled=busy on:click=move |_| pick_source(Source::Stacks)>"Stack"</button>
                    </div>
                    <button class="button" data-testid="aws-refresh" prop:disabled=busy on:click=move |_| list()>"Refresh"</button>
                </div>
                {listing_view}
                {progress_view}
                <div class="modal-actions">
                    {move || if matches!(stage.get(), Stage::Running(_)) {
                        view! { <button class="button" data-testid="aws-cancel" on:click=cancel>"Cancel import"</button> }.into_any()
                    } else {
                        view! { <button class="button" on:click=move |_| close()>"Close"</button> }.into_any()
                    }}
                    <button class="button primary" data-testid="aws-import-submit" prop:disabled=move || !can_import() on:click=import>
                        {move || if busy() { "Importing…" } else { "Import" }}
                    </button>
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{counts_text, service_of};

    #[test]
    fn a_progress_line_names_its_service_and_items() {
        assert_eq!(service_of("read 4 subnets (ec2:DescribeSubnets)"), Some(("EC2", 4)));
        assert_eq!(
            service_of("read 12 load balancers (elasticloadbalancing:DescribeLoadBalancers)"),
            Some(("ELB", 12))
        );
        assert_eq!(
            service_of("read 0 Lambda functions (lambda:ListFunctions)"),
            Some(("Lambda", 0))
        );
        assert_eq!(
            service_of("read the stack's template (cloudformation:GetTemplate)"),
            Some(("CloudFormation", 0))
        );
        assert_eq!(service_of("read 2 RDS databases (rds:DescribeDBInstances)"), Some(("RDS", 2)));
        assert_eq!(
            service_of("read 3 EFS mount targets (elasticfilesystem:DescribeMountTargets)"),
            Some(("EFS", 3))
        );
        assert_eq!(service_of("starting"), None);
    }

    #[test]
    fn counts_read_as_a_line() {
        let counts = vec![
            ("Lambda functions".to_owned(), 0),
            ("security groups".to_owned(), 1),
            ("subnets".to_owned(), 2),
        ];
        assert_eq!(counts_text(&counts), "0 Lambda functions · 1 security group · 2 subnets");
    }
}
