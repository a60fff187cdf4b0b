//! The token's life as one small line: issued, valid from, the SDKs' refresh point, expiry and
//! now, drawn as inline SVG from the core's timeline (`present::timeline`), with its text
//! equivalent as the image's accessible name.

use yew::prelude::*;

use mi_core::present::timeline::{self, Mark};
use mi_core::token::TokenReport;

/// The line's ends in the SVG's coordinates.
const LEFT: f64 = 8.0;
const RIGHT: f64 = 312.0;

pub fn view(t: &TokenReport) -> Html {
    let Some(line) = timeline::of(t) else {
        return html! {};
    };
    let x = |position: f64| LEFT + (RIGHT - LEFT) * position;
    let expires = line.points.iter().find(|p| p.mark == Mark::Expires);
    let issued = line.points.first();
    html! {
        <figure class="timeline">
            <svg viewBox="0 0 320 44" role="img" aria-label={line.text.clone()} focusable="false">
                <title>{ line.text.clone() }</title>
                <line class="timeline-axis" x1={LEFT.to_string()} y1="18" x2={RIGHT.to_string()} y2="18" />
                if let (Some(a), Some(b)) = (issued, expires) {
                    <line class="timeline-life" x1={x(a.position).to_string()} y1="18" x2={x(b.position).to_string()} y2="18" />
                }
                { for line.points.iter().map(|p| {
                    let cx = x(p.position);
                    let class = match p.mark {
                        Mark::Issued | Mark::NotBefore => "timeline-start",
                        Mark::Refresh => "timeline-refresh",
                        Mark::Expires => "timeline-expires",
                        Mark::Now => "timeline-now",
                    };
                    let anchor = if p.position < 0.15 { "start" } else if p.position > 0.85 { "end" } else { "middle" };
                    let label = if p.off_scale { format!("{} →", p.label) } else { p.label.to_string() };
                    let y = if p.mark == Mark::Now { "10" } else { "38" };
                    html! {
                        <g class={class}>
                            <circle cx={cx.to_string()} cy="18" r={if p.mark == Mark::Now { "5" } else { "3.5" }} />
                            <text x={cx.to_string()} y={y} text-anchor={anchor} aria-hidden="true">{ label }</text>
                        </g>
                    }
                }) }
            </svg>
        </figure>
    }
}
