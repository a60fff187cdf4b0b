//! The exchange with each language's HTTP library: Python `requests` and `urllib`, Node's
//! `fetch` with `URLSearchParams`, Java's `HttpClient` with `URLEncoder`, Go's `http.PostForm`,
//! Rust's `reqwest` `.form()`, C#'s `FormUrlEncodedContent`. Each reads the token file at every
//! run (trimmed), writes every user value as an escaped literal of its language, prints the access
//! token, and exits non-zero with Entra ID's answer when it refuses.

use super::Exchange;
use crate::snippets::comment;
use crate::snippets::escape::{csharp as cs, go as go_lit, java as java_lit, javascript as js};
use crate::snippets::escape::{python as py, rust as rust_lit};
use crate::snippets::java::{ENCODE, READ_TOKEN};

pub(super) fn python_requests(ex: &Exchange) -> String {
    let mut out = python_head(ex, "import os\nimport sys\n\nimport requests\n");
    out.push_str(&python_form(ex));
    out.push_str(
        "response = requests.post(url, data=form, timeout=30)\nif not response.ok:\n    sys.exit(f\"{response.status_code} {response.text}\")\nprint(response.json()[\"access_token\"])\n",
    );
    out
}

pub(super) fn python_urllib(ex: &Exchange) -> String {
    let mut out = python_head(
        ex,
        "import json\nimport os\nimport sys\nimport urllib.error\nimport urllib.parse\nimport urllib.request\n",
    );
    out.push_str(&python_form(ex));
    out.push_str(
        r#"request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), method="POST")
request.add_header("Content-Type", "application/x-www-form-urlencoded")
try:
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read().decode()
except urllib.error.HTTPError as error:
    sys.exit(f"{error.code} {error.read().decode()}")
print(json.loads(body)["access_token"])
"#,
    );
    out
}

fn python_head(ex: &Exchange, imports: &str) -> String {
    let mut out = String::from("#!/usr/bin/env python3\n");
    out.push_str(&comment(&ex.about("the access token"), "#"));
    out.push_str(imports);
    out.push_str(&format!(
        "\n\ndef need(name):\n    value = os.environ.get(name)\n    if not value:\n        sys.exit(name + {})\n    return value\n\n\ndef read(path):\n    with open(path, encoding=\"utf-8\") as f:\n        return f.read().strip()\n\n\n",
        py(&ex.missing())
    ));
    out
}

fn python_form(ex: &Exchange) -> String {
    let e = &ex.x.exchange;
    let mut out = format!(
        "authority = os.environ.get(\"{}\") or {}\nurl = authority.rstrip(\"/\") + \"/\" + need(\"{}\") + {}\nform = {{\n",
        e.authority_env,
        py(&ex.default_authority),
        e.tenant_env,
        py(e.token_path)
    );
    for (name, value) in ex.fields(
        py,
        |v| format!("need(\"{v}\")"),
        |v| format!("read(need(\"{v}\"))"),
    ) {
        out.push_str(&format!("    \"{name}\": {value},\n"));
    }
    out.push_str("}\n");
    out
}

pub(super) fn node(ex: &Exchange) -> String {
    let e = &ex.x.exchange;
    let mut out = String::from("#!/usr/bin/env node\n");
    out.push_str(&comment(&ex.about("the access token"), "//"));
    out.push_str("import { readFileSync } from \"node:fs\";\n\n");
    out.push_str(&format!(
        "function need(name) {{\n  const value = process.env[name];\n  if (!value) {{\n    console.error(name + {});\n    process.exit(1);\n  }}\n  return value;\n}}\n\n",
        js(&ex.missing())
    ));
    out.push_str(&format!(
        "const authority = process.env.{} || {};\nconst url = authority.replace(/\\/+$/, \"\") + \"/\" + need(\"{}\") + {};\nconst form = new URLSearchParams({{\n",
        e.authority_env,
        js(&ex.default_authority),
        e.tenant_env,
        js(e.token_path)
    ));
    for (name, value) in ex.fields(
        js,
        |v| format!("need(\"{v}\")"),
        |v| format!("readFileSync(need(\"{v}\"), \"utf8\").trim()"),
    ) {
        out.push_str(&format!("  {name}: {value},\n"));
    }
    out.push_str(
        "});\nconst response = await fetch(url, { method: \"POST\", body: form });\nconst body = await response.text();\nif (!response.ok) {\n  console.error(`${response.status} ${body}`);\n  process.exit(1);\n}\nconsole.log(JSON.parse(body).access_token);\n",
    );
    out
}

pub(super) fn java(ex: &Exchange) -> String {
    let e = &ex.x.exchange;
    let mut out = comment(&ex.about("the access token"), "//");
    for i in [
        "java.net.URI",
        "java.net.URLEncoder",
        "java.net.http.HttpClient",
        "java.net.http.HttpRequest",
        "java.net.http.HttpResponse",
        "java.nio.charset.StandardCharsets",
        "java.nio.file.Files",
        "java.nio.file.Path",
        "java.util.LinkedHashMap",
        "java.util.Map",
        "java.util.regex.Matcher",
        "java.util.regex.Pattern",
        "java.util.stream.Collectors",
    ] {
        out.push_str(&format!("import {i};\n"));
    }
    out.push_str(&format!(
        "\npublic class GetToken {{\n    static String need(String name) {{\n        String value = System.getenv(name);\n        if (value == null || value.isEmpty()) {{\n            System.err.println(name + {});\n            System.exit(1);\n        }}\n        return value;\n    }}\n\n{ENCODE}\n",
        java_lit(&ex.missing())
    ));
    out.push_str(&format!(
        "    public static void main(String[] args) throws Exception {{\n        String authority = System.getenv(\"{}\");\n        if (authority == null || authority.isEmpty()) {{\n            authority = {};\n        }}\n        String url = authority.replaceAll(\"/+$\", \"\") + \"/\" + need(\"{}\") + {};\n        Map<String, String> form = new LinkedHashMap<>();\n",
        e.authority_env,
        java_lit(&ex.default_authority),
        e.tenant_env,
        java_lit(e.token_path)
    ));
    for (name, value) in ex.fields(
        java_lit,
        |v| format!("need(\"{v}\")"),
        |v| format!("Files.readString(Path.of(need(\"{v}\"))).trim()"),
    ) {
        out.push_str(&format!("        form.put(\"{name}\", {value});\n"));
    }
    out.push_str(
        r#"        HttpClient client = HttpClient.newHttpClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));"#,
    );
    out.push_str(READ_TOKEN);
    out.push_str("        System.out.println(token.group(1));\n    }\n}\n");
    out
}

pub(super) fn go(ex: &Exchange) -> String {
    let e = &ex.x.exchange;
    let mut out = comment(&ex.about("the access token"), "//");
    out.push_str("package main\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"io\"\n\t\"net/http\"\n\t\"net/url\"\n\t\"os\"\n\t\"strings\"\n)\n");
    out.push_str(&format!(
        "\nfunc need(name string) string {{\n\tvalue := os.Getenv(name)\n\tif value == \"\" {{\n\t\tfmt.Fprintln(os.Stderr, name+{})\n\t\tos.Exit(1)\n\t}}\n\treturn value\n}}\n\nfunc fail(err error) {{\n\tfmt.Fprintln(os.Stderr, err)\n\tos.Exit(1)\n}}\n\nfunc read(path string) string {{\n\tdata, err := os.ReadFile(path)\n\tif err != nil {{\n\t\tfail(err)\n\t}}\n\treturn strings.TrimSpace(string(data))\n}}\n\n",
        go_lit(&ex.missing())
    ));
    out.push_str(&format!(
        "func main() {{\n\tauthority := os.Getenv(\"{}\")\n\tif authority == \"\" {{\n\t\tauthority = {}\n\t}}\n\ttarget := strings.TrimRight(authority, \"/\") + \"/\" + need(\"{}\") + {}\n\tform := url.Values{{}}\n",
        e.authority_env,
        go_lit(&ex.default_authority),
        e.tenant_env,
        go_lit(e.token_path)
    ));
    for (name, value) in ex.fields(
        go_lit,
        |v| format!("need(\"{v}\")"),
        |v| format!("read(need(\"{v}\"))"),
    ) {
        out.push_str(&format!("\tform.Set(\"{name}\", {value})\n"));
    }
    out.push_str(
        r#"	res, err := http.PostForm(target, form)
	if err != nil {
		fail(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		fail(err)
	}
	if res.StatusCode != http.StatusOK {
		fail(fmt.Errorf("%d %s", res.StatusCode, data))
	}
	var token struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(data, &token); err != nil {
		fail(err)
	}
	fmt.Println(token.AccessToken)
}
"#,
    );
    out
}

pub(super) fn rust(ex: &Exchange) -> String {
    let e = &ex.x.exchange;
    let mut about = ex.about("the access token");
    about.push(format!(
        "[dependencies] {}",
        crate::snippets::rust_dependencies().replace('\n', "; ")
    ));
    let mut out = comment(&about, "//");
    out.push_str(&format!(
        "use std::process::exit;\n\nfn need(name: &str) -> String {{\n    match std::env::var(name) {{\n        Ok(value) if !value.is_empty() => value,\n        _ => {{\n            eprintln!(\"{{name}}{{}}\", {});\n            exit(1)\n        }}\n    }}\n}}\n\n",
        rust_lit(&ex.missing())
    ));
    out.push_str(&format!(
        "fn main() -> Result<(), Box<dyn std::error::Error>> {{\n    let authority = std::env::var(\"{}\").ok().filter(|a| !a.is_empty()).unwrap_or_else(|| {}.to_string());\n    let url = format!(\"{{}}/{{}}{{}}\", authority.trim_end_matches('/'), need(\"{}\"), {});\n    let form = [\n",
        e.authority_env,
        rust_lit(&ex.default_authority),
        e.tenant_env,
        rust_lit(e.token_path)
    ));
    for (name, value) in ex.fields(
        |v| format!("{}.to_string()", rust_lit(v)),
        |v| format!("need(\"{v}\")"),
        |v| format!("std::fs::read_to_string(need(\"{v}\"))?.trim().to_string()"),
    ) {
        out.push_str(&format!("        (\"{name}\", {value}),\n"));
    }
    out.push_str(
        r#"    ];
    let response = reqwest::blocking::Client::new().post(url).form(&form).send()?;
    let status = response.status();
    let body = response.text()?;
    if !status.is_success() {
        eprintln!("{} {body}", status.as_u16());
        exit(1);
    }
    let json: serde_json::Value = serde_json::from_str(&body)?;
    println!("{}", json["access_token"].as_str().unwrap_or_default());
    Ok(())
}
"#,
    );
    out
}

pub(super) fn csharp(ex: &Exchange) -> String {
    let e = &ex.x.exchange;
    let mut out = comment(&ex.about("the access token"), "//");
    out.push_str("using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Net.Http;\nusing System.Text.Json;\nusing System.Threading.Tasks;\n\nstatic class Program\n{\n");
    out.push_str(&format!(
        "    static string Need(string name)\n    {{\n        string value = Environment.GetEnvironmentVariable(name);\n        if (string.IsNullOrEmpty(value))\n        {{\n            Console.Error.WriteLine(name + {});\n            Environment.Exit(1);\n        }}\n        return value;\n    }}\n\n",
        cs(&ex.missing())
    ));
    out.push_str(&format!(
        "    // Not `async Main`: Mono's compiler lacks it, and this way the file builds everywhere.\n    static int Main()\n    {{\n        return Run().GetAwaiter().GetResult();\n    }}\n\n    static async Task<int> Run()\n    {{\n        string authority = Environment.GetEnvironmentVariable(\"{}\");\n        if (string.IsNullOrEmpty(authority))\n        {{\n            authority = {};\n        }}\n        string url = authority.TrimEnd('/') + \"/\" + Need(\"{}\") + {};\n        var form = new List<KeyValuePair<string, string>>\n        {{\n",
        e.authority_env,
        cs(&ex.default_authority),
        e.tenant_env,
        cs(e.token_path)
    ));
    for (name, value) in ex.fields(
        cs,
        |v| format!("Need(\"{v}\")"),
        |v| format!("File.ReadAllText(Need(\"{v}\")).Trim()"),
    ) {
        out.push_str(&format!(
            "            new KeyValuePair<string, string>(\"{name}\", {value}),\n"
        ));
    }
    out.push_str(
        r#"        };
        using (var client = new HttpClient())
        {
            HttpResponseMessage response = await client.PostAsync(url, new FormUrlEncodedContent(form));
            string body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine((int)response.StatusCode + " " + body);
                return 1;
            }
            Console.WriteLine(JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString());
            return 0;
        }
    }
}
"#,
    );
    out
}
