//! The inspector: the selected resource's name and main properties, edited
//! in place, with the findings that name it.

use super::candidates;
use super::fields::{CheckField, TextField, parse};
use super::flow_inspector::FlowInspector;
use super::json_fields::{Format, JRef, JRefs, JSelect, JText};
use crate::actions::{DeleteResources, MakeExisting, PropertyEdit, can_be_existing};
use crate::canvas::icon_svg;
use crate::state::Editor;
use leptos::prelude::*;
use vpcraft_core::model::{Kind, KindTag};
use vpcraft_core::{Design, ResourceId};

/// The right-hand panel.
#[component]
pub fn Inspector() -> impl IntoView {
    let editor = Editor::use_context();
    let loading = move || matches!(editor.save_status.get(), crate::state::SaveStatus::Loading);
    crate::lazy::preload_when(move || !loading(), preload_panels);
    // The kind is part of the key: a resource made an existing one gets the
    // inspector of its new kind.
    let single = Memo::new(move |_| {
        editor.selection.with(|sel| match sel.as_slice() {
            [one] => {
                let tag = editor.design.with(|d| d.resource(one).map(|r| r.kind.tag()));
                Some((one.clone(), tag))
            }
            _ => None,
        })
    });
    let count = move || editor.selection.with(Vec::len);
    view! {
        <aside class="inspector" data-testid="inspector" aria-label="Inspector">
            // A viewer sees every field but can change none.
            <fieldset class="read-only-scope" prop:disabled=move || !editor.can_edit()>
            {move || match (single.get(), count()) {
                (Some((id, _)), _) if editor.design.with_untracked(|d| d.flows.iter().any(|f| f.id == id)) => {
                    crate::lazy::view(flow_inspector(id)).into_any()
                }
                (Some((id, _)), _) => crate::lazy::view(resource_inspector(id)).into_any(),
                (None, 0) => view! { <DesignSummary /> }.into_any(),
                (None, n) => view! { <MultiSelection count=n /> }.into_any(),
            }}
            </fieldset>
            // Outside the read-only scope: reviewers comment.
            <crate::comments::CommentOnSelection />
        </aside>
    }
}

/// A flow's inspector, in the wasm module of the editor's panels (see
/// `crate::lazy`), which the inspector asks to fetch once the editor is drawn.
#[wasm_split_helpers::wasm_split(panels, fallible, preload(preload_panels))]
fn flow_inspector(id: ResourceId) -> crate::lazy::Loaded {
    Ok(view! { <FlowInspector id=id /> }.into_any())
}

/// A resource's inspector, in the wasm module of the editor's panels.
#[wasm_split_helpers::wasm_split(panels, fallible)]
fn resource_inspector(id: ResourceId) -> crate::lazy::Loaded {
    Ok(view! { <ResourceInspector id=id /> }.into_any())
}

/// Shown when nothing is selected: the design as a whole.
#[component]
fn DesignSummary() -> impl IntoView {
    let editor = Editor::use_context();
    let count = move |tag: KindTag| {
        editor.design.with(|d| d.resources.iter().filter(|r| r.kind.tag() == tag).count())
    };
    view! {
        <div class="panel-title">"Design"</div>
        <div class="inspector-body">
            <dl class="facts">
                <dt>"Region"</dt><dd>{move || editor.design.with(|d| d.region.clone())}</dd>
                <dt>"Resources"</dt><dd data-testid="summary-resources">{move || editor.design.with(|d| d.resources.len())}</dd>
                <dt>"Flows"</dt><dd data-testid="summary-flows">{move || editor.design.with(|d| d.flows.len())}</dd>
                <dt>"VPCs"</dt><dd>{move || count(KindTag::Vpc)}</dd>
                <dt>"Subnets"</dt><dd>{move || count(KindTag::Subnet)}</dd>
                <dt>"Lambda functions"</dt><dd>{move || count(KindTag::LambdaFunction)}</dd>
            </dl>
            <p class="muted">"Select a resource on the canvas to edit its properties."</p>
        </div>
    }
}

#[component]
fn MultiSelection(count: usize) -> impl IntoView {
    let editor = Editor::use_context();
    let delete = move |_| {
        editor.dispatch(DeleteResources { ids: editor.selection.get_untracked() });
    };
    view! {
        <div class="panel-title">{format!("{count} resources selected")}</div>
        <div class="inspector-body">
            <button class="button danger" data-testid="delete" on:click=delete>"Delete selection"</button>
        </div>
    }
}

/// The properties of one resource. Its kind never changes, so the fields
/// are chosen once.
#[component]
fn ResourceInspector(id: ResourceId) -> impl IntoView {
    let editor = Editor::use_context();
    let Some(tag) = editor.design.with_untracked(|d| d.resource(&id).map(|r| r.kind.tag())) else {
        return view! { <div class="panel-title">"Nothing selected"</div> }.into_any();
    };
    let findings = {
        let id = id.clone();
        Memo::new(move |_| {
            editor.findings.with(|all| {
                all.iter()
                    .filter(|f| f.resources.iter().any(|r| r.id == id))
                    .map(|f| (f.rule.clone(), f.severity.as_str(), f.message.clone()))
                    .collect::<Vec<_>>()
            })
        })
    };
    let delete = {
        let id = id.clone();
        move |_| {
            editor.dispatch(DeleteResources { ids: vec![id.clone()] });
        }
    };
    let make_existing = can_be_existing(tag).then(|| {
        let id = id.clone();
        let on_click = move |_| {
            editor.dispatch(MakeExisting { id: id.clone() });
        };
        view! {
            <button class="button" data-testid="make-existing" on:click=on_click
                title="Refer to one that already exists, given by a parameter at deploy time">
                "Use an existing one"
            </button>
        }
    });
    view! {
        <div class="inspector-header">
            {icon_svg(tag, 32)}
            <div>
                <div class="kind-title">{tag.title()}</div>
                <div class="resource-id" data-testid="selected-id">{id.to_string()}</div>
            </div>
        </div>
        <div class="inspector-body">
            <TextField label="Name" field="name" read=read_name parse=parse::name target=id.clone() />
            {kind_fields(tag, id.clone())}
            {move || {
                let list = findings.get();
                (!list.is_empty()).then(|| view! {
                    <div class="inspector-findings">
                        <h4>"Findings"</h4>
                        {list.into_iter().map(|(rule, severity, message)| view! {
                            <div class=format!("mini-finding {severity}")>
                                <code>{rule}</code>" "{message}
                            </div>
                        }).collect_view()}
                    </div>
                })
            }}
            <div class="inspector-actions">
                {make_existing}
                <button class="button danger" data-testid="delete" on:click=delete>"Delete"</button>
            </div>
        </div>
    }
    .into_any()
}

/// The fields of a kind's properties.
fn kind_fields(tag: KindTag, id: ResourceId) -> AnyView {
    if let Some(fields) = super::kind_fields::fields(tag, id.clone()) {
        return view! { {fields} <Placement id=id /> }.into_any();
    }
    match tag {
        KindTag::Vpc => view! {
            <TextField label="IPv4 CIDR blocks" field="cidr_blocks" read=read_cidr_blocks
                parse=parse::cidr_blocks target=id.clone() hint="Comma separated, /16 to /28" />
            <CheckField label="DNS support" field="enable_dns_support" read=read_dns_support
                make=PropertyEdit::DnsSupport target=id.clone() />
            <CheckField label="DNS hostnames" field="enable_dns_hostnames" read=read_dns_hostnames
                make=PropertyEdit::DnsHostnames target=id.clone() />
            <JSelect label="IPv6 CIDR block" target=id.clone() pointer="/ipv6" json_values=true
                options=&[("null", "No IPv6 block"), ("\"amazon_provided\"", "Amazon-provided /56")] />
            <super::cidr_planner::CidrPlanner vpc=id />
        }
        .into_any(),
        KindTag::Subnet => view! {
            <TextField label="IPv4 CIDR block" field="cidr" read=read_subnet_cidr parse=parse::cidr
                target=id.clone() hint="Inside the VPC's CIDR, /16 to /28; empty: a parameter gives it at deploy" />
            <CheckField label="Auto-assign public IPv4 address" field="map_public_ip_on_launch"
                read=read_map_public_ip make=PropertyEdit::MapPublicIp target=id.clone() />
            <JText label="IPv6 CIDR block" target=id.clone() pointer="/ipv6" format=Format::SubnetIpv6
                hint="The number of a /64 of the VPC's IPv6 block, or an IPv6 CIDR; empty: IPv4 only" />
            <JRef label="Availability zone" target=id.clone() pointer="/az" candidates=candidates::zones />
            <Placement id=id />
        }
        .into_any(),
        KindTag::LambdaFunction => view! {
            <TextField label="Runtime" field="runtime" read=read_runtime parse=parse::runtime
                target=id.clone() list="lambda-runtimes" />
            <datalist id="lambda-runtimes">
                {RUNTIMES.iter().map(|r| view! { <option value=*r></option> }).collect_view()}
            </datalist>
            <TextField label="Handler" field="handler" read=read_handler parse=parse::handler target=id.clone() />
            <div class="field-row">
                <TextField label="Memory (MB)" field="memory_mb" read=read_memory parse=parse::memory_mb
                    target=id.clone() numeric=true />
                <TextField label="Timeout (s)" field="timeout_s" read=read_timeout parse=parse::timeout_s
                    target=id.clone() numeric=true />
            </div>
            <JText label="Environment variables" target=id.clone() pointer="/environment" format=Format::KeyValues
                multiline=true placeholder="QUEUE_URL=…" hint="One KEY=value per line" />
            <JRefs label="VPC subnets" target=id.clone() pointer="/vpc_config/subnets" candidates=candidates::subnets
                empty="No subnets: the function runs outside any VPC" />
            <JRefs label="Security groups" target=id.clone() pointer="/vpc_config/security_groups"
                candidates=candidates::security_groups />
            <JText label="Execution role ARN" target=id.clone() pointer="/role/arn" format=Format::Optional
                placeholder="generated role" />
            <JText label="Role allows actions" target=id.clone() pointer="/role/actions" format=Format::List
                multiline=true placeholder="sqs:SendMessage" hint="One IAM action per line" />
            <Placement id=id />
        }
        .into_any(),
        KindTag::AvailabilityZone => view! { <Placement id=id /> }.into_any(),
        _ => view! {
            <p class="muted">"More properties of this resource will be editable here soon."</p>
            <Placement id=id />
        }
        .into_any(),
    }
}

/// Where a resource sits: its VPC, zone or subnets, as read-only facts.
#[component]
fn Placement(id: ResourceId) -> impl IntoView {
    let editor = Editor::use_context();
    let facts = move || editor.design.with(|d| placement_facts(d, &id));
    view! {
        <dl class="facts">
            {move || facts().into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
        </dl>
    }
}

fn placement_facts(design: &Design, id: &ResourceId) -> Vec<(&'static str, String)> {
    let name =
        |id: &ResourceId| design.resource(id).map_or_else(|| id.to_string(), |r| r.name.clone());
    let Some(resource) = design.resource(id) else {
        return Vec::new();
    };
    match &resource.kind {
        Kind::AvailabilityZone(az) => vec![("Zone", az.zone.clone()), ("VPC", name(&az.vpc))],
        Kind::Subnet(s) => {
            let mut facts = vec![("Availability zone", name(&s.az))];
            if let Some(Kind::AvailabilityZone(az)) = design.resource(&s.az).map(|r| &r.kind) {
                facts.push(("VPC", name(&az.vpc)));
            }
            if let Some(cidr) = &s.cidr {
                facts.push((
                    "Usable addresses",
                    vpcraft_core::cidr::usable_in_subnet(cidr).to_string(),
                ));
            }
            facts
        }
        kind => {
            let subnets: Vec<String> = kind.subnets().iter().map(name).collect();
            match vpcraft_core::index::container_of(kind) {
                _ if !subnets.is_empty() => vec![("Subnets", subnets.join(", "))],
                Some(vpc) => vec![("VPC", name(vpc))],
                None => vec![("Network", "Outside any VPC".to_owned())],
            }
        }
    }
}

/// Runtimes offered while typing; any other runtime name is accepted.
const RUNTIMES: &[&str] = &[
    "python3.13",
    "python3.12",
    "python3.11",
    "nodejs22.x",
    "nodejs20.x",
    "java21",
    "java17",
    "dotnet8",
    "ruby3.3",
    "provided.al2023",
];

fn read_name(d: &Design, id: &ResourceId) -> Option<String> {
    d.resource(id).map(|r| r.name.clone())
}

fn read_cidr_blocks(d: &Design, id: &ResourceId) -> Option<String> {
    match &d.resource(id)?.kind {
        Kind::Vpc(v) => {
            Some(v.cidr_blocks.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
        }
        _ => None,
    }
}

fn read_dns_support(d: &Design, id: &ResourceId) -> Option<bool> {
    match &d.resource(id)?.kind {
        Kind::Vpc(v) => Some(v.enable_dns_support),
        _ => None,
    }
}

fn read_dns_hostnames(d: &Design, id: &ResourceId) -> Option<bool> {
    match &d.resource(id)?.kind {
        Kind::Vpc(v) => Some(v.enable_dns_hostnames),
        _ => None,
    }
}

fn read_subnet_cidr(d: &Design, id: &ResourceId) -> Option<String> {
    match &d.resource(id)?.kind {
        Kind::Subnet(s) => s.cidr.map(|c| c.to_string()),
        _ => None,
    }
}

fn read_map_public_ip(d: &Design, id: &ResourceId) -> Option<bool> {
    match &d.resource(id)?.kind {
        Kind::Subnet(s) => Some(s.map_public_ip_on_launch),
        _ => None,
    }
}

fn read_runtime(d: &Design, id: &ResourceId) -> Option<String> {
    match &d.resource(id)?.kind {
        Kind::LambdaFunction(f) => Some(f.runtime.clone()),
        _ => None,
    }
}

fn read_handler(d: &Design, id: &ResourceId) -> Option<String> {
    match &d.resource(id)?.kind {
        Kind::LambdaFunction(f) => Some(f.handler.clone()),
        _ => None,
    }
}

fn read_memory(d: &Design, id: &ResourceId) -> Option<String> {
    match &d.resource(id)?.kind {
        Kind::LambdaFunction(f) => Some(f.memory_mb.to_string()),
        _ => None,
    }
}

fn read_timeout(d: &Design, id: &ResourceId) -> Option<String> {
    match &d.resource(id)?.kind {
        Kind::LambdaFunction(f) => Some(f.timeout_s.to_string()),
        _ => None,
    }
}
