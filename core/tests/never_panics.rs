//! Property tests: `analyze` never panics, whatever it is given (a panic kills the wasm app), and
//! repairing a pasted token is idempotent: any way of wrapping a real token decodes to the same one.
//! The strict base64url reader signature verification uses never panics and accepts exactly the
//! one canonical encoding of each byte string.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use mi_core::{analyze, Context, Kind};
use proptest::prelude::*;

fn tokens() -> Vec<String> {
    common::real_world()
        .into_iter()
        .filter(|r| r.kind == "jwt")
        .map(|r| r.input)
        .collect()
}

/// Characters that matter to the parsers: the alphabets, separators, quotes and invisible ones.
fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            '.', '=', '+', '/', '-', '_', '"', '\'', ' ', '\n', '\r', '\t', '{', '}', ':', ',',
            '\\', '%', '…', '\u{200b}', '\u{feff}', '\u{a0}', '\u{2019}', 'e', 'y', 'J', '0', 'A',
        ]),
        any::<char>(),
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, char),
    Remove(usize),
    Swap(usize, usize),
    Replace(usize, char),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), interesting_char()).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<usize>().prop_map(Edit::Remove),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        (any::<usize>(), interesting_char()).prop_map(|(i, c)| Edit::Replace(i, c)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let n = chars.len().max(1);
        match *e {
            Edit::Insert(i, c) => chars.insert(i % (chars.len() + 1), c),
            Edit::Remove(i) if !chars.is_empty() => {
                chars.remove(i % n);
            }
            Edit::Swap(a, b) if !chars.is_empty() => chars.swap(a % n, b % n),
            Edit::Replace(i, c) if !chars.is_empty() => chars[i % n] = c,
            _ => {}
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings(s in any::<String>(), now in any::<i64>(), offset in -1440i32..1440) {
        let _ = analyze(&s, &Context { now, utc_offset_minutes: offset });
    }

    #[test]
    fn random_bytes_as_lossy_text(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = analyze(&String::from_utf8_lossy(&bytes), &Context::at(1_700_000_000));
    }

    /// Every real-world input (tokens, responses, errors, request setups) with random edits.
    #[test]
    fn real_inputs_with_characters_inserted_removed_or_swapped(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..12),
        now in prop_oneof![Just(0i64), Just(1_643_300_000i64), any::<i64>()],
    ) {
        let all: Vec<String> = common::real_world().into_iter().map(|r| r.input).collect();
        let text = apply(which.get(&all).as_str(), &edits);
        let a = analyze(&text, &Context::at(now));
        // Serialising the analysis (what the CLI and UI consume) must work too.
        prop_assert!(serde_json::to_string(&a).is_ok());
    }

    #[test]
    fn base64_looking_noise(parts in prop::collection::vec("[A-Za-z0-9_=+/-]{0,64}", 1..7)) {
        let _ = analyze(&format!("eyJ{}", parts.join(".")), &Context::at(1_700_000_000));
    }

    #[test]
    fn claims_with_any_json_values(key in "[a-z_]{1,8}", value in any::<i64>(), f in any::<f64>(), s in ".{0,40}") {
        let payload = serde_json::json!({ "exp": value, "iat": f, "nbf": s, key: [value, f], "xms_mirid": s });
        let token = common::token("{\"alg\":\"RS256\"}", &payload.to_string());
        let _ = analyze(&token, &Context::at(value));
    }

    /// However a real token is wrapped (scheme, header name, quotes, line breaks, invisible
    /// characters), the inspector decodes exactly that token.
    #[test]
    fn wrapping_a_token_decodes_the_same_token(
        which in any::<prop::sample::Index>(),
        prefix in prop::sample::select(vec!["", "Bearer ", "bearer  ", "Authorization: Bearer ", "authorization:Bearer\t"]),
        quote in prop::sample::select(vec![("", ""), ("\"", "\""), ("'", "'"), ("\u{201c}", "\u{201d}"), ("\"", "\",")]),
        breaks in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec!["\n", "\r\n", " ", "\u{200b}", "\u{a0}"])), 0..8),
    ) {
        let all: Vec<String> = tokens().into_iter().filter(|t| !t.contains(char::is_whitespace)).collect();
        let token = which.get(&all).clone();
        let mut wrapped = token.clone();
        let mut cuts: Vec<(usize, &str)> = breaks.iter().map(|(i, b)| (i.index(token.len()), *b)).collect();
        cuts.sort_by_key(|c| std::cmp::Reverse(c.0));
        for (at, b) in cuts {
            wrapped.insert_str(at, b);
        }
        let pasted = format!("{}{prefix}{wrapped}{}", quote.0, quote.1);
        let a = analyze(&pasted, &Context::at(1_700_000_000));
        let direct = analyze(&token, &Context::at(1_700_000_000));
        prop_assert_eq!(a.kind, Kind::Jwt);
        let (t, d) = (a.token.unwrap(), direct.token.unwrap());
        prop_assert_eq!(&t.compact, &d.compact);
        prop_assert_eq!(t.header, d.header);
        prop_assert_eq!(t.payload, d.payload);
        // What verification reads as "the token as pasted" is the compact token with the removed
        // characters still in it, nothing more.
        if let Some(as_pasted) = &t.as_pasted {
            let kept: String = as_pasted.chars().filter(|c| !mi_core::input::token_text::is_removable(*c)).collect();
            prop_assert_eq!(&kept, &t.compact);
        }
    }
}

mod strict_base64url {
    use mi_core::input::base64url::{decode, decode_strict, encode};
    use proptest::prelude::*;

    /// Whatever the strict reader accepts is exactly what the encoder writes for those bytes, and
    /// what the forgiving reader reads without forgiving anything.
    fn accepts_only_the_canonical_form(s: &str) -> Result<(), TestCaseError> {
        if let Ok(bytes) = decode_strict(s) {
            prop_assert_eq!(&encode(&bytes), s);
            let lenient = decode(s);
            prop_assert_eq!(&lenient.bytes, &bytes);
            prop_assert!(
                lenient.error.is_none() && !lenient.padded && lenient.standard_at.is_none()
            );
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn any_text(s in any::<String>()) {
            accepts_only_the_canonical_form(&s)?;
        }

        #[test]
        fn base64_looking_text(s in "[A-Za-z0-9_=+/ \n-]{0,80}") {
            accepts_only_the_canonical_form(&s)?;
        }

        #[test]
        fn every_byte_string_reads_back_from_its_encoding(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            prop_assert_eq!(decode_strict(&encode(&bytes)), Ok(bytes));
        }
    }
}

mod lenient_and_parsers {
    use mi_core::input::{http, lenient_json, powershell};
    use mi_core::response::expires_on;
    use mi_core::Context;
    use proptest::prelude::*;
    use serde_json::{Map, Value};

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((any::<String>(), inner), 0..6)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
            ]
        })
    }

    fn json_object() -> impl Strategy<Value = Value> {
        prop::collection::vec((any::<String>(), json_value()), 1..8)
            .prop_map(|kv| Value::Object(kv.into_iter().collect()))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        #[test]
        fn the_lenient_reader_never_panics(s in any::<String>()) {
            let _ = lenient_json::find_object(&s);
            let _ = lenient_json::read_lenient(&s);
        }

        #[test]
        fn json_like_noise_never_panics(s in r#"[{}\[\]"':,\\a-z0-9 \n/*#=.-]{0,200}"#) {
            let _ = lenient_json::find_object(&s);
        }

        /// A well-formed object reads the same through the lenient path as through serde_json,
        /// compact or pretty, and nothing is reported repaired.
        #[test]
        fn well_formed_json_reads_identically(v in json_object()) {
            for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
                let strict: Value = serde_json::from_str(&text).unwrap();
                let lenient = lenient_json::read_lenient(&text).expect("an object");
                prop_assert_eq!(&Value::Object(lenient.value), &strict);
                prop_assert!(lenient.repairs.is_empty(), "{:?}", lenient.repairs);
            }
        }

        #[test]
        fn date_parsers_never_panic(
            s in any::<String>(),
            d in r"[0-9]{1,4}/[0-9]{1,3}/[0-9]{1,5} [0-9]{1,3}:[0-9]{1,3}:[0-9]{1,3}( (AM|PM|am))?( [+-][0-9]{1,2}:?[0-9]{0,3})?",
            iso in r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[T ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]{0,9})?(Z|[+-][0-9]{2}:?[0-9]{2})?",
            offset in -900i32..900,
        ) {
            let ctx = Context { now: 0, utc_offset_minutes: offset };
            for text in [&s, &d, &iso] {
                let _ = expires_on::parse_str(text, &ctx);
                let _ = expires_on::read(&Value::String(text.to_string()), &ctx);
            }
        }

        #[test]
        fn http_and_powershell_readers_never_panic(s in any::<String>(), status in "HTTP/1\\.[01] [0-9]{3}[ A-Za-z]{0,12}\n([A-Za-z-]{1,12}: [ -~]{0,30}\n){0,4}\n?[ -~\n]{0,80}") {
            for text in [&s, &status] {
                let _ = http::parse_response(text);
                let _ = http::parse_sdk_exception(text);
                let _ = http::parse_header_lines(text);
                let _ = powershell::parse_list(text);
            }
        }
    }
}

/// The access-error readers: the shape reader, the challenge parser, every service's reader
/// (through `analyze`) and the cross-check with a sent token, on noise and on mutated real
/// refusals (tests/fixtures/access-errors.jsonl).
mod access_readers {
    use super::{apply, edit};
    use mi_core::access::{challenge, recognize, shapes};
    use mi_core::{analyze_with, Context, Options};
    use proptest::prelude::*;

    fn refusals() -> Vec<String> {
        super::common::access_errors()
            .into_iter()
            .map(|r| r.input)
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        #[test]
        fn shape_and_challenge_readers_never_panic(
            s in any::<String>(),
            c in r#"Bearer( [a-z_]{1,12}=("[^"]{0,30}"|[!-~]{0,20}),?){0,5}"#,
            wrapped in r#"(Status: [0-9]{3} \([A-Za-z]{0,10}\)|RESPONSE [0-9]{3}:|Status=[0-9]{3} Code="[A-Za-z]{0,12}" Message="[ -~]{0,30}"|<Error><Code>[A-Za-z]{0,20}</Code>)[ -~\n]{0,60}"#,
        ) {
            for text in [&s, &c, &wrapped] {
                let _ = shapes::read(text);
                let _ = challenge::parse(text);
                let _ = challenge::find(text);
                let _ = recognize(text);
            }
        }

        /// Every real refusal with random edits, analysed with and without a sent token.
        #[test]
        fn real_refusals_with_characters_inserted_removed_or_swapped(
            which in any::<prop::sample::Index>(),
            edits in prop::collection::vec(edit(), 1..12),
            sent in prop_oneof![Just(None), Just(Some(super::common::sample("jwt-imds-user-mirid-uami"))), any::<String>().prop_map(Some)],
        ) {
            let all = refusals();
            let text = apply(which.get(&all).as_str(), &edits);
            let options = Options { sent_token: sent.as_deref(), ..Options::default() };
            let a = analyze_with(&text, &Context::at(1_700_000_000), &options);
            prop_assert!(serde_json::to_string(&a).is_ok());
        }
    }
}

mod setup_parsers {
    use mi_core::input::percent::percent_encode;
    use mi_core::input::{code, curl, env, http, pwsh_command, shell};
    use proptest::prelude::*;

    fn bash_quote(s: &str) -> String {
        format!("'{}'", s.replace('\'', "'\\''"))
    }

    fn ps_quote(s: &str) -> String {
        format!("'{}'", s.replace('\'', "''"))
    }

    /// Header values as they travel: printable, no surrounding spaces.
    fn header_value() -> impl Strategy<Value = String> {
        "[!-~]([ -~]{0,30}[!-~])?"
    }

    fn params() -> impl Strategy<Value = Vec<(String, String)>> {
        prop::collection::vec(("[a-z_][a-z_-]{0,10}", any::<String>()), 0..5)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

        #[test]
        fn parsers_never_panic(s in any::<String>()) {
            let _ = shell::commands(&s);
            let _ = curl::requests(&s);
            let _ = pwsh_command::find(&s);
            let _ = env::find(&s);
            let _ = http::parse_request(&s);
            let _ = code::find(&s);
            let _ = code::urls_in_text(&s);
            let _ = code::brace_balance(&s);
            let _ = mi_core::request::recognize(&s);
        }

        #[test]
        fn shell_like_noise_never_panics(s in r#"(curl|Invoke-RestMethod|\$\(|[ '"`\\$%@{}();|&=:\-a-zA-Z0-9\n]){0,80}"#) {
            let _ = curl::requests(&s);
            let _ = pwsh_command::find(&s);
            let _ = code::find(&s);
        }

        /// A curl command written with bash quoting parses back to the request it describes.
        #[test]
        fn curl_round_trips(
            post in any::<bool>(),
            params in params(),
            headers in prop::collection::vec(("[A-Za-z][A-Za-z0-9-]{0,15}", header_value()), 0..4),
        ) {
            let query = params.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect::<Vec<_>>().join("&");
            let url = format!("http://169.254.169.254/metadata/identity/oauth2/token?{query}");
            let mut cmd = format!("curl -s -X {} {}", if post { "POST" } else { "GET" }, bash_quote(&url));
            for (n, v) in &headers {
                cmd.push_str(&format!(" -H {}", bash_quote(&format!("{n}: {v}"))));
            }
            let parsed = curl::requests(&cmd);
            prop_assert_eq!(parsed.len(), 1);
            let r = &parsed[0];
            prop_assert_eq!(&r.method, if post { "POST" } else { "GET" });
            let got: Vec<(String, String)> = r.query.iter().map(|p| (p.name.clone(), p.value.clone())).collect();
            prop_assert_eq!(&got, &params);
            let got: Vec<(String, String)> = r.headers.iter().map(|h| (h.name.clone(), h.value.clone())).collect();
            prop_assert_eq!(got, headers);
        }

        /// The same for PowerShell with single-quoted strings and a hashtable.
        #[test]
        fn powershell_round_trips(
            params in params(),
            headers in prop::collection::vec(("[A-Za-z][A-Za-z0-9-]{0,15}", header_value()), 0..4),
        ) {
            let query = params.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect::<Vec<_>>().join("&");
            let url = format!("http://169.254.169.254/metadata/identity/oauth2/token?{query}");
            let table = headers.iter().map(|(n, v)| format!("{}={}", ps_quote(n), ps_quote(v))).collect::<Vec<_>>().join("; ");
            let cmd = format!("Invoke-RestMethod -Uri {} -Method Get -Headers @{{{table}}}", ps_quote(&url));
            let found = pwsh_command::find(&cmd);
            prop_assert_eq!(found.requests.len(), 1);
            let r = &found.requests[0];
            let got: Vec<(String, String)> = r.query.iter().map(|p| (p.name.clone(), p.value.clone())).collect();
            prop_assert_eq!(&got, &params);
            let got: Vec<(String, String)> = r.headers.iter().map(|h| (h.name.clone(), h.value.clone())).collect();
            prop_assert_eq!(got, headers);
        }

        /// NAME=value lines and raw HTTP requests parse back to what was written.
        #[test]
        fn env_and_http_round_trip(
            vars in prop::collection::vec(("[A-Z][A-Z0-9_]{2,12}", "[!-~&&[^\"']]([ -~]{0,20}[!-~&&[^\"']])?"), 0..5),
            params in params(),
            headers in prop::collection::vec(("[A-Za-z][A-Za-z0-9-]{0,15}", header_value()), 0..4),
        ) {
            let mut text = String::from("IDENTITY_ENDPOINT=http://127.0.0.1:41741/msi/token/\n");
            let mut expected = vec![("IDENTITY_ENDPOINT".to_string(), "http://127.0.0.1:41741/msi/token/".to_string())];
            for (n, v) in &vars {
                if expected.iter().any(|(e, _)| e == n) {
                    continue;
                }
                text.push_str(&format!("{n}={v}\n"));
                expected.push((n.clone(), v.clone()));
            }
            let got: Vec<(String, String)> = env::find(&text).into_iter().map(|v| (v.name, v.value)).collect();
            prop_assert_eq!(got, expected);

            let query = params.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect::<Vec<_>>().join("&");
            let mut raw = format!("GET /msi/token?{query} HTTP/1.1\nHost: localhost:4141\n");
            for (n, v) in &headers {
                raw.push_str(&format!("{n}: {v}\n"));
            }
            let r = http::parse_request(&raw).unwrap();
            let got: Vec<(String, String)> = r.query.iter().map(|p| (p.name.clone(), p.value.clone())).collect();
            prop_assert_eq!(&got, &params);
            let got: Vec<(String, String)> = r.headers.iter().filter(|h| h.name != "Host").map(|h| (h.name.clone(), h.value.clone())).collect();
            let want: Vec<(String, String)> = headers.into_iter().filter(|(n, _)| n != "Host").collect();
            prop_assert_eq!(got, want);
        }
    }
}

/// The readers of workload identity federation: credentials as JSON and as code, what errors
/// quote, decoded claims, every JSON value of a text; and the federation samples mutated.
mod federation_readers {
    use super::{apply, common, edit};
    use mi_core::federation::{compare, credentials, iac, MatchStatus};
    use mi_core::input::{json_values, shell};
    use mi_core::response::assertion;
    use mi_core::token::decoded;
    use mi_core::{analyze, Context};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        #[test]
        fn readers_never_panic(s in any::<String>()) {
            let _ = credentials::from_json(&s);
            let _ = iac::read(&s);
            let _ = assertion::read_presented(&s);
            let _ = decoded::find(&s);
            let _ = json_values::all(&s);
            let _ = json_values::uncommented(&s);
            if let Some(input) = mi_core::federation::recognize(&s) {
                let _ = mi_core::federation::analyze(&input, &Context::at(1_700_000_000));
            }
        }

        #[test]
        fn code_like_noise_never_panics(s in r#"(resource |az identity federated-credential create |issuer|subject|audiences?|'|"|\{|\}|\[|\]|=|:|#|//|\$\{|\n| |[a-z0-9/.-]){0,80}"#) {
            let _ = iac::read(&s);
            let _ = analyze(&s, &Context::at(1_700_000_000));
        }

        #[test]
        fn quoted_message_noise_never_panics(s in r#"(AADSTS7002138|AADSTS70021|AADSTS700024|Assertion Issuer: '|presented assertion subject '|Current time: |assertion valid from |expiry time of assertion |2025-09-03T17:09:47Z|'|,|\.|\n| |[a-z0-9:/-]){0,60}"#) {
            let _ = assertion::read_presented(&s);
            let _ = analyze(&s, &Context::at(1_700_000_000));
        }

        /// Every federation sample with random edits still analyses and serialises.
        #[test]
        fn federation_samples_with_edits(
            which in any::<prop::sample::Index>(),
            edits in prop::collection::vec(edit(), 1..12),
        ) {
            let all: Vec<String> = common::federation().into_iter().map(|r| r.input).collect();
            let text = apply(which.get(&all).as_str(), &edits);
            let a = analyze(&text, &Context::at(1_700_000_000));
            prop_assert!(serde_json::to_string(&a).is_ok());
        }

        /// A suggested command's word reads back, through the shell splitter, as exactly the value.
        #[test]
        fn shell_words_round_trip(s in "[ -~\u{a0}-\u{17f}]{1,40}") {
            let cmds = shell::commands(&format!("echo {}", shell::word_for(&s)));
            prop_assert_eq!(cmds.len(), 1);
            prop_assert_eq!(&cmds[0].words[1].text, &s);
        }

        /// Comparing as Entra does: a value equals itself; a slash or a case change is named.
        #[test]
        fn comparisons_name_the_near_misses(s in "[a-z][a-z0-9:/.-]{0,30}[a-z0-9]") {
            prop_assume!(!mi_core::azure::workload_identity::is_placeholder(&s));
            prop_assert_eq!(compare::compare_text(Some(&s), Some(&s), false).status, MatchStatus::Equal);
            let slashed = format!("{s}/");
            prop_assert_eq!(compare::compare_text(Some(&s), Some(&slashed), false).status, MatchStatus::DiffersOnlyByTrailingSlash);
            let upper = s.to_uppercase();
            prop_assert_eq!(compare::compare_text(Some(&s), Some(&upper), false).status, MatchStatus::DiffersOnlyInCase);
        }
    }
}

/// The call a program makes with its token (issue 11 §4): any URL, service and version, rendered
/// for every target, gives a program or a reason, never a panic.
mod calls {
    use mi_core::request::{ResourceCall, TokenRequest};
    use mi_core::snippets::{render, Target};
    use mi_core::Platform;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_call_renders_or_says_why(
            url in prop_oneof![any::<String>(), "https?://[ -~]{0,40}", "https://[a-z]{1,8}\\.(vault\\.azure\\.(net|cn)|blob\\.core\\.windows\\.net|management\\.azure\\.com)(/[ -~]{0,20}){0,4}"],
            version in prop::option::of(any::<String>()),
            service in 0u8..4,
        ) {
            let call = match service {
                0 => ResourceCall::key_vault(&url),
                1 => ResourceCall::storage(&url),
                2 => ResourceCall::arm(&url),
                _ => match ResourceCall::from_url(&url) {
                    Some(c) => c,
                    None => return Ok(()),
                },
            };
            let call = match &version {
                Some(v) => call.with_version(v),
                None => call,
            };
            let _ = call.check();
            for platform in [Platform::Imds, Platform::AzureArc, Platform::ServiceFabric, Platform::WorkloadIdentity] {
                let request = TokenRequest::for_call(platform, call.clone());
                for target in Target::ALL {
                    let _ = render(&request, *target);
                }
            }
        }
    }
}

mod chain_readers {
    use super::{apply, edit};
    use mi_core::input::log_line;
    use mi_core::{analyze, Context};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 800, ..ProptestConfig::default() })]

        #[test]
        fn log_lines_and_chains_never_panic(s in any::<String>()) {
            let _ = log_line::read(&s);
            let _ = log_line::unescape(&s);
            if let Some(c) = mi_core::chain::recognize(&s) {
                let _ = mi_core::chain::analyze(&c);
            }
        }

        /// Chain-like noise: credential names, separators, escapes, log prefixes.
        #[test]
        fn chain_like_noise_never_panics(s in r"((EnvironmentCredential|ManagedIdentityCredential|AzureCLICredential|DefaultAzureCredential|Attempted credentials:|CredentialUnavailableError: | => |\.GetToken |\.get_token failed:|FromAssertion\(\)|\\n\\t|\\n|\t|\n|- |azure:identity:info |\[2023-11-10T04:57:15Z T: 1\] INFO  : Identity: |IMDS|timed out|Identity not found|AADSTS70021|unavailable|failed|: |[a-z ]{1,6}){0,40})") {
            let a = analyze(&s, &Context::at(1_700_000_000));
            prop_assert!(serde_json::to_string(&a).is_ok());
        }

        /// Every credential-chain sample with random edits.
        #[test]
        fn chain_samples_with_edits(which in any::<prop::sample::Index>(), edits in prop::collection::vec(edit(), 1..12)) {
            let all: Vec<String> = crate::common::credential_chains().into_iter().map(|r| r.input).collect();
            let text = apply(which.get(&all).as_str(), &edits);
            let a = analyze(&text, &Context::at(1_700_000_000));
            prop_assert!(serde_json::to_string(&a).is_ok());
        }
    }
}

mod comparing {
    use super::{apply, edit, tokens};
    use mi_core::{compare, Context};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Any two inputs, and two real tokens with random edits, compare without a panic.
        #[test]
        fn comparing_never_panics(
            a in any::<String>(),
            which in any::<prop::sample::Index>(),
            other in any::<prop::sample::Index>(),
            edits in prop::collection::vec(edit(), 0..8),
        ) {
            let all = tokens();
            let x = which.get(&all);
            let y = apply(other.get(&all).as_str(), &edits);
            for (first, second) in [(a.as_str(), x.as_str()), (x.as_str(), y.as_str()), (y.as_str(), a.as_str())] {
                let c = compare(first, second, &Context::at(1_700_000_000));
                prop_assert!(serde_json::to_string(&c).is_ok());
            }
        }
    }
}

mod sharing {
    use mi_core::present::share::{markdown, secrets, ShareOptions};
    use mi_core::{analyze, Context};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        /// The report to share, its secret finder and its scrubber never panic.
        #[test]
        fn sharing_never_panics(s in any::<String>(), key in any::<String>(), mask_ids in any::<bool>()) {
            let a = analyze(&s, &Context::at(1_700_000_000));
            let _ = markdown(&a, &ShareOptions { mask_ids, pasted: &[&s], key: Some(&key) });
            let found = secrets::find(&[&s], Some(&key));
            let _ = secrets::scrub(&s, &found);
        }

        #[test]
        fn secret_like_noise_never_panics(s in r#"((eyJ|\.|access_token|MSI_SECRET|X-IDENTITY-HEADER|secret|Authorization|: |=|"|'|Basic |[A-Za-z0-9_-]{1,12}|é|…| |\n){0,40})"#) {
            let found = secrets::find(&[&s], Some(&s));
            let _ = secrets::scrub(&s, &found);
            let a = analyze(&s, &Context::at(1_700_000_000));
            let _ = markdown(&a, &ShareOptions { mask_ids: true, pasted: &[&s], key: None });
        }
    }
}
