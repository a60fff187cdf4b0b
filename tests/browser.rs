//! Browser tests (wasm-bindgen-test in headless Chromium): mount the app, paste into `#input` as
//! a user would, and read what `#report` shows. Run by scripts/test with
//! `cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use mi_core::samples::SAMPLES;
use mi_token_inspector::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlTextAreaElement, InputEvent, InputEventInit};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts a fresh app; the returned guard unmounts it so tests do not see each other's DOM.
struct Mounted {
    root: Element,
    handle: Option<yew::AppHandle<App>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }
}

async fn mount() -> Mounted {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    TimeoutFuture::new(0).await;
    Mounted {
        root,
        handle: Some(handle),
    }
}

async fn paste(text: &str) {
    type_into("input", text).await;
}

/// Sets a textarea's value and fires the `input` event a keystroke or paste would.
async fn type_into(id: &str, text: &str) {
    let area: HtmlTextAreaElement = document()
        .get_element_by_id(id)
        .unwrap()
        .dyn_into()
        .unwrap();
    area.set_value(text);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    TimeoutFuture::new(20).await;
}

fn report_text() -> String {
    document()
        .get_element_by_id("report")
        .unwrap()
        .text_content()
        .unwrap_or_default()
}

fn query(selector: &str) -> Option<Element> {
    document().query_selector(selector).unwrap()
}

#[wasm_bindgen_test]
async fn an_empty_page_invites_a_paste() {
    let _app = mount().await;
    assert!(report_text().contains("Paste an access token"));
    assert!(query("[data-code='input.empty']").is_some());
}

#[wasm_bindgen_test]
async fn a_user_assigned_mi_token_shows_the_identity_card_claims_and_expiry() {
    let _app = mount().await;
    // Real IMDS token from the azure-identity live-test recording (samples.rs names the source).
    paste(SAMPLES[1].text).await;
    let card = query(".identity")
        .expect("identity card")
        .text_content()
        .unwrap();
    assert!(card.contains("User-assigned"), "{card}");
    assert!(card.contains("xymsi"));
    assert!(card.contains("2d5b9e3c-5af7-4418-8a6c-8f83acd78cc4"));

    let acr = query("tr[data-claim='appidacr']")
        .expect("appidacr row")
        .text_content()
        .unwrap();
    assert!(acr.contains("certificate or managed identity"), "{acr}");
    let exp = query("tr[data-claim='exp']")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(exp.contains("2022-01-27T19:47:07Z"), "{exp}");

    // Issued in 2022, so the live countdown says how long ago it expired.
    let countdown = query(".countdown")
        .expect("countdown")
        .text_content()
        .unwrap();
    assert!(countdown.starts_with("expired"), "{countdown}");
    assert!(query("[data-code='token.expired']").is_some());
    assert!(query("[data-code='token.managed-identity']").is_some());
}

#[wasm_bindgen_test]
async fn a_badly_pasted_token_is_repaired_and_a_broken_one_still_decodes() {
    let _app = mount().await;
    paste(&format!("Authorization: Bearer {}", SAMPLES[0].text)).await;
    assert!(query("[data-code='token.prefix-stripped']").is_some());
    assert!(report_text().contains("System-assigned"));
    // The core's `code` spans show as code, not as backticks.
    let spans = document()
        .query_selector_all("[data-code='token.prefix-stripped'] .finding-detail code")
        .unwrap();
    let spans: Vec<String> = (0..spans.length())
        .filter_map(|i| spans.item(i)?.text_content())
        .collect();
    assert!(
        spans.iter().any(|s| s == "Authorization: Bearer <token>"),
        "{spans:?}"
    );
    assert!(
        !query("[data-code='token.prefix-stripped'] .finding-detail")
            .unwrap()
            .text_content()
            .unwrap()
            .contains('`')
    );

    paste("eyJhbGciOiJIUzI1NiJ9.eyJpc3Mi$OiJqb2UifQ.c2ln").await;
    let bad = query("[data-code='token.bad-base64']")
        .expect("bad base64 finding")
        .text_content()
        .unwrap();
    assert!(bad.contains("'$'"), "{bad}");
    assert!(bad.contains("part 2, offset 8"), "{bad}");
    // The header still shows.
    assert!(query("tr[data-claim='alg']")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("HS256"));
}

#[wasm_bindgen_test]
async fn the_samples_menu_loads_a_sample() {
    let _app = mount().await;
    let select: web_sys::HtmlSelectElement = document()
        .get_element_by_id("samples")
        .unwrap()
        .dyn_into()
        .unwrap();
    select.set_value("4");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    TimeoutFuture::new(20).await;
    let area: HtmlTextAreaElement = document()
        .get_element_by_id("input")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(area.value(), SAMPLES[4].text);
    assert!(query("[data-code='token.encrypted']").is_some());
    assert_eq!(select.value(), "");
}

fn sample_text(id: &str) -> &'static str {
    SAMPLES.iter().find(|s| s.id == id).unwrap().text
}

#[wasm_bindgen_test]
async fn a_raw_http_response_shows_the_field_table_with_its_checks() {
    let _app = mount().await;
    // The azure-identity IMDS recording's body, with its status line and Server header.
    let body = sample_text("resp-imds-recorded-system-real-jwt");
    paste(&format!("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nServer: IMDS/150.870.65.528\r\n\r\n{body}")).await;
    let table = query("#response-fields").expect("response table");
    let expires = table
        .query_selector("tr[data-field='expires_on']")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(expires.contains("Equals the token's exp"), "{expires}");
    assert!(table
        .query_selector("tr[data-field='expires_on'] .check-ok")
        .unwrap()
        .is_some());
    let client = table
        .query_selector("tr[data-field='client_id']")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        client.contains("system-assigned identity's client ID"),
        "{client}"
    );
    assert!(query(".http")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("IMDS/150.870.65.528"));
    // The token inside is decoded below the table, with its identity card.
    assert!(query(".identity")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("System-assigned"));
}

#[wasm_bindgen_test]
async fn an_error_shows_a_diagnosis_card_with_the_fix_first() {
    let _app = mount().await;
    paste(sample_text("err-imds-resource-typo-msal-log")).await;
    let card = query(".diagnosis").expect("diagnosis card");
    let first = card
        .query_selector("p")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        first.starts_with("Fix: Did you mean https://management.azure.com/"),
        "{first}"
    );
    assert_eq!(
        card.get_attribute("data-code").as_deref(),
        Some("error.invalid-resource")
    );
}

#[wasm_bindgen_test]
async fn a_request_setup_is_validated_with_findings_beside_their_parts() {
    let _app = mount().await;
    // hashicorp/terraform#33123: IMDS's api-version sent to Container Apps.
    paste(sample_text("req-containerapps-wrong-api-version-terraform")).await;
    let row = query("#request-query tr[data-param='api-version']")
        .expect("api-version row")
        .text_content()
        .unwrap();
    assert!(
        row.contains("2018-02-01") && row.contains("not Azure Container Apps's"),
        "{row}"
    );
    let missing = query("#request-headers tr[data-header='x-identity-header']")
        .expect("missing header row")
        .text_content()
        .unwrap();
    assert!(missing.contains("not sent"), "{missing}");
    let fixed = query(".corrected pre").unwrap().text_content().unwrap();
    assert!(
        fixed.contains("api-version=2019-08-01")
            && fixed.contains("X-IDENTITY-HEADER: $IDENTITY_HEADER"),
        "{fixed}"
    );

    // Choosing another platform validates again.
    let select: web_sys::HtmlSelectElement = document()
        .get_element_by_id("platform")
        .unwrap()
        .dyn_into()
        .unwrap();
    select.set_value("imds");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    TimeoutFuture::new(20).await;
    assert!(query(".request-card .badge")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("IMDS"));
    assert!(query("[data-code='request.header-missing']").is_some());
}

#[wasm_bindgen_test]
async fn pasting_the_issuers_keys_next_to_a_token_verifies_its_signature() {
    let _app = mount().await;
    // The key box appears once there is a token to verify.
    assert!(query("#key").is_none());
    // Azure SDK for Go recording: a VM system-assigned MI token signed with Entra's key
    // Mr5-AUibfBii7Nd1jBebaxboXW0; the key set is a snapshot of the tenant's JWKS.
    paste(sample_text("jwt-imds-system-mirid-vm")).await;
    assert!(query("#key").is_some());
    assert!(query("#verification").is_none());

    type_into(
        "key",
        include_str!("../core/tests/fixtures/entra-jwks-snapshot.json"),
    )
    .await;
    let card = query("#verification").expect("verification card");
    assert_eq!(card.get_attribute("data-result").as_deref(), Some("valid"));
    assert!(card
        .text_content()
        .unwrap()
        .contains("Mr5-AUibfBii7Nd1jBebaxboXW0"));
    assert!(query("[data-code='verify.valid']").is_some());

    // One changed character in the payload: the same key now says the signature is invalid.
    let token = sample_text("jwt-imds-system-mirid-vm");
    let dot = token.find('.').unwrap() + 5;
    let flipped = if &token[dot..dot + 1] == "A" {
        "B"
    } else {
        "A"
    };
    paste(&format!(
        "{}{}{}",
        &token[..dot],
        flipped,
        &token[dot + 1..]
    ))
    .await;
    let card = query("#verification").expect("verification card");
    assert_eq!(
        card.get_attribute("data-result").as_deref(),
        Some("invalid")
    );
    assert!(query("[data-code='verify.invalid']").is_some());
}

/// The snippet view on its own: a tab per target, the program of the one selected, and the
/// platform's reason instead of code when it cannot serve the request.
#[wasm_bindgen_test]
async fn snippet_view_switches_targets_and_says_why_it_cannot() {
    use mi_core::request::{RequestedIdentity, TokenRequest};
    use mi_core::Platform;
    use mi_token_inspector::ui::components::snippet_view::{Props, SnippetView};

    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<SnippetView>::with_root_and_props(
        root.clone(),
        Props {
            initial: Some(TokenRequest::new(Platform::Imds, "https://vault.azure.net")),
            on_change: Default::default(),
            children: Default::default(),
        },
    )
    .render();
    TimeoutFuture::new(0).await;
    let code = || {
        root.query_selector("#snippet-panel")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap_or_default()
    };
    assert_eq!(root.query_selector_all("[role=tab]").unwrap().length(), 16);
    assert!(code().contains("169.254.169.254"), "{}", code());
    root.query_selector("#snippet-tab-python")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    TimeoutFuture::new(0).await;
    assert!(code().contains("import requests"), "{}", code());
    handle.destroy();

    let mut arc = TokenRequest::new(Platform::AzureArc, "https://vault.azure.net");
    arc.identity = RequestedIdentity::ClientId("x".into());
    let handle = yew::Renderer::<SnippetView>::with_root_and_props(
        root.clone(),
        Props {
            initial: Some(arc),
            on_change: Default::default(),
            children: Default::default(),
        },
    )
    .render();
    TimeoutFuture::new(0).await;
    assert!(
        code().contains("does not support user-assigned"),
        "{}",
        code()
    );
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn generate_code_for_this_prefills_the_snippet_view_from_the_report() {
    let _app = mount().await;
    // The empty page offers the code view on its own.
    let open = query("#open-snippets").expect("the open button");
    assert!(open.text_content().unwrap().contains("Write code"));
    // A user-assigned MI token (azure-sdk-for-python recording): the button says what it does.
    paste(sample_text("jwt-imds-user-mirid-uami")).await;
    let open: web_sys::HtmlElement = query("#open-snippets").unwrap().dyn_into().unwrap();
    assert_eq!(open.text_content().unwrap(), "Generate code for this");
    open.click();
    TimeoutFuture::new(20).await;
    let card = query(".snippets-card").expect("the snippet view");
    assert_eq!(
        document().active_element().as_ref(),
        Some(&card),
        "focus moves to the opened view"
    );
    let reasons = query(".prefill-reasons").unwrap().text_content().unwrap();
    assert!(reasons.contains("xms_mirid"), "{reasons}");
    let identity: web_sys::HtmlSelectElement =
        query("#snippet-identity").unwrap().dyn_into().unwrap();
    assert_eq!(identity.value(), "client_id");
    let code = || query("#snippet-panel").unwrap().text_content().unwrap();
    assert!(code().contains("client_id="), "{}", code());

    // ArrowRight on the selected tab selects (and focuses) the next target.
    let curl = query("#snippet-tab-curl").unwrap();
    assert_eq!(curl.get_attribute("tabindex").as_deref(), Some("0"));
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowRight");
    init.set_bubbles(true);
    curl.dispatch_event(
        &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
    )
    .unwrap();
    TimeoutFuture::new(20).await;
    let second = mi_core::snippets::Target::ALL[1];
    let tab = query(&format!("#snippet-tab-{}", second.id())).unwrap();
    assert_eq!(tab.get_attribute("aria-selected").as_deref(), Some("true"));
    assert_eq!(document().active_element().as_ref(), Some(&tab));
    assert_eq!(curl.get_attribute("tabindex").as_deref(), Some("-1"));

    // Closing puts the button back.
    let close: web_sys::HtmlElement = query("#close-snippets").unwrap().dyn_into().unwrap();
    close.click();
    TimeoutFuture::new(20).await;
    assert!(query(".snippets-card").is_none());
    assert!(query("#open-snippets").is_some());
}

/// Sets the paste area's text as a paste would, without waiting: the caller waits for what it
/// expects with [`wait_for`].
fn put(text: &str) {
    let area: HtmlTextAreaElement = document()
        .get_element_by_id("input")
        .unwrap()
        .dyn_into()
        .unwrap();
    area.set_value(text);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

/// Polls until `ready` holds; fails after five seconds.
async fn wait_for(what: &str, ready: impl Fn() -> bool) {
    let deadline = js_sys::Date::now() + 5_000.0;
    while !ready() {
        assert!(
            js_sys::Date::now() < deadline,
            "timed out waiting for {what}"
        );
        TimeoutFuture::new(5).await;
    }
}

/// The input of the record `id` in one of the core's sample files.
fn record(file: &str, id: &str) -> String {
    file.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no record {id}"))["input"]
        .as_str()
        .unwrap()
        .to_string()
}

const CREDENTIAL_CHAINS: &str = include_str!("../core/tests/fixtures/credential-chains.jsonl");

#[wasm_bindgen_test]
async fn a_credential_chain_lists_each_credential_under_its_verdict() {
    let _app = mount().await;
    // The Application Gateway for Containers troubleshooting guide: Go's DefaultAzureCredential.
    put(&record(
        CREDENTIAL_CHAINS,
        "go-dac-alb-controller-yaml-status-wi-70021-imds-timeout",
    ));
    wait_for("the chain card", || query(".chain").is_some()).await;
    let names: Vec<String> = {
        let items = document().query_selector_all(".chain-credential").unwrap();
        (0..items.length())
            .filter_map(|i| {
                items
                    .item(i)?
                    .dyn_into::<Element>()
                    .ok()?
                    .get_attribute("data-name")
            })
            .collect()
    };
    assert_eq!(
        names,
        [
            "WorkloadIdentityCredential",
            "EnvironmentCredential",
            "ManagedIdentityCredential",
            "AzureCliCredential"
        ]
    );
    let first = query(".findings .finding").unwrap();
    assert_eq!(
        first.get_attribute("data-code").as_deref(),
        Some("chain.credential-failed")
    );
    assert!(query(".chain")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("IMDS (169.254.169.254)"));
}
