//! Java 11+ with `java.net.http.HttpClient`, one file that `java GetToken.java` runs. Literals are
//! escape::java strings; `URLEncoder` encodes the query. The client is built with
//! `HttpClient.Builder.NO_PROXY`. The standard library has no JSON parser: the token (base64url
//! text and dots) is read with a regular expression. Service Fabric: an `SSLContext` whose
//! `X509ExtendedTrustManager` accepts only a leaf certificate with the expected SHA-1 thumbprint.

use super::escape::java;
use super::{comment, ArgumentSyntax, Plan};
use crate::azure::platforms::HeaderValue;
use crate::request::model::{Endpoint, ResourceCall};

const PIN: &str = r#"
    /** Trusts the endpoint's self-signed certificate only if its SHA-1 thumbprint matches. */
    static SSLContext pinned(String thumbprint) throws Exception {
        String expected = thumbprint.replaceAll("[:\\s]", "").toUpperCase(Locale.ROOT);
        TrustManager pin = new X509ExtendedTrustManager() {
            void check(X509Certificate[] chain) throws CertificateException {
                StringBuilder actual = new StringBuilder();
                try {
                    for (byte b : MessageDigest.getInstance("SHA-1").digest(chain[0].getEncoded())) {
                        actual.append(String.format("%02X", b));
                    }
                } catch (NoSuchAlgorithmException e) {
                    throw new CertificateException(e);
                }
                if (!actual.toString().equals(expected)) {
                    throw new CertificateException("the endpoint's certificate " + actual + " is not IDENTITY_SERVER_THUMBPRINT");
                }
            }
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException { check(chain); }
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException { check(chain); }
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException { check(chain); }
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException { throw new CertificateException("client certificates are not expected"); }
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException { throw new CertificateException("client certificates are not expected"); }
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException { throw new CertificateException("client certificates are not expected"); }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] { pin }, null);
        return context;
    }
"#;

/// Java: `main`'s `args` (also the azure-identity target's).
pub(super) const JAVA_ARGUMENTS: ArgumentSyntax = ArgumentSyntax {
    check: |n, usage| {
        format!(
            "        if (args.length < {n}) {{\n            System.err.println({});\n            System.exit(2);\n        }}\n",
            java(usage)
        )
    },
    bind: |var, i| format!("        String {var} = args[{i}];\n"),
};

/// The call with an `HttpClient` of its own (the system's proxy settings apply; the token
/// request's client bypasses them and may pin), sending the token `token` evaluates to. Needs the
/// imports [`CALL_IMPORTS`]. Also the azure-identity target's.
pub(super) fn http_client_call(call: &ResourceCall, token: &str) -> String {
    let mut uri = java(&call.url);
    for (i, (k, v)) in call.query().iter().enumerate() {
        let sep = if i == 0 { "?" } else { "&" };
        uri.push_str(&format!(
            " + \"{sep}{k}=\" + URLEncoder.encode({}, StandardCharsets.UTF_8)",
            java(v)
        ));
    }
    let mut out = format!(
        "\n        // {}, with the token (a client of its own: the system's proxy settings apply).\n        HttpRequest.Builder call = HttpRequest.newBuilder(URI.create({uri}))\n            .header(\"Authorization\", \"Bearer \" + {token})\n",
        call.service.name()
    );
    for (name, value) in call.headers() {
        out.push_str(&format!(
            "            .header({}, {})\n",
            java(name),
            java(&value)
        ));
    }
    out.push_str(
        r#"            .GET();
        HttpResponse<String> result = HttpClient.newHttpClient().send(call.build(), HttpResponse.BodyHandlers.ofString());
        if (result.statusCode() / 100 != 2) {
            System.err.println(result.statusCode() + " " + result.body());
            System.exit(1);
        }
        System.out.println(result.body());
"#,
    );
    out
}

/// The imports [`http_client_call`] needs.
pub(super) const CALL_IMPORTS: &[&str] = &[
    "java.net.URI",
    "java.net.URLEncoder",
    "java.net.http.HttpClient",
    "java.net.http.HttpRequest",
    "java.net.http.HttpResponse",
    "java.nio.charset.StandardCharsets",
];

fn map(plan: &Plan, name: &str, pairs: &[(&str, String)]) -> String {
    let mut out = format!("        Map<String, String> {name} = new LinkedHashMap<>();\n");
    for (k, v) in pairs {
        out.push_str(&format!(
            "        {name}.put({}, {});\n",
            java(k),
            plan.value(v, java)
        ));
    }
    out
}

/// Azure Arc's challenge: step 1, the key-file checks, and the credential step 2 sends.
const CHALLENGE: &str = r#"
        // Step 1: without a credential the agent answers 401 and names a key file.
        HttpResponse<String> challenge = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String realm = challenge.headers().firstValue("WWW-Authenticate").orElse("");
        int at = realm.indexOf("realm=");
        if (challenge.statusCode() != 401 || at < 0) {
            System.err.println(endpoint + " did not answer with a WWW-Authenticate challenge (" + challenge.statusCode() + ")");
            System.exit(1);
        }
        // Send only the agent's own key file (the checks the Azure SDKs make): a .key file of at
        // most 4096 bytes in the agent's Tokens folder. Anything else could be any file here.
        Path keyFile = Path.of(realm.substring(at + 6).trim());
        Path tokens = System.getProperty("os.name").startsWith("Windows")
            ? Path.of(System.getenv("ProgramData"), "AzureConnectedMachineAgent", "Tokens")
            : Path.of("/var/opt/azcmagent/tokens");
        if (!tokens.equals(keyFile.getParent()) || !keyFile.toString().endsWith(".key") || Files.size(keyFile) > 4096) {
            System.err.println("refusing to send " + keyFile + ": not an Azure Arc agent key file");
            System.exit(1);
        }
        // Step 2: the file's contents are the Basic credential.
        request.header("Authorization", "Basic " + Files.readString(keyFile));
"#;

/// The token request, stopping with the endpoint's error text when it refuses, and its token.
const READ_TOKEN: &str = r#"
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            System.err.println(response.statusCode() + " " + response.body());
            System.exit(1);
        }
        Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (!token.find()) {
            System.err.println("no access_token in " + response.body());
            System.exit(1);
        }
"#;

/// A form or query string from name/value pairs, values URL-encoded.
const ENCODE: &str = r#"    static String encode(Map<String, String> pairs) {
        return pairs.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    }
"#;

/// The imports, the helpers (`need`, `encode`, the pinning trust manager) and the start of `main`, with its arguments read.
fn head(plan: &Plan) -> String {
    let pinned = plan.thumbprint_env().is_some();
    let mut out = comment(&plan.about("the access token"), "//");
    // The token request needs what the call needs, and maps, a regex and streams.
    let mut imports = CALL_IMPORTS.to_vec();
    imports.extend([
        "java.util.LinkedHashMap",
        "java.util.Map",
        "java.util.regex.Matcher",
        "java.util.regex.Pattern",
        "java.util.stream.Collectors",
    ]);
    if plan.challenge() {
        imports.extend(["java.nio.file.Files", "java.nio.file.Path"]);
    }
    if pinned {
        imports.extend([
            "java.net.Socket",
            "java.security.MessageDigest",
            "java.security.NoSuchAlgorithmException",
            "java.security.cert.CertificateException",
            "java.security.cert.X509Certificate",
            "java.util.Locale",
            "javax.net.ssl.SSLContext",
            "javax.net.ssl.SSLEngine",
            "javax.net.ssl.TrustManager",
            "javax.net.ssl.X509ExtendedTrustManager",
        ]);
    }
    imports.sort_unstable();
    for i in imports {
        out.push_str(&format!("import {i};\n"));
    }
    out.push_str("\npublic class GetToken {\n");
    out.push_str(&plan.if_needed(format!(
        r#"    static String need(String name) {{
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {{
            System.err.println(name + {});
            System.exit(1);
        }}
        return value;
    }}

"#,
        java(&plan.missing(""))
    )));
    out.push_str(ENCODE);
    if pinned {
        out.push_str(PIN);
    }
    out.push_str("\n    public static void main(String[] args) throws Exception {\n");
    out.push_str(&plan.read_arguments(&JAVA_ARGUMENTS));
    out
}

pub(super) fn render(plan: &Plan) -> String {
    let pinned = plan.thumbprint_env().is_some();
    let mut out = head(plan);
    out.push_str(&match &plan.endpoint {
        Endpoint::Url(url) => format!("        String endpoint = {};\n", java(url)),
        Endpoint::Env { var, default: None } => {
            format!("        String endpoint = need(\"{var}\");\n")
        }
        Endpoint::Env {
            var,
            default: Some(url),
        } => format!(
            "        String endpoint = System.getenv(\"{var}\");\n        if (endpoint == null || endpoint.isEmpty()) {{\n            endpoint = {};\n        }}\n",
            java(url)
        ),
    });
    let mut uri = "endpoint".to_string();
    if !plan.query.is_empty() {
        out.push_str(&map(plan, "params", &plan.query));
        uri.push_str(" + \"?\" + encode(params)");
    }
    if !plan.form.is_empty() {
        out.push_str(&map(plan, "form", &plan.form));
    }
    out.push_str(&format!(
        "        HttpClient client = HttpClient.newBuilder()\n            .proxy(HttpClient.Builder.NO_PROXY) // the endpoint is local\n{}            .build();\n",
        if pinned {
            "            .sslContext(pinned(need(\"IDENTITY_SERVER_THUMBPRINT\")))\n"
        } else {
            ""
        }
    ));
    out.push_str(&format!(
        "        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create({uri}))\n"
    ));
    for h in &plan.headers {
        let value = match h.value {
            HeaderValue::Literal(v) => java(v),
            HeaderValue::Env(var) => format!("need(\"{var}\")"),
        };
        out.push_str(&format!("            .header(\"{}\", {value})\n", h.name));
    }
    if plan.form.is_empty() {
        out.push_str("            .GET();\n");
    } else {
        out.push_str("            .header(\"Content-Type\", \"application/x-www-form-urlencoded\")\n            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));\n");
    }
    if plan.challenge() {
        out.push_str(CHALLENGE);
    }
    out.push_str(READ_TOKEN);
    match plan.call() {
        None => out.push_str("        System.out.println(token.group(1));\n"),
        Some(call) => out.push_str(&http_client_call(call, "token.group(1)")),
    }
    out.push_str("    }\n}\n");
    out
}
