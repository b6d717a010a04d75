//! Co-editing patches and replicas: patches between fixture designs
//! reproduce them, concurrent edits merge field by field with the last
//! accepted winning, edits of deleted resources are refused with the
//! reason, and replicas fed the server's order converge to its design.

mod common;

use common::{fixtures, load};
use serde_json::json;
use vpcraft_core::collab::protocol::{Accepted, ClientMsg};
use vpcraft_core::collab::{DesignField, Op, Patch, PatchError, Replica, patch_between};
use vpcraft_core::model::{Flow, Protocol, Rect};
use vpcraft_core::{Design, ResourceId};

/// The same design with resources and flows in ID order, so designs that
/// differ only in order compare equal.
fn normal(design: &Design) -> Design {
    let mut d = design.clone();
    d.resources.sort_by(|a, b| a.id.cmp(&b.id));
    d.flows.sort_by(|a, b| a.id.cmp(&b.id));
    d
}

const PAIRS: &[(&str, &str)] = &[
    ("rules/E4001/bad.json", "rules/E4001/good.json"),
    ("reference/A.json", "reference/A-missing-nat-route.json"),
    ("reference/B.json", "reference/B-endpoint-sg-80.json"),
    ("reference/A.json", "reference/C.json"),
    ("reference/C.json", "reference/D.json"),
    ("rules/I2012/bad.json", "rules/I2012/good.json"),
];

#[test]
fn the_patch_between_two_designs_turns_one_into_the_other() {
    for (old, new) in PAIRS {
        let (old, new) = (load(&fixtures(old)), load(&fixtures(new)));
        for (from, to) in [(&old, &new), (&new, &old)] {
            let patch = patch_between(from, to);
            let mut applied = from.clone();
            patch.apply(&mut applied).unwrap_or_else(|e| panic!("{old:?}: {e}", old = from.name));
            assert_eq!(normal(&applied), normal(to), "{} -> {}", from.name, to.name);
            let json = serde_json::to_string(&patch).unwrap();
            assert_eq!(serde_json::from_str::<Patch>(&json).unwrap(), patch);
        }
        assert!(patch_between(&old, &old).is_empty());
    }
}

fn design_a() -> Design {
    load(&fixtures("reference/A.json"))
}

fn id(s: &str) -> ResourceId {
    ResourceId::new(s)
}

/// A patch setting one field of one resource.
fn set(resource: &str, field: &str, value: serde_json::Value) -> Patch {
    Patch::new(vec![Op::SetField { id: id(resource), field: field.into(), value: Some(value) }])
}

fn a_subnet(design: &Design) -> ResourceId {
    design.resources.iter().find(|r| r.kind.tag().as_str() == "subnet").unwrap().id.clone()
}

#[test]
fn edits_of_different_fields_of_one_resource_both_stay() {
    let base = design_a();
    let subnet = a_subnet(&base);
    let mut alice = base.clone();
    alice.resource_mut(&subnet).unwrap().name = "alice".into();
    let alice = patch_between(&base, &alice);
    let mut bob = base.clone();
    let cidr = serde_json::to_value(&bob.resource(&subnet).unwrap().kind).unwrap()["cidr"].clone();
    let moved = Rect::new(1.0, 2.0, 3.0, 4.0);
    bob.layout.positions.insert(subnet.clone(), moved);
    let bob = patch_between(&base, &bob);

    let mut server = base.clone();
    alice.apply(&mut server).unwrap();
    bob.apply(&mut server).unwrap();
    let merged = server.resource(&subnet).unwrap();
    assert_eq!(merged.name, "alice");
    assert_eq!(serde_json::to_value(&merged.kind).unwrap()["cidr"], cidr);
    assert_eq!(server.layout.positions[&subnet], moved);
}

#[test]
fn the_last_accepted_write_of_a_field_wins() {
    let base = design_a();
    let subnet = a_subnet(&base);
    let mut server = base.clone();
    set(subnet.as_str(), "name", json!("first")).apply(&mut server).unwrap();
    set(subnet.as_str(), "name", json!("second")).apply(&mut server).unwrap();
    assert_eq!(server.resource(&subnet).unwrap().name, "second");
}

/// Which pairs of edits a replica may apply in either order: those that
/// add or remove nothing and touch nothing in common.
#[test]
fn edits_commute_only_when_they_touch_nothing_in_common() {
    let base = design_a();
    let mut subnets = base.resources.iter().filter(|r| r.kind.tag().as_str() == "subnet");
    let (a, b) = (subnets.next().unwrap().id.clone(), subnets.next().unwrap().id.clone());
    let rename = |r: &ResourceId| set(r.as_str(), "name", json!("x"));
    let moved = |r: &ResourceId| {
        Patch::new(vec![Op::SetPosition {
            id: r.clone(),
            rect: Some(Rect::new(0.0, 0.0, 9.0, 9.0)),
        }])
    };
    let design_name =
        |v: &str| Patch::new(vec![Op::SetDesign { field: DesignField::Name, value: json!(v) }]);
    let removed = |r: &ResourceId| Patch::new(vec![Op::RemoveResource { id: r.clone() }]);
    let cases = [
        ("renames of two resources", rename(&a), rename(&b), true),
        ("a rename and a move of another resource", rename(&a), moved(&b), true),
        ("a rename and the design's name", rename(&a), design_name("n"), true),
        ("two renames of one resource", rename(&a), rename(&a), false),
        ("a rename and a move of the same resource", rename(&a), moved(&a), false),
        ("two names of the design", design_name("n"), design_name("m"), false),
        ("a rename and a removal of another resource", rename(&a), removed(&b), false),
    ];
    for (case, x, y, expected) in cases {
        assert_eq!(x.commutes_with(&y), expected, "{case}");
        assert_eq!(y.commutes_with(&x), expected, "{case}, the other way round");
        if expected {
            let (mut xy, mut yx) = (base.clone(), base.clone());
            x.apply(&mut xy).unwrap();
            y.apply(&mut xy).unwrap();
            y.apply(&mut yx).unwrap();
            x.apply(&mut yx).unwrap();
            assert_eq!(xy, yx, "{case}: the order changed the design");
        }
    }
}

#[test]
fn an_edit_of_a_deleted_resource_is_refused_and_changes_nothing() {
    let base = design_a();
    let subnet = a_subnet(&base);
    let mut server = base.clone();
    let gone = Patch::new(vec![Op::RemoveResource { id: id("nowhere") }]);
    gone.apply(&mut server).unwrap();
    assert_eq!(server, base, "removing what is gone is a no-op");

    let delete = Patch::new(vec![Op::RemoveResource { id: subnet.clone() }]);
    let mut deleted = base.clone();
    let refused = delete.apply(&mut deleted).unwrap_err();
    assert!(
        matches!(refused, PatchError::Dangling { .. }),
        "a subnet others point at cannot go alone: {refused}"
    );

    let delete_all = patch_between(&base, &without(&base, &subnet));
    delete_all.apply(&mut server).unwrap();
    let before = server.clone();
    let rename = set(subnet.as_str(), "name", json!("late"));
    assert_eq!(
        rename.apply(&mut server).unwrap_err().to_string(),
        format!("{subnet} no longer exists: someone else deleted it")
    );
    assert_eq!(server, before);
}

/// `design` without `id` and without every reference to it and flow at it,
/// as the editor's delete leaves it (resources holding a required
/// reference go too).
fn without(design: &Design, id: &ResourceId) -> Design {
    let mut d = design.clone();
    let mut doomed = vec![id.clone()];
    loop {
        let more: Vec<ResourceId> = d
            .resources
            .iter()
            .filter(|r| !doomed.contains(&r.id))
            .filter(|r| r.kind.references().iter().any(|x| doomed.contains(x.target)))
            .map(|r| r.id.clone())
            .collect();
        if more.is_empty() {
            break;
        }
        doomed.extend(more);
    }
    d.resources.retain(|r| !doomed.contains(&r.id));
    d.flows.retain(|f| !doomed.contains(&f.source) && !doomed.contains(&f.target));
    d.layout.positions.retain(|k, _| !doomed.contains(k));
    d
}

#[test]
fn a_flow_to_a_resource_someone_deleted_is_refused() {
    let base = design_a();
    let subnet = a_subnet(&base);
    let mut server = base.clone();
    patch_between(&base, &without(&base, &subnet)).apply(&mut server).unwrap();
    let flow = Flow {
        id: id("late-flow"),
        source: subnet.clone(),
        target: base.resources[0].id.clone(),
        protocol: Protocol::Tcp,
        port: Some(443),
        inferred: false,
        label: String::new(),
    };
    let err = Patch::new(vec![Op::AddFlow { flow }]).apply(&mut server).unwrap_err();
    assert_eq!(
        err,
        PatchError::Dangling { holder: "late-flow".into(), target: subnet.to_string() }
    );
}

#[test]
fn a_value_of_the_wrong_shape_is_refused() {
    let mut server = design_a();
    let subnet = a_subnet(&server);
    let err = set(subnet.as_str(), "cidr", json!(42)).apply(&mut server).unwrap_err();
    assert!(matches!(err, PatchError::Invalid { ref field, .. } if field == "cidr"), "{err}");
    let err = set(subnet.as_str(), "type", json!("vpc")).apply(&mut server).unwrap_err();
    assert!(matches!(err, PatchError::Invalid { .. }), "{err}");
}

#[test]
fn a_field_pointing_at_a_resource_that_is_gone_is_refused_whole() {
    let base = design_a();
    let subnet = a_subnet(&base);
    let mut server = base.clone();
    let patch = Patch::new(vec![
        Op::SetPosition { id: subnet.clone(), rect: Some(Rect::new(1.0, 2.0, 30.0, 40.0)) },
        Op::SetField { id: subnet.clone(), field: "name".into(), value: Some(json!("renamed")) },
        Op::SetField { id: subnet.clone(), field: "az".into(), value: Some(json!("no-such-az")) },
    ]);
    let err = patch.apply(&mut server).unwrap_err();
    let name = &base.resource(&subnet).unwrap().name;
    assert_eq!(
        err,
        PatchError::Dangling { holder: format!("renamed ({subnet})"), target: "no-such-az".into() },
        "{name}"
    );
    assert_eq!(server, base, "nothing of a refused patch stays, not even its move or rename");
}

#[test]
fn a_flow_end_moved_to_nothing_is_refused_and_a_later_bad_op_undoes_the_earlier() {
    let mut base = design_a();
    let (a, b) = (base.resources[0].id.clone(), base.resources[1].id.clone());
    base.flows.push(Flow {
        id: id("f1"),
        source: a.clone(),
        target: b,
        protocol: Protocol::Tcp,
        port: Some(443),
        inferred: false,
        label: String::new(),
    });
    let mut server = base.clone();
    let retarget =
        Op::SetFlowField { id: id("f1"), field: "target".into(), value: Some(json!("gone")) };
    let err = Patch::new(vec![retarget]).apply(&mut server).unwrap_err();
    assert_eq!(err, PatchError::Dangling { holder: "f1".into(), target: "gone".into() });
    let both = Patch::new(vec![
        Op::SetFlowField { id: id("f1"), field: "port".into(), value: Some(json!(8443)) },
        Op::SetFlowField { id: id("f1"), field: "port".into(), value: Some(json!("x")) },
    ]);
    assert!(matches!(both.apply(&mut server), Err(PatchError::Invalid { .. })));
    assert_eq!(server, base);
    let fine = Patch::new(vec![
        Op::SetFlowField { id: id("f1"), field: "port".into(), value: Some(json!(8443)) },
        Op::SetFlowField { id: id("f1"), field: "label".into(), value: Some(json!("tls")) },
    ]);
    fine.apply(&mut server).unwrap();
    let flow = server.flows.iter().find(|f| f.id == id("f1")).unwrap();
    assert_eq!((flow.port, flow.label.as_str()), (Some(8443), "tls"));
}

/// A tiny deterministic generator for the interleavings below.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// One random edit a person might make: rename, move, delete or re-add.
fn random_edit(design: &Design, rng: &mut Lcg, who: usize, step: usize) -> Design {
    let mut d = design.clone();
    if d.resources.is_empty() {
        return d;
    }
    let target = d.resources[rng.next(d.resources.len())].id.clone();
    match rng.next(4) {
        0 => d.resource_mut(&target).unwrap().name = format!("p{who}-{step}"),
        1 | 2 => {
            let at = (rng.next(500) as f64, rng.next(500) as f64);
            d.layout.positions.insert(target, Rect::new(at.0, at.1, 40.0, 40.0));
        }
        _ => d = without(&d, &target),
    }
    d
}

#[test]
fn replicas_fed_the_servers_order_converge_to_its_design() {
    let (mut accepted, mut refused) = (0, 0);
    for seed in 1..=20u64 {
        let base = design_a();
        let mut rng = Lcg(seed);
        let mut server = base.clone();
        let mut seq = 0;
        let mut replicas: Vec<Replica> =
            (0..3).map(|i| Replica::new(format!("tab{i}"), base.clone(), 0)).collect();
        // Messages in flight to the server, in arrival order, and the
        // server's outbox (every accepted edit goes to every replica).
        let mut inbox: Vec<(usize, u64, Patch)> = Vec::new();
        let mut delivered = vec![0usize; replicas.len()];
        let mut log: Log = Vec::new();
        for step in 0..60 {
            let who = rng.next(replicas.len());
            match rng.next(3) {
                0 => {
                    let after = random_edit(replicas[who].local(), &mut rng, who, step);
                    if let Some(ClientMsg::Edit { client_seq, patch }) = replicas[who].edit(&after)
                    {
                        inbox.push((who, client_seq, patch));
                    }
                }
                1 if !inbox.is_empty() => serve(&mut server, &mut seq, &mut log, inbox.remove(0)),
                _ => deliver(&mut replicas[who], &log, &mut delivered[who]),
            }
        }
        while !inbox.is_empty() {
            serve(&mut server, &mut seq, &mut log, inbox.remove(0));
        }
        accepted += log.iter().filter(|e| e.is_ok()).count();
        refused += log.iter().filter(|e| e.is_err()).count();
        for (i, replica) in replicas.iter_mut().enumerate() {
            deliver(replica, &log, &mut delivered[i]);
            assert_eq!(replica.pending(), 0, "seed {seed}: tab{i} still waits");
            assert_eq!(normal(replica.local()), normal(&server), "seed {seed}: tab{i} diverged");
            assert_eq!(replica.seq(), seq);
        }
    }
    // The interleavings exercise both outcomes, not only the easy one.
    assert!(accepted > 200 && refused > 5, "accepted {accepted}, refused {refused}");
}

/// What the server said of each edit, in order: accepted, or refused to
/// (tab, client sequence) with the reason.
type Log = Vec<Entry>;
type Entry = Result<Accepted, (usize, u64, String)>;

/// The server taking the next edit in arrival order: applied and numbered,
/// or refused.
fn serve(server: &mut Design, seq: &mut u64, log: &mut Log, edit: (usize, u64, Patch)) {
    let (from, client_seq, patch) = edit;
    match patch.apply(server) {
        Ok(()) => {
            *seq += 1;
            let session = format!("tab{from}");
            let author = format!("p{from}");
            log.push(Ok(Accepted { seq: *seq, session, client_seq, author, patch }));
        }
        Err(e) => log.push(Err((from, client_seq, e.to_string()))),
    }
}

/// Hands a replica what the server sent it since last time: every accepted
/// edit, and the refusals of its own.
fn deliver(replica: &mut Replica, log: &[Entry], delivered: &mut usize) {
    let me: usize = replica.session()[3..].parse().unwrap();
    for entry in &log[*delivered..] {
        match entry {
            Ok(edit) => {
                replica.accepted(edit);
                // In place or rebuilt, the design the person sees is the
                // confirmed one with their pending edits on top.
                assert_eq!(
                    replica.local(),
                    &replica.rebuilt(),
                    "{} after {}",
                    replica.session(),
                    edit.seq
                );
            }
            Err((from, client_seq, reason)) if *from == me => {
                replica.rejected(*client_seq, reason);
            }
            Err(_) => {}
        }
    }
    *delivered = log.len();
}

#[test]
fn undoing_ones_own_step_keeps_what_others_did_meanwhile() {
    let base = design_a();
    let subnet = a_subnet(&base);
    let other = base.resources.iter().find(|r| r.id != subnet).unwrap().id.clone();
    // I rename the subnet; someone else then renames another resource and
    // moves my subnet.
    let mut mine = base.clone();
    mine.resource_mut(&subnet).unwrap().name = "mine".into();
    let mut current = mine.clone();
    current.resource_mut(&other).unwrap().name = "theirs".into();
    current.layout.positions.insert(subnet.clone(), Rect::new(9.0, 9.0, 9.0, 9.0));
    // Undo is the patch from my step's result back to its start, applied
    // to what is there now.
    patch_between(&mine, &base).apply(&mut current).unwrap();
    assert_eq!(current.resource(&subnet).unwrap().name, base.resource(&subnet).unwrap().name);
    assert_eq!(current.resource(&other).unwrap().name, "theirs");
    assert_eq!(current.layout.positions[&subnet], Rect::new(9.0, 9.0, 9.0, 9.0));
}
