//! Setting the expected usage of a flow or resource (GB and requests a
//! month, a function's duration, an Aurora cluster's I/O requests, an EFS
//! file system's Infrequent Access GB, the instances an Auto Scaling group
//! runs on average) that the cost estimate prices.

use super::{Action, Applied, Refusal, UndoPolicy};
use vpcraft_core::model::{FlowUsage, ResourceUsage};
use vpcraft_core::{Design, ResourceId};

/// Which usage figure an edit sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsageField {
    GbPerMonth,
    RequestsPerMonth,
    DurationMs,
    IoRequestsPerMonth,
    InfrequentAccessGb,
    Instances,
}

impl UsageField {
    fn key(self) -> &'static str {
        match self {
            Self::GbPerMonth => "gb",
            Self::RequestsPerMonth => "requests",
            Self::DurationMs => "duration",
            Self::IoRequestsPerMonth => "io",
            Self::InfrequentAccessGb => "ia",
            Self::Instances => "instances",
        }
    }
}

/// Sets one usage figure of a flow or resource; `None` returns it to the
/// estimate's default.
#[derive(Clone, Debug)]
pub struct SetUsage {
    pub target: ResourceId,
    pub field: UsageField,
    pub value: Option<f64>,
}

impl Action for SetUsage {
    fn undo_policy(&self) -> UndoPolicy {
        UndoPolicy::Coalesce(format!("usage:{}:{}", self.target, self.field.key()))
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        if let Some(v) = self.value
            && !(v.is_finite() && v >= 0.0)
        {
            return Err(Refusal::new("Usage is a number of zero or more"));
        }
        let usage = &mut design.usage;
        if design.flows.iter().any(|f| f.id == self.target) {
            let entry = usage.flows.entry(self.target.clone()).or_default();
            match self.field {
                UsageField::GbPerMonth => entry.gb_per_month = self.value,
                UsageField::RequestsPerMonth => entry.requests_per_month = self.value,
                UsageField::DurationMs
                | UsageField::IoRequestsPerMonth
                | UsageField::InfrequentAccessGb
                | UsageField::Instances => {
                    return Err(Refusal::new("A flow carries only GB and requests"));
                }
            }
            if *entry == FlowUsage::default() {
                usage.flows.remove(&self.target);
            }
        } else if design.resources.iter().any(|r| r.id == self.target) {
            let entry = usage.resources.entry(self.target.clone()).or_default();
            match self.field {
                UsageField::GbPerMonth => entry.gb_per_month = self.value,
                UsageField::RequestsPerMonth => entry.requests_per_month = self.value,
                UsageField::DurationMs => entry.duration_ms = self.value,
                UsageField::IoRequestsPerMonth => entry.io_requests_per_month = self.value,
                UsageField::InfrequentAccessGb => entry.infrequent_access_gb = self.value,
                UsageField::Instances => entry.instances = self.value,
            }
            if *entry == ResourceUsage::default() {
                usage.resources.remove(&self.target);
            }
        } else {
            return Err(Refusal::new(format!("{} no longer exists", self.target)));
        }
        Ok(Applied::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpcraft_core::model::{Flow, Kind, KindTag};
    use vpcraft_core::{Resource, parse_design, to_json};

    fn design() -> Design {
        let mut d = Design::new("d");
        d.resources.push(Resource::new(
            "fn",
            "fn",
            Kind::default_for(KindTag::LambdaFunction, None).unwrap(),
        ));
        d.resources.push(Resource::new(
            "q",
            "q",
            Kind::default_for(KindTag::SqsQueue, None).unwrap(),
        ));
        d.flows.push(Flow {
            id: ResourceId::new("f"),
            source: ResourceId::new("fn"),
            target: ResourceId::new("q"),
            protocol: Default::default(),
            port: None,
            inferred: false,
            label: String::new(),
        });
        d
    }

    fn set(
        d: &mut Design,
        target: &str,
        field: UsageField,
        value: Option<f64>,
    ) -> Result<Applied, Refusal> {
        SetUsage { target: ResourceId::new(target), field, value }.apply(d)
    }

    #[test]
    fn usage_is_set_on_flows_and_resources_and_written_to_the_file() {
        let mut d = design();
        set(&mut d, "f", UsageField::GbPerMonth, Some(250.0)).unwrap();
        set(&mut d, "fn", UsageField::DurationMs, Some(40.0)).unwrap();
        assert_eq!(d.usage.flows[&ResourceId::new("f")].gb_per_month, Some(250.0));
        assert_eq!(d.usage.resources[&ResourceId::new("fn")].duration_ms, Some(40.0));
        let again = parse_design(&to_json(&d)).unwrap();
        assert_eq!(again.usage, d.usage);
    }

    #[test]
    fn database_file_system_and_group_figures_are_set_and_priced() {
        let mut d = design();
        d.resources.push(Resource::new(
            "fs",
            "fs",
            Kind::default_for(KindTag::EfsFileSystem, None).unwrap(),
        ));
        let before = vpcraft_core::cost::estimate(&d).of_resource(&ResourceId::new("fs"));
        set(&mut d, "fs", UsageField::InfrequentAccessGb, Some(100.0)).unwrap();
        set(&mut d, "fn", UsageField::Instances, Some(2.0)).unwrap();
        set(&mut d, "q", UsageField::IoRequestsPerMonth, Some(1e6)).unwrap();
        let usage = &d.usage.resources;
        assert_eq!(usage[&ResourceId::new("fs")].infrequent_access_gb, Some(100.0));
        assert_eq!(usage[&ResourceId::new("fn")].instances, Some(2.0));
        assert_eq!(usage[&ResourceId::new("q")].io_requests_per_month, Some(1e6));
        let after = vpcraft_core::cost::estimate(&d).of_resource(&ResourceId::new("fs"));
        assert!(after > before, "{before} → {after}");
        assert_eq!(parse_design(&to_json(&d)).unwrap().usage, d.usage);
        assert!(set(&mut d, "f", UsageField::Instances, Some(1.0)).is_err());
    }

    #[test]
    fn clearing_every_figure_removes_the_entry() {
        let mut d = design();
        set(&mut d, "q", UsageField::RequestsPerMonth, Some(5e6)).unwrap();
        set(&mut d, "q", UsageField::RequestsPerMonth, None).unwrap();
        assert!(d.usage.is_empty());
        assert!(!to_json(&d).contains("usage"));
    }

    #[test]
    fn negative_values_unknown_targets_and_flow_durations_are_refused() {
        let mut d = design();
        assert!(set(&mut d, "q", UsageField::GbPerMonth, Some(-1.0)).is_err());
        assert!(set(&mut d, "ghost", UsageField::GbPerMonth, Some(1.0)).is_err());
        assert!(set(&mut d, "f", UsageField::DurationMs, Some(1.0)).is_err());
    }
}
