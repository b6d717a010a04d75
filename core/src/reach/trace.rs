//! The record of one flow's analysis: the hops passed and the settings in
//! the way.

use super::{Blocker, Hop, Verdict};
use crate::fix::QuickFix;
use crate::index::Index;
use crate::model::{Protocol, ResourceId};

/// A hop's description: a literal, a string or unformatted arguments, which
/// are only formatted when the trace keeps its path.
pub(crate) trait Step {
    fn into_step(self) -> String;
}

impl Step for &str {
    fn into_step(self) -> String {
        self.to_owned()
    }
}

impl Step for String {
    fn into_step(self) -> String {
        self
    }
}

impl Step for std::fmt::Arguments<'_> {
    fn into_step(self) -> String {
        self.to_string()
    }
}

/// A flow's protocol and port as messages name them: `tcp/443`, `all
/// traffic`.
#[derive(Clone, Copy)]
pub(crate) struct Traffic {
    protocol: Protocol,
    port: u16,
}

impl std::fmt::Display for Traffic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.protocol {
            Protocol::All => f.write_str("all traffic"),
            p => write!(f, "{p}/{}", self.port),
        }
    }
}

/// What of the path a trace records.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Hops {
    /// Each resource on the path once, with no step text: what the cost
    /// estimate reads, without formatting a description per hop.
    Resources,
    /// Every step with its description, for people.
    Steps,
}

pub(crate) struct Trace<'i, 'd> {
    pub index: &'i Index<'d>,
    pub protocol: Protocol,
    pub port: u16,
    /// The flow goes over IPv6 (one end is the IPv6 internet): routes,
    /// network ACL entries and security-group rules of IPv6 decide.
    pub ipv6: bool,
    /// What to record of the hops; rules and the estimate skip formatting
    /// their descriptions.
    keep: Hops,
    /// The hops, borrowed from the design until the trace finishes.
    hops: Vec<(&'d ResourceId, String)>,
    blockers: Vec<Blocker>,
    alternatives: Vec<QuickFix>,
}

impl<'i, 'd> Trace<'i, 'd> {
    pub fn new(index: &'i Index<'d>, protocol: Protocol, port: u16, keep: Hops) -> Self {
        Self {
            index,
            protocol,
            port,
            ipv6: false,
            keep,
            hops: Vec::new(),
            blockers: Vec::new(),
            alternatives: Vec::new(),
        }
    }

    /// A fresh trace for trying one path of several.
    pub fn fork(&self) -> Self {
        let mut fork = Self::new(self.index, self.protocol, self.port, self.keep);
        fork.ipv6 = self.ipv6;
        fork
    }

    /// Every address of the flow's family: `0.0.0.0/0` or `::/0`.
    pub fn anywhere(&self) -> ipnet::IpNet {
        if self.ipv6 { ipnet::Ipv6Net::default().into() } else { ipnet::Ipv4Net::default().into() }
    }

    /// Takes over the hops and blockers of a forked trace.
    pub fn merge(&mut self, other: Trace<'_, 'd>) {
        self.hops.extend(other.hops);
        for b in other.blockers {
            self.push_blocker(b);
        }
        self.alternatives.extend(other.alternatives);
    }

    pub fn is_blocked(&self) -> bool {
        !self.blockers.is_empty()
    }

    /// `tcp/443`, for messages; formatted only where it is displayed.
    pub fn traffic(&self) -> Traffic {
        Traffic { protocol: self.protocol, port: self.port }
    }

    pub fn hop(&mut self, resource: &'d ResourceId, step: impl Step) {
        let step = match self.keep {
            Hops::Resources => String::new(),
            Hops::Steps => step.into_step(),
        };
        if !self.hops.iter().any(|(r, s)| *r == resource && *s == step) {
            self.hops.push((resource, step));
        }
    }

    pub fn block(
        &mut self,
        message: String,
        resources: Vec<ResourceId>,
        quick_fix: Option<QuickFix>,
    ) {
        self.push_blocker(Blocker { message, resources, quick_fix });
    }

    fn push_blocker(&mut self, blocker: Blocker) {
        if !self.blockers.iter().any(|b| b.message == blocker.message) {
            self.blockers.push(blocker);
        }
    }

    pub fn alternative(&mut self, fix: QuickFix) {
        self.alternatives.push(fix);
    }

    /// The verdict, and the resources on a permitted flow's path still
    /// borrowed from the design: a permitted verdict's own path is then
    /// left empty when the trace kept no steps, so that no hop is copied.
    pub fn finish(self) -> (Verdict, Vec<&'d ResourceId>) {
        if !self.blockers.is_empty() {
            let verdict =
                Verdict::Blocked { blockers: self.blockers, alternatives: self.alternatives };
            return (verdict, Vec::new());
        }
        match self.keep {
            Hops::Resources => {
                let path = self.hops.into_iter().map(|(r, _)| r).collect();
                (Verdict::Permitted { path: Vec::new() }, path)
            }
            Hops::Steps => {
                let path = self
                    .hops
                    .into_iter()
                    .map(|(resource, step)| Hop { resource: resource.clone(), step })
                    .collect();
                (Verdict::Permitted { path }, Vec::new())
            }
        }
    }
}
