//! Go with `net/http` (standard library only; Go 1.16+). Literals are escape::go strings;
//! `url.Values` encodes the query. The transport has no proxy (`Proxy: nil`). Service Fabric:
//! `tls.Config.VerifyPeerCertificate` compares the leaf certificate's SHA-1 with the thumbprint
//! (the check MSAL Go does), with `InsecureSkipVerify` for the self-signed chain.

use super::escape::go;
use super::{comment, ArgumentSyntax, Plan};
use crate::azure::platforms::HeaderValue;
use crate::request::model::{Endpoint, ResourceCall};

const PIN: &str = r#"	// Trust the self-signed certificate only if its SHA-1 thumbprint is IDENTITY_SERVER_THUMBPRINT.
	expected := strings.ToLower(strings.NewReplacer(":", "", " ", "").Replace(need("IDENTITY_SERVER_THUMBPRINT")))
	transport.TLSClientConfig = &tls.Config{
		InsecureSkipVerify: true, // the chain is self-signed; VerifyPeerCertificate pins it instead
		VerifyPeerCertificate: func(rawCerts [][]byte, _ [][]*x509.Certificate) error {
			if len(rawCerts) == 0 {
				return errors.New("the endpoint presented no certificate")
			}
			sum := sha1.Sum(rawCerts[0])
			if actual := hex.EncodeToString(sum[:]); actual != expected {
				return fmt.Errorf("the endpoint's certificate %s is not IDENTITY_SERVER_THUMBPRINT", actual)
			}
			return nil
		},
	}
"#;

/// Go: `os.Args` (also the azidentity target's).
pub(super) const GO_ARGUMENTS: ArgumentSyntax = ArgumentSyntax {
    check: |n, usage| {
        format!(
            "\tif len(os.Args) < {} {{\n\t\tfmt.Fprintln(os.Stderr, {})\n\t\tos.Exit(2)\n\t}}\n",
            n + 1,
            go(usage)
        )
    },
    bind: |var, i| format!("\t{var} := os.Args[{}]\n", i + 1),
};

/// The call with `http.DefaultClient` (the environment's proxy applies; the token request's
/// transport bypasses it and may pin), sending the token `token` evaluates to. Needs `io`,
/// `net/http` and, when the call has a query, `net/url`. Also the azidentity target's.
pub(super) fn default_client_call(call: &ResourceCall, token: &str) -> String {
    let mut out = format!(
        "\n\t// {}, with the token (the default client: the environment's proxy applies here).\n",
        call.service.name()
    );
    let mut target = go(&call.url);
    if !call.query().is_empty() {
        out.push_str("\tcallParams := url.Values{}\n");
        for (k, v) in call.query() {
            out.push_str(&format!("\tcallParams.Set({}, {})\n", go(k), go(&v)));
        }
        target.push_str("+\"?\"+callParams.Encode()");
    }
    out.push_str(&format!(
        "\tcall, err := http.NewRequest(\"GET\", {target}, nil)\n\tif err != nil {{\n\t\tfail(err)\n\t}}\n\tcall.Header.Set(\"Authorization\", \"Bearer \"+{token})\n"
    ));
    for (name, value) in call.headers() {
        out.push_str(&format!(
            "\tcall.Header.Set({}, {})\n",
            go(name),
            go(&value)
        ));
    }
    out.push_str(
        r#"	result, err := http.DefaultClient.Do(call)
	if err != nil {
		fail(err)
	}
	defer result.Body.Close()
	text, err := io.ReadAll(result.Body)
	if err != nil {
		fail(err)
	}
	if result.StatusCode/100 != 2 {
		fail(fmt.Errorf("%d %s", result.StatusCode, text))
	}
	fmt.Println(string(text))
"#,
    );
    out
}

fn values(plan: &Plan, name: &str, pairs: &[(&str, String)]) -> String {
    let mut out = format!("\t{name} := url.Values{{}}\n");
    for (k, v) in pairs {
        out.push_str(&format!("\t{name}.Set({}, {})\n", go(k), plan.value(v, go)));
    }
    out
}

/// Azure Arc's challenge: step 1, the key-file checks, and the credential step 2 sends.
const CHALLENGE: &str = r#"
	// Step 1: without a credential the agent answers 401 and names a key file.
	challenge, _ := send()
	realm := challenge.Header.Get("WWW-Authenticate")
	at := strings.Index(realm, "realm=")
	if challenge.StatusCode != http.StatusUnauthorized || at < 0 {
		fail(fmt.Errorf("%s did not answer with a WWW-Authenticate challenge (%d)", endpoint, challenge.StatusCode))
	}
	// Send only the agent's own key file (the checks the Azure SDKs make): a .key file of at most
	// 4096 bytes in the agent's Tokens folder. Anything else could be any file on this machine.
	keyFile := strings.TrimSpace(realm[at+len("realm="):])
	tokens := "/var/opt/azcmagent/tokens"
	if runtime.GOOS == "windows" {
		tokens = filepath.Join(os.Getenv("ProgramData"), "AzureConnectedMachineAgent", "Tokens")
	}
	info, err := os.Stat(keyFile)
	if err != nil || filepath.Dir(keyFile) != tokens || filepath.Ext(keyFile) != ".key" || info.Size() > 4096 {
		fail(fmt.Errorf("refusing to send %s: not an Azure Arc agent key file", keyFile))
	}
	// Step 2: the file's contents are the Basic credential.
	key, err := os.ReadFile(keyFile)
	if err != nil {
		fail(err)
	}
	headers.Set("Authorization", "Basic "+string(key))
"#;

/// The token request, stopping with the endpoint's error text when it refuses, and its token.
const READ_TOKEN: &str = r#"
	res, data := send()
	if res.StatusCode != http.StatusOK {
		fail(fmt.Errorf("%d %s", res.StatusCode, data))
	}
	var token struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(data, &token); err != nil {
		fail(err)
	}
"#;

/// The imports, the `need` and `fail` helpers and the start of `main`, with its arguments read.
fn head(plan: &Plan) -> String {
    let pinned = plan.thumbprint_env().is_some();
    let mut out = comment(&plan.about("the access token"), "//");
    out.push_str("package main\n\nimport (\n");
    let mut imports = vec!["encoding/json", "fmt", "io", "net/http", "net/url", "os"];
    if pinned {
        imports.extend([
            "crypto/sha1",
            "crypto/tls",
            "crypto/x509",
            "encoding/hex",
            "errors",
        ]);
    }
    if pinned || plan.challenge() || !plan.form.is_empty() {
        imports.push("strings");
    }
    if plan.challenge() {
        imports.extend(["path/filepath", "runtime"]);
    }
    imports.sort_unstable();
    for i in imports {
        out.push_str(&format!("\t\"{i}\"\n"));
    }
    out.push_str(")\n");
    out.push_str(&plan.if_needed(format!(
        r#"
func need(name string) string {{
	value := os.Getenv(name)
	if value == "" {{
		fmt.Fprintln(os.Stderr, name+{})
		os.Exit(1)
	}}
	return value
}}
"#,
        go(&plan.missing(""))
    )));
    out.push_str(
        "\nfunc fail(err error) {\n\tfmt.Fprintln(os.Stderr, err)\n\tos.Exit(1)\n}\n\nfunc main() {\n",
    );
    out.push_str(&plan.read_arguments(&GO_ARGUMENTS));
    out
}

/// The token request's headers.
fn headers(plan: &Plan) -> String {
    let mut out = String::new();
    out.push_str("\theaders := http.Header{}\n");
    for h in &plan.headers {
        let value = match h.value {
            HeaderValue::Literal(v) => go(v),
            HeaderValue::Env(var) => format!("need(\"{var}\")"),
        };
        out.push_str(&format!("\theaders.Set(\"{}\", {value})\n", h.name));
    }
    out
}

pub(super) fn render(plan: &Plan) -> String {
    let pinned = plan.thumbprint_env().is_some();
    let mut out = head(plan);
    out.push_str(&match &plan.endpoint {
        Endpoint::Url(url) => format!("\tendpoint := {}\n", go(url)),
        Endpoint::Env { var, default: None } => format!("\tendpoint := need(\"{var}\")\n"),
        Endpoint::Env {
            var,
            default: Some(url),
        } => format!(
            "\tendpoint := os.Getenv(\"{var}\")\n\tif endpoint == \"\" {{\n\t\tendpoint = {}\n\t}}\n",
            go(url)
        ),
    });
    let mut target = "endpoint".to_string();
    if !plan.query.is_empty() {
        out.push_str(&values(plan, "params", &plan.query));
        target.push_str("+\"?\"+params.Encode()");
    }
    let body = if plan.form.is_empty() {
        "nil".to_string()
    } else {
        out.push_str(&values(plan, "form", &plan.form));
        "strings.NewReader(form.Encode())".to_string()
    };
    out.push_str(&headers(plan));
    if !plan.form.is_empty() {
        out.push_str("\theaders.Set(\"Content-Type\", \"application/x-www-form-urlencoded\")\n");
    }
    out.push_str("\ttransport := &http.Transport{Proxy: nil} // no proxy: the endpoint is local\n");
    if pinned {
        out.push_str(PIN);
    }
    out.push_str(&format!(
        r#"	client := &http.Client{{Transport: transport}}
	send := func() (*http.Response, []byte) {{
		req, err := http.NewRequest("{}", {target}, {body})
		if err != nil {{
			fail(err)
		}}
		req.Header = headers.Clone()
		res, err := client.Do(req)
		if err != nil {{
			fail(err)
		}}
		defer res.Body.Close()
		data, err := io.ReadAll(res.Body)
		if err != nil {{
			fail(err)
		}}
		return res, data
	}}
"#,
        plan.spec.method
    ));
    if plan.challenge() {
        out.push_str(CHALLENGE);
    }
    out.push_str(READ_TOKEN);
    match plan.call() {
        None => out.push_str("\tfmt.Println(token.AccessToken)\n"),
        Some(call) => out.push_str(&default_client_call(call, "token.AccessToken")),
    }
    out.push_str("}\n");
    out
}
