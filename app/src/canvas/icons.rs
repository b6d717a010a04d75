//! Resource icons in the style of the AWS architecture icons: a tile in the
//! service category's colour with a simple white line glyph, on a 24×24 grid.

use leptos::prelude::*;
use vpcraft_core::model::KindTag;

/// The colour of a resource kind, after the AWS icon set's categories.
pub fn color(tag: KindTag) -> &'static str {
    use KindTag as K;
    match tag {
        K::LambdaFunction | K::LambdaPermission | K::EcsService => "#ED7100",
        K::Vpc
        | K::InternetGateway
        | K::NatGateway
        | K::ElasticIp
        | K::RouteTable
        | K::VpcEndpoint
        | K::VpcPeering
        | K::LoadBalancer
        | K::Listener
        | K::TargetGroup => "#8C4FFF",
        K::AvailabilityZone | K::Subnet => "#147EBA",
        K::SecurityGroup | K::NetworkAcl => "#DD344C",
        K::ApiGateway | K::SqsQueue | K::EventSourceMapping | K::LogGroup => "#E7157B",
        K::S3Bucket => "#7AA116",
        K::DynamoDbTable => "#C925D1",
        K::AwsService | K::Generic => "#5A6B86",
    }
}

/// A resource icon on the 24×24 grid: a filled tile for services, an
/// outlined one for the containers (as AWS draws group icons).
pub fn tile(tag: KindTag) -> impl IntoView {
    let color = color(tag);
    let outlined = matches!(tag, KindTag::Vpc | KindTag::AvailabilityZone);
    let (fill, stroke, glyph_color) = if outlined { ("#ffffff", color, color) } else { (color, color, "#ffffff") };
    let dash = if tag == KindTag::AvailabilityZone { "3 2" } else { "none" };
    view! {
        <g class="icon-tile">
            <rect x="0.75" y="0.75" width="22.5" height="22.5" rx="5" fill=fill stroke=stroke
                stroke-width="1.5" stroke-dasharray=dash />
            <g class="glyph" stroke=glyph_color>{glyph(tag)}</g>
        </g>
    }
}

/// A standalone icon, for HTML contexts (palette, inspector, ghost).
pub fn icon_svg(tag: KindTag, size: u32) -> impl IntoView {
    view! {
        <svg class="icon" width=size height=size viewBox="0 0 24 24" aria-hidden="true">
            {tile(tag)}
        </svg>
    }
}

/// The line drawing of a kind, stroked by the caller's colour.
fn glyph(tag: KindTag) -> AnyView {
    use KindTag as K;
    match tag {
        K::Vpc => view! {
            <path d="M7.5 16.5h9a3.2 3.2 0 0 0 .4-6.4A4.6 4.6 0 0 0 8 9.3a3.6 3.6 0 0 0-.5 7.2z" />
        }
        .into_any(),
        K::AvailabilityZone => view! {
            <path d="M12 5.5v13M6 8.5h12M6 15.5h12" />
        }
        .into_any(),
        K::Subnet => view! {
            <rect x="7" y="11" width="10" height="7.5" rx="1.5" />
            <path d="M9.2 11V9a2.8 2.8 0 0 1 5.6 0v2" />
        }
        .into_any(),
        K::InternetGateway => view! {
            <circle cx="12" cy="12" r="6.5" />
            <path d="M5.5 12h13M12 5.5c2.2 2.2 2.2 10.8 0 13M12 5.5c-2.2 2.2-2.2 10.8 0 13" />
        }
        .into_any(),
        K::NatGateway => view! {
            <path d="M6 9.5h11l-3-3M18 14.5H7l3 3" />
        }
        .into_any(),
        K::ElasticIp => view! {
            <path d="M12 19s-5-4.6-5-9a5 5 0 0 1 10 0c0 4.4-5 9-5 9z" />
            <circle cx="12" cy="10" r="1.8" />
        }
        .into_any(),
        K::RouteTable => view! {
            <rect x="5.5" y="6" width="13" height="12" rx="1.5" />
            <path d="M5.5 10h13M5.5 14h13M10 6v12" />
        }
        .into_any(),
        K::NetworkAcl => view! {
            <path d="M6 7.5h12M6 12h12M6 16.5h6M14.5 16.5l1.5 1.5 2.5-3" />
        }
        .into_any(),
        K::SecurityGroup => view! {
            <path d="M12 5l6 2.5v4.2c0 3.6-2.5 6.3-6 7.8-3.5-1.5-6-4.2-6-7.8V7.5z" />
        }
        .into_any(),
        K::VpcEndpoint => view! {
            <path d="M9.5 5v3.5M14.5 5v3.5M7.5 8.5h9v2.5a4.5 4.5 0 0 1-9 0zM12 15.5V19" />
        }
        .into_any(),
        K::VpcPeering => view! {
            <circle cx="7.5" cy="12" r="2.5" />
            <circle cx="16.5" cy="12" r="2.5" />
            <path d="M10 12h4" />
        }
        .into_any(),
        K::LoadBalancer => view! {
            <circle cx="12" cy="7" r="2" />
            <circle cx="6.5" cy="17" r="1.8" />
            <circle cx="12" cy="17" r="1.8" />
            <circle cx="17.5" cy="17" r="1.8" />
            <path d="M12 9v6.2M11 8.8l-4 6.5M13 8.8l4 6.5" />
        }
        .into_any(),
        K::Listener => view! {
            <path d="M8.5 10a3.5 3.5 0 1 1 7 0c0 2.5-3 3-3 5.5a2 2 0 0 1-3.5 1.3" />
        }
        .into_any(),
        K::TargetGroup => view! {
            <circle cx="12" cy="12" r="6.5" />
            <circle cx="12" cy="12" r="3.2" />
            <circle cx="12" cy="12" r="0.6" />
        }
        .into_any(),
        K::LambdaFunction => view! {
            <path d="M7.5 5.5h2.6l6.9 13h-2.6M11.6 9.8L7 18.5" stroke-width="2" />
        }
        .into_any(),
        K::LambdaPermission => view! {
            <circle cx="9" cy="12" r="3" />
            <path d="M12 12h6.5M16 12v2.5M18.5 12v2" />
        }
        .into_any(),
        K::EcsService => view! {
            <path d="M12 5l6.5 3.5v7L12 19l-6.5-3.5v-7zM12 12l6.5-3.5M12 12v7M12 12L5.5 8.5" />
        }
        .into_any(),
        K::ApiGateway => view! {
            <path d="M9 7.5L4.5 12 9 16.5M15 7.5l4.5 4.5-4.5 4.5M13.2 6l-2.4 12" />
        }
        .into_any(),
        K::SqsQueue => view! {
            <rect x="4.5" y="7" width="15" height="10" rx="1.5" />
            <path d="M4.5 8l7.5 5 7.5-5" />
        }
        .into_any(),
        K::EventSourceMapping => view! {
            <path d="M5 8h10l-2.5-2.5M19 16H9l2.5 2.5" />
        }
        .into_any(),
        K::LogGroup => view! {
            <rect x="6" y="4.5" width="12" height="15" rx="1.5" />
            <path d="M9 9h6M9 12h6M9 15h3.5" />
        }
        .into_any(),
        K::S3Bucket => view! {
            <ellipse cx="12" cy="7" rx="6.5" ry="2.2" />
            <path d="M5.5 7l1.6 10.2c.2 1 2.2 1.8 4.9 1.8s4.7-.8 4.9-1.8L18.5 7" />
        }
        .into_any(),
        K::DynamoDbTable => view! {
            <ellipse cx="12" cy="7" rx="6" ry="2.2" />
            <path d="M6 7v10c0 1.2 2.7 2.2 6 2.2s6-1 6-2.2V7M6 12c0 1.2 2.7 2.2 6 2.2s6-1 6-2.2" />
        }
        .into_any(),
        K::AwsService => view! {
            <path d="M7.5 15.5h9a3 3 0 0 0 .3-6A4.4 4.4 0 0 0 8.3 8.8 3.4 3.4 0 0 0 7.5 15.5z" />
            <path d="M12 15.5v3" />
        }
        .into_any(),
        K::Generic => view! {
            <rect x="6.5" y="6.5" width="11" height="11" rx="2" />
        }
        .into_any(),
    }
}
