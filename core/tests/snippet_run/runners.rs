//! Running the programs: one runner per toolchain (one-off builds, then a case at a time), the
//! raw `http` target sent over a socket, and what a target that cannot run says.

use super::*;

pub(crate) fn work_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("snippets-run");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub(crate) fn tools() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools")
}

pub(crate) fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs a command with the case's environment, no proxy variables, and a time limit.
pub(crate) fn run(mut cmd: Command, case: &Case, cwd: &Path) -> Result<String, String> {
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
pub(crate) fn build(cmd: &mut Command) -> Result<(), String> {
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
pub(crate) fn send_http(program: &str, case: &Case) -> Result<String, String> {
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
pub(crate) type Runner<'a> = Box<dyn Fn(usize, &Case) -> Result<String, String> + Sync + 'a>;

/// Why a target's programs did not run.
pub(crate) enum NotRun {
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
pub(crate) fn golden_only(target: Target) -> Option<&'static str> {
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
pub(crate) fn toolchains_required() -> bool {
    std::env::var("REQUIRE_TOOLCHAINS").is_ok_and(|v| v == "1")
}

/// `program` answers `arg` (e.g. `--version`), or the target cannot run here.
pub(crate) fn require(program: &str, arg: &str, package: &str) -> Result<(), NotRun> {
    if have(program, arg) {
        Ok(())
    } else {
        Err(NotRun::Missing(format!(
            "{program} is not installed ({package})"
        )))
    }
}

/// What one target did: how many cases ran and which failed.
pub(crate) struct Ran {
    pub(crate) cases: usize,
    pub(crate) failures: Vec<String>,
}

/// Writes every case's program, builds what needs building, runs each case.
pub(crate) fn run_target(target: Target) -> Result<Ran, NotRun> {
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

pub(crate) fn program_file(dir: &Path, target: Target, i: usize) -> PathBuf {
    dir.join(format!("case{i}")).join(target.file_name())
}

/// How to run a target's programs, after any one-off build.
pub(crate) fn runner<'a>(
    target: Target,
    dir: &'a Path,
    programs: &'a [String],
) -> Result<Runner<'a>, NotRun> {
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
pub(crate) fn node_identity_runner(programs: &[String]) -> Result<Runner<'_>, NotRun> {
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
pub(crate) fn go_runner(dir: &Path) -> Result<Runner<'_>, NotRun> {
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
pub(crate) fn rust_runner<'a>(dir: &'a Path, programs: &[String]) -> Result<Runner<'a>, NotRun> {
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
pub(crate) fn csharp_runner<'a>(
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
pub(crate) fn run_cases(
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
pub(crate) fn run_case(runner: &Runner, i: usize, case: &Case, sdk: bool) -> Result<(), String> {
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

pub(crate) fn cmd(
    program: impl AsRef<std::ffi::OsStr>,
    args: &[impl AsRef<std::ffi::OsStr>],
) -> Command {
    let mut c = Command::new(program);
    c.args(args);
    c
}

pub(crate) const JSON_SHIM: &str = r#"// Test-only stand-in for System.Text.Json on Mono (which lacks it), over Mono's System.Json.
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
