//! Browser tests for the verification pieces: the key panel and the verification card mounted on
//! their own (tests/browser.rs drives them through the whole app), and the verification core run
//! as wasm (the same arithmetic on a 32-bit target). Run with
//! `cargo test --target wasm32-unknown-unknown --test browser_verify`.
#![cfg(target_arch = "wasm32")]

mod ui_harness;

use mi_core::{analyze_with_key, Context};
use mi_token_inspector::ui::components::{key_panel::KeyPanel, verification};
use ui_harness::mount_with;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const JWKS: &str = include_str!("../core/tests/fixtures/entra-jwks-snapshot.json");
const REAL_WORLD: &str = include_str!("../core/tests/fixtures/real-world.jsonl");

fn imds_token() -> String {
    REAL_WORLD
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["id"] == "jwt-imds-system-mirid-vm")
        .and_then(|v| v["input"].as_str().map(str::to_string))
        .unwrap()
}

/// The key panel and the card, wired the way the app will: key text in state, analysis with it.
#[component]
fn Harness() -> Html {
    let key = use_state(String::new);
    let on_input = {
        let key = key.clone();
        Callback::from(move |text: String| key.set(text))
    };
    let analysis = analyze_with_key(&imds_token(), &key, &Context::at(1_643_226_100));
    let keys_url = analysis.keys_url().map(AttrValue::from);
    html! {
        <>
            <KeyPanel value={(*key).clone()} {on_input} {keys_url} />
            if let Some(v) = &analysis.verification { { verification::view(v) } }
        </>
    }
}

#[wasm_bindgen_test]
async fn pasting_a_jwks_shows_valid_with_the_key_id() {
    let view = mount_with::<Harness>((), ".key-panel").await;
    // Before a key: the panel says where Entra ID publishes the keys; no card yet.
    assert!(view
        .text(".key-panel")
        .contains("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys"));
    assert!(view.query("#verification").is_none());

    view.type_into("key", JWKS);
    let card = view.wait("#verification[data-result='valid']").await;
    let text = card.text_content().unwrap();
    assert!(text.contains("valid"), "{text}");
    assert!(text.contains("Mr5-AUibfBii7Nd1jBebaxboXW0"), "{text}");
    assert!(text.contains("chosen by the token's kid"), "{text}");
    assert!(
        text.contains("accounts.accesscontrol.windows.net"),
        "{text}"
    );

    // A wrong key: the card turns to "no matching key" and lists the set's kids.
    view.type_into(
        "key",
        r#"{"keys":[{"kty":"oct","kid":"other","k":"c2VjcmV0"}]}"#,
    );
    let card = view
        .wait("#verification[data-result='no_matching_key']")
        .await;
    assert!(card.text_content().unwrap().contains("other"));
}

#[wasm_bindgen_test]
fn every_rfc_vector_verifies_in_wasm_too() {
    let vectors: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../core/tests/fixtures/jose-vectors.json")).unwrap();
    for v in vectors {
        let a = analyze_with_key(
            v["token"].as_str().unwrap(),
            &v["key"].to_string(),
            &Context::at(0),
        );
        let result = a.verification.unwrap().result;
        assert_eq!(result, mi_core::verify::VerifyResult::Valid, "{}", v["id"]);
    }
}
