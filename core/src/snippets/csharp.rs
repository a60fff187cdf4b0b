//! C# with `HttpClient` (.NET 6+; written in C# 7 so Mono's `mcs` compiles it too). Literals are
//! escape::csharp strings; `Uri.EscapeDataString` encodes the query. The handler has
//! `UseProxy = false`. Service Fabric: `ServerCertificateCustomValidationCallback` accepts only a
//! certificate whose SHA-1 thumbprint (`GetCertHashString`) matches.

use super::escape::csharp as cs;
use super::{comment, ArgumentSyntax, Plan};
use crate::azure::platforms::HeaderValue;
use crate::request::model::{Endpoint, ResourceCall};

/// C#: `args` (which `Main` hands to `Run`; also the Azure.Identity target's).
pub(super) const CSHARP_ARGUMENTS: ArgumentSyntax = ArgumentSyntax {
    check: |n, usage| {
        format!(
            "        if (args.Length < {n})\n        {{\n            Console.Error.WriteLine({});\n            return 2;\n        }}\n",
            cs(usage)
        )
    },
    bind: |var, i| format!("        string {var} = args[{i}];\n"),
};

/// The call with an `HttpClient` of its own (the system's proxy settings apply; the token
/// endpoint's handler bypasses them), sending the token `token` evaluates to; each line after
/// `indent`. It returns the program's exit code. Also the Azure.Identity target's.
pub(super) fn http_client_call(call: &ResourceCall, token: &str, indent: &str) -> String {
    let url = if call.query().is_empty() {
        cs(&call.url)
    } else {
        let pairs: Vec<String> = call
            .query()
            .iter()
            .map(|(k, v)| format!("\"{k}=\" + Uri.EscapeDataString({})", cs(v)))
            .collect();
        format!("{} + \"?\" + {}", cs(&call.url), pairs.join(" + \"&\" + "))
    };
    let mut lines = vec![
        String::new(),
        format!(
            "// {}, with the token (a client of its own: the system's proxy settings apply).",
            call.service.name()
        ),
        "using (var api = new HttpClient())".into(),
        "{".into(),
        format!("    var call = new HttpRequestMessage(HttpMethod.Get, {url});"),
        format!(
            "    call.Headers.TryAddWithoutValidation(\"Authorization\", \"Bearer \" + {token});"
        ),
    ];
    for (name, value) in call.headers() {
        lines.push(format!(
            "    call.Headers.TryAddWithoutValidation({}, {});",
            cs(name),
            cs(&value)
        ));
    }
    lines.extend(
        [
            "    HttpResponseMessage result = await api.SendAsync(call);",
            "    string text = await result.Content.ReadAsStringAsync();",
            "    if (!result.IsSuccessStatusCode)",
            "    {",
            "        Console.Error.WriteLine((int)result.StatusCode + \" \" + text);",
            "        return 1;",
            "    }",
            "    Console.WriteLine(text);",
            "    return 0;",
            "}",
        ]
        .map(String::from),
    );
    lines
        .iter()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("{indent}{l}\n")
            }
        })
        .collect()
}

fn encoded(plan: &Plan, pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("\"{k}=\" + Uri.EscapeDataString({})", plan.value(v, cs)))
        .collect::<Vec<_>>()
        .join("\n            + \"&\" + ")
}

/// Azure Arc's challenge: step 1, the key-file checks, and the credential step 2 sends.
const CHALLENGE: &str = r#"
            // Step 1: without a credential the agent answers 401 and names a key file.
            HttpResponseMessage challenge = await client.SendAsync(request());
            string realm = challenge.Headers.WwwAuthenticate.ToString();
            int at = realm.IndexOf("realm=", StringComparison.Ordinal);
            if ((int)challenge.StatusCode != 401 || at < 0)
            {
                Console.Error.WriteLine(endpoint + " did not answer with a WWW-Authenticate challenge (" + (int)challenge.StatusCode + ")");
                return 1;
            }
            // Send only the agent's own key file (the checks the Azure SDKs make): a .key file of
            // at most 4096 bytes in the agent's Tokens folder. Anything else could be any file.
            string keyFile = realm.Substring(at + 6).Trim();
            string tokens = Environment.OSVersion.Platform == PlatformID.Win32NT
                ? Path.Combine(Environment.GetEnvironmentVariable("ProgramData") ?? "", "AzureConnectedMachineAgent", "Tokens")
                : "/var/opt/azcmagent/tokens";
            if (Path.GetDirectoryName(keyFile) != tokens || Path.GetExtension(keyFile) != ".key" || new FileInfo(keyFile).Length > 4096)
            {
                Console.Error.WriteLine("refusing to send " + keyFile + ": not an Azure Arc agent key file");
                return 1;
            }
            // Step 2: the file's contents are the Basic credential.
            authorization = "Basic " + File.ReadAllText(keyFile);
"#;

/// The token request, stopping with the endpoint's error text when it refuses.
const SEND: &str = r#"
            HttpResponseMessage response = await client.SendAsync(request());
            string body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine((int)response.StatusCode + " " + body);
                return 1;
            }
"#;

/// Service Fabric: the handler trusts only the certificate with the expected thumbprint.
const PIN: &str = r#"        // Trust the self-signed certificate only if its SHA-1 thumbprint is IDENTITY_SERVER_THUMBPRINT.
        string thumbprint = Need("IDENTITY_SERVER_THUMBPRINT").Replace(":", "").Replace(" ", "");
        handler.ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) =>
            certificate != null && string.Equals(certificate.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase);
"#;

/// The usings, the `Need` helper, `Main` and the start of `Run`, with its arguments read.
fn head(plan: &Plan) -> String {
    let mut out = comment(&plan.about("the access token"), "//");
    out.push_str("using System;\n");
    if plan.challenge() {
        out.push_str("using System.IO;\n");
    }
    out.push_str("using System.Net.Http;\nusing System.Text;\nusing System.Text.Json;\nusing System.Threading.Tasks;\n");
    out.push_str("\nstatic class Program\n{\n");
    out.push_str(&plan.if_needed(format!(
        r#"    static string Need(string name)
    {{
        string value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value))
        {{
            Console.Error.WriteLine(name + {});
            Environment.Exit(1);
        }}
        return value;
    }}

"#,
        cs(&plan.missing(""))
    )));
    let (params, args) = if plan.arguments.is_empty() {
        ("", "")
    } else {
        ("string[] args", "args")
    };
    out.push_str(&format!(
        r#"    // Not `async Main`: Mono's compiler lacks it, and this way the file builds everywhere.
    static int Main({params})
    {{
        return Run({args}).GetAwaiter().GetResult();
    }}

    static async Task<int> Run({params})
    {{
"#,
    ));
    out.push_str(&plan.read_arguments(&CSHARP_ARGUMENTS));
    out
}

/// The endpoint, the URL with its query, and the form body.
fn endpoint_and_url(plan: &Plan) -> String {
    let mut out = String::new();
    out.push_str(&match &plan.endpoint {
        Endpoint::Url(url) => format!("        string endpoint = {};\n", cs(url)),
        Endpoint::Env { var, default: None } => {
            format!("        string endpoint = Need(\"{var}\");\n")
        }
        Endpoint::Env {
            var,
            default: Some(url),
        } => format!(
            "        string endpoint = Environment.GetEnvironmentVariable(\"{var}\");\n        if (string.IsNullOrEmpty(endpoint))\n        {{\n            endpoint = {};\n        }}\n",
            cs(url)
        ),
    });
    if plan.query.is_empty() {
        out.push_str("        string url = endpoint;\n");
    } else {
        out.push_str(&format!(
            "        string url = endpoint + \"?\"\n            + {};\n",
            encoded(plan, &plan.query)
        ));
    }
    if !plan.form.is_empty() {
        out.push_str(&format!(
            "        string form = {};\n",
            encoded(plan, &plan.form)
        ));
    }
    out
}

/// The client and the factory of the token request (a message can be sent once; Arc sends two).
fn request_factory(plan: &Plan) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "        using (var client = new HttpClient(handler))\n        {{\n{}            Func<HttpRequestMessage> request = () =>\n            {{\n                var message = new HttpRequestMessage(HttpMethod.{}, url);\n",
        // Azure Arc's step 2 sets the credential the requests carry.
        if plan.challenge() {
            "            string authorization = null;\n"
        } else {
            ""
        },
        if plan.post() { "Post" } else { "Get" }
    ));
    for h in &plan.headers {
        let value = match h.value {
            HeaderValue::Literal(v) => cs(v),
            HeaderValue::Env(var) => format!("Need(\"{var}\")"),
        };
        out.push_str(&format!(
            "                message.Headers.TryAddWithoutValidation(\"{}\", {value});\n",
            h.name
        ));
    }
    if !plan.form.is_empty() {
        out.push_str("                message.Content = new StringContent(form, Encoding.UTF8, \"application/x-www-form-urlencoded\");\n");
    }
    if plan.challenge() {
        out.push_str("                if (authorization != null)\n                {\n                    message.Headers.TryAddWithoutValidation(\"Authorization\", authorization);\n                }\n");
    }
    out.push_str("                return message;\n            };\n");
    out
}

pub(super) fn render(plan: &Plan) -> String {
    let pinned = plan.thumbprint_env().is_some();
    let mut out = head(plan);
    out.push_str(&endpoint_and_url(plan));
    out.push_str("        var handler = new HttpClientHandler { UseProxy = false }; // the endpoint is local\n");
    if pinned {
        out.push_str(PIN);
    }
    out.push_str(&request_factory(plan));
    if plan.challenge() {
        out.push_str(CHALLENGE);
    }
    out.push_str(SEND);
    match plan.call() {
        None => out.push_str("            Console.WriteLine(JsonDocument.Parse(body).RootElement.GetProperty(\"access_token\").GetString());\n            return 0;\n"),
        Some(call) => {
            out.push_str("            string token = JsonDocument.Parse(body).RootElement.GetProperty(\"access_token\").GetString();\n");
            out.push_str(&http_client_call(call, "token", "            "));
        }
    }
    out.push_str("        }\n    }\n}\n");
    out
}
