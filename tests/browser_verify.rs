//! Browser tests for the verification pieces: the key panel and the verification card mounted on
//! their own (tests/browser.rs drives them through the whole app), and the verification core run
//! as wasm (the same arithmetic on a 32-bit target). Run with
//! `cargo test --target wasm32-unknown-unknown --test browser_verify`.
#![cfg(target_arch = "wasm32")]

mod ui_harness;

use mi_core::{analyze_with_key, Code, Context};
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

/// A generated vector (core/tests/fixtures/verify-vectors.json, made by make-verify-vectors.py):
/// its token and key text.
fn generated_vector(id: &str) -> (String, String) {
    let vectors: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../core/tests/fixtures/verify-vectors.json")).unwrap();
    let v = vectors.into_iter().find(|v| v["id"] == id).unwrap();
    (
        v["token"].as_str().unwrap().to_string(),
        v["key"].as_str().unwrap().to_string(),
    )
}

#[derive(Properties, PartialEq)]
struct HarnessProps {
    token: AttrValue,
    now: i64,
}

/// The key panel and the card, wired the way the app is: key text in state, analysis with it.
#[component]
fn Harness(props: &HarnessProps) -> Html {
    let key = use_state(String::new);
    let on_input = {
        let key = key.clone();
        Callback::from(move |text: String| key.set(text))
    };
    let analysis = analyze_with_key(&props.token, &key, &Context::at(props.now));
    let keys_url = analysis.keys_url().map(AttrValue::from);
    html! {
        <>
            <KeyPanel value={(*key).clone()} {on_input} {keys_url} />
            { verification::for_analysis(&analysis) }
        </>
    }
}

/// Mounts the harness for `token` evaluated at `now`, once its key panel is there.
async fn mount(token: &str, now: i64) -> ui_harness::Mounted<Harness> {
    let props = HarnessProps {
        token: AttrValue::from(token.to_string()),
        now,
    };
    mount_with::<Harness>(props, ".key-panel").await
}

#[wasm_bindgen_test]
async fn pasting_a_jwks_shows_valid_with_the_key_id() {
    let view = mount(&imds_token(), 1_643_226_100).await;
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

/// The words of a finding as the card must show them: the core's title, detail and fix.
fn assert_shows(card: &web_sys::Element, f: &mi_core::Finding) {
    let text = card.text_content().unwrap();
    assert!(text.contains(&f.title), "{}: {text}", f.title);
    assert!(text.contains(&f.detail), "{}: {text}", f.detail);
    let fix = f.fix.as_deref().expect("a fix");
    assert!(text.contains(fix), "{fix}: {text}");
}

#[wasm_bindgen_test]
async fn a_weak_key_and_a_wrapped_token_are_not_shown_as_plainly_valid() {
    // A genuine PS384 signature from a 1024-bit RSA key: valid, with the weak-key warning and
    // its fix (RFC 7518 §3.5 asks for 2048 bits) in the card.
    let (token, key) = generated_vector("ps384-1024-bare-spki");
    let view = mount(&token, 1_700_000_000).await;
    view.type_into("key", &key);
    let card = view.wait("#verification[data-result='valid']").await;
    let badge = card.query_selector(".badge").unwrap().unwrap();
    assert_eq!(badge.text_content().unwrap(), "valid, with warnings");
    let warning = card
        .query_selector("[data-code='verify.weak-key']")
        .unwrap()
        .expect("the weak-key warning inside the card");
    let class = warning.get_attribute("class").unwrap_or_default();
    assert!(class.split(' ').any(|c| c == "sev-warning"), "{class}");
    let expected = analyze_with_key(&token, &key, &Context::at(1_700_000_000));
    let weak = expected.finding(Code::VerifyWeakKey).unwrap();
    assert!(weak.fix.as_deref().unwrap().contains("at least 2048 bits"));
    assert_shows(&card, weak);
    drop(view);

    // The IMDS token wrapped at 76 columns, as e-mail does, with Entra's key set: the signature
    // matches only once the line breaks are gone, so the card says so and how to fix it.
    let wrapped: Vec<String> = imds_token()
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let wrapped = wrapped.join("\n");
    let view = mount(&wrapped, 1_643_226_100).await;
    view.type_into("key", JWKS);
    let card = view.wait("#verification[data-result='noncanonical']").await;
    assert_eq!(
        card.query_selector(".badge")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "not the token as sent"
    );
    let expected = analyze_with_key(&wrapped, JWKS, &Context::at(1_643_226_100));
    let stated = expected.finding(Code::VerifyNoncanonical).unwrap();
    assert!(stated.fix.as_deref().unwrap().contains("as one line"));
    assert_shows(&card, stated);
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
