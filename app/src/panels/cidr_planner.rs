//! The CIDR planner of a selected VPC: a bar of its address space with the
//! blocks its subnets use and the free blocks between them, "next free /N"
//! (with a button that adds a subnet there in a chosen zone) and "split
//! into K" for a block picked on the bar.

use crate::actions::AddSubnet;
use crate::geometry;
use crate::state::Editor;
use ipnet::Ipv4Net;
use leptos::prelude::*;
use vpcraft_core::cidr;
use vpcraft_core::model::Kind;
use vpcraft_core::sort;
use vpcraft_core::{Design, ResourceId};

/// One stretch of a VPC block on the bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub net: Ipv4Net,
    /// The subnet using the block, or `None` for a free block.
    pub subnet: Option<UsedBy>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsedBy {
    pub id: ResourceId,
    pub name: String,
    pub public: bool,
}

/// The VPC's blocks and the subnets of its zones, as the planner needs them.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
struct Space {
    blocks: Vec<Ipv4Net>,
    subnets: Vec<(Ipv4Net, UsedBy)>,
    zones: Vec<(ResourceId, String)>,
}

fn space_of(design: &Design, vpc: &ResourceId) -> Space {
    let Some(Kind::Vpc(props)) = design.resource(vpc).map(|r| &r.kind) else {
        return Space::default();
    };
    let azs = geometry::azs_of_vpc(design, vpc);
    let public = geometry::public_subnets(design);
    let subnets = design
        .resources
        .iter()
        .filter_map(|r| match &r.kind {
            Kind::Subnet(s) if azs.contains(&s.az) => Some((
                s.cidr?.trunc(),
                UsedBy { id: r.id.clone(), name: r.name.clone(), public: public.contains(&r.id) },
            )),
            _ => None,
        })
        .collect();
    let zones = azs
        .iter()
        .map(|az| {
            let label = match design.resource(az).map(|r| &r.kind) {
                Some(Kind::AvailabilityZone(z)) => format!("Zone {}", z.zone),
                _ => az.to_string(),
            };
            (az.clone(), label)
        })
        .collect();
    Space { blocks: props.cidr_blocks.iter().map(Ipv4Net::trunc).collect(), subnets, zones }
}

/// The largest aligned CIDR blocks that exactly cover `[start, end)`.
pub fn range_to_blocks(mut start: u64, end: u64) -> Vec<Ipv4Net> {
    let mut blocks = Vec::new();
    while start < end {
        let mut size = if start == 0 { 1u64 << 32 } else { 1u64 << start.trailing_zeros().min(32) };
        while size > end - start {
            size /= 2;
        }
        let prefix = 32 - size.trailing_zeros() as u8;
        blocks.push(Ipv4Net::new((start as u32).into(), prefix).expect("a prefix of at most 32"));
        start += size;
    }
    blocks
}

/// The bar of one VPC block: used blocks in address order and the free
/// space between them as aligned blocks. Subnets overlapping one drawn
/// before them are left out (the rules report the overlap).
pub fn segments(block: &Ipv4Net, used: &[(Ipv4Net, UsedBy)]) -> Vec<Segment> {
    let start = u64::from(u32::from(block.network()));
    let end = start + cidr::size(block);
    let mut inside: Vec<&(Ipv4Net, UsedBy)> =
        used.iter().filter(|(net, _)| block.contains(net)).collect();
    sort::sort_by_key(&mut inside, |(net, _)| (net.network(), net.prefix_len()));
    let mut out = Vec::new();
    let mut cursor = start;
    for (net, by) in inside {
        let first = u64::from(u32::from(net.network()));
        if first < cursor {
            continue;
        }
        out.extend(
            range_to_blocks(cursor, first).into_iter().map(|net| Segment { net, subnet: None }),
        );
        out.push(Segment { net: *net, subnet: Some(by.clone()) });
        cursor = first + cidr::size(net);
    }
    out.extend(range_to_blocks(cursor, end).into_iter().map(|net| Segment { net, subnet: None }));
    out
}

/// The smallest and largest subnet prefixes AWS allows.
const SUBNET_PREFIXES: std::ops::RangeInclusive<u8> = 16..=28;
const PARTS: [u32; 5] = [2, 4, 8, 16, 32];

#[component]
pub fn CidrPlanner(vpc: ResourceId) -> impl IntoView {
    let editor = Editor::use_context();
    let space = {
        let vpc = vpc.clone();
        Memo::new(move |_| editor.design.with(|d| space_of(d, &vpc)))
    };
    let prefix_text = RwSignal::new("24".to_owned());
    let zone = RwSignal::new(None::<ResourceId>);
    let chosen = RwSignal::new(None::<Ipv4Net>);
    let parts = RwSignal::new(4_u32);

    let prefix = Memo::new(move |_| {
        prefix_text.with(|t| {
            t.trim()
                .trim_start_matches('/')
                .parse::<u8>()
                .ok()
                .filter(|p| SUBNET_PREFIXES.contains(p))
        })
    });
    let next = Memo::new(move |_| {
        let prefix = prefix.get()?;
        space.with(|s| {
            let used: Vec<Ipv4Net> = s.subnets.iter().map(|(n, _)| *n).collect();
            cidr::next_free(&s.blocks, &used, prefix)
        })
    });
    let zone_id = Memo::new(move |_| {
        space.with(|s| {
            zone.get()
                .filter(|z| s.zones.iter().any(|(id, _)| id == z))
                .or_else(|| s.zones.first().map(|(id, _)| id.clone()))
        })
    });
    let add = {
        let vpc = vpc.clone();
        move |_| {
            if let (Some(cidr), Some(az)) = (next.get_untracked(), zone_id.get_untracked()) {
                editor.dispatch(AddSubnet { vpc: vpc.clone(), az, cidr });
            }
        }
    };
    let vpc_for_parts = vpc.clone();
    // The block to split: the one picked on the bar while it is still a
    // block of the bar, otherwise the first free one.
    let target = Memo::new(move |_| {
        space.with(|s| {
            let all: Vec<Segment> = s.blocks.iter().flat_map(|b| segments(b, &s.subnets)).collect();
            chosen
                .get()
                .filter(|c| all.iter().any(|seg| seg.net == *c))
                .or_else(|| all.iter().find(|seg| seg.subnet.is_none()).map(|seg| seg.net))
        })
    });
    let split = Memo::new(move |_| {
        target.get().map(|net| cidr::split(&net, parts.get()).map_err(|e| e.to_string()))
    });

    let bars = move || {
        space.with(|s| {
            s.blocks
                .iter()
                .map(|block| {
                    let total = cidr::size(block) as f64;
                    let segs = segments(block, &s.subnets);
                    let used: u64 = segs.iter().filter(|g| g.subnet.is_some()).map(|g| cidr::size(&g.net)).sum();
                    let summary = format!(
                        "{block}: {used} of {} addresses in subnets ({:.0}%)",
                        cidr::size(block),
                        used as f64 * 100.0 / total
                    );
                    view! {
                        <div class="planner-block">
                            <div class="cidr-bar" data-testid="cidr-bar" role="group" aria-label=format!("Address space of {block}")>
                                {segs.into_iter().map(|seg| {
                                    let net = seg.net;
                                    let share = cidr::size(&net) as f64 / total;
                                    let (class, testid, title) = match &seg.subnet {
                                        Some(by) => (
                                            if by.public { "used public" } else { "used" },
                                            "cidr-used",
                                            format!("{net}: subnet \"{}\"", by.name),
                                        ),
                                        None => ("free", "cidr-free", format!("{net}: free")),
                                    };
                                    view! {
                                        <button class=class class:chosen=move || target.get() == Some(net)
                                            data-testid=testid data-cidr=net.to_string() title=title.clone()
                                            aria-label=title style=format!("flex: {share} 1 0; min-width: 3px")
                                            on:click=move |_| chosen.set(Some(net)) />
                                    }
                                }).collect_view()}
                            </div>
                            <div class="planner-caption muted" data-testid="cidr-summary">{summary}</div>
                        </div>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <section class="planner" data-testid="cidr-planner" aria-label="CIDR planner">
            <h4>"CIDR planner"</h4>
            {bars}
            <div class="planner-row">
                <label for="planner-prefix">"Next free /"</label>
                <input id="planner-prefix" type="number" min="16" max="28" data-testid="planner-prefix"
                    prop:value=move || prefix_text.get() on:input=move |ev| prefix_text.set(event_target_value(&ev)) />
                <span class="planner-result" data-testid="planner-next">
                    {move || match (prefix.get(), next.get()) {
                        (None, _) => "choose /16 to /28".to_owned(),
                        (Some(p), None) => format!("no free /{p} left"),
                        (Some(_), Some(net)) => net.to_string(),
                    }}
                </span>
            </div>
            <div class="planner-row">
                <select data-testid="planner-az" aria-label="Availability zone of the new subnet"
                    on:change=move |ev| zone.set(Some(ResourceId::new(event_target_value(&ev))))>
                    {move || space.with(|s| s.zones.iter().map(|(id, label)| {
                        let selected = zone_id.get().as_ref() == Some(id);
                        view! { <option value=id.to_string() selected=selected>{label.clone()}</option> }
                    }).collect_view())}
                </select>
                <button class="button" data-testid="planner-add"
                    disabled=move || next.get().is_none() || zone_id.get().is_none() on:click=add>
                    "Add subnet here"
                </button>
            </div>
            <div class="planner-row">
                <span>"Split"</span>
                <span class="planner-result" data-testid="planner-split-block">
                    {move || target.get().map_or_else(|| "pick a block on the bar".to_owned(), |n| n.to_string())}
                </span>
                <span>"into"</span>
                <select data-testid="planner-parts" aria-label="Number of parts"
                    on:change=move |ev| parts.set(event_target_value(&ev).parse().unwrap_or(4))>
                    {PARTS.iter().map(|k| view! {
                        <option value=k.to_string() selected=move || parts.get() == *k>{k.to_string()}</option>
                    }).collect_view()}
                </select>
            </div>
            {move || split.get().map(|result| match result {
                Ok(list) => view! {
                    <ul class="planner-parts" data-testid="planner-parts-list">
                        {list.into_iter().map(|net| {
                            // A free part can become a subnet in the chosen zone.
                            let free = space.with(|s| !s.subnets.iter().any(|(used, _)| cidr::overlaps(used, &net)));
                            let vpc = vpc_for_parts.clone();
                            let add_part = move |_| {
                                if let Some(az) = zone_id.get_untracked() {
                                    editor.dispatch(AddSubnet { vpc: vpc.clone(), az, cidr: net });
                                }
                            };
                            view! {
                                <li>
                                    <span class="planner-result" data-testid="planner-part">{net.to_string()}</span>
                                    <Show when=move || free>
                                        <button class="button small" data-testid="planner-part-add"
                                            title=format!("Add a subnet {net} in the chosen zone")
                                            disabled=move || zone_id.get().is_none() on:click=add_part.clone()>
                                            "Add subnet"
                                        </button>
                                    </Show>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(message) => view! { <p class="form-error" data-testid="planner-split-error">{message}</p> }.into_any(),
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    fn by(name: &str) -> UsedBy {
        UsedBy { id: ResourceId::new(name), name: name.into(), public: false }
    }

    #[test]
    fn free_ranges_become_aligned_blocks() {
        let blocks = range_to_blocks(
            u64::from(u32::from(net("10.0.1.0/24").network())),
            u64::from(u32::from(net("10.0.4.0/24").network())),
        );
        assert_eq!(blocks, vec![net("10.0.1.0/24"), net("10.0.2.0/23")]);
        assert_eq!(range_to_blocks(0, 1 << 32), vec![net("0.0.0.0/0")]);
    }

    #[test]
    fn segments_cover_the_block_in_order() {
        let used = vec![
            (net("10.0.1.0/24"), by("b")),
            (net("10.0.0.0/24"), by("a")),
            (net("10.0.0.0/25"), by("x")),
        ];
        let segs = segments(&net("10.0.0.0/22"), &used);
        let shown: Vec<(String, Option<String>)> = segs
            .iter()
            .map(|s| (s.net.to_string(), s.subnet.as_ref().map(|b| b.name.clone())))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("10.0.0.0/24".into(), Some("a".into())),
                ("10.0.1.0/24".into(), Some("b".into())),
                ("10.0.2.0/23".into(), None),
            ]
        );
        let total: u64 = segs.iter().map(|s| cidr::size(&s.net)).sum();
        assert_eq!(total, 1024);
    }
}
