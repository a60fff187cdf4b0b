//! Proof by running (issue 5 §4, issue 10 §5): every generated program whose toolchain this machine
//! has is run against a mock managed-identity endpoint that the test serves on 127.0.0.1. The mock
//! emulates the platform (Azure Arc's 401 challenge with a key file this test writes, then the
//! Basic credential; Cloud Shell's POST form; Service Fabric's HTTPS with a self-signed
//! certificate, through a small TLS front) and answers with a token. The test asserts the program
//! printed the mock's token and the mock saw the request the platform's protocol wants: the
//! oracle is [`protocol`], a table written from ../shared/reference/mi-protocols.md, not the
//! request model that writes the programs. Hostile resource and identity values too; and a
//! program given the wrong IDENTITY_SERVER_THUMBPRINT refuses before sending anything. Nothing is
//! sent anywhere but 127.0.0.1: IMDS programs get the mock through the endpoint override, SDKs
//! through AZURE_POD_IDENTITY_AUTHORITY_HOST.
//!
//! A second test reads every `curl` and `http` program back with the inspector itself.
//!
//! Five targets are checked by golden files only ([`golden_only`]). Any other target is skipped
//! only when its toolchain is missing (scripts/setup installs them all), and the test prints what
//! it skipped; `REQUIRE_TOOLCHAINS=1` makes that a failure.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mi_core::azure::platforms;
use mi_core::input::percent::{percent_decode, percent_encode};
use mi_core::request::{CallService, RequestedIdentity, ResourceCall, TokenRequest};
use mi_core::snippets::{render, rust_dependencies, Target};
use mi_core::Platform;

const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJhdWQiOiJtb2NrIn0.bW9jay1zaWduYXR1cmU";
const SECRET: &str = "853b9a84-5bfa-4b22-a3f3-0b9a43d9ad8a";
const ARC_KEY: &str = "a2V5LWZpbGUtY29udGVudHM=";
const CLIENT_ID: &str = "9eba17f1-2c52-4ef9-9b43-2fd1e6c3d0a4";
const OBJECT_ID: &str = "5f8a4a55-1e3b-4c3f-8a65-3b1f0a2c6d7e";
const RESOURCE_ID: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/my-identity";
/// Quotes, backslash, shell and PowerShell metacharacters, newline, tab, U+00A0, U+2019, an emoji
/// and `&`/`=`/`+`/`%` that a careless query would split or decode.
const HOSTILE: &str = "it's \"q\" \\ $HOME `id` !x #h\nl\tt\u{a0}\u{2019}\u{1F600}&a=b+c%41";

// ---------------------------------------------------------------------------------------------
// The mock endpoint

#[derive(Clone, Debug)]
struct Seen {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    /// Header names lower-cased.
    headers: BTreeMap<String, String>,
    form: Vec<(String, String)>,
}

struct Mock {
    port: u16,
    platform: Platform,
    seen: Arc<Mutex<Vec<Seen>>>,
    _key_file: PathBuf,
    /// Service Fabric: the TLS front (port, process) and the thumbprint the programs are given.
    tls: Option<(u16, Child)>,
    thumbprint: String,
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self._key_file);
        if let Some((_, child)) = &mut self.tls {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Where the Azure Arc agent keeps its key files; the programs (like the SDKs) send no other.
const ARC_TOKENS: &str = "/var/opt/azcmagent/tokens";

/// The agent's key-file folder, when this test may write there (as root, as CI runs); the Arc
/// cases are skipped otherwise.
fn arc_tokens() -> Option<PathBuf> {
    static DIR: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(ARC_TOKENS);
        std::fs::create_dir_all(&dir).ok()?;
        let probe = dir.join(format!("mi-token-inspector-probe-{}", std::process::id()));
        std::fs::write(&probe, "").ok()?;
        std::fs::remove_file(&probe).ok()?;
        Some(dir)
    })
    .clone()
}

/// A TLS front for the mock (Service Fabric's endpoint is HTTPS with a self-signed certificate):
/// Python's `ssl` module terminates TLS and pipes the bytes to the Rust mock. It prints its port.
const TLS_FRONT: &str = r#"
import socket, ssl, sys, threading
cert, key, upstream = sys.argv[1], sys.argv[2], int(sys.argv[3])
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(64)
print(srv.getsockname()[1], flush=True)

def pipe(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        try:
            dst.close()
        except OSError:
            pass

def handle(raw):
    try:
        conn = ctx.wrap_socket(raw, server_side=True)
    except (ssl.SSLError, OSError):
        raw.close()
        return
    up = socket.create_connection(("127.0.0.1", upstream))
    threading.Thread(target=pipe, args=(up, conn), daemon=True).start()
    pipe(conn, up)

while True:
    client, _ = srv.accept()
    threading.Thread(target=handle, args=(client,), daemon=True).start()
"#;

/// The self-signed certificate (and key) of the TLS front, made once with openssl, and its
/// SHA-1 thumbprint; `None` when python3 or openssl is missing.
fn tls_certificate() -> Option<(PathBuf, PathBuf, String)> {
    static CERT: std::sync::OnceLock<Option<(PathBuf, PathBuf, String)>> =
        std::sync::OnceLock::new();
    CERT.get_or_init(|| {
        if !have("python3", "--version") || !have("openssl", "version") {
            return None;
        }
        let dir = work_dir();
        let (cert, key) = (dir.join("sf-cert.pem"), dir.join("sf-key.pem"));
        let made = Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=sf-mock",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .output()
            .ok()?;
        if !made.status.success() {
            return None;
        }
        let fp = Command::new("openssl")
            .args(["x509", "-noout", "-fingerprint", "-sha1", "-in"])
            .arg(&cert)
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&fp.stdout);
        let thumbprint = text.split('=').nth(1)?.trim().replace(':', "");
        Some((cert, key, thumbprint))
    })
    .clone()
}

fn path_for(platform: Platform) -> &'static str {
    match platform {
        Platform::Imds | Platform::AzureArc => "/metadata/identity/oauth2/token",
        Platform::CloudShell => "/oauth2/token",
        _ => "/msi/token",
    }
}

impl Mock {
    fn start(platform: Platform, dir: &Path) -> Mock {
        Mock::start_with(platform, dir, false)
    }

    /// `foreign_key`: Arc's challenge names a key file outside the agent's folder, which the
    /// programs must refuse to send.
    fn start_with(platform: Platform, dir: &Path, foreign_key: bool) -> Mock {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let name = format!("mi-token-inspector-test-{}-{port}.key", std::process::id());
        let key_file = match arc_tokens() {
            Some(tokens) if platform == Platform::AzureArc && !foreign_key => tokens.join(name),
            _ => dir.join(name),
        };
        std::fs::write(&key_file, ARC_KEY).unwrap();
        let (s, k) = (seen.clone(), key_file.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (s, k) = (s.clone(), k.clone());
                std::thread::spawn(move || serve(stream, platform, &s, &k));
            }
        });
        let (mut tls, mut thumbprint) = (None, String::new());
        if platform == Platform::ServiceFabric {
            let (cert, key, t) = tls_certificate().expect("checked by cases()");
            let mut child = Command::new("python3")
                .arg("-c")
                .arg(TLS_FRONT)
                .arg(&cert)
                .arg(&key)
                .arg(port.to_string())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            let mut line = String::new();
            BufReader::new(child.stdout.take().unwrap())
                .read_line(&mut line)
                .unwrap();
            tls = Some((line.trim().parse().unwrap(), child));
            thumbprint = t;
        }
        Mock {
            port,
            platform,
            seen,
            _key_file: key_file,
            tls,
            thumbprint,
        }
    }

    fn url(&self) -> String {
        match &self.tls {
            Some((port, _)) => format!("https://127.0.0.1:{port}{}", path_for(self.platform)),
            None => format!("http://127.0.0.1:{}{}", self.port, path_for(self.platform)),
        }
    }

    /// The environment the platform would set, pointing at the mock.
    fn env(&self) -> Vec<(&'static str, String)> {
        let url = self.url();
        match self.platform {
            Platform::Imds => vec![],
            Platform::AppService | Platform::ContainerApps => vec![
                ("IDENTITY_ENDPOINT", url),
                ("IDENTITY_HEADER", SECRET.into()),
            ],
            Platform::ServiceFabric => vec![
                ("IDENTITY_ENDPOINT", url),
                ("IDENTITY_HEADER", SECRET.into()),
                ("IDENTITY_SERVER_THUMBPRINT", self.thumbprint.clone()),
            ],
            Platform::AppService2017 | Platform::AzureMl => {
                vec![("MSI_ENDPOINT", url), ("MSI_SECRET", SECRET.into())]
            }
            Platform::AzureArc => vec![
                ("IDENTITY_ENDPOINT", url),
                ("IMDS_ENDPOINT", format!("http://127.0.0.1:{}", self.port)),
            ],
            Platform::CloudShell => vec![("MSI_ENDPOINT", url)],
        }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// Reads one HTTP/1.1 request (request line, headers, a Content-Length body).
fn read_request(stream: &TcpStream) -> Option<Seen> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let mut target = parts.next().unwrap_or_default().to_string();
    if let Some(rest) = target.strip_prefix("http://") {
        // Absolute form (the raw HTTP target): drop scheme and authority.
        target = rest.find('/').map_or("/".into(), |i| rest[i..].to_string());
    }
    let mut headers = BTreeMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim_end().is_empty() {
            break;
        }
        if let Some((k, v)) = h.trim_end().split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    Some(Seen {
        method,
        path: path.to_string(),
        query: pairs(query),
        headers,
        form: pairs(&String::from_utf8_lossy(&body)),
    })
}

fn respond(mut out: TcpStream, status: &str, extra: &str, body: &str) {
    let _ = write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
    let _ = out.flush();
}

fn serve(stream: TcpStream, platform: Platform, seen: &Mutex<Vec<Seen>>, key_file: &Path) {
    let Some(request) = read_request(&stream) else {
        return;
    };
    let resource = request
        .query
        .iter()
        .chain(request.form.iter())
        .find(|(k, _)| k == "resource")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    seen.lock().unwrap().push(request.clone());
    let (status, extra, body) = if platform == Platform::AzureArc
        && request.headers.get("authorization") != Some(&format!("Basic {ARC_KEY}"))
    {
        (
            "401 Unauthorized",
            format!("WWW-Authenticate: Basic realm={}\r\n", key_file.display()),
            String::new(),
        )
    } else {
        let expires = 4_102_444_800u64; // 2100-01-01, far from any clock
        (
            "200 OK",
            String::new(),
            serde_json::json!({
                "access_token": TOKEN,
                "expires_in": "3599",
                "expires_on": expires.to_string(),
                "resource": resource,
                "token_type": "Bearer",
            })
            .to_string(),
        )
    };
    respond(stream, status, &extra, &body);
}

// ---------------------------------------------------------------------------------------------
// The resource the token is for (issue 11 §4): a fake Key Vault, Storage or Resource Manager that
// answers only the token the token mock issued.

/// What a fake resource answers, marked so that the test can tell the program printed it.
const CALL_BODY: &str = "{\"value\":\"mock-resource-response\"}";

/// The call side of each service's protocol, from its REST reference, not from `ResourceCall`:
/// the resource the token must be for, the api-version query, the x-ms-version header.
struct CallProtocol {
    resource: &'static str,
    api_version: Option<&'static str>,
    x_ms_version: Option<&'static str>,
}

fn call_protocol(service: CallService) -> CallProtocol {
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
struct ResourceMock {
    port: u16,
    service: CallService,
    /// The path the program must GET, percent-decoded.
    path: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl ResourceMock {
    fn start(service: CallService, path: &str) -> ResourceMock {
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
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The one request the program must have made: GET, the path, the mock's token, the
    /// service's version.
    fn check(&self) -> Result<(), String> {
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

// ---------------------------------------------------------------------------------------------
// Cases

struct Case {
    name: String,
    /// What the program is written from.
    request: TokenRequest,
    /// The resource and identity the token endpoint must see: the request's, or the arguments'
    /// values where the request holds a placeholder.
    resource: String,
    identity: RequestedIdentity,
    /// The program's arguments: (its variable, the value given).
    args: Vec<(&'static str, String)>,
    mock: Mock,
    /// The resource the program calls with the token, if it does.
    call: Option<ResourceMock>,
    /// A case the program must refuse, without sending its secret or credential anywhere.
    refusal: Option<Refusal>,
}

impl Case {
    fn new(name: impl Into<String>, request: TokenRequest, mock: Mock) -> Case {
        Case {
            name: name.into(),
            resource: request.resource.clone(),
            identity: request.identity.clone(),
            request,
            args: Vec::new(),
            mock,
            call: None,
            refusal: None,
        }
    }

    /// What the program must print: the resource's answer when it makes a call, else the token.
    fn expected_output(&self) -> &'static str {
        if self.call.is_some() {
            CALL_BODY
        } else {
            TOKEN
        }
    }

    fn refusing(mut self, refusal: Refusal) -> Case {
        self.refusal = Some(refusal);
        self
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// Service Fabric, IDENTITY_SERVER_THUMBPRINT not the server's: refuse before sending a byte.
    WrongThumbprint,
    /// Azure Arc's challenge names a file outside the agent's folder: never send its contents.
    ForeignKeyFile,
}

/// Every platform with every identity kind it supports, plus hostile values on IMDS, App Service
/// and Service Fabric, and (for the programs that pin) Service Fabric with a wrong thumbprint.
/// `program`: the target is a program (not the raw `http` text, which checks nothing itself).
fn cases(dir: &Path, sdk: bool, sdk_unencoded: bool, program: bool) -> Vec<Case> {
    // Service Fabric needs the TLS front (python3 and openssl) and a client that speaks HTTPS.
    let service_fabric = program && tls_certificate().is_some();
    let mut out = Vec::new();
    let identities = [
        RequestedIdentity::System,
        RequestedIdentity::ClientId(CLIENT_ID.into()),
        RequestedIdentity::ObjectId(OBJECT_ID.into()),
        RequestedIdentity::ResourceId(RESOURCE_ID.into()),
    ];
    let mut add = |platform: Platform, resource: &str, identity: RequestedIdentity, label: &str| {
        // The protocol says whether the platform can name this identity; the model must agree.
        let supported = identity == RequestedIdentity::System
            || !protocol(platform).selector_names(&identity).is_empty();
        let mut request = TokenRequest::new(platform, resource);
        request.identity = identity;
        assert_eq!(
            request.check().is_ok(),
            supported,
            "{} {label}: the request model and mi-protocols.md disagree on whether the platform takes it",
            platforms::id(platform)
        );
        if !supported {
            return;
        }
        let mock = Mock::start(platform, dir);
        if platform == Platform::Imds {
            request.endpoint_override = Some(mock.url());
        }
        out.push(Case::new(
            format!("{}/{label}", platforms::id(platform)),
            request,
            mock,
        ));
    };
    for spec in platforms::SPECS {
        if (spec.platform == Platform::ServiceFabric && !service_fabric)
            || (spec.platform == Platform::AzureArc && arc_tokens().is_none())
        {
            continue;
        }
        for identity in &identities {
            let label = match identity {
                RequestedIdentity::System => "system",
                RequestedIdentity::ClientId(_) => "client_id",
                RequestedIdentity::ObjectId(_) => "object_id",
                RequestedIdentity::ResourceId(_) => "resource_id",
            };
            add(
                spec.platform,
                "https://management.azure.com/",
                identity.clone(),
                label,
            );
        }
    }
    // azure-identity (Python) puts query values into the URL without percent-encoding them, so a
    // `#`, `&`, `=`, `+` or `%` in the resource or the identity is cut or reinterpreted: an SDK
    // defect the generated program cannot work around. Its hostile values skip those characters.
    let hostile = if sdk_unencoded {
        HOSTILE.replace(['#', '&', '=', '+', '%'], "")
    } else {
        HOSTILE.to_string()
    };
    for platform in [Platform::Imds, Platform::AppService] {
        add(
            platform,
            &hostile,
            RequestedIdentity::ClientId(hostile.clone()),
            "hostile",
        );
    }
    if service_fabric {
        add(
            Platform::ServiceFabric,
            &hostile,
            RequestedIdentity::System,
            "hostile",
        );
    }
    out.extend(placeholder_cases(dir));
    out.extend(call_cases(dir, service_fabric));
    if service_fabric && !sdk {
        out.push(
            Case::new(
                "service_fabric/wrong_thumbprint",
                TokenRequest::new(Platform::ServiceFabric, "https://management.azure.com/"),
                Mock::start(Platform::ServiceFabric, dir),
            )
            .refusing(Refusal::WrongThumbprint),
        );
    }
    if arc_tokens().is_some() && program && !sdk {
        out.push(
            Case::new(
                "azure_arc/foreign_key_file",
                TokenRequest::new(Platform::AzureArc, "https://management.azure.com/"),
                Mock::start_with(Platform::AzureArc, dir, true),
            )
            .refusing(Refusal::ForeignKeyFile),
        );
    }
    out
}

/// Programs that get the token and call the resource with it (issue 11 §4): Key Vault on IMDS,
/// Storage on App Service with a user-assigned identity, Resource Manager through Arc's challenge,
/// Key Vault behind Service Fabric's pinned certificate (the call must not be pinned), and a blob
/// path with every character a URL path may hold that a language treats specially.
fn call_cases(dir: &Path, service_fabric: bool) -> Vec<Case> {
    let group = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";
    let variants: Vec<(Platform, CallService, &str, RequestedIdentity, &str)> = vec![
        (
            Platform::Imds,
            CallService::KeyVault,
            "/secrets/db-password",
            RequestedIdentity::System,
            "key_vault",
        ),
        (
            Platform::AppService,
            CallService::Storage,
            "/reports/2024/q1.csv",
            RequestedIdentity::ClientId(CLIENT_ID.into()),
            "storage",
        ),
        (
            Platform::AzureArc,
            CallService::Arm,
            group,
            RequestedIdentity::System,
            "arm",
        ),
        (
            Platform::ServiceFabric,
            CallService::KeyVault,
            "/secrets/db-password",
            RequestedIdentity::System,
            "key_vault",
        ),
        (
            Platform::Imds,
            CallService::Storage,
            "/c/it's$HOME!x&a=b;(c)*+,%41@~",
            RequestedIdentity::System,
            "storage_odd_path",
        ),
    ];
    let mut out = Vec::new();
    for (platform, service, path, identity, label) in variants {
        if (platform == Platform::ServiceFabric && !service_fabric)
            || (platform == Platform::AzureArc && arc_tokens().is_none())
        {
            continue;
        }
        let resource = ResourceMock::start(service, path);
        let url = resource.url(path);
        let call = match service {
            CallService::KeyVault => ResourceCall::key_vault(&url),
            CallService::Storage => ResourceCall::storage(&url),
            CallService::Arm => ResourceCall::arm(&url),
        };
        let mut request = TokenRequest::for_call(platform, call);
        request.identity = identity;
        let mock = Mock::start(platform, dir);
        if platform == Platform::Imds {
            request.endpoint_override = Some(mock.url());
        }
        let mut case = Case::new(
            format!("{}/call_{label}", platforms::id(platform)),
            request,
            mock,
        );
        // The oracle's resource, from the service's reference, not the request's.
        case.resource = call_protocol(service).resource.into();
        case.call = Some(resource);
        out.push(case);
    }
    out
}

/// Values the pasted code leaves to its caller (issue 14 §7: the seed article's App Service C#
/// takes the resource as a parameter): the program takes them as arguments, and the endpoint
/// must see the values given, never the placeholder.
fn placeholder_cases(dir: &Path) -> Vec<Case> {
    let resource = "https://vault.azure.net";
    let app_service = Case::new(
        "app_service/placeholder_resource",
        TokenRequest::new(Platform::AppService, "<resource>"),
        Mock::start(Platform::AppService, dir),
    );
    let mut imds = TokenRequest::new(Platform::Imds, "<resource>");
    imds.identity = RequestedIdentity::ClientId("<clientId>".into());
    let mock = Mock::start(Platform::Imds, dir);
    imds.endpoint_override = Some(mock.url());
    let imds = Case::new("imds/placeholder_resource_and_client_id", imds, mock);
    let mut out = Vec::new();
    for mut case in [app_service, imds] {
        case.resource = resource.into();
        case.args.push(("resource", resource.into()));
        if case.identity != RequestedIdentity::System {
            case.identity = RequestedIdentity::ClientId(CLIENT_ID.into());
            case.args.push(("identity", CLIENT_ID.into()));
        }
        out.push(case);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Each platform's protocol, the oracle: written from ../shared/reference/mi-protocols.md (section
// named on each entry), not from the request model (`TokenRequest::headers()/query()/form()`)
// that writes the programs.

/// Where a required header's value comes from.
#[derive(Clone, Copy)]
enum Want {
    /// Exactly this text (IMDS's `Metadata` must be `true` in lower case, §3.1).
    Literal(&'static str),
    /// The value of the variable the platform sets (here: the one the mock's environment holds).
    Env(&'static str),
}

struct Protocol {
    method: &'static str,
    /// The api-version a program that writes its own request sends (the one SDKs send).
    api_version: Option<&'static str>,
    /// Every api-version the documentation or an SDK uses (an SDK may send any of them).
    api_versions: &'static [&'static str],
    headers: &'static [(&'static str, Want)],
    /// Parameter names for a user-assigned identity by client ID, object ID and resource ID: the
    /// first is the documented one (what programs send), the rest are aliases or SDK spellings.
    client_id: &'static [&'static str],
    object_id: &'static [&'static str],
    resource_id: &'static [&'static str],
    /// The resource travels in a form body (POST) rather than the query.
    resource_in_form: bool,
    /// Two requests: a 401 challenge without a credential, then `Authorization: Basic <key>`.
    challenge: bool,
}

fn protocol(platform: Platform) -> Protocol {
    const NONE: &[&str] = &[];
    match platform {
        // §3.1 (and §1): GET, api-version 2018-02-01, `Metadata: true`; client_id, object_id,
        // msi_res_id. §3.1: msal-node before 3.8.1 sent mi_res_id, which IMDS also accepts.
        Platform::Imds => Protocol {
            method: "GET",
            api_version: Some("2018-02-01"),
            api_versions: &["2018-02-01"],
            headers: &[("Metadata", Want::Literal("true"))],
            client_id: &["client_id"],
            object_id: &["object_id"],
            resource_id: &["msi_res_id", "mi_res_id"],
            resource_in_form: false,
            challenge: false,
        },
        // §3.2 and §3.3 (the same protocol): GET, 2019-08-01, X-IDENTITY-HEADER from
        // IDENTITY_HEADER; client_id, principal_id (object_id an alias; MSAL sends it), mi_res_id.
        Platform::AppService | Platform::ContainerApps => Protocol {
            method: "GET",
            api_version: Some("2019-08-01"),
            api_versions: &["2019-08-01"],
            headers: &[("X-IDENTITY-HEADER", Want::Env("IDENTITY_HEADER"))],
            client_id: &["client_id"],
            object_id: &["principal_id", "object_id"],
            resource_id: &["mi_res_id"],
            resource_in_form: false,
            challenge: false,
        },
        // §3.4 (legacy App Service) and §3.5 (Azure ML): GET, 2017-09-01, `secret` from
        // MSI_SECRET, a user-assigned identity by `clientid` only.
        Platform::AppService2017 | Platform::AzureMl => Protocol {
            method: "GET",
            api_version: Some("2017-09-01"),
            api_versions: &["2017-09-01"],
            headers: &[("secret", Want::Env("MSI_SECRET"))],
            client_id: &["clientid"],
            object_id: NONE,
            resource_id: NONE,
            resource_in_form: false,
            challenge: false,
        },
        // §3.6: GET over HTTPS, 2019-07-01-preview (MSAL .NET: 2020-05-01), `Secret` from
        // IDENTITY_HEADER, no selector (the cluster chooses the identity).
        Platform::ServiceFabric => Protocol {
            method: "GET",
            api_version: Some("2019-07-01-preview"),
            api_versions: &["2019-07-01-preview", "2020-05-01"],
            headers: &[("Secret", Want::Env("IDENTITY_HEADER"))],
            client_id: NONE,
            object_id: NONE,
            resource_id: NONE,
            resource_in_form: false,
            challenge: false,
        },
        // §3.7: GET twice with `Metadata: true`, 2020-06-01 (the doc's bash sample, Azure.Identity
        // .NET and the JS SDKs: 2019-11-01); the first answered 401, the second with the key
        // file's contents as the Basic credential. No user-assigned identities.
        Platform::AzureArc => Protocol {
            method: "GET",
            api_version: Some("2020-06-01"),
            api_versions: &["2020-06-01", "2019-11-01"],
            headers: &[("Metadata", Want::Literal("true"))],
            client_id: NONE,
            object_id: NONE,
            resource_id: NONE,
            resource_in_form: false,
            challenge: true,
        },
        // §3.8: POST, form body `resource=<r>`, `Metadata: true`, no api-version, no selector.
        Platform::CloudShell => Protocol {
            method: "POST",
            api_version: None,
            api_versions: &[],
            headers: &[("Metadata", Want::Literal("true"))],
            client_id: NONE,
            object_id: NONE,
            resource_id: NONE,
            resource_in_form: true,
            challenge: false,
        },
    }
}

impl Protocol {
    /// The names an identity may be sent under; empty when the platform has none for it.
    fn selector_names(&self, identity: &RequestedIdentity) -> &'static [&'static str] {
        match identity {
            RequestedIdentity::System => &[],
            RequestedIdentity::ClientId(_) => self.client_id,
            RequestedIdentity::ObjectId(_) => self.object_id,
            RequestedIdentity::ResourceId(_) => self.resource_id,
        }
    }

    /// What a program that writes its own request must send: (query, form), sorted.
    #[allow(clippy::type_complexity)]
    fn expected(
        &self,
        resource: &str,
        identity: &RequestedIdentity,
    ) -> (Vec<(String, String)>, Vec<(String, String)>) {
        let (mut query, mut form) = (Vec::new(), Vec::new());
        if let Some(v) = self.api_version {
            query.push(("api-version".to_string(), v.to_string()));
        }
        let resource = ("resource".to_string(), resource.to_string());
        if self.resource_in_form {
            form.push(resource);
        } else {
            query.push(resource);
        }
        if let (Some(name), Some(value)) = (self.selector_names(identity).first(), identity.value())
        {
            query.push((name.to_string(), value.to_string()));
        }
        query.sort();
        (query, form)
    }
}

/// Checks what the mock saw against the platform's protocol and the case's resource and identity.
fn check_seen(case: &Case, sdk: bool) -> Result<(), String> {
    let (resource, identity) = (&case.resource, &case.identity);
    let protocol = protocol(case.request.platform);
    let seen = case.mock.seen();
    let Some(last) = seen.last() else {
        return Err("the mock saw no request".into());
    };
    if last.method != protocol.method {
        return Err(format!("method {} (want {})", last.method, protocol.method));
    }
    // msal-node asks IMDS for `…/oauth2/token/`: an SDK's own spelling, accepted.
    let path = path_for(case.request.platform);
    if last.path != path && !(sdk && last.path.trim_end_matches('/') == path) {
        return Err(format!("path {} (want {path})", last.path));
    }
    check_headers(case, last, &protocol)?;
    if protocol.challenge {
        check_challenge(&seen, sdk)?;
    }
    if sdk {
        check_sdk_request(last, &protocol, resource, identity)
    } else {
        let sorted = |mut v: Vec<(String, String)>| {
            v.sort();
            v
        };
        let (want_query, want_form) = protocol.expected(resource, identity);
        if sorted(last.query.clone()) != want_query {
            return Err(format!("query {:?} (want {want_query:?})", last.query));
        }
        if sorted(last.form.clone()) != want_form {
            return Err(format!("form {:?} (want {want_form:?})", last.form));
        }
        let want_requests = if protocol.challenge { 2 } else { 1 };
        if seen.len() != want_requests {
            return Err(format!("{} requests (want {want_requests})", seen.len()));
        }
        Ok(())
    }
}

/// The platform's required headers, with the values the mock's environment gave the program.
fn check_headers(case: &Case, last: &Seen, protocol: &Protocol) -> Result<(), String> {
    let env = case.mock.env();
    for (name, want) in protocol.headers {
        let want = match want {
            Want::Literal(v) => v.to_string(),
            Want::Env(var) => env
                .iter()
                .find(|(k, _)| k == var)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| format!("the mock's environment lacks {var}"))?,
        };
        let got = last.headers.get(&name.to_ascii_lowercase());
        if got != Some(&want) {
            return Err(format!("header {name}: {got:?} (want {want:?})"));
        }
    }
    Ok(())
}

/// Azure Arc (§3.7): the first request carries no credential, the last the key file's contents.
fn check_challenge(seen: &[Seen], sdk: bool) -> Result<(), String> {
    if !sdk
        && seen
            .first()
            .map(|s| s.headers.contains_key("authorization"))
            != Some(false)
    {
        return Err("the first Arc request carried a credential".into());
    }
    let want = format!("Basic {ARC_KEY}");
    match seen.last().and_then(|s| s.headers.get("authorization")) {
        Some(got) if *got == want => Ok(()),
        got => Err(format!(
            "Arc's second request: Authorization {got:?} (want {want:?})"
        )),
    }
}

/// An SDK writes its own request: a documented api-version, the resource where the platform
/// takes it, the identity under one of the platform's names for it.
fn check_sdk_request(
    last: &Seen,
    protocol: &Protocol,
    resource: &str,
    identity: &RequestedIdentity,
) -> Result<(), String> {
    let version = last
        .query
        .iter()
        .find(|(k, _)| k == "api-version")
        .map(|(_, v)| v.as_str());
    let version_ok = match version {
        None => protocol.api_versions.is_empty(),
        Some(v) => protocol.api_versions.contains(&v),
    };
    if !version_ok {
        return Err(format!(
            "api-version {version:?} (want one of {:?})",
            protocol.api_versions
        ));
    }
    let place = if protocol.resource_in_form {
        &last.form
    } else {
        &last.query
    };
    if !place.iter().any(|(k, v)| k == "resource" && v == resource) {
        return Err(format!("no resource={resource:?} in {place:?}"));
    }
    if let Some(id) = identity.value() {
        let names = protocol.selector_names(identity);
        if !last
            .query
            .iter()
            .any(|(k, v)| v == id && names.contains(&k.as_str()))
        {
            return Err(format!(
                "identity {id:?} not sent as any of {names:?}: {:?}",
                last.query
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Running programs

fn work_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("snippets-run");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn tools() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools")
}

fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs a command with the case's environment, no proxy variables, and a time limit.
fn run(mut cmd: Command, case: &Case, cwd: &Path) -> Result<String, String> {
    for var in [
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    for var in [
        "IDENTITY_ENDPOINT",
        "IDENTITY_HEADER",
        "IDENTITY_SERVER_THUMBPRINT",
        "IMDS_ENDPOINT",
        "MSI_ENDPOINT",
        "MSI_SECRET",
        "AZURE_CLIENT_ID",
        "AZURE_POD_IDENTITY_AUTHORITY_HOST",
    ] {
        cmd.env_remove(var);
    }
    cmd.envs(case.mock.env());
    cmd.args(case.args.iter().map(|(_, v)| v));
    if case.refusal == Some(Refusal::WrongThumbprint) {
        cmd.env("IDENTITY_SERVER_THUMBPRINT", "00".repeat(20));
    }
    cmd.current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("spawn: {e}"))?;
    let start = Instant::now();
    loop {
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            return Err("timed out".into());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("exit {:?}: {stdout}{stderr}", out.status.code()));
    }
    if !stdout.contains(case.expected_output()) {
        return Err(format!(
            "{:?} not printed: {stdout}{stderr}",
            case.expected_output()
        ));
    }
    if case.call.is_some() && stdout.contains(TOKEN) {
        return Err(format!(
            "printed the token, not only the call's answer: {stdout}"
        ));
    }
    Ok(stdout)
}

/// A compiled toolchain's first step, run once before the programs.
fn build(cmd: &mut Command) -> Result<(), String> {
    let out = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "build failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Sends the raw `http` target over a socket: comments dropped, placeholders filled in.
fn send_http(program: &str, case: &Case) -> Result<String, String> {
    let env = case.mock.env();
    let fill = |text: &str| {
        let mut t = text.replace("{{key file contents}}", ARC_KEY);
        for (var, value) in &case.args {
            t = t.replace(&format!("{{{{{var}}}}}"), &percent_encode(value));
        }
        for (k, v) in &env {
            let host = v.split_once("://").map_or(v.as_str(), |(_, r)| r);
            let host = host.split('/').next().unwrap_or(host);
            t = t.replace(&format!("{{{{{k} host}}}}"), host);
            t = t.replace(&format!("{{{{{k}}}}}"), v);
        }
        t
    };
    let mut last = String::new();
    for message in program.split("\n###\n") {
        let lines: Vec<&str> = message
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip_while(|l| l.is_empty())
            .collect();
        // {{access_token}}: the token the previous response holds (the call after the token).
        let token = last
            .split_once("\r\n\r\n")
            .and_then(|(_, body)| serde_json::from_str::<serde_json::Value>(body).ok())
            .and_then(|j| j["access_token"].as_str().map(str::to_string))
            .unwrap_or_default();
        let text = fill(&lines.join("\r\n")).replace("{{access_token}}", &token);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        // Every message goes to 127.0.0.1, at the port its Host names.
        let port = head
            .lines()
            .find_map(|l| l.strip_prefix("Host: 127.0.0.1:"))
            .and_then(|p| p.trim().parse::<u16>().ok())
            .ok_or_else(|| format!("no loopback Host in {head}"))?;
        let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
        write!(
            stream,
            "{}\r\nConnection: close\r\n\r\n{}",
            head.trim_end(),
            body.trim_end()
        )
        .map_err(|e| e.to_string())?;
        last.clear();
        stream
            .read_to_string(&mut last)
            .map_err(|e| e.to_string())?;
    }
    if last.contains(case.expected_output()) {
        Ok(last)
    } else {
        Err(format!("no {:?} in {last}", case.expected_output()))
    }
}

/// Runs case `i` of a target (after any one-off build) and returns what the program printed.
type Runner<'a> = Box<dyn Fn(usize, &Case) -> Result<String, String> + Sync + 'a>;

/// Why a target's programs did not run.
enum NotRun {
    /// No machine of this project can install the toolchain: the target is checked by its golden
    /// files only.
    GoldenOnly(&'static str),
    /// The toolchain is missing on this machine (scripts/setup installs it). A failure with
    /// REQUIRE_TOOLCHAINS=1, a printed skip otherwise.
    Missing(String),
    /// The toolchain is here but the one-off build failed: always a failure.
    BuildFailed(String),
}

/// Targets whose toolchain no machine of this project can install (Debian 12 and the reachable
/// registries: crates.io, PyPI, npm, Debian), with the reason.
fn golden_only(target: Target) -> Option<&'static str> {
    match target {
        Target::PowerShell => Some("pwsh is not packaged for Debian 12"),
        Target::AzureCli => Some("the Azure CLI is not packaged for Debian 12 and its installer downloads from elsewhere"),
        Target::CSharpAzureIdentity => Some("no .NET SDK on Debian 12, and Azure.Identity comes from NuGet"),
        Target::JavaAzureIdentity => Some("azure-identity for Java comes from Maven Central"),
        Target::GoAzidentity => Some("azidentity needs a newer Go than Debian's 1.19, from the Go module proxy"),
        _ => None,
    }
}

/// Whether missing toolchains fail the test (CI sets it) instead of being skipped.
fn toolchains_required() -> bool {
    std::env::var("REQUIRE_TOOLCHAINS").is_ok_and(|v| v == "1")
}

/// `program` answers `arg` (e.g. `--version`), or the target cannot run here.
fn require(program: &str, arg: &str, package: &str) -> Result<(), NotRun> {
    if have(program, arg) {
        Ok(())
    } else {
        Err(NotRun::Missing(format!(
            "{program} is not installed ({package})"
        )))
    }
}

/// What one target did: how many cases ran and which failed.
struct Ran {
    cases: usize,
    failures: Vec<String>,
}

/// Writes every case's program, builds what needs building, runs each case.
fn run_target(target: Target) -> Result<Ran, NotRun> {
    if let Some(why) = golden_only(target) {
        return Err(NotRun::GoldenOnly(why));
    }
    let dir_buf = work_dir().join(target.id());
    let _ = std::fs::remove_dir_all(&dir_buf);
    std::fs::create_dir_all(&dir_buf).unwrap();
    let dir: &Path = &dir_buf;
    let sdk = target.uses_sdk();
    let cases = cases(
        dir,
        sdk,
        target == Target::PythonAzureIdentity,
        target != Target::Http,
    );
    let programs: Vec<String> = cases
        .iter()
        .map(|c| render(&c.request, target).unwrap_or_else(|e| panic!("{}: {}", c.name, e.0)))
        .collect();
    for (i, p) in programs.iter().enumerate() {
        let file = program_file(dir, target, i);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, p).unwrap();
    }
    let runner = runner(target, dir, &programs)?;
    let failures = run_cases(target, &cases, &programs, &runner, sdk);
    Ok(Ran {
        cases: cases.len(),
        failures,
    })
}

fn program_file(dir: &Path, target: Target, i: usize) -> PathBuf {
    dir.join(format!("case{i}")).join(target.file_name())
}

/// How to run a target's programs, after any one-off build.
fn runner<'a>(target: Target, dir: &'a Path, programs: &'a [String]) -> Result<Runner<'a>, NotRun> {
    let file = move |i: usize| program_file(dir, target, i);
    let python_venv = tools().join("pyvenv/bin/python");
    Ok(match target {
        Target::Curl => {
            require("curl", "--version", "Debian curl")?;
            Box::new(move |i, c| run(cmd("bash", &[&file(i)]), c, dir))
        }
        Target::Python | Target::PythonAzureIdentity => {
            if !python_venv.exists() {
                return Err(NotRun::Missing(format!(
                    "{} is missing (scripts/setup makes it)",
                    python_venv.display()
                )));
            }
            Box::new(move |i, c| run(cmd(&python_venv, &[&file(i)]), c, dir))
        }
        Target::PythonUrllib => {
            require("python3", "--version", "Debian python3")?;
            Box::new(move |i, c| run(cmd("python3", &[&file(i)]), c, dir))
        }
        Target::Node => {
            require("node", "--version", "Node.js 18+")?;
            Box::new(move |i, c| run(cmd("node", &[&file(i)]), c, dir))
        }
        Target::NodeAzureIdentity => node_identity_runner(programs)?,
        Target::Java => {
            require("java", "-version", "Java 11+")?;
            Box::new(move |i, c| run(cmd("java", &[&file(i)]), c, dir))
        }
        Target::Go => go_runner(dir)?,
        Target::Rust => rust_runner(dir, programs)?,
        Target::CSharp => csharp_runner(dir, file)?,
        Target::Http => Box::new(move |i, c| send_http(&programs[i], c)),
        _ => unreachable!("golden_only covers {}", target.id()),
    })
}

/// @azure/identity: ES modules resolve packages from the file's own directory upwards, so each
/// program runs from the folder that holds node_modules.
fn node_identity_runner(programs: &[String]) -> Result<Runner<'_>, NotRun> {
    let modules = tools().join("node-identity");
    require("node", "--version", "Node.js 18+")?;
    if !modules.join("node_modules/@azure/identity").exists() {
        return Err(NotRun::Missing(format!(
            "{}/node_modules/@azure/identity is missing (scripts/setup installs it)",
            modules.display()
        )));
    }
    Ok(Box::new(move |i, c| {
        let f = modules.join(format!("case-{}-{i}.mjs", std::process::id()));
        std::fs::write(&f, &programs[i]).unwrap();
        let mut node = cmd("node", &[&f]);
        // msal-node reads IDENTITY_SERVER_THUMBPRINT but does not pin it: it verifies Service
        // Fabric's certificate against the trusted CAs, so trust the mock's.
        if let Some((cert, _, _)) = tls_certificate() {
            node.env("NODE_EXTRA_CA_CERTS", cert);
        }
        let r = run(node, c, &modules);
        let _ = std::fs::remove_file(&f);
        r
    }))
}

/// Go: one `go build` for every case (each in its own directory, so each its own binary).
fn go_runner(dir: &Path) -> Result<Runner<'_>, NotRun> {
    require("go", "version", "Debian golang-go")?;
    std::fs::write(dir.join("go.mod"), "module snippets\n\ngo 1.16\n").unwrap();
    let bin = dir.join("bin");
    build(
        cmd("go", &["build", "-o"])
            .arg(format!("{}/", bin.display()))
            .arg("./...")
            .current_dir(dir)
            .env("GOFLAGS", "-mod=mod")
            .env("GOCACHE", tools().join("go-cache")),
    )
    .map_err(NotRun::BuildFailed)?;
    // `go build -o dir/ ./...` names each binary after its directory.
    Ok(Box::new(move |i, c| {
        run(cmd(bin.join(format!("case{i}")), &[] as &[&str]), c, dir)
    }))
}

/// Rust: every program becomes a module of tests/snippet-runner, built once; SNIPPET_CASE picks
/// the one to run (the programs' own arguments stay theirs).
fn rust_runner<'a>(dir: &'a Path, programs: &[String]) -> Result<Runner<'a>, NotRun> {
    let project = Path::new(env!("CARGO_TARGET_TMPDIR")).join("snippet-runner");
    std::fs::create_dir_all(project.join("src")).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snippet-runner");
    for f in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(source.join(f), project.join(f)).unwrap();
    }
    let manifest = std::fs::read_to_string(project.join("Cargo.toml")).unwrap();
    for line in rust_dependencies().lines() {
        assert!(
            manifest.contains(line),
            "tests/snippet-runner/Cargo.toml lacks {line}"
        );
    }
    let mut main = String::from("#![allow(dead_code, unused_mut, unused_imports)]\n");
    for (i, p) in programs.iter().enumerate() {
        main.push_str(&format!(
            "mod case{i} {{\n{}}}\n",
            p.replace("\nfn main()", "\npub fn main()")
        ));
    }
    main.push_str("fn main() -> Result<(), Box<dyn std::error::Error>> {\n    match std::env::var(\"SNIPPET_CASE\").as_deref() {\n");
    for i in 0..programs.len() {
        main.push_str(&format!("        Ok(\"{i}\") => case{i}::main(),\n"));
    }
    main.push_str("        _ => Err(\"which case? (SNIPPET_CASE)\".into()),\n    }\n}\n");
    std::fs::write(project.join("src/main.rs"), main).unwrap();
    build(
        cmd("cargo", &["build", "--quiet", "--locked"])
            .current_dir(&project)
            .env("CARGO_TARGET_DIR", project.join("target")),
    )
    .map_err(NotRun::BuildFailed)?;
    let bin = project.join("target/debug/snippet-runner");
    Ok(Box::new(move |i, c| {
        let mut program = cmd(&bin, &[] as &[&str]);
        program.env("SNIPPET_CASE", i.to_string());
        run(program, c, dir)
    }))
}

/// C#: Mono's mcs, per case, with a shim for the one System.Text.Json call (Mono lacks it).
fn csharp_runner<'a>(
    dir: &'a Path,
    file: impl Fn(usize) -> PathBuf + Sync + 'a,
) -> Result<Runner<'a>, NotRun> {
    require("mcs", "--version", "Debian mono-mcs")?;
    require("mono", "--version", "Debian mono-runtime")?;
    let shim = dir.join("JsonShim.cs");
    std::fs::write(&shim, JSON_SHIM).unwrap();
    Ok(Box::new(move |i, c| {
        let exe = dir.join(format!("case{i}.exe"));
        build(
            cmd(
                "mcs",
                &[
                    "-langversion:7.2",
                    "-r:System.Net.Http.dll",
                    "-r:System.Json.dll",
                    "-nologo",
                ],
            )
            .arg(format!("-out:{}", exe.display()))
            .arg(file(i))
            .arg(&shim),
        )?;
        run(cmd("mono", &[&exe]), c, dir)
    }))
}

/// Runs every case, two at a time (most of their time is start-up: the JVM, Mono, Python), and
/// returns the failures.
fn run_cases(
    target: Target,
    cases: &[Case],
    programs: &[String],
    runner: &Runner,
    sdk: bool,
) -> Vec<String> {
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for lane in 0..2 {
            let failures = &failures;
            scope.spawn(move || {
                for (i, case) in cases.iter().enumerate().skip(lane).step_by(2) {
                    if let Err(e) = run_case(runner, i, case, sdk) {
                        failures.lock().unwrap().push(format!(
                            "{} {}: {e}\n--- program:\n{}",
                            target.id(),
                            case.name,
                            programs[i]
                        ));
                    }
                }
            });
        }
    });
    failures.into_inner().unwrap()
}

/// One case: the program printed the mock's token and the mock saw the protocol's request; or,
/// for a refusal, the program failed without sending its secret or credential.
fn run_case(runner: &Runner, i: usize, case: &Case, sdk: bool) -> Result<(), String> {
    let leaked = || {
        case.mock
            .seen()
            .iter()
            .any(|s| s.headers.contains_key("authorization") || s.headers.contains_key("secret"))
    };
    if case.refusal.is_some() {
        return match runner(i, case) {
            Ok(out) => Err(format!("did not refuse: {out}")),
            Err(_) if leaked() => Err("sent its secret to a server it had not verified".into()),
            Err(_) => Ok(()),
        };
    }
    runner(i, case).and_then(|_| check_seen(case, sdk))?;
    match &case.call {
        Some(resource) => resource.check(),
        None => Ok(()),
    }
}

fn cmd(program: impl AsRef<std::ffi::OsStr>, args: &[impl AsRef<std::ffi::OsStr>]) -> Command {
    let mut c = Command::new(program);
    c.args(args);
    c
}

const JSON_SHIM: &str = r#"// Test-only stand-in for System.Text.Json on Mono (which lacks it), over Mono's System.Json.
namespace System.Text.Json
{
    public sealed class JsonDocument
    {
        public JsonElement RootElement;
        public static JsonDocument Parse(string json)
        {
            return new JsonDocument { RootElement = new JsonElement(System.Json.JsonValue.Parse(json)) };
        }
    }
    public struct JsonElement
    {
        readonly System.Json.JsonValue value;
        public JsonElement(System.Json.JsonValue value) { this.value = value; }
        public JsonElement GetProperty(string name) { return new JsonElement(value[name]); }
        public string GetString() { return (string)value; }
    }
}
"#;

#[test]
fn generated_programs_get_a_token_from_the_mock_endpoint() {
    let only = std::env::var("SNIPPET_TARGETS").ok();
    let required = toolchains_required();
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    let start = Instant::now();
    let missing = |what: String, summary: &mut Vec<String>, failures: &mut Vec<String>| {
        if required {
            failures.push(format!("REQUIRE_TOOLCHAINS=1, but {what}"));
        }
        summary.push(format!("SKIPPED {what}"));
    };
    for target in Target::ALL {
        if let Some(only) = &only {
            if !only.split(',').any(|t| t == target.id()) {
                continue;
            }
        }
        let t = Instant::now();
        let id = target.id();
        match run_target(*target) {
            Ok(ran) => {
                summary.push(format!(
                    "ran     {id:<22} {} cases, {} failed, {:.1}s",
                    ran.cases,
                    ran.failures.len(),
                    t.elapsed().as_secs_f64()
                ));
                failures.extend(ran.failures);
            }
            Err(NotRun::GoldenOnly(why)) => {
                summary.push(format!("golden  {id:<22} golden files only: {why}"))
            }
            Err(NotRun::Missing(why)) => {
                missing(format!("{id}: {why}"), &mut summary, &mut failures)
            }
            Err(NotRun::BuildFailed(why)) => {
                summary.push(format!("FAILED  {id:<22} the build failed"));
                failures.push(format!("{id}: {why}"));
            }
        }
    }
    if arc_tokens().is_none() {
        missing(
            format!("azure_arc cases: {ARC_TOKENS} is not writable (run as root)"),
            &mut summary,
            &mut failures,
        );
    }
    if tls_certificate().is_none() {
        missing(
            "service_fabric cases: the TLS front needs python3 and openssl".into(),
            &mut summary,
            &mut failures,
        );
    }
    eprintln!(
        "snippet execution ({:.1}s):\n{}",
        start.elapsed().as_secs_f64(),
        summary.join("\n")
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---------------------------------------------------------------------------------------------
// Read back

/// Issue 10 §5: the inspector reads every `curl` and `http` program back as the request it sends.
/// Pasted into `analyze_with` with its platform, each gives no error finding, and the request the
/// report corrects it to is the one the program was written from (platform, resource, identity,
/// api-version): the analyser is a second oracle, written apart from the generator.
#[test]
fn curl_and_http_programs_read_back_as_the_request_they_send() {
    let ctx = mi_core::Context::at(1_700_000_000);
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, request) in read_back_cases() {
        for target in [Target::Curl, Target::Http] {
            let program = render(&request, target).unwrap_or_else(|e| panic!("{name}: {}", e.0));
            let options = mi_core::Options {
                platform: Some(request.platform),
                ..Default::default()
            };
            let analysis = mi_core::analyze_with(&program, &ctx, &options);
            checked += 1;
            let errors: Vec<String> = analysis
                .findings
                .iter()
                .filter(|f| f.severity == mi_core::Severity::Error)
                .map(|f| format!("{:?}: {} ({})", f.code, f.title, f.detail))
                .collect();
            let corrected = analysis
                .request
                .as_ref()
                .and_then(|r| r.corrected.as_ref())
                .map(|c| &c.token_request);
            let read = corrected.map(|c| (c.platform, &c.resource, &c.identity, c.api_version()));
            let want = (
                request.platform,
                &request.resource,
                &request.identity,
                protocol(request.platform).api_version,
            );
            if !errors.is_empty() || read != Some(want) {
                failures.push(format!(
                    "{name} {}: errors {errors:#?}\nread back as {read:?}, want {want:?}\n--- program:\n{program}",
                    target.id()
                ));
            }
        }
    }
    eprintln!("{checked} curl and http programs read back");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every platform with every identity it takes, two resources, an IMDS tunnel and an Arc
/// fallback override, and hostile values.
fn read_back_cases() -> Vec<(String, TokenRequest)> {
    let identities = [
        ("system", RequestedIdentity::System),
        ("client_id", RequestedIdentity::ClientId(CLIENT_ID.into())),
        ("object_id", RequestedIdentity::ObjectId(OBJECT_ID.into())),
        (
            "resource_id",
            RequestedIdentity::ResourceId(RESOURCE_ID.into()),
        ),
    ];
    let mut out = Vec::new();
    for spec in platforms::SPECS {
        for (label, identity) in &identities {
            if *identity != RequestedIdentity::System
                && protocol(spec.platform).selector_names(identity).is_empty()
            {
                continue;
            }
            for resource in ["https://management.azure.com/", "https://vault.azure.net"] {
                let mut r = TokenRequest::new(spec.platform, resource);
                r.identity = identity.clone();
                out.push((
                    format!("{}/{label} {resource}", platforms::id(spec.platform)),
                    r,
                ));
            }
        }
    }
    let tunnel = "http://127.0.0.1:8000/metadata/identity/oauth2/token";
    for platform in [Platform::Imds, Platform::AzureArc] {
        let mut r = TokenRequest::new(platform, "https://management.azure.com/");
        r.endpoint_override = Some(tunnel.into());
        out.push((format!("{}/override", platforms::id(platform)), r));
    }
    for platform in [Platform::Imds, Platform::AppService] {
        let mut r = TokenRequest::new(platform, HOSTILE);
        r.identity = RequestedIdentity::ClientId(HOSTILE.into());
        out.push((format!("{}/hostile", platforms::id(platform)), r));
    }
    // Programs that call the resource too: the inspector must still read the token request.
    let calls = [
        ResourceCall::key_vault_secret("https://myvault.vault.azure.net", "db-password"),
        ResourceCall::storage("https://myaccount.blob.core.windows.net/c/it's$HOME!x&a=b"),
        ResourceCall::arm("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg"),
    ];
    for platform in [
        Platform::Imds,
        Platform::AppService,
        Platform::AzureArc,
        Platform::ServiceFabric,
        Platform::CloudShell,
    ] {
        for call in &calls {
            let r = TokenRequest::for_call(platform, call.clone());
            out.push((
                format!("{}/call {}", platforms::id(platform), call.service.name()),
                r,
            ));
        }
    }
    out
}
