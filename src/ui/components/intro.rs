//! The first screen: what can be pasted, each with a real sample to try.

use yew::prelude::*;

use mi_core::samples::SAMPLES;

/// What the inspector reads, and the sample (by id) that shows it.
const KINDS: &[(&str, &str)] = &[
    (
        "An access token, as you have it: with Bearer, in a header, quoted, wrapped, inside a log",
        "jwt-imds-user-mirid-uami",
    ),
    (
        "What a managed-identity endpoint answered: a token response, raw HTTP, az or PowerShell output",
        "resp-imds-recorded-system-real-jwt",
    ),
    (
        "An error from the endpoint or an SDK's message about it",
        "err-imds-identity-not-found-powershell",
    ),
    (
        "A request setup: environment variables, curl, PowerShell, or the code that asks for the token",
        "req-containerapps-wrong-api-version-terraform",
    ),
    (
        "The 401 or 403 a service (Key Vault, Storage, Resource Manager, …) answered with the token",
        "kv-forbiddenbyrbac-bicep-deployment-keys-read-azcli",
    ),
    (
        "What DefaultAzureCredential or ChainedTokenCredential threw, or an Azure Identity SDK's log, in any language",
        "go-dac-alb-controller-yaml-status-wi-70021-imds-timeout",
    ),
    (
        "A whole session: a CI log, a shell transcript, an issue comment with several of the above",
        "aks-node-curl-imds-unquoted-ampersand-no-metadata-header",
    ),
];

/// The list of what can be pasted; `on_pick` loads the sample of an item.
pub fn view(on_pick: Callback<usize>) -> Html {
    html! {
        <section class="card intro" aria-labelledby="intro-title">
            <h2 id="intro-title">{"You can paste"}</h2>
            <ul class="intro-kinds">
                { for KINDS.iter().filter_map(|(what, id)| {
                    let index = SAMPLES.iter().position(|s| s.id == *id)?;
                    let onclick = on_pick.reform(move |_: MouseEvent| index);
                    Some(html! {
                        <li>
                            <span>{ *what }</span>{" "}
                            <button type="button" class="try" data-sample={*id} {onclick}>{"Try one"}</button>
                        </li>
                    })
                }) }
            </ul>
            <p class="note">{"Everything happens in this page: nothing you paste is sent anywhere or stored."}</p>
        </section>
    }
}
