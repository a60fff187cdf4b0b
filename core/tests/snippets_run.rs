//! Proof by running (issue 5 §4): every generated program whose toolchain this machine has is run
//! against a mock managed-identity endpoint that the test serves on 127.0.0.1. The mock emulates
//! the platform (method, path, query, headers; Azure Arc's 401 challenge with a key file this
//! test writes, then the Basic credential; Cloud Shell's POST form; Service Fabric's HTTPS with a
//! self-signed certificate, through a small TLS front; workload identity's token exchange: a POST
//! of the projected token file as the client assertion to `{AZURE_AUTHORITY_HOST}{tenant}/oauth2/
//! v2.0/token`) and answers with a token. The test asserts the program printed the mock's token and the mock saw exactly the intended
//! request, also with hostile resource and identity values; and that a program given the wrong
//! IDENTITY_SERVER_THUMBPRINT refuses before sending anything. Nothing is sent anywhere but
//! 127.0.0.1: IMDS programs get the mock through the endpoint override, SDKs through
//! AZURE_POD_IDENTITY_AUTHORITY_HOST.
//!
//! A target is skipped only when its toolchain is missing (scripts/setup installs them all), and
//! the test prints what it skipped and how long each target took.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mi_core::azure::platforms::{self, HeaderValue};
use mi_core::input::percent::percent_decode;
use mi_core::request::{RequestedIdentity, TokenRequest};
use mi_core::snippets::{render, rust_dependencies, Target};
use mi_core::Platform;

const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJhdWQiOiJtb2NrIn0.bW9jay1zaWduYXR1cmU";
const SECRET: &str = "853b9a84-5bfa-4b22-a3f3-0b9a43d9ad8a";
const ARC_KEY: &str = "a2V5LWZpbGUtY29udGVudHM=";
const CLIENT_ID: &str = "9eba17f1-2c52-4ef9-9b43-2fd1e6c3d0a4";
/// Workload identity: the tenant, the client ID the webhook would inject, and the projected token.
const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const ENV_CLIENT_ID: &str = "2b0c4f8e-6d1a-4e3b-9c7d-5a8f0e1d2c3b";
const ASSERTION: &str =
    "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL29pZGMucHJvZC1ha3MuYXp1cmUuY29tL3gvIn0.cHJvamVjdGVk";
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
    /// Workload identity: the projected service-account token's file.
    assertion_file: PathBuf,
    /// Service Fabric: the TLS front (port, process) and the thumbprint the programs are given.
    tls: Option<(u16, Child)>,
    thumbprint: String,
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self._key_file);
        let _ = std::fs::remove_file(&self.assertion_file);
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

fn path_for(platform: Platform) -> String {
    match platform {
        Platform::Imds | Platform::AzureArc => "/metadata/identity/oauth2/token".into(),
        Platform::CloudShell => "/oauth2/token".into(),
        Platform::WorkloadIdentity => format!("/{TENANT}/oauth2/v2.0/token"),
        _ => "/msi/token".into(),
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
        let assertion_file = dir.join(format!(
            "azure-identity-token-{}-{port}",
            std::process::id()
        ));
        std::fs::write(&assertion_file, ASSERTION).unwrap();
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
            assertion_file,
            tls,
            thumbprint,
        }
    }

    fn url(&self) -> String {
        if self.platform == Platform::WorkloadIdentity {
            // The authority host, as the webhook writes AZURE_AUTHORITY_HOST (with its slash).
            return format!("http://127.0.0.1:{}/", self.port);
        }
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
            Platform::WorkloadIdentity => vec![
                ("AZURE_AUTHORITY_HOST", url),
                ("AZURE_TENANT_ID", TENANT.into()),
                ("AZURE_CLIENT_ID", ENV_CLIENT_ID.into()),
                (
                    "AZURE_FEDERATED_TOKEN_FILE",
                    self.assertion_file.display().to_string(),
                ),
            ],
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

fn serve(stream: TcpStream, platform: Platform, seen: &Mutex<Vec<Seen>>, key_file: &Path) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
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
    reader.read_exact(&mut body).unwrap();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let request = Seen {
        method,
        path: path.to_string(),
        query: pairs(query),
        headers,
        form: pairs(&String::from_utf8_lossy(&body)),
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
    } else if platform == Platform::WorkloadIdentity {
        // Entra ID's token response (the v2.0 endpoint's shape).
        (
            "200 OK",
            String::new(),
            serde_json::json!({
                "token_type": "Bearer",
                "expires_in": 3599,
                "ext_expires_in": 3599,
                "access_token": TOKEN,
            })
            .to_string(),
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
    let mut out = stream;
    let _ = write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
    let _ = out.flush();
}

// ---------------------------------------------------------------------------------------------
// Cases

struct Case {
    name: String,
    request: TokenRequest,
    mock: Mock,
    /// A case the program must refuse, without sending its secret or credential anywhere.
    refusal: Option<Refusal>,
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
        let mut request = TokenRequest::new(platform, resource);
        request.identity = identity;
        // The SDKs' WorkloadIdentityCredential (MSAL) checks an authority it does not know
        // against login.microsoftonline.com first (instance discovery): not on a loopback test.
        if request.check().is_err() || (sdk && platform == Platform::WorkloadIdentity) {
            return;
        }
        let mock = Mock::start(platform, dir);
        if platform == Platform::Imds {
            request.endpoint_override = Some(mock.url());
        }
        out.push(Case {
            name: format!("{}/{label}", platforms::id(platform)),
            request,
            mock,
            refusal: None,
        });
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
    for platform in [
        Platform::Imds,
        Platform::AppService,
        Platform::WorkloadIdentity,
    ] {
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
    if service_fabric && !sdk {
        out.push(Case {
            name: "service_fabric/wrong_thumbprint".into(),
            request: TokenRequest::new(Platform::ServiceFabric, "https://management.azure.com/"),
            mock: Mock::start(Platform::ServiceFabric, dir),
            refusal: Some(Refusal::WrongThumbprint),
        });
    }
    if arc_tokens().is_some() && program && !sdk {
        out.push(Case {
            name: "azure_arc/foreign_key_file".into(),
            request: TokenRequest::new(Platform::AzureArc, "https://management.azure.com/"),
            mock: Mock::start_with(Platform::AzureArc, dir, true),
            refusal: Some(Refusal::ForeignKeyFile),
        });
    }
    out
}

/// Workload identity: one POST to the tenant's v2.0 token endpoint with exactly the exchange's
/// form (the assertion read from the file, the client ID given or the webhook's).
fn check_exchange(case: &Case, seen: &[Seen]) -> Result<(), String> {
    let r = &case.request;
    let [last] = seen else {
        return Err(format!("{} requests (want 1)", seen.len()));
    };
    if last.method != "POST" || last.path != path_for(r.platform) || !last.query.is_empty() {
        return Err(format!("{} {} {:?}", last.method, last.path, last.query));
    }
    let content_type = last
        .headers
        .get("content-type")
        .cloned()
        .unwrap_or_default();
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(format!("Content-Type {content_type:?}"));
    }
    let client_id = r.identity.value().unwrap_or(ENV_CLIENT_ID).to_string();
    let mut want = vec![
        ("grant_type".to_string(), "client_credentials".to_string()),
        (
            "client_assertion_type".to_string(),
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".to_string(),
        ),
        ("client_assertion".to_string(), ASSERTION.to_string()),
        ("client_id".to_string(), client_id),
        ("scope".to_string(), format!("{}/.default", r.resource)),
    ];
    let mut got = last.form.clone();
    want.sort();
    got.sort();
    if got != want {
        return Err(format!("form {got:?} (want {want:?})"));
    }
    Ok(())
}

/// Checks what the mock saw against what the request asked for.
fn check_seen(case: &Case, sdk: bool) -> Result<(), String> {
    if case.request.platform == Platform::WorkloadIdentity {
        return check_exchange(case, &case.mock.seen());
    }
    let r = &case.request;
    let spec = r.spec();
    let seen = case.mock.seen();
    let Some(last) = seen.last() else {
        return Err("the mock saw no request".into());
    };
    let expect_env = |var: &str| {
        case.mock
            .env()
            .into_iter()
            .find(|(k, _)| *k == var)
            .map(|(_, v)| v)
            .unwrap_or_else(|| SECRET.to_string())
    };
    if last.method != spec.method {
        return Err(format!("method {} (want {})", last.method, spec.method));
    }
    // msal-node asks IMDS for `…/oauth2/token/`: an SDK's own spelling, accepted.
    if last.path != path_for(r.platform)
        && !(sdk && last.path.trim_end_matches('/') == path_for(r.platform))
    {
        return Err(format!("path {}", last.path));
    }
    for h in r.headers() {
        let want = match h.value {
            HeaderValue::Literal(v) => v.to_string(),
            HeaderValue::Env(var) => expect_env(var),
        };
        let got = last.headers.get(&h.name.to_ascii_lowercase());
        if got.map(|g| g.eq_ignore_ascii_case(&want)) != Some(true) {
            return Err(format!("header {}: {got:?} (want {want:?})", h.name));
        }
    }
    let sorted = |mut v: Vec<(String, String)>| {
        v.sort();
        v
    };
    let want_query = sorted(
        r.query()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    );
    let want_form = sorted(
        r.form()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    );
    if sdk {
        // An SDK writes its own request: the resource and the identity must be there.
        let all: Vec<_> = last.query.iter().chain(last.form.iter()).collect();
        if !all.iter().any(|(k, v)| k == "resource" && *v == r.resource) {
            return Err(format!("no resource={:?} in {all:?}", r.resource));
        }
        if let Some(id) = r.identity.value() {
            if !all.iter().any(|(_, v)| v == id) {
                return Err(format!("identity {id:?} not sent: {all:?}"));
            }
        }
    } else {
        if sorted(last.query.clone()) != want_query {
            return Err(format!("query {:?} (want {want_query:?})", last.query));
        }
        if sorted(last.form.clone()) != want_form {
            return Err(format!("form {:?} (want {want_form:?})", last.form));
        }
        let want_requests = if spec.challenge { 2 } else { 1 };
        if seen.len() != want_requests {
            return Err(format!("{} requests (want {want_requests})", seen.len()));
        }
        if spec.challenge
            && seen
                .first()
                .map(|s| s.headers.contains_key("authorization"))
                != Some(false)
        {
            return Err("the first Arc request carried a credential".into());
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
        "AZURE_TENANT_ID",
        "AZURE_FEDERATED_TOKEN_FILE",
        "AZURE_AUTHORITY_HOST",
    ] {
        cmd.env_remove(var);
    }
    cmd.envs(case.mock.env());
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
    if !stdout.contains(TOKEN) {
        return Err(format!("no token printed: {stdout}{stderr}"));
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
        for (k, v) in &env {
            // `{{contents of VAR}}`: the file VAR names (workload identity's token), encoded.
            let contents = std::fs::read_to_string(v).unwrap_or_default();
            t = t.replace(
                &format!("{{{{contents of {k}}}}}"),
                &mi_core::input::percent::percent_encode(&contents),
            );
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
        let text = fill(&lines.join("\r\n"));
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let body = body.trim_end();
        // A REST client computes Content-Length when the file leaves it out (the token exchange's
        // body holds the token file's contents, whose length the file cannot know).
        let length = if body.is_empty() || head.to_ascii_lowercase().contains("content-length:") {
            String::new()
        } else {
            format!("\r\nContent-Length: {}", body.len())
        };
        let mut stream =
            TcpStream::connect(("127.0.0.1", case.mock.port)).map_err(|e| e.to_string())?;
        write!(
            stream,
            "{}{length}\r\nConnection: close\r\n\r\n{body}",
            head.trim_end()
        )
        .map_err(|e| e.to_string())?;
        last.clear();
        stream
            .read_to_string(&mut last)
            .map_err(|e| e.to_string())?;
    }
    if last.contains(TOKEN) {
        Ok(last)
    } else {
        Err(format!("no token in {last}"))
    }
}

/// Runs case `i` of a target (after any one-off build) and returns what the program printed.
type Runner<'a> = Box<dyn Fn(usize, &Case) -> Result<String, String> + Sync + 'a>;

/// Targets whose toolchain no machine of this project can install (Debian 12 and the reachable
/// registries: crates.io, PyPI, npm, Debian), with the reason.
fn never_runnable(target: Target) -> Option<&'static str> {
    match target {
        Target::PowerShell => Some("pwsh is not packaged for Debian 12"),
        Target::AzureCli => Some("the Azure CLI is not packaged for Debian 12 and its installer downloads from elsewhere"),
        Target::CSharpAzureIdentity => Some("no .NET SDK on Debian 12, and Azure.Identity comes from NuGet"),
        Target::JavaAzureIdentity => Some("azure-identity for Java comes from Maven Central"),
        Target::GoAzidentity => Some("azidentity needs a newer Go than Debian's 1.19, from the Go module proxy"),
        _ => None,
    }
}

/// Runs every case of one target; returns (cases run, failures), or the reason it was skipped.
fn run_target(target: Target) -> Result<(usize, Vec<String>), String> {
    if let Some(why) = never_runnable(target) {
        return Err(why.into());
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
    let file = move |i: usize| dir.join(format!("case{i}")).join(target.file_name());
    for (i, p) in programs.iter().enumerate() {
        std::fs::create_dir_all(file(i).parent().unwrap()).unwrap();
        std::fs::write(file(i), p).unwrap();
    }
    let python_venv = tools().join("pyvenv/bin/python");
    // Per target: how to run case i (after any one-off build).
    let runner: Runner = match target {
        Target::Curl => {
            if !have("curl", "--version") {
                return Err("curl is not installed".into());
            }
            Box::new(|i, c| run(cmd("bash", &[&file(i)]), c, dir))
        }
        Target::Python | Target::PythonAzureIdentity => {
            if !python_venv.exists() {
                return Err(format!(
                    "{} is missing (scripts/setup makes it)",
                    python_venv.display()
                ));
            }
            Box::new(|i, c| run(cmd(&python_venv, &[&file(i)]), c, dir))
        }
        Target::PythonUrllib => {
            if !have("python3", "--version") {
                return Err("python3 is not installed".into());
            }
            Box::new(|i, c| run(cmd("python3", &[&file(i)]), c, dir))
        }
        Target::Node => {
            if !have("node", "--version") {
                return Err("node is not installed".into());
            }
            Box::new(|i, c| run(cmd("node", &[&file(i)]), c, dir))
        }
        Target::NodeAzureIdentity => {
            let modules = tools().join("node-identity");
            if !modules.join("node_modules/@azure/identity").exists() || !have("node", "--version")
            {
                return Err(format!(
                    "{}/node_modules/@azure/identity is missing (scripts/setup installs it)",
                    modules.display()
                ));
            }
            // ES modules resolve packages from the file's own directory upwards.
            let programs = programs.clone();
            Box::new(move |i, c| {
                let f = modules.join(format!("case-{}-{i}.mjs", std::process::id()));
                std::fs::write(&f, &programs[i]).unwrap();
                let mut node = cmd("node", &[&f]);
                // msal-node reads IDENTITY_SERVER_THUMBPRINT but does not pin it: it verifies
                // Service Fabric's certificate against the trusted CAs, so trust the mock's.
                if let Some((cert, _, _)) = tls_certificate() {
                    node.env("NODE_EXTRA_CA_CERTS", cert);
                }
                let r = run(node, c, &modules);
                let _ = std::fs::remove_file(&f);
                r
            })
        }
        Target::Java => {
            if !have("java", "-version") {
                return Err("java is not installed".into());
            }
            Box::new(|i, c| run(cmd("java", &[&file(i)]), c, dir))
        }
        Target::Go => {
            if !have("go", "version") {
                return Err("go is not installed (Debian golang-go)".into());
            }
            std::fs::write(dir.join("go.mod"), "module snippets\n\ngo 1.16\n").unwrap();
            let bin = dir.join("bin");
            build(
                cmd("go", &["build", "-o"])
                    .arg(format!("{}/", bin.display()))
                    .arg("./...")
                    .current_dir(dir)
                    .env("GOFLAGS", "-mod=mod")
                    .env("GOCACHE", tools().join("go-cache")),
            )?;
            // `go build -o dir/ ./...` names each binary after its directory.
            Box::new(move |i, c| run(cmd(bin.join(format!("case{i}")), &[] as &[&str]), c, dir))
        }
        Target::Rust => {
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
            // Each program becomes a module; main() picks one by its argument.
            let mut main = String::from("#![allow(dead_code, unused_mut, unused_imports)]\n");
            for (i, p) in programs.iter().enumerate() {
                main.push_str(&format!(
                    "mod case{i} {{\n{}}}\n",
                    p.replace("\nfn main()", "\npub fn main()")
                ));
            }
            main.push_str("fn main() -> Result<(), Box<dyn std::error::Error>> {\n    match std::env::args().nth(1).as_deref() {\n");
            for i in 0..programs.len() {
                main.push_str(&format!("        Some(\"{i}\") => case{i}::main(),\n"));
            }
            main.push_str("        _ => Err(\"which case?\".into()),\n    }\n}\n");
            std::fs::write(project.join("src/main.rs"), main).unwrap();
            build(
                cmd("cargo", &["build", "--quiet", "--locked"])
                    .current_dir(&project)
                    .env("CARGO_TARGET_DIR", project.join("target")),
            )?;
            let bin = project.join("target/debug/snippet-runner");
            Box::new(move |i, c| run(cmd(&bin, &[&i.to_string()]), c, dir))
        }
        Target::CSharp => {
            if !have("mcs", "--version") || !have("mono", "--version") {
                return Err("mono-mcs is not installed".into());
            }
            // Mono has no System.Text.Json: a shim with the one call the program makes, over Mono's
            // System.Json. Everything else is the generated program as written.
            let shim = dir.join("JsonShim.cs");
            std::fs::write(&shim, JSON_SHIM).unwrap();
            Box::new(move |i, c| {
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
            })
        }
        Target::Http => Box::new(|i, c| send_http(&programs[i], c)),
        _ => unreachable!("never_runnable covers {}", target.id()),
    };
    // Two programs at a time: most of their time is start-up (the JVM, Mono, Python).
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for lane in 0..2 {
            let (runner, cases, programs, failures) = (&runner, &cases, &programs, &failures);
            scope.spawn(move || {
                for (i, case) in cases.iter().enumerate().skip(lane).step_by(2) {
                    let leaked = || {
                        case.mock.seen().iter().any(|s| {
                            s.headers.contains_key("authorization")
                                || s.headers.contains_key("secret")
                        })
                    };
                    let result = if case.refusal.is_some() {
                        match runner(i, case) {
                            Ok(out) => Err(format!("did not refuse: {out}")),
                            Err(_) if leaked() => {
                                Err("sent its secret to a server it had not verified".into())
                            }
                            Err(_) => Ok(()),
                        }
                    } else {
                        runner(i, case).and_then(|_| check_seen(case, sdk))
                    };
                    if let Err(e) = result {
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
    let failures = failures.into_inner().unwrap();
    Ok((cases.len(), failures))
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
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    let start = Instant::now();
    for target in Target::ALL {
        if let Some(only) = &only {
            if !only.split(',').any(|t| t == target.id()) {
                continue;
            }
        }
        let t = Instant::now();
        match run_target(*target) {
            Ok((n, f)) => {
                summary.push(format!(
                    "ran    {:<22} {n} cases, {} failed, {:.1}s",
                    target.id(),
                    f.len(),
                    t.elapsed().as_secs_f64()
                ));
                failures.extend(f);
            }
            Err(why) => summary.push(format!("SKIPPED {:<21} {why}", target.id())),
        }
    }
    if arc_tokens().is_none() {
        summary.push(format!(
            "SKIPPED azure_arc cases: {ARC_TOKENS} is not writable (run as root)"
        ));
    }
    if tls_certificate().is_none() {
        summary
            .push("SKIPPED service_fabric cases: the TLS front needs python3 and openssl".into());
    }
    summary.push("SKIPPED workload_identity cases of the SDK targets: their WorkloadIdentityCredential (MSAL) checks an unknown authority with login.microsoftonline.com first, which this test may not reach".into());
    eprintln!(
        "snippet execution ({:.1}s):\n{}",
        start.elapsed().as_secs_f64(),
        summary.join("\n")
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
