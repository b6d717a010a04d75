//! Editors for the list properties that are tables: security-group rules,
//! routes and network ACL entries, one row per item. Rows are keyed by
//! position, so typing in a cell never rebuilds the table under the caret.

use super::json_fields::{self, cidr};
use crate::state::Editor;
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use vpcraft_core::model::{
    Kind, NetworkAclEntry, PortRange, Protocol, Route, RouteDestination, RuleAction,
    SecurityGroupRule, SgPeer,
};
use vpcraft_core::{Design, ResourceId};

/// Reads the list at `pointer` of a resource as typed items.
pub(super) fn read_list<T: DeserializeOwned>(
    design: &Design,
    id: &ResourceId,
    pointer: &str,
) -> Vec<T> {
    json_fields::read(design, id, pointer)
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}

/// Changes item `index` of the list at `pointer`, or says why not.
pub(super) fn change_item<T: DeserializeOwned + Serialize>(
    editor: Editor,
    target: &ResourceId,
    pointer: &str,
    index: usize,
    change: impl FnOnce(&mut T) -> Result<(), String>,
) -> Result<(), String> {
    let mut list: Vec<T> = editor.design.with_untracked(|d| read_list(d, target, pointer));
    let item = list.get_mut(index).ok_or("This row no longer exists")?;
    change(item)?;
    json_fields::set(editor, target, pointer, json!(list));
    Ok(())
}

pub(super) fn remove_item<T: DeserializeOwned + Serialize>(
    editor: Editor,
    target: &ResourceId,
    pointer: &str,
    index: usize,
) {
    let mut list: Vec<T> = editor.design.with_untracked(|d| read_list(d, target, pointer));
    if index < list.len() {
        list.remove(index);
        json_fields::set(editor, target, pointer, json!(list));
    }
}

pub(super) fn push_item<T: DeserializeOwned + Serialize>(
    editor: Editor,
    target: &ResourceId,
    pointer: &str,
    item: T,
) {
    let mut list: Vec<T> = editor.design.with_untracked(|d| read_list(d, target, pointer));
    list.push(item);
    json_fields::set(editor, target, pointer, json!(list));
}

/// Parses `443`, `1024-65535`, or blank for every port.
pub fn parse_ports(text: &str) -> Result<Option<PortRange>, String> {
    let t = text.trim();
    if t.is_empty() || t == "all" {
        return Ok(None);
    }
    let port = |p: &str| {
        p.trim()
            .parse::<u16>()
            .map_err(|_| format!("\"{t}\" is not a port (0-65535) or range such as 1024-65535"))
    };
    let range = match t.split_once('-') {
        Some((a, b)) => PortRange { from: port(a)?, to: port(b)? },
        None => PortRange::single(port(t)?),
    };
    if range.from > range.to {
        return Err(format!("\"{t}\" runs backwards"));
    }
    Ok(Some(range))
}

fn show_ports(ports: Option<PortRange>) -> String {
    ports.map(|p| p.to_string()).unwrap_or_default()
}

fn parse_protocol(text: &str) -> Protocol {
    match text {
        "udp" => Protocol::Udp,
        "icmp" => Protocol::Icmp,
        "all" => Protocol::All,
        _ => Protocol::Tcp,
    }
}

/// Reads a security-group rule's peer: a CIDR, an IPv6 CIDR, a prefix list
/// (`pl-…`) or a security group by name or ID.
pub fn parse_peer(design: &Design, text: &str) -> Result<SgPeer, String> {
    let t = text.trim();
    if t.starts_with("pl-") {
        return Ok(SgPeer::PrefixList(t.to_owned()));
    }
    if t.contains(':') {
        return Ok(SgPeer::Cidr6(t.to_owned()));
    }
    if t.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return cidr(t).map(SgPeer::Cidr);
    }
    design
        .resources
        .iter()
        .find(|r| matches!(r.kind, Kind::SecurityGroup(_)) && (r.id.as_str() == t || r.name == t))
        .map(|r| SgPeer::SecurityGroup(r.id.clone()))
        .ok_or_else(|| format!("\"{t}\" is neither a CIDR, a prefix list (pl-…) nor a security group of this design"))
}

fn show_peer(design: &Design, peer: &SgPeer) -> String {
    match peer {
        SgPeer::Cidr(c) => c.to_string(),
        SgPeer::Cidr6(c) | SgPeer::PrefixList(c) => c.clone(),
        SgPeer::SecurityGroup(id) => {
            design.resource(id).map_or_else(|| id.to_string(), |r| r.name.clone())
        }
    }
}

const PROTOCOLS: &[(&str, &str)] =
    &[("tcp", "TCP"), ("udp", "UDP"), ("icmp", "ICMP"), ("all", "All")];

/// A text cell of a row: shows `value`, checks typed text with `commit`.
pub(super) fn cell(
    value: impl Fn() -> String + Send + Sync + 'static,
    commit: impl Fn(String) -> Result<(), String> + 'static,
    error: RwSignal<Option<String>>,
    testid: String,
    placeholder: &'static str,
) -> impl IntoView {
    let value = Memo::new(move |_| value());
    view! {
        <input type="text" class="cell" data-testid=testid spellcheck="false" placeholder=placeholder
            prop:value=move || value.get()
            on:input=move |ev| error.set(commit(event_target_value(&ev)).err()) />
    }
}

/// The ingress or egress rules of a security group.
#[component]
pub fn SgRules(target: ResourceId, pointer: &'static str, title: &'static str) -> impl IntoView {
    let editor = Editor::use_context();
    let count = {
        let target = target.clone();
        Memo::new(move |_| {
            editor.design.with(|d| read_list::<SecurityGroupRule>(d, &target, pointer).len())
        })
    };
    let base = json_fields::testid(pointer);
    let add = {
        let target = target.clone();
        move |_| {
            let peer = editor.design.with_untracked(|d| default_peer(d, &target));
            let rule = SecurityGroupRule {
                protocol: Protocol::Tcp,
                ports: Some(PortRange::single(443)),
                peer,
                description: String::new(),
            };
            push_item(editor, &target, pointer, rule);
        }
    };
    let row = {
        let target = target.clone();
        let base = base.clone();
        move |i: usize| {
            let rule = {
                let target = target.clone();
                Memo::new(move |_| {
                    editor.design.with(|d| {
                        read_list::<SecurityGroupRule>(d, &target, pointer).get(i).cloned()
                    })
                })
            };
            let rule = move || rule.get();
            let error = RwSignal::new(None::<String>);
            let t = target.clone();
            let protocol =
                Memo::new(move |_| rule().map(|r| r.protocol.to_string()).unwrap_or_default());
            let protocol = move || protocol.get();
            let on_protocol = move |ev: web_sys::Event| {
                let p = parse_protocol(&event_target_value(&ev));
                let _ = change_item::<SecurityGroupRule>(editor, &t, pointer, i, |r| {
                    r.protocol = p;
                    if matches!(p, Protocol::All | Protocol::Icmp) {
                        r.ports = None;
                    } else if r.ports.is_none() {
                        r.ports = Some(PortRange::single(443));
                    }
                    Ok(())
                });
            };
            let ports = { move || rule().map(|r| show_ports(r.ports)).unwrap_or_default() };
            let t = target.clone();
            let commit_ports = move |text: String| {
                let ports = parse_ports(&text)?;
                change_item::<SecurityGroupRule>(editor, &t, pointer, i, |r| {
                    r.ports = ports;
                    Ok(())
                })
            };
            let peer = {
                move || {
                    rule()
                        .map(|r| editor.design.with(|d| show_peer(d, &r.peer)))
                        .unwrap_or_default()
                }
            };
            let t = target.clone();
            let commit_peer = move |text: String| {
                let peer = editor.design.with_untracked(|d| parse_peer(d, &text))?;
                change_item::<SecurityGroupRule>(editor, &t, pointer, i, |r| {
                    r.peer = peer;
                    Ok(())
                })
            };
            let t = target.clone();
            let remove = move |_| remove_item::<SecurityGroupRule>(editor, &t, pointer, i);
            view! {
                <div class="row" data-testid=format!("{base}-row")>
                    <select class="cell narrow" data-testid=format!("{base}-{i}-protocol") prop:value=protocol
                        on:change=on_protocol>
                        {PROTOCOLS.iter().map(|(v, t)| { view! {
                            <option value=*v selected=move || protocol() == *v>{*t}</option>
                        }}).collect_view()}
                    </select>
                    {cell(ports, commit_ports, error, format!("{base}-{i}-ports"), "all")}
                    {cell(peer, commit_peer, error, format!("{base}-{i}-peer"), "CIDR, pl-… or group")}
                    <button class="icon-button small" title="Remove this rule" data-testid=format!("{base}-{i}-remove")
                        on:click=remove>"×"</button>
                    {move || error.get().map(|e| view! { <div class="field-error row-error" data-testid="prop-error">{e}</div> })}
                </div>
            }
        }
    };
    view! {
        <fieldset class="field table" data-testid=base.clone()>
            <legend>{title}</legend>
            <div class="row head"><span class="narrow">"Protocol"</span><span>"Ports"</span><span>"Peer"</span><span class="gap"></span></div>
            <For each=move || 0..count.get() key=|i| *i children=row />
            {move || (count.get() == 0).then(|| view! { <div class="field-hint">"No rules"</div> })}
            <button class="button small" data-testid=format!("{base}-add") on:click=add>"Add rule"</button>
        </fieldset>
    }
}

/// A new rule's peer: another security group of the same VPC when there
/// is one (least privilege), else the VPC's CIDR.
fn default_peer(design: &Design, sg: &ResourceId) -> SgPeer {
    let vpc = match design.resource(sg).map(|r| &r.kind) {
        Some(Kind::SecurityGroup(g)) => Some(g.vpc.clone()),
        _ => None,
    };
    let other = design.resources.iter().find(|r| {
        &r.id != sg && matches!(&r.kind, Kind::SecurityGroup(g) if Some(&g.vpc) == vpc.as_ref())
    });
    if let Some(other) = other {
        return SgPeer::SecurityGroup(other.id.clone());
    }
    let block = vpc
        .and_then(|v| match design.resource(&v).map(|r| &r.kind) {
            Some(Kind::Vpc(v)) => v.cidr_blocks.first().copied(),
            _ => None,
        })
        .unwrap_or_else(|| "10.0.0.0/16".parse().expect("a valid CIDR"));
    SgPeer::Cidr(block)
}

/// The routes of a route table.
#[component]
pub fn Routes(target: ResourceId) -> impl IntoView {
    const POINTER: &str = "/routes";
    let editor = Editor::use_context();
    let count = {
        let target = target.clone();
        Memo::new(move |_| editor.design.with(|d| read_list::<Route>(d, &target, POINTER).len()))
    };
    let targets = {
        let target = target.clone();
        Memo::new(move |_| editor.design.with(|d| super::candidates::route_targets(d, &target)))
    };
    let add = {
        let target = target.clone();
        move |_| {
            let Some((first, _)) = targets.get_untracked().into_iter().next() else {
                editor.show_toast(
                    "Add an internet gateway, NAT gateway, endpoint or peering first",
                    crate::state::ToastKind::Error,
                );
                return;
            };
            let used: Vec<Route> = editor.design.with_untracked(|d| read_list(d, &target, POINTER));
            let default: ipnet::Ipv4Net = "0.0.0.0/0".parse().expect("a valid CIDR");
            let destination =
                if used.iter().any(|r| r.destination == RouteDestination::Cidr(default)) {
                    RouteDestination::Cidr("192.168.0.0/16".parse().expect("a valid CIDR"))
                } else {
                    RouteDestination::Cidr(default)
                };
            push_item(editor, &target, POINTER, Route { destination, target: first });
        }
    };
    let row = {
        let target = target.clone();
        move |i: usize| {
            let route = {
                let target = target.clone();
                Memo::new(move |_| {
                    editor.design.with(|d| read_list::<Route>(d, &target, POINTER).get(i).cloned())
                })
            };
            let route = move || route.get();
            let error = RwSignal::new(None::<String>);
            let destination = {
                move || match route().map(|r| r.destination) {
                    Some(RouteDestination::Cidr(c)) => c.to_string(),
                    Some(RouteDestination::Cidr6(c)) => c.to_string(),
                    Some(RouteDestination::PrefixList(p)) => p,
                    None => String::new(),
                }
            };
            let t = target.clone();
            let commit = move |text: String| {
                let text = text.trim().to_owned();
                let destination = if text.starts_with("pl-") {
                    RouteDestination::PrefixList(text)
                } else if let Ok(net) = text.parse::<ipnet::Ipv6Net>() {
                    RouteDestination::Cidr6(net)
                } else {
                    RouteDestination::Cidr(cidr(&text)?)
                };
                change_item::<Route>(editor, &t, POINTER, i, |r| {
                    r.destination = destination;
                    Ok(())
                })
            };
            let current =
                Memo::new(move |_| route().map(|r| r.target.to_string()).unwrap_or_default());
            let current = move || current.get();
            let t = target.clone();
            let on_target = move |ev: web_sys::Event| {
                let chosen = ResourceId::new(event_target_value(&ev));
                let _ = change_item::<Route>(editor, &t, POINTER, i, |r| {
                    r.target = chosen;
                    Ok(())
                });
            };
            let t = target.clone();
            let remove = move |_| remove_item::<Route>(editor, &t, POINTER, i);
            view! {
                <div class="row" data-testid="prop-routes-row">
                    {cell(destination, commit, error, format!("prop-routes-{i}-destination"), "0.0.0.0/0")}
                    <select class="cell" data-testid=format!("prop-routes-{i}-target") prop:value=current on:change=on_target>
                        {move || targets.get().into_iter().map(|(id, text)| {
                            let value = id.to_string();
                            let is = value.clone();
                            view! { <option value=value selected=move || current() == is>{text}</option> }
                        }).collect_view()}
                    </select>
                    <button class="icon-button small" title="Remove this route" data-testid=format!("prop-routes-{i}-remove")
                        on:click=remove>"×"</button>
                    {move || error.get().map(|e| view! { <div class="field-error row-error" data-testid="prop-error">{e}</div> })}
                </div>
            }
        }
    };
    view! {
        <fieldset class="field table" data-testid="prop-routes">
            <legend>"Routes"</legend>
            <div class="row head"><span>"Destination"</span><span>"Target"</span><span class="gap"></span></div>
            <div class="row local"><span>"VPC CIDR"</span><span>"local"</span><span class="gap"></span></div>
            <For each=move || 0..count.get() key=|i| *i children=row />
            <button class="button small" data-testid="prop-routes-add" on:click=add>"Add route"</button>
        </fieldset>
    }
}

/// The numbered entries of a network ACL.
#[component]
pub fn AclEntries(target: ResourceId) -> impl IntoView {
    const POINTER: &str = "/entries";
    let editor = Editor::use_context();
    let count = {
        let target = target.clone();
        Memo::new(move |_| {
            editor.design.with(|d| read_list::<NetworkAclEntry>(d, &target, POINTER).len())
        })
    };
    let add = {
        let target = target.clone();
        move |_| {
            let used: Vec<NetworkAclEntry> =
                editor.design.with_untracked(|d| read_list(d, &target, POINTER));
            let number = used
                .iter()
                .map(|e| e.rule_number)
                .max()
                .unwrap_or(0)
                .saturating_add(100)
                .min(32766);
            push_item(
                editor,
                &target,
                POINTER,
                NetworkAclEntry {
                    rule_number: number,
                    egress: false,
                    protocol: Protocol::All,
                    ports: None,
                    cidr: "0.0.0.0/0".parse().expect("a valid CIDR"),
                    action: RuleAction::Allow,
                },
            );
        }
    };
    let row = {
        let target = target.clone();
        move |i: usize| {
            let entry = {
                let target = target.clone();
                Memo::new(move |_| {
                    editor
                        .design
                        .with(|d| read_list::<NetworkAclEntry>(d, &target, POINTER).get(i).cloned())
                })
            };
            let entry = move || entry.get();
            let error = RwSignal::new(None::<String>);
            let number = { move || entry().map(|e| e.rule_number.to_string()).unwrap_or_default() };
            let t = target.clone();
            let commit_number = move |text: String| {
                let n = text
                    .trim()
                    .parse::<u16>()
                    .ok()
                    .filter(|n| (1..=32766).contains(n))
                    .ok_or("A rule number is 1 to 32766")?;
                change_item::<NetworkAclEntry>(editor, &t, POINTER, i, |e| {
                    e.rule_number = n;
                    Ok(())
                })
            };
            let direction =
                Memo::new(move |_| if entry().is_some_and(|e| e.egress) { "out" } else { "in" });
            let direction = move || direction.get();
            let t = target.clone();
            let on_direction = move |ev: web_sys::Event| {
                let egress = event_target_value(&ev) == "out";
                let _ = change_item::<NetworkAclEntry>(editor, &t, POINTER, i, |e| {
                    e.egress = egress;
                    Ok(())
                });
            };
            let protocol =
                Memo::new(move |_| entry().map(|e| e.protocol.to_string()).unwrap_or_default());
            let protocol = move || protocol.get();
            let t = target.clone();
            let on_protocol = move |ev: web_sys::Event| {
                let p = parse_protocol(&event_target_value(&ev));
                let _ = change_item::<NetworkAclEntry>(editor, &t, POINTER, i, |e| {
                    e.protocol = p;
                    if matches!(p, Protocol::All | Protocol::Icmp) {
                        e.ports = None;
                    }
                    Ok(())
                });
            };
            let ports = { move || entry().map(|e| show_ports(e.ports)).unwrap_or_default() };
            let t = target.clone();
            let commit_ports = move |text: String| {
                let ports = parse_ports(&text)?;
                change_item::<NetworkAclEntry>(editor, &t, POINTER, i, |e| {
                    e.ports = ports;
                    Ok(())
                })
            };
            let block = { move || entry().map(|e| e.cidr.to_string()).unwrap_or_default() };
            let t = target.clone();
            let commit_cidr = move |text: String| {
                let text = text.trim();
                let c = match text.parse::<ipnet::Ipv6Net>() {
                    Ok(net) => net.into(),
                    Err(_) => cidr(text)?.into(),
                };
                change_item::<NetworkAclEntry>(editor, &t, POINTER, i, |e| {
                    e.cidr = c;
                    Ok(())
                })
            };
            let action = Memo::new(move |_| {
                if entry().is_some_and(|e| e.action == RuleAction::Deny) { "deny" } else { "allow" }
            });
            let action = move || action.get();
            let t = target.clone();
            let on_action = move |ev: web_sys::Event| {
                let deny = event_target_value(&ev) == "deny";
                let _ = change_item::<NetworkAclEntry>(editor, &t, POINTER, i, |e| {
                    e.action = if deny { RuleAction::Deny } else { RuleAction::Allow };
                    Ok(())
                });
            };
            let t = target.clone();
            let remove = move |_| remove_item::<NetworkAclEntry>(editor, &t, POINTER, i);
            view! {
                <div class="row acl" data-testid="prop-entries-row">
                    {cell(number, commit_number, error, format!("prop-entries-{i}-number"), "100")}
                    <select class="cell narrow" prop:value=direction on:change=on_direction>
                        <option value="in" selected=move || direction() == "in">"In"</option>
                        <option value="out" selected=move || direction() == "out">"Out"</option>
                    </select>
                    <select class="cell narrow" prop:value=protocol on:change=on_protocol>
                        {PROTOCOLS.iter().map(|(v, t)| { view! {
                            <option value=*v selected=move || protocol() == *v>{*t}</option>
                        }}).collect_view()}
                    </select>
                    {cell(ports, commit_ports, error, format!("prop-entries-{i}-ports"), "all")}
                    {cell(block, commit_cidr, error, format!("prop-entries-{i}-cidr"), "0.0.0.0/0")}
                    <select class="cell narrow" prop:value=action on:change=on_action>
                        <option value="allow" selected=move || action() == "allow">"Allow"</option>
                        <option value="deny" selected=move || action() == "deny">"Deny"</option>
                    </select>
                    <button class="icon-button small" title="Remove this entry" on:click=remove>"×"</button>
                    {move || error.get().map(|e| view! { <div class="field-error row-error" data-testid="prop-error">{e}</div> })}
                </div>
            }
        }
    };
    view! {
        <fieldset class="field table" data-testid="prop-entries">
            <legend>"Entries"</legend>
            <For each=move || 0..count.get() key=|i| *i children=row />
            {move || (count.get() == 0).then(|| view! { <div class="field-hint">"No entries: everything is denied"</div> })}
            <button class="button small" data-testid="prop-entries-add" on:click=add>"Add entry"</button>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_and_peers_parse_or_explain() {
        assert_eq!(parse_ports("443").unwrap(), Some(PortRange::single(443)));
        assert_eq!(parse_ports("1024-65535").unwrap(), Some(PortRange { from: 1024, to: 65535 }));
        assert_eq!(parse_ports("").unwrap(), None);
        assert!(parse_ports("70000").is_err());
        assert!(parse_ports("10-1").is_err());
        let design = Design::new("d");
        assert_eq!(
            parse_peer(&design, "10.0.0.0/16").unwrap(),
            SgPeer::Cidr("10.0.0.0/16".parse().unwrap())
        );
        assert_eq!(parse_peer(&design, "pl-123").unwrap(), SgPeer::PrefixList("pl-123".into()));
        assert!(parse_peer(&design, "web-sg").is_err());
    }
}
