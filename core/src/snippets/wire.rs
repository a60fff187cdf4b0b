//! [`render`] across a module boundary. The page loads the code generator as a
//! wasm module of its own (`extras/`), the first time the code view opens, so that the bytes of
//! the generator and its templates are not part of what the page fetches at load. The two modules
//! share no memory: the page hands the generator a request as JSON and reads back the program or
//! the reason it cannot be written, as JSON too. Both ends are here, so that they agree by
//! construction and are tested natively:
//!
//! - the page: [`request`] writes the request, [`read_answer`] reads the answer;
//! - the generator: [`answer`] reads the request, renders it and writes the answer.
//!
//! The request is [`TokenRequest`]'s own JSON (its fields are public API); the answer is
//! `{"program": "…"}` or `{"unsupported": "…"}`.

use serde_json::{json, Value};

use super::{render, Target};
use crate::request::model::{TokenRequest, Unsupported};

/// The request as the generator reads it.
pub fn request(req: &TokenRequest) -> String {
    serde_json::to_string(req).unwrap_or_default()
}

/// The generator's side: the program for the target whose id is `target` (see [`Target::id`]),
/// or why it cannot be written.
pub fn answer(request: &str, target: &str) -> String {
    let rendered = match (
        serde_json::from_slice::<TokenRequest>(request.as_bytes()),
        Target::from_id(target),
    ) {
        (Ok(req), Some(target)) => render(&req, target),
        (Err(e), _) => Err(Unsupported(format!(
            "The code generator could not read the request: {e}."
        ))),
        (_, None) => Err(Unsupported(format!(
            "The code generator writes no program for '{target}'."
        ))),
    };
    match rendered {
        Ok(program) => json!({ "program": program }),
        Err(Unsupported(why)) => json!({ "unsupported": why }),
    }
    .to_string()
}

/// The page's side: what [`answer`] wrote, as [`render`] returns it.
pub fn read_answer(answer: &str) -> Result<String, Unsupported> {
    let value: Value = serde_json::from_slice(answer.as_bytes()).unwrap_or(Value::Null);
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    match (text("program"), text("unsupported")) {
        (Some(program), _) => Ok(program),
        (None, Some(why)) => Err(Unsupported(why)),
        (None, None) => Err(Unsupported(
            "The code generator's answer could not be read.".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::azure::platforms;
    use crate::model::Platform;
    use crate::request::model::RequestedIdentity;
    use crate::request::ResourceCall;

    fn across(req: &TokenRequest, target: Target) -> Result<String, Unsupported> {
        read_answer(&answer(&request(req), target.id()))
    }

    /// Every platform, identity kind and call, for every target: the program that crossed the
    /// boundary is the one `render` writes in place (a request that did not survive its JSON
    /// would give another program, or none).
    #[test]
    fn every_request_crosses_unchanged() {
        let identities = [
            RequestedIdentity::System,
            RequestedIdentity::ClientId("2d5b9e3c-5af7-4418-8a6c-8f83acd78cc4".into()),
            RequestedIdentity::ObjectId("3e277453-b6c4-4763-aed2-145a7a915d5b".into()),
            RequestedIdentity::ResourceId(
                "/subscriptions/2cd617ea-1866-46b1-90e3-fffb087ebf9b/resourcegroups/xiangyan-msi/providers/Microsoft.ManagedIdentity/userAssignedIdentities/xymsi".into(),
            ),
        ];
        let calls = [
            None,
            Some(ResourceCall::key_vault_secret(
                "https://myvault.vault.azure.net",
                "db password",
            )),
            Some(ResourceCall::storage(
                "https://account.blob.core.windows.net/container/blob.txt",
            )),
        ];
        let mut programs = 0;
        for platform in platforms::SPECS.iter().map(|spec| spec.platform) {
            for identity in &identities {
                for call in &calls {
                    let mut req = match call {
                        Some(call) => TokenRequest::for_call(platform, call.clone()),
                        None => TokenRequest::new(platform, "https://vault.azure.net"),
                    };
                    req.identity = identity.clone();
                    req.api_version = Some("2019-08-01".into());
                    req.endpoint_override = Some("http://127.0.0.1:8080/token".into());
                    assert_eq!(
                        serde_json::from_slice::<TokenRequest>(request(&req).as_bytes())
                            .ok()
                            .as_ref(),
                        Some(&req)
                    );
                    for target in Target::ALL.iter().copied() {
                        let in_place = render(&req, target);
                        programs += usize::from(in_place.is_ok());
                        assert_eq!(across(&req, target), in_place, "{platform:?} {target:?}");
                    }
                }
            }
        }
        // Most of them are programs, not refusals: the comparison above compares code.
        assert!(programs > 500, "{programs} programs");
    }

    #[test]
    fn a_request_the_generator_cannot_read_is_said_so() {
        let req = TokenRequest::new(Platform::Imds, "https://management.azure.com/");
        let unknown = read_answer(&answer(&request(&req), "cobol"));
        assert_eq!(
            unknown,
            Err(Unsupported(
                "The code generator writes no program for 'cobol'.".into()
            ))
        );
        let unreadable = read_answer(&answer("{\"platform\":\"mainframe\"}", "curl"));
        assert!(
            unreadable.as_ref().is_err_and(|u| u
                .0
                .starts_with("The code generator could not read the request")),
            "{unreadable:?}"
        );
        assert_eq!(
            read_answer("not json"),
            Err(Unsupported(
                "The code generator's answer could not be read.".into()
            ))
        );
    }
}
