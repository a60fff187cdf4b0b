//! The token's parts, coloured by role, each with its size, problem and a copy button.

use yew::prelude::*;

use super::copy_button::CopyButton;
use mi_core::token::jose::Role;
use mi_core::token::Part;

fn class(role: Role) -> &'static str {
    match role {
        Role::Header => "part-header",
        Role::Payload => "part-payload",
        Role::Signature => "part-signature",
        Role::EncryptedKey | Role::Iv | Role::Tag => "part-crypto",
        Role::Ciphertext => "part-ciphertext",
        Role::Extra => "part-extra",
    }
}

pub fn view(parts: &[Part]) -> Html {
    html! {
        <section class="card parts" aria-labelledby="parts-title">
            <h2 id="parts-title">{"Parts"}</h2>
            <p class="compact">
                { for parts.iter().enumerate().map(|(i, p)| html! {
                    <>
                        if i > 0 { <span class="dot">{"."}</span> }
                        <span class={class(p.role)}>{ &p.text }</span>
                    </>
                }) }
            </p>
            <ol class="part-list">
                { for parts.iter().map(|p| html! {
                    <li class={class(p.role)}>
                        <span class="part-name">{ format!("{}. {}", p.index, p.role.label()) }</span>
                        <span class="part-size">{ format!("{} characters, {} bytes", p.text.len(), p.decoded_bytes) }</span>
                        <CopyButton text={p.text.clone()} what={format!("part {} ({})", p.index, p.role.label())} />
                        if let Some(problem) = &p.problem { <span class="part-problem">{ problem }</span> }
                    </li>
                }) }
            </ol>
        </section>
    }
}
