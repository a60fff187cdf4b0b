//! Browser tests (wasm-bindgen-test in headless Chromium): mount the app, paste into `#input` as
//! a user would, and read what `#report` shows. Run by scripts/test with
//! `cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

mod ui_harness;

use mi_core::samples::SAMPLES;
use mi_token_inspector::ui::{App, AppProps};
use ui_harness::{document, mount_with, wait_for, Mounted};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlTextAreaElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh app in a container of its own.
async fn mount() -> Mounted<App> {
    link_extras();
    mount_with::<App>(AppProps::default(), "#report").await
}

/// The page loads its second module (the code generator, the signature checker) when first
/// needed, through boot.js (the e2e tests load it so); this page has it linked in.
fn link_extras() {
    mi_token_inspector::ui::extras::link(mi_extras::snippet, mi_extras::verify);
}

/// The report's revision: it goes up with every analysis the app makes.
fn revision(app: &Mounted<App>) -> u64 {
    app.query("#report")
        .and_then(|r| r.get_attribute("data-revision"))
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

/// Runs `act` (a paste, a pick, a click) and waits until the app has analysed again and shown
/// the new report.
async fn and_reanalyzed(app: &Mounted<App>, act: impl FnOnce()) {
    let before = revision(app);
    act();
    wait_for("the report of the new input", || {
        (revision(app) > before).then_some(())
    })
    .await;
}

/// Pastes `text` into the paste area as a user would and waits for its report.
async fn paste(app: &Mounted<App>, text: &str) {
    and_reanalyzed(app, || app.type_into("input", text)).await;
}

fn report_text(app: &Mounted<App>) -> String {
    app.text("#report")
}

#[wasm_bindgen_test]
async fn an_empty_page_lists_what_can_be_pasted_each_with_a_sample_to_try() {
    let app = mount().await;
    assert!(report_text(&app).contains("You can paste"));
    // No finding says "nothing to inspect" on a page that has not been given anything yet.
    assert!(app.query("[data-code='input.empty']").is_none());
    assert!(app.query_all(".intro-kinds li").len() >= 4);
    and_reanalyzed(&app, || {
        app.click(".intro .try[data-sample='jwt-imds-user-mirid-uami']")
    })
    .await;
    assert!(app.text(".identity").contains("User-assigned"));
}

#[wasm_bindgen_test]
async fn a_user_assigned_mi_token_shows_the_identity_card_claims_and_expiry() {
    let app = mount().await;
    // Real IMDS token from the azure-identity live-test recording (samples.rs names the source).
    paste(&app, SAMPLES[1].text).await;
    let card = app.text(".identity");
    assert!(card.contains("User-assigned"), "{card}");
    assert!(card.contains("xymsi"));
    assert!(card.contains("2d5b9e3c-5af7-4418-8a6c-8f83acd78cc4"));

    // The claims tables are below the first screen: made the frame after the report.
    app.wait("tr[data-claim='appidacr']").await;
    let acr = app.text("tr[data-claim='appidacr']");
    assert!(acr.contains("certificate or managed identity"), "{acr}");
    let exp = app.text("tr[data-claim='exp']");
    assert!(exp.contains("2022-01-27T19:47:07Z"), "{exp}");

    // Issued in 2022, so the live countdown says how long ago it expired.
    let countdown = app.text(".countdown");
    assert!(countdown.starts_with("expired"), "{countdown}");
    assert!(
        countdown.contains("years ago"),
        "one humanised duration: {countdown}"
    );
    // The token's life as a picture, with its text equivalent (issue 14.13).
    let line = app
        .query(".timeline svg[role='img']")
        .expect("the timeline")
        .get_attribute("aria-label")
        .unwrap();
    assert!(
        line.contains("issued 2022-01-26T19:42:07Z")
            && line.contains("SDKs refresh")
            && line.contains("cache"),
        "{line}"
    );
    assert!(app.query("[data-code='token.expired']").is_some());
    // Each fact once (issue 14.3): the identity card says who holds the token, so the same
    // sentence is not listed again as a finding.
    assert!(app.query("[data-code='token.managed-identity']").is_none());
}

#[wasm_bindgen_test]
async fn a_badly_pasted_token_is_repaired_and_a_broken_one_still_decodes() {
    let app = mount().await;
    paste(&app, &format!("Authorization: Bearer {}", SAMPLES[0].text)).await;
    assert!(app.query("[data-code='token.prefix-stripped']").is_some());
    assert!(report_text(&app).contains("System-assigned"));
    // The core's `code` spans show as code, not as backticks.
    let spans: Vec<String> = app
        .query_all("[data-code='token.prefix-stripped'] .finding-detail code")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert!(
        spans.iter().any(|s| s == "Authorization: Bearer <token>"),
        "{spans:?}"
    );
    assert!(!app
        .text("[data-code='token.prefix-stripped'] .finding-detail")
        .contains('`'));

    paste(&app, "eyJhbGciOiJIUzI1NiJ9.eyJpc3Mi$OiJqb2UifQ.c2ln").await;
    let bad = app.text("[data-code='token.bad-base64']");
    assert!(bad.contains("'$'"), "{bad}");
    assert!(bad.contains("part 2, offset 8"), "{bad}");
    // The header still shows.
    app.wait("tr[data-claim='alg']").await;
    assert!(app.text("tr[data-claim='alg']").contains("HS256"));
}

#[wasm_bindgen_test]
async fn the_samples_menu_loads_a_sample() {
    let app = mount().await;
    and_reanalyzed(&app, || app.choose("samples", "4")).await;
    let area: HtmlTextAreaElement = app.query("#input").unwrap().dyn_into().unwrap();
    assert_eq!(area.value(), SAMPLES[4].text);
    assert!(app.query("[data-code='token.encrypted']").is_some());
    let select: web_sys::HtmlSelectElement = app.query("#samples").unwrap().dyn_into().unwrap();
    assert_eq!(select.value(), "");
}

fn sample_text(id: &str) -> &'static str {
    SAMPLES.iter().find(|s| s.id == id).unwrap().text
}

#[wasm_bindgen_test]
async fn a_raw_http_response_shows_the_field_table_with_its_checks() {
    let app = mount().await;
    // The azure-identity IMDS recording's body, with its status line and Server header.
    let body = sample_text("resp-imds-recorded-system-real-jwt");
    paste(&app, &format!("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nServer: IMDS/150.870.65.528\r\n\r\n{body}")).await;
    assert!(app.query("#response-fields").is_some(), "response table");
    let expires = app.text("#response-fields tr[data-field='expires_on']");
    assert!(expires.contains("Equals the token's exp"), "{expires}");
    assert!(app
        .query("#response-fields tr[data-field='expires_on'] .check-ok")
        .is_some());
    let client = app.text("#response-fields tr[data-field='client_id']");
    assert!(
        client.contains("system-assigned identity's client ID"),
        "{client}"
    );
    assert!(app.text(".http").contains("IMDS/150.870.65.528"));
    // The token inside is decoded below the table, with its identity card.
    assert!(app.text(".identity").contains("System-assigned"));
}

#[wasm_bindgen_test]
async fn an_error_shows_a_diagnosis_card_with_the_fix_first() {
    let app = mount().await;
    paste(&app, sample_text("err-imds-resource-typo-msal-log")).await;
    let first = app.text(".diagnosis p");
    assert!(
        first.starts_with("Fix: Did you mean https://management.azure.com/"),
        "{first}"
    );
    assert_eq!(
        app.query(".diagnosis")
            .unwrap()
            .get_attribute("data-code")
            .as_deref(),
        Some("error.invalid-resource")
    );
}

#[wasm_bindgen_test]
async fn a_request_setup_is_validated_with_findings_beside_their_parts() {
    let app = mount().await;
    // hashicorp/terraform#33123: IMDS's api-version sent to Container Apps.
    paste(
        &app,
        sample_text("req-containerapps-wrong-api-version-terraform"),
    )
    .await;
    let row = app.text("#request-query tr[data-param='api-version']");
    assert!(
        row.contains("2018-02-01") && row.contains("not Azure Container Apps's"),
        "{row}"
    );
    let missing = app.text("#request-headers tr[data-header='x-identity-header']");
    assert!(missing.contains("not sent"), "{missing}");
    let fixed = app.text(".corrected pre");
    assert!(
        fixed.contains("api-version=2019-08-01")
            && fixed.contains("X-IDENTITY-HEADER: $IDENTITY_HEADER"),
        "{fixed}"
    );

    // Choosing another platform validates again.
    and_reanalyzed(&app, || app.choose("platform", "imds")).await;
    assert!(app.text(".request-card .badge").contains("IMDS"));
    assert!(app.query("[data-code='request.header-missing']").is_some());
}

#[wasm_bindgen_test]
async fn a_selector_conflict_marks_every_parameter_it_names() {
    let app = mount().await;
    // Both a client ID and a resource ID in one IMDS request: each row carries the conflict.
    paste(
        &app,
        "curl 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net&client_id=2d5b9e3c-5af7-4418-8a6c-8f83acd78cc4&msi_res_id=/subscriptions/0f1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/xymsi' -H Metadata:true",
    )
    .await;
    for param in ["client_id", "msi_res_id"] {
        let row = app.text(&format!("#request-query tr[data-param='{param}']"));
        assert!(
            row.contains("More than one identity selector"),
            "{param}: {row}"
        );
    }
}

#[wasm_bindgen_test]
async fn pasting_the_issuers_keys_next_to_a_token_verifies_its_signature() {
    let app = mount().await;
    // The key box appears once there is a token to verify.
    assert!(app.query("#key").is_none());
    // Azure SDK for Go recording: a VM system-assigned MI token signed with Entra's key
    // Mr5-AUibfBii7Nd1jBebaxboXW0; the key set is a snapshot of the tenant's JWKS.
    paste(&app, sample_text("jwt-imds-system-mirid-vm")).await;
    assert!(app.query("#key").is_some());
    assert!(app.query("#verification").is_none());

    and_reanalyzed(&app, || {
        app.type_into(
            "key",
            include_str!("../core/tests/fixtures/entra-jwks-snapshot.json"),
        )
    })
    .await;
    let card = app.query("#verification").expect("verification card");
    assert_eq!(card.get_attribute("data-result").as_deref(), Some("valid"));
    assert!(card
        .text_content()
        .unwrap()
        .contains("Mr5-AUibfBii7Nd1jBebaxboXW0"));
    // The card says the signature is valid; the finding saying so is not listed again.
    assert!(app.query("[data-code='verify.valid']").is_none());

    // One changed character in the payload: the same key now says the signature is invalid.
    let token = sample_text("jwt-imds-system-mirid-vm");
    let dot = token.find('.').unwrap() + 5;
    let flipped = if &token[dot..dot + 1] == "A" {
        "B"
    } else {
        "A"
    };
    paste(
        &app,
        &format!("{}{}{}", &token[..dot], flipped, &token[dot + 1..]),
    )
    .await;
    let card = app.query("#verification").expect("verification card");
    assert_eq!(
        card.get_attribute("data-result").as_deref(),
        Some("invalid")
    );
    assert!(app.query("[data-code='verify.invalid']").is_some());
}

/// The snippet view on its own: a tab per target, the program of the one selected, and the
/// platform's reason instead of code when it cannot serve the request.
#[wasm_bindgen_test]
async fn snippet_view_switches_targets_and_says_why_it_cannot() {
    use mi_core::request::{RequestedIdentity, TokenRequest};
    use mi_core::Platform;
    use mi_token_inspector::ui::components::snippet_view::{Props, SnippetView};

    link_extras();
    let view = mount_with::<SnippetView>(
        Props {
            initial: Some(TokenRequest::new(Platform::Imds, "https://vault.azure.net")),
            initial_target: None,
            children: Default::default(),
        },
        "#snippet-panel",
    )
    .await;
    assert_eq!(view.query_all("[role=tab]").len(), 16);
    let code = view
        .wait_text("#snippet-panel", |t| t.contains("169.254.169.254"))
        .await;
    assert!(code.contains("169.254.169.254"));
    view.click("#snippet-tab-python");
    view.wait_text("#snippet-panel", |t| t.contains("import requests"))
        .await;
    // The select that stands in for the tabs on a narrow screen picks the same targets.
    view.choose("snippet-target", "go");
    view.wait("#snippet-tab-go[aria-selected='true']").await;
    view.wait_text("#snippet-panel", |t| t.contains("package main"))
        .await;
    drop(view);

    let mut arc = TokenRequest::new(Platform::AzureArc, "https://vault.azure.net");
    arc.identity = RequestedIdentity::ClientId("x".into());
    let view = mount_with::<SnippetView>(
        Props {
            initial: Some(arc),
            initial_target: None,
            children: Default::default(),
        },
        "#snippet-panel",
    )
    .await;
    view.wait_text("#snippet-panel", |t| {
        t.contains("does not support user-assigned")
    })
    .await;
}

#[wasm_bindgen_test]
async fn generate_code_for_this_prefills_the_snippet_view_from_the_report() {
    let app = mount().await;
    // The empty page offers the code view on its own.
    assert!(app.text("#open-snippets").contains("Write code"));
    // A user-assigned MI token (azure-sdk-for-python recording): the button says what it does.
    paste(&app, sample_text("jwt-imds-user-mirid-uami")).await;
    assert_eq!(app.text("#open-snippets"), "Generate code for this");
    app.click("#open-snippets");
    let card = app.wait(".snippets-card").await;
    wait_for("focus to move to the opened view", || {
        (document().active_element().as_ref() == Some(&card)).then_some(())
    })
    .await;
    let reasons = app.text(".prefill-reasons");
    assert!(reasons.contains("xms_mirid"), "{reasons}");
    let identity: web_sys::HtmlSelectElement =
        app.query("#snippet-identity").unwrap().dyn_into().unwrap();
    assert_eq!(identity.value(), "client_id");
    app.wait_text("#snippet-panel", |t| t.contains("client_id="))
        .await;

    // ArrowRight on the selected tab selects (and focuses) the next target.
    let curl = app.query("#snippet-tab-curl").unwrap();
    assert_eq!(curl.get_attribute("tabindex").as_deref(), Some("0"));
    app.press("#snippet-tab-curl", "ArrowRight");
    let second = mi_core::snippets::Target::ALL[1];
    let selector = format!("#snippet-tab-{}[aria-selected='true']", second.id());
    let tab = app.wait(&selector).await;
    wait_for("focus on the next tab", || {
        (document().active_element().as_ref() == Some(&tab)).then_some(())
    })
    .await;
    assert_eq!(curl.get_attribute("tabindex").as_deref(), Some("-1"));

    // Closing puts the button back, with the focus on it.
    app.click("#close-snippets");
    app.wait_gone(".snippets-card").await;
    let open = app.query("#open-snippets").unwrap();
    wait_for("focus back on the button that opened the view", || {
        (document().active_element().as_ref() == Some(&open)).then_some(())
    })
    .await;
    // Esc closes it too.
    app.click("#open-snippets");
    app.wait(".snippets-card").await;
    app.press(".snippets-card", "Escape");
    app.wait_gone(".snippets-card").await;
}

/// A record of core/tests/fixtures/federation.jsonl (each names its source).
fn federation_sample(id: &str) -> String {
    include_str!("../core/tests/fixtures/federation.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["id"] == id)
        .and_then(|v| v["input"].as_str().map(str::to_string))
        .unwrap()
}

/// A record's input from the core's copy of ../shared/samples/access-errors.jsonl.
fn access_sample(id: &str) -> String {
    include_str!("../core/tests/fixtures/access-errors.jsonl")
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["id"] == id)
        .and_then(|r| r["input"].as_str().map(str::to_string))
        .unwrap()
}

#[wasm_bindgen_test]
async fn a_token_beside_its_credentials_shows_each_field_compared() {
    let app = mount().await;
    // JanneMattila/playground-aks-identity's decoded projected token, with a credential (as
    // `az identity federated-credential list` prints it) whose issuer lacks the trailing slash.
    let credential = r#"[{"audiences":["api://AzureADTokenExchange"],"id":"/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/azwi-id/federatedIdentityCredentials/azwi-fic","issuer":"https://westcentralus.oic.prod-aks.azure.com/291168e9-1ded-42d8-8608-c9ff8fe7c21b/b1c51908-621d-4f2c-aa96-36765db11ed6","name":"azwi-fic","subject":"system:serviceaccount:azwi-demo:azwi-sa"}]"#;
    let text = format!(
        "{}\n\n{credential}",
        federation_sample("wi-decoded-aks-regional-issuer-token-comment-prefixed")
    );
    paste(&app, &text).await;
    let table = app.wait("#federation table.matches").await;
    let slash = table
        .query_selector("[data-status='differs-only-by-trailing-slash']")
        .unwrap()
        .expect("the issuer marked as differing only by its slash");
    assert_eq!(
        slash.text_content().unwrap(),
        "differs only by a trailing slash"
    );
    assert_eq!(app.query_all("#federation [data-status='equal']").len(), 2);
    assert!(app
        .text("#federation .federation-command pre")
        .contains("--issuer https://westcentralus.oic.prod-aks.azure.com/291168e9-1ded-42d8-8608-c9ff8fe7c21b/b1c51908-621d-4f2c-aa96-36765db11ed6/"));
    // The assertion card names the service account; the no-match finding is listed.
    assert!(app.text("#assertion").contains("azwi-sa"));
    assert!(app.query("[data-code='federation.no-match']").is_some());
}

#[wasm_bindgen_test]
async fn a_key_vault_403_says_why_gives_the_command_and_checks_the_sent_token() {
    let app = mount().await;
    // turbot/steampipe-plugin-azure#127: an access-policy vault refusing "secrets list".
    paste(
        &app,
        &access_sample("kv-accesspolicy-list-go-autorest-steampipe"),
    )
    .await;
    let card = app.query("#access").expect("the access card");
    assert_eq!(
        card.get_attribute("data-cause").as_deref(),
        Some("access-policy-missing")
    );
    // The first card's first line says why; the fix and its commands follow.
    let title = app.text("#access-title");
    assert!(title.contains("secrets list"), "{title}");
    let command = app.text("#access .command[data-shell='bash'] pre");
    assert_eq!(
        command,
        "az keyvault set-policy --name diskvault001 --object-id 09e7a3cd-4fc8-4d55-bb62-aaef76a8b439 --secret-permissions list"
    );
    assert!(app
        .query("#access .command[data-shell='bash'] button.copy")
        .is_some());
    // The evidence names the caller; the diagnosis is not repeated in the findings list.
    assert!(app
        .text("#access .evidence")
        .contains("09e7a3cd-4fc8-4d55-bb62-aaef76a8b439"));
    assert!(app
        .query(".findings [data-code='access.access-policy-missing']")
        .is_none());
    // The token of another identity, pasted in the second box: the report says so.
    and_reanalyzed(&app, || app.type_into("sent-token", SAMPLES[1].text)).await;
    let differs = app
        .wait("[data-code='access.caller-differs-from-token']")
        .await;
    assert!(differs.text_content().unwrap_or_default().contains("xymsi"));
    assert!(app.query(".token-checks [data-check='caller']").is_some());
}

#[wasm_bindgen_test]
async fn pasted_code_comes_back_corrected_and_the_code_view_opens_on_its_language() {
    let app = mount().await;
    // ../shared/seed: the article's App Service C# ("2019- 08-01", no closing brace).
    paste(&app, "public static async Task <HttpResponseMessage> GetToken(string resource, string apiversion) {\nvar request = new HttpRequestMessage(HttpMethod.Get,String.Format(\"{0}/?resource={1}&api-version=2019- 08-01\", Environment.GetEnvironmentVariable(\"IDENTITY_ENDPOINT\"), resource));\nrequest.Headers.Add(\"X-IDENTITY-HEADER\", Environment.GetEnvironmentVariable(\"IDENTITY_HEADER\"));\n\nreturn await _client.SendAsync(request);\n").await;
    let card = app.text(".corrected-code");
    assert!(card.contains("Your C# code, corrected"), "{card}");
    assert!(card.contains("api-version=2019-08-01"), "{card}");
    app.click("#open-snippets");
    app.wait("#snippet-tab-csharp[aria-selected='true']").await;
}

#[wasm_bindgen_test]
async fn what_was_pasted_before_the_app_started_is_reported_and_the_paste_box_has_focus() {
    // The loading page's box (index.html) hands its text to the app (issue 14.8).
    let app = mount_with::<App>(
        AppProps {
            initial: sample_text("jwt-imds-user-mirid-uami").into(),
        },
        "#report",
    )
    .await;
    app.wait(".identity").await;
    let input = app.query("#input").unwrap();
    wait_for("the paste box to have focus", || {
        (document().active_element().as_ref() == Some(&input)).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_paste_anywhere_on_the_page_is_read() {
    let app = mount().await;
    // Ctrl+V with the focus on the page, not in the box (issue 14.10).
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer
        .set_data("text/plain", sample_text("jwt-imds-system-mirid-vm"))
        .unwrap();
    let init = web_sys::ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_clipboard_data(Some(&transfer));
    let event = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
    and_reanalyzed(&app, || {
        app.query("#report")
            .unwrap()
            .dispatch_event(&event)
            .unwrap();
    })
    .await;
    assert!(report_text(&app).contains("System-assigned"));
}

#[wasm_bindgen_test]
async fn a_response_with_an_empty_resource_still_gives_a_program_with_the_resource_to_fill_in() {
    let app = mount().await;
    // ../shared/seed: the article's App Service response sample, whose resource is "".
    paste(&app, "HTTP/1.1 200 OK\nContent-Type: application/json\n\n\"access_token\": \"eyJ0eXAi…\",\n\"expires_on\": \"1586984735\",\n\"resource\": \"\",\n\"token_type\": \"Bearer\",\n\"client_id\": \"5E29463D-71DA-4FE0-8E69-999B57DB23B0\"").await;
    app.click("#open-snippets");
    app.wait("#snippet-resource.needs-value").await;
    let program = app
        .wait_text("#snippet-panel", |t| t.contains("IDENTITY_ENDPOINT"))
        .await;
    assert!(!program.contains("A resource is required"), "{program}");
    // The reasons render as text: no raw backticks around an empty value.
    let reasons = app.text(".prefill-reasons");
    assert!(!reasons.contains('`'), "{reasons}");
    assert!(reasons.contains("empty"), "{reasons}");
}

#[wasm_bindgen_test]
async fn warming_up_renders_a_report_off_the_page_and_leaves_the_page_as_it_was() {
    use std::cell::Cell;
    use std::rc::Rc;
    let app = mount().await;
    let page_before = document()
        .body()
        .map(|b| b.inner_html())
        .unwrap_or_default();
    let revision_before = revision(&app);
    let rendered = Rc::new(Cell::new(None));
    {
        let rendered = rendered.clone();
        mi_token_inspector::ui::warm_up::start_then(0, move |n| rendered.set(Some(n)));
    }
    let elements = wait_for("the warm-up to finish", || rendered.get()).await;
    // The sample token's report: findings, identity, summary, claims, parts and JSON.
    assert!(elements > 100, "{elements} elements rendered off the page");
    let page_after = document()
        .body()
        .map(|b| b.inner_html())
        .unwrap_or_default();
    assert_eq!(page_after, page_before, "the page is unchanged");
    assert_eq!(revision(&app), revision_before, "the app analysed nothing");
}

/// The input of the record `id` in one of the core's sample files (each record names its source).
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
    let app = mount().await;
    // The Application Gateway for Containers troubleshooting guide: Go's DefaultAzureCredential.
    let chain = record(
        CREDENTIAL_CHAINS,
        "go-dac-alb-controller-yaml-status-wi-70021-imds-timeout",
    );
    paste(&app, &chain).await;
    app.wait(".chain").await;
    let names: Vec<String> = app
        .query_all(".chain-credential")
        .iter()
        .filter_map(|e| e.get_attribute("data-name"))
        .collect();
    assert_eq!(
        names,
        [
            "WorkloadIdentityCredential",
            "EnvironmentCredential",
            "ManagedIdentityCredential",
            "AzureCliCredential"
        ]
    );
    let first = app.query(".findings .finding").unwrap();
    assert_eq!(
        first.get_attribute("data-code").as_deref(),
        Some("chain.credential-failed")
    );
    assert!(app.text(".chain").contains("IMDS (169.254.169.254)"));
}

#[wasm_bindgen_test]
async fn compare_with_another_token_lists_the_differences_first() {
    let app = mount().await;
    // The VM's system-assigned and the user-assigned IMDS tokens (azure-identity recordings).
    paste(&app, sample_text("jwt-imds-system-mirid-vm")).await;
    app.click("#open-compare");
    app.wait("#compare-input").await;
    and_reanalyzed(&app, || {
        app.type_into("compare-input", sample_text("jwt-imds-user-mirid-uami"))
    })
    .await;
    let table = app.wait("#compare-differences").await;
    let first = table
        .query_selector("tr.difference")
        .unwrap()
        .expect("a difference");
    assert_eq!(
        first.get_attribute("data-aspect").as_deref(),
        Some("identity")
    );
    assert!(first.text_content().unwrap().contains("xymsi"));
    let meaning = app.text("#compare-differences .difference-meaning");
    assert!(meaning.contains("per identity"), "{meaning}");
    // Claims side by side: the audiences agree, the object IDs do not.
    assert!(app
        .query("#compare-claims tr[data-claim='aud'].differs")
        .is_none());
    assert!(app
        .query("#compare-claims tr[data-claim='oid'].differs")
        .is_some());
    // Stopping the comparison leaves the first token's own report.
    and_reanalyzed(&app, || app.click("#close-compare")).await;
    app.wait_gone(".comparison").await;
    assert!(app.query("#open-compare").is_some());
}

#[wasm_bindgen_test]
async fn the_report_to_share_has_no_signature_and_masks_ids_on_request() {
    let app = mount().await;
    // The VM's system-assigned IMDS token (azure-identity recording).
    let token = sample_text("jwt-imds-system-mirid-vm");
    let signature = token.rsplit('.').next().unwrap();
    paste(&app, token).await;
    let preview = app
        .wait_text("#share-markdown", |t| t.contains("token.managed-identity"))
        .await;
    assert!(!preview.contains(signature), "{preview}");
    assert!(preview.contains("72f988bf-86f1-41af-91ab-2d7cd011db47"));
    assert!(app
        .query(".share button.copy[aria-label='Copy report to share']")
        .is_some());
    // Masking the IDs rewrites what is copied.
    app.click("#share-mask-ids");
    let masked = app
        .wait_text("#share-markdown", |t| t.contains("<tenant-1>"))
        .await;
    assert!(
        !masked.contains("72f988bf-86f1-41af-91ab-2d7cd011db47"),
        "{masked}"
    );
    assert!(masked.contains("| `oid` | <oid-1> |"), "{masked}");
    // A new paste gets its own report to share, written after the frame that shows the report:
    // the azure-identity IMDS recording's token response.
    paste(&app, sample_text("resp-imds-recorded-system-real-jwt")).await;
    let next = app
        .wait_text("#share-markdown", |t| {
            t.contains("**Input:** `mi_response`")
        })
        .await;
    assert!(next.contains("<tenant-1>"), "still masked: {next}");
    let report = app.query("#report").unwrap().get_attribute("data-revision");
    let share = app.query(".share").unwrap().get_attribute("data-revision");
    assert_eq!(share, report);
}

const SESSIONS: &str = include_str!("../core/tests/fixtures/sessions.jsonl");

#[wasm_bindgen_test]
async fn a_session_lists_its_parts_with_their_lines_under_the_cross_part_findings() {
    let app = mount().await;
    // A shell transcript on an AKS node (VijayRod/demo): curl calls to IMDS and their answers.
    paste(
        &app,
        &record(
            SESSIONS,
            "aks-node-curl-imds-unquoted-ampersand-no-metadata-header",
        ),
    )
    .await;
    app.wait(".session").await;
    // The finding that needs two parts (the command and its job line) comes first.
    let first = app.query("#report .findings .finding").unwrap();
    assert_eq!(
        first.get_attribute("data-code").as_deref(),
        Some("request.ampersand-unquoted")
    );
    let parts: Vec<(String, String)> = app
        .query_all(".session-part")
        .iter()
        .filter(|p| p.get_attribute("data-kind").as_deref() != Some("log_noise"))
        .map(|p| {
            (
                p.get_attribute("data-kind").unwrap(),
                p.get_attribute("data-lines").unwrap(),
            )
        })
        .collect();
    assert_eq!(parts.len(), 11, "{parts:?}");
    assert_eq!(parts[0], ("request".to_string(), "1-1".to_string()));
    assert_eq!(parts[10].1, "47-47");
    // Each part opens its own report: the last error is IMDS's missing Metadata header.
    let last_error = app
        .query_all(".session-part[data-kind='mi_error']")
        .pop()
        .unwrap();
    assert_eq!(
        last_error.get_attribute("data-lines").as_deref(),
        Some("46-46")
    );
    // A part's report is made when it is opened, not before.
    let report_of_last =
        ".session-part[data-lines='46-46'] [data-code='error.missing-metadata-header']";
    assert!(app.query(report_of_last).is_none());
    assert!(
        app.query(".part-report").is_none(),
        "no part's report before one is opened"
    );
    app.click(".session-part[data-lines='46-46'] summary");
    app.wait(report_of_last).await;
    assert!(last_error.text_content().unwrap().contains("line 46"));
    assert_eq!(
        app.query_all(".part-report").len(),
        1,
        "only the opened part's report"
    );
    // Closed again, its report goes.
    app.click(".session-part[data-lines='46-46'] summary");
    app.wait_gone(".part-report").await;
}

#[wasm_bindgen_test]
async fn a_long_session_lists_its_first_entries_until_asked_for_the_rest() {
    let app = mount().await;
    // A retry loop's log (about 85 KB, read in steps): 300 rounds of a log line, the IMDS error
    // of MicrosoftDocs/azure-docs#21322 and the curl request that got it, each round three
    // entries of the session's list.
    let mut log = String::new();
    for i in 0..300 {
        log.push_str(&format!(
            "2024-05-01T10:00:{:02}Z INFO worker request {i} started\n\
             2024-05-01T10:00:{:02}Z ERROR {{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}}\n\n\
             curl -H Metadata:true \"http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net\"\n\n",
            i % 60,
            i % 60
        ));
    }
    paste(&app, &log).await;
    app.wait(".session").await;
    assert_eq!(app.query_all(".session-part").len(), 200);
    // Each round is five lines (log line, error, blank, curl, blank): the 201st entry is the
    // 67th round's curl on line 66 × 5 + 4; the last, the 300th round's curl on line 1499.
    assert_eq!(
        app.text("#session-more"),
        "Show the other 700 entries (lines 334–1499)"
    );
    app.click("#session-more");
    app.wait_gone("#session-more").await;
    assert_eq!(app.query_all(".session-part").len(), 900);

    // An edit of the long text is read in steps again; meanwhile the report before it stays,
    // dimmed, under the progress line (a MutationObserver sees every state the page shows).
    let watch = js_sys::Function::new_no_args(
        "window.__seen = { stale: false, progress: false };
         new MutationObserver(() => {
           const report = document.querySelector('#report');
           if (!report) return;
           if (report.classList.contains('stale') && report.querySelector('.session') && document.getElementById('reading')) window.__seen.stale = true;
           if (document.getElementById('reading')) window.__seen.progress = true;
         }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });",
    );
    watch.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    let before = revision(&app);
    app.type_into("input", &format!("{log}one more line\n"));
    wait_for("the report of the edited text", || {
        (revision(&app) > before).then_some(())
    })
    .await;
    let seen = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__seen".into()).unwrap();
    let flag = |name: &str| {
        js_sys::Reflect::get(&seen, &name.into())
            .unwrap()
            .as_bool()
            .unwrap()
    };
    assert!(flag("progress"), "the progress line was shown");
    assert!(
        flag("stale"),
        "the report before stayed, dimmed, under the progress line"
    );
    assert!(app.query("#report.stale").is_none());
    assert!(app.query("#reading").is_none());
}
