//! IPv6 on import: a VPC's IPv6 block (`AWS::EC2::VPCCidrBlock` with
//! `AmazonProvidedIpv6CidrBlock` or `Ipv6CidrBlock`) and a subnet's, which
//! templates usually carve from the VPC's block known only at deploy time
//! (`!Select [n, !Cidr [!Select [0, !GetAtt VPC.Ipv6CidrBlocks], count, 64]]`).

use super::Builder;
use crate::cfn::import::Entry;
use crate::cfn::tree::Node;
use crate::model::*;

impl Builder<'_, '_> {
    /// The IPv6 block an `AWS::EC2::VPCCidrBlock` gives its VPC, if it is
    /// an IPv6 one.
    pub(super) fn vpc_ipv6(&mut self, e: &Entry<'_>) -> Option<Ipv6Block> {
        let amazon = self.val(e, "AmazonProvidedIpv6CidrBlock").as_bool() == Some(true);
        let written = self.val(e, "Ipv6CidrBlock");
        if let Some(net) = written.as_str().and_then(|s| s.parse().ok()) {
            return Some(Ipv6Block::Cidr(net));
        }
        let pooled = ["Ipv6CidrBlock", "Ipv6Pool", "Ipv6IpamPoolId"]
            .iter()
            .any(|k| e.properties.get(k).is_some());
        if pooled && !amazon {
            self.warn(
                e.logical_id,
                "the VPC's IPv6 block comes from a pool and is known only at deploy time; it is \
                 drawn as an Amazon-provided block",
            );
        }
        (amazon || pooled).then_some(Ipv6Block::AmazonProvided)
    }

    /// A subnet's IPv6 block: written out, the n-th /64 of its VPC's block,
    /// or known only at deploy time.
    pub(super) fn subnet_ipv6(&mut self, e: &Entry<'_>) -> Option<SubnetIpv6> {
        let node = e.properties.get("Ipv6CidrBlock")?;
        if let Some(net) = self.resolver.resolve(node).as_str().and_then(|s| s.parse().ok()) {
            return Some(SubnetIpv6::Cidr(net));
        }
        Some(self.nth_of_vpc_block(node).map_or(SubnetIpv6::AtDeploy, SubnetIpv6::Index))
    }

    /// `n` of `!Select [n, !Cidr [<the VPC's IPv6 block>, count, 64]]`: 64
    /// host bits carve only an IPv6 block, into /64s.
    fn nth_of_vpc_block(&self, node: &Node) -> Option<u16> {
        let Node::Fn(select, arg) = node else { return None };
        let [n, cidr] = (select.as_ref() == "Select").then(|| arg.as_list())?? else {
            return None;
        };
        let Node::Fn(name, cidr_arg) = cidr else { return None };
        let [_, _, bits] = (name.as_ref() == "Cidr").then(|| cidr_arg.as_list())?? else {
            return None;
        };
        let bits = self.resolver.resolve(bits).as_i64();
        let n = self.resolver.resolve(n).as_i64().and_then(|n| u16::try_from(n).ok());
        (bits == Some(64)).then_some(n).flatten()
    }
}
