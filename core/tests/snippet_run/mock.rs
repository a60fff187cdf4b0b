//! The mock managed-identity endpoint: each platform's flow (Arc's challenge with a key file,
//! Cloud Shell's POST, Service Fabric's HTTPS through a TLS front), answering with a token, and
//! the request reader the fake resource shares.

use super::*;

#[derive(Clone, Debug)]
pub(crate) struct Seen {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    /// Header names lower-cased.
    pub(crate) headers: BTreeMap<String, String>,
    pub(crate) form: Vec<(String, String)>,
}

pub(crate) struct Mock {
    pub(crate) port: u16,
    pub(crate) platform: Platform,
    pub(crate) seen: Arc<Mutex<Vec<Seen>>>,
    pub(crate) _key_file: PathBuf,
    /// Service Fabric: the TLS front (port, process) and the thumbprint the programs are given.
    pub(crate) tls: Option<(u16, Child)>,
    pub(crate) thumbprint: String,
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
pub(crate) const ARC_TOKENS: &str = "/var/opt/azcmagent/tokens";

/// The agent's key-file folder, when this test may write there (as root, as CI runs); the Arc
/// cases are skipped otherwise.
pub(crate) fn arc_tokens() -> Option<PathBuf> {
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
pub(crate) const TLS_FRONT: &str = r#"
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
pub(crate) fn tls_certificate() -> Option<(PathBuf, PathBuf, String)> {
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

pub(crate) fn path_for(platform: Platform) -> &'static str {
    match platform {
        Platform::Imds | Platform::AzureArc => "/metadata/identity/oauth2/token",
        Platform::CloudShell => "/oauth2/token",
        _ => "/msi/token",
    }
}

impl Mock {
    pub(crate) fn start(platform: Platform, dir: &Path) -> Mock {
        Mock::start_with(platform, dir, false)
    }

    /// `foreign_key`: Arc's challenge names a key file outside the agent's folder, which the
    /// programs must refuse to send.
    pub(crate) fn start_with(platform: Platform, dir: &Path, foreign_key: bool) -> Mock {
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

    pub(crate) fn url(&self) -> String {
        match &self.tls {
            Some((port, _)) => format!("https://127.0.0.1:{port}{}", path_for(self.platform)),
            None => format!("http://127.0.0.1:{}{}", self.port, path_for(self.platform)),
        }
    }

    /// The environment the platform would set, pointing at the mock.
    pub(crate) fn env(&self) -> Vec<(&'static str, String)> {
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

    pub(crate) fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

pub(crate) fn pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// Reads one HTTP/1.1 request (request line, headers, a Content-Length body).
pub(crate) fn read_request(stream: &TcpStream) -> Option<Seen> {
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

pub(crate) fn respond(mut out: TcpStream, status: &str, extra: &str, body: &str) {
    let _ = write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
    let _ = out.flush();
}

pub(crate) fn serve(
    stream: TcpStream,
    platform: Platform,
    seen: &Mutex<Vec<Seen>>,
    key_file: &Path,
) {
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
