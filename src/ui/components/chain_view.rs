//! A credential chain: each credential the chain tried, in order, with its outcome, the source
//! managed identity detected, and the SDK's reason. The verdict is the first finding above it.

use yew::prelude::*;

use mi_core::chain::{ChainReport, CredentialAttempt, Outcome};
use mi_core::present::labels;

pub fn view(c: &ChainReport) -> Html {
    html! {
        <section class="card chain" aria-labelledby="chain-title" data-verdict={c.verdict.code.as_str()}>
            <h2 id="chain-title">{ labels::chain_heading(c) }</h2>
            <ol class="chain-credentials">
                { for c.credentials.iter().map(credential) }
            </ol>
            if !c.scopes.is_empty() {
                <p class="chain-scopes"><strong>{"Scopes: "}</strong>{ for c.scopes.iter().map(|s| html! { <><code>{ s }</code>{" "}</> }) }</p>
            }
        </section>
    }
}

fn credential(a: &CredentialAttempt) -> Html {
    let class = match a.outcome {
        Outcome::Succeeded => "outcome-ok",
        Outcome::Failed => "outcome-failed",
        Outcome::Unavailable => "outcome-unavailable",
        Outcome::NotTried | Outcome::Unknown => "outcome-pending",
    };
    html! {
        <li class={classes!("chain-credential", class)} data-name={a.name}>
            <p class="chain-line">{ labels::credential_line(a) }</p>
            if let Some(reason) = &a.reason { <p class="chain-reason"><code class="wrap">{ reason }</code></p> }
        </li>
    }
}
