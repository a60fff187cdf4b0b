//! The resource the token is for (issue 11 §4): a fake Key Vault, Storage or Resource Manager
//! that answers only the token the mock issued, with the call side of each service's protocol.

use super::*;

/// What a fake resource answers, marked so that the test can tell the program printed it.
pub(crate) const CALL_BODY: &str = "{\"value\":\"mock-resource-response\"}";

/// The call side of each service's protocol, from its REST reference, not from `ResourceCall`:
/// the resource the token must be for, the api-version query, the x-ms-version header.
pub(crate) struct CallProtocol {
    pub(crate) resource: &'static str,
    pub(crate) api_version: Option<&'static str>,
    pub(crate) x_ms_version: Option<&'static str>,
}

pub(crate) fn call_protocol(service: CallService) -> CallProtocol {
    match service {
        // GET {vaultBaseUrl}/secrets/{secret-name}?api-version=2025-07-01, the current stable
        // version (learn.microsoft.com/rest/api/keyvault/secrets/get-secret/get-secret
        // ?view=rest-keyvault-secrets-2025-07-01); audience https://vault.azure.net (mi-protocols §10).
        CallService::KeyVault => CallProtocol {
            resource: "https://vault.azure.net",
            api_version: Some("2025-07-01"),
            x_ms_version: None,
        },
        // x-ms-version 2025-11-05, "the latest fully deployed version" (learn.microsoft.com/rest/
        // api/storageservices/versioning-for-the-azure-storage-services); https://storage.azure.com/.
        CallService::Storage => CallProtocol {
            resource: "https://storage.azure.com/",
            api_version: None,
            x_ms_version: Some("2025-11-05"),
        },
        // Resource Groups - Get: api-version=2021-04-01 (learn.microsoft.com/rest/api/resources/
        // resource-groups/get); the cases call a resource group.
        CallService::Arm => CallProtocol {
            resource: "https://management.azure.com/",
            api_version: Some("2021-04-01"),
            x_ms_version: None,
        },
    }
}

/// A fake resource on 127.0.0.1: it records each request and answers [`CALL_BODY`] to the mock's
/// token, 401 to anything else.
pub(crate) struct ResourceMock {
    pub(crate) port: u16,
    pub(crate) service: CallService,
    /// The path the program must GET, percent-decoded.
    pub(crate) path: String,
    pub(crate) seen: Arc<Mutex<Vec<Seen>>>,
}

impl ResourceMock {
    pub(crate) fn start(service: CallService, path: &str) -> ResourceMock {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let s = s.clone();
                std::thread::spawn(move || {
                    let Some(request) = read_request(&stream) else {
                        return;
                    };
                    let ok =
                        request.headers.get("authorization") == Some(&format!("Bearer {TOKEN}"));
                    s.lock().unwrap().push(request);
                    if ok {
                        respond(stream, "200 OK", "", CALL_BODY);
                    } else {
                        respond(
                            stream,
                            "401 Unauthorized",
                            "",
                            "{\"error\":\"not the mock's token\"}",
                        );
                    }
                });
            }
        });
        ResourceMock {
            port,
            service,
            path: percent_decode(path, false),
            seen,
        }
    }

    /// The URL a program is given for the call.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The one request the program must have made: GET, the path, the mock's token, the
    /// service's version.
    pub(crate) fn check(&self) -> Result<(), String> {
        let seen = self.seen.lock().unwrap().clone();
        let [call] = seen.as_slice() else {
            return Err(format!(
                "{} calls to {} (want 1)",
                seen.len(),
                self.service.name()
            ));
        };
        let protocol = call_protocol(self.service);
        let version = call
            .query
            .iter()
            .find(|(k, _)| k == "api-version")
            .map(|(_, v)| v.as_str());
        let checks = [
            (call.method == "GET", format!("method {}", call.method)),
            (
                percent_decode(&call.path, false) == self.path,
                format!("path {} (want {})", call.path, self.path),
            ),
            (
                call.headers.get("authorization") == Some(&format!("Bearer {TOKEN}")),
                format!("Authorization {:?}", call.headers.get("authorization")),
            ),
            (
                version == protocol.api_version,
                format!("api-version {version:?} (want {:?})", protocol.api_version),
            ),
            (
                call.headers.get("x-ms-version").map(String::as_str) == protocol.x_ms_version,
                format!(
                    "x-ms-version {:?} (want {:?})",
                    call.headers.get("x-ms-version"),
                    protocol.x_ms_version
                ),
            ),
        ];
        match checks.iter().find(|(ok, _)| !ok) {
            Some((_, why)) => Err(format!("{}: {why}", self.service.name())),
            None => Ok(()),
        }
    }
}
