//! Every parser on its own: lenient JSON, HTTP (responses, SDK text, requests), PowerShell list
//! output and commands, shell/curl, environment variables, code, expires_on, ARM IDs, log lines,
//! credential chains, the access-error readers (shapes, WWW-Authenticate challenges, the service
//! readers), and the readers of workload identity federation (credentials as JSON and code,
//! errors' quoted values, decoded claims, every JSON value of a text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mi_core::access::{self, challenge, shapes};
use mi_core::azure::arm_id;
use mi_core::federation::{credentials, iac};
use mi_core::input::{
    code, curl, env, http, json_values, lenient_json, log_line, powershell, pwsh_command, shell,
};
use mi_core::response::assertion;
use mi_core::token::decoded;
use mi_core::response::expires_on;
use mi_core::Context;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = lenient_json::find_object(&text);
    let _ = lenient_json::read_lenient(&text);
    let _ = http::parse_response(&text);
    let _ = http::parse_sdk_exception(&text);
    let _ = http::parse_request(&text);
    let _ = http::parse_header_lines(&text);
    let _ = shapes::read(&text);
    let _ = challenge::parse(&text);
    let _ = challenge::find(&text);
    let _ = access::recognize(&text);
    let _ = powershell::parse_list(&text);
    let _ = pwsh_command::find(&text);
    let _ = shell::commands(&text);
    let _ = curl::requests(&text);
    let _ = env::find(&text);
    let _ = code::find(&text);
    let _ = code::urls_in_text(&text);
    let _ = expires_on::parse_str(&text, &Context::at(0));
    let _ = arm_id::parse(&text);
    let _ = json_values::all(&text);
    let _ = json_values::uncommented(&text);
    let _ = credentials::from_json(&text);
    let _ = iac::read(&text);
    let _ = assertion::read_presented(&text);
    let _ = decoded::find(&text);
    let _ = shell::word_for(&text);
    let _ = log_line::read(&text);
    let _ = log_line::unescape(&text);
    if let Some(chain) = mi_core::chain::recognize(&text) {
        let _ = mi_core::chain::analyze(&chain);
    }
});
