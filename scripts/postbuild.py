#!/usr/bin/env python3
"""Trunk post-build hook: turns the staged build into an offline app.

- boot-<hash>.js: boot.js under a name that carries a hash of its content, like every file Trunk
  writes, so that nothing the page loads needs asking for again (only index.html is unhashed).
- mi-extras-<hash>.js and mi-extras-<hash>_bg.wasm: the page's second wasm module, the code
  generator and the signature checker (Trunk names a module it does not start by the crate alone),
  named by their hash too and written into the boot script tag, which loads them when the app
  first asks for them.
- sw.js: a service worker that caches exactly the app's own files, so the served app works offline
  after the first visit (it never caches or fetches anything else). It is told which files carry a
  hash, to take those from the HTTP cache instead of downloading them again.
- mi-token-inspector.html: the whole app in one file (JS glue and wasm inlined, the wasm started
  with the async init from bytes, CSS and icon inlined) that works opened from file://. The second
  module's glue and wasm are inlined too, and compiled only when the app first asks for them. Its
  CSP allows only its own inline script and style (by hash) and has connect-src 'none'.

Trunk runs it with TRUNK_STAGING_DIR set; it can also be run by hand on a dist folder:
    python3 scripts/postbuild.py dist
"""
import base64
import hashlib
import json
import os
import pathlib
import re
import sys

SINGLE = "mi-token-inspector.html"


def main() -> None:
    staging = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else os.environ["TRUNK_STAGING_DIR"])
    index = (staging / "index.html").read_text()
    js = next(p for p in staging.glob("mi-token-inspector-*.js"))
    wasm = next(p for p in staging.glob("mi-token-inspector-*_bg.wasm"))
    css = next(p for p in staging.glob("style-*.css"))
    icon = staging / "favicon.svg"
    extras = hash_extras(staging)
    hash_boot_script(staging)
    write_service_worker(staging)
    write_single_file(staging, index, js, wasm, css, icon, extras)


# Trunk's hashed names: `name-<16 hex digits>.ext` (the wasm: `name-<hash>_bg.wasm`).
HASHED_NAME = re.compile(r"-[0-9a-f]{16}(_bg)?\.[a-z]+$")


def hash_extras(staging: pathlib.Path):
    """Renames the second module's glue and wasm to `mi-extras-<hash>` names (one hash of both)
    and writes them into index.html's boot script tag. Returns the two files."""
    glue, wasm = staging / "mi-extras.js", staging / "mi-extras_bg.wasm"
    if not (glue.exists() and wasm.exists()):
        sys.exit("postbuild: no mi-extras.js and mi-extras_bg.wasm (see the extras link in index.html)")
    digest = hashlib.sha256(glue.read_bytes() + wasm.read_bytes()).hexdigest()[:16]
    hashed_glue, hashed_wasm = staging / f"mi-extras-{digest}.js", staging / f"mi-extras-{digest}_bg.wasm"
    glue.rename(hashed_glue)
    wasm.rename(hashed_wasm)
    index = staging / "index.html"
    html = index.read_text()
    tag = '<script type="module" src="./boot.js"'
    if tag not in html:
        sys.exit("postbuild: index.html has no <script src=\"./boot.js\"> (see pattern_script in Trunk.toml)")
    index.write_text(html.replace(
        tag, f'{tag} data-extras-js="./{hashed_glue.name}" data-extras-wasm="./{hashed_wasm.name}"'))
    return hashed_glue, hashed_wasm


def hash_boot_script(staging: pathlib.Path) -> None:
    """Renames boot.js to boot-<hash>.js and points index.html's script tag at it."""
    boot = staging / "boot.js"
    hashed = f"boot-{hashlib.sha256(boot.read_bytes()).hexdigest()[:16]}.js"
    boot.rename(staging / hashed)
    index = staging / "index.html"
    html = index.read_text()
    if 'src="./boot.js"' not in html:
        sys.exit("postbuild: index.html has no <script src=\"./boot.js\"> (see pattern_script in Trunk.toml)")
    index.write_text(html.replace('src="./boot.js"', f'src="./{hashed}"'))


def write_service_worker(staging: pathlib.Path) -> None:
    # index.html is cached as "./", the URL the page is opened by (and every navigation falls
    # back to it).
    assets = sorted(
        p.name
        for p in staging.iterdir()
        if p.is_file() and p.name not in ("sw.js", "index.html", SINGLE)
    )
    digest = hashlib.sha256()
    for name in ["index.html"] + assets:
        digest.update(name.encode())
        digest.update((staging / name).read_bytes())
    version = digest.hexdigest()[:16]
    hashed = [name for name in assets if HASHED_NAME.search(name)]
    plain = [name for name in assets if name not in hashed]
    page = (staging / "index.html").read_text()
    page_names = [name for name in hashed if name in page]
    template = (pathlib.Path(__file__).parent.parent / "static" / "sw.template.js").read_text()
    sw = (
        template.replace("__HASHED__", json.dumps(hashed))
        .replace("__PLAIN__", json.dumps(plain))
        .replace("__PAGE_NAMES__", json.dumps(page_names))
        .replace("__VERSION__", version)
    )
    (staging / "sw.js").write_text(sw)


def sha256_b64(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def module_as_function(glue: str) -> str:
    """The glue of a `wasm-bindgen --target web` module as the body of a function that returns
    what the module exports, so that a second module's glue can share one inline script with the
    first one's (a file:// page cannot import a file, and the CSP allows no other script)."""
    names = re.findall(r"^export (?:async )?(?:function|class) (\w+)", glue, re.M)
    body = re.sub(r"^export ((?:async )?(?:function|class) )", r"\1", glue, flags=re.M)
    tail = "export { initSync, __wbg_init as default };"
    if body.count(tail) != 1:
        sys.exit(f"postbuild: the extras glue does not end in `{tail}`")
    body = body.replace(tail, "return { " + ", ".join(["initSync", "default: __wbg_init", *names]) + " };")
    if re.search(r"^\s*(import|export)\b", body, re.M):
        sys.exit("postbuild: the extras glue imports or exports more than postbuild.py knows to inline")
    return body


def write_single_file(staging, index, js, wasm, css, icon, extras) -> None:
    glue = js.read_text()
    wasm_b64 = base64.b64encode(wasm.read_bytes()).decode()
    extras_glue, extras_wasm = extras
    extras_b64 = base64.b64encode(extras_wasm.read_bytes()).decode()
    script = (
        glue
        + "\n// The second module (boot.js loads it on a served page): compiled when first asked for.\n"
        + f'const __extrasBytes = "{extras_b64}";\n'
        + "let __extras;\n"
        + "globalThis.miExtras = () => (__extras ??= (async () => {\n"
        + "  const module = (function () {\n"
        + module_as_function(extras_glue.read_text())
        + "\n  })();\n"
        + "  await module.default({ module_or_path: Uint8Array.from(atob(__extrasBytes), (c) => c.charCodeAt(0)) });\n"
        + "  return module;\n"
        + "})().catch((error) => { __extras = undefined; throw error; }));\n"
        + "\n// Started from bytes: a file:// page cannot fetch its wasm.\n"
        + f'const __bytes = Uint8Array.from(atob("{wasm_b64}"), (c) => c.charCodeAt(0));\n'
        + "await __wbg_init({ module_or_path: __bytes });\n"
    )
    style = css.read_text()
    icon_uri = "data:image/svg+xml;base64," + base64.b64encode(icon.read_bytes()).decode()
    csp = (
        "default-src 'none'; "
        f"script-src 'sha256-{sha256_b64(script)}' 'wasm-unsafe-eval'; "
        f"style-src 'sha256-{sha256_b64(style)}'; "
        "img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    description = re.search(r'<meta name="description" content="([^"]*)">', index)
    shell = re.search(r"<!-- shell:.*?<!-- /shell -->", index, re.S)
    html = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta http-equiv="Content-Security-Policy" content="{csp}">
  <meta name="referrer" content="no-referrer">
  <meta name="color-scheme" content="light dark">
  <meta name="description" content="{description.group(1) if description else ''}">
  <title>MI Token Inspector</title>
  <link rel="icon" href="{icon_uri}">
  <style>{style}</style>
</head>
<body>
  {shell.group(0) if shell else ''}
  <noscript>MI Token Inspector needs JavaScript and WebAssembly; it runs entirely in this file.</noscript>
  <script type="module">{script}</script>
</body>
</html>
"""
    (staging / SINGLE).write_text(html)


if __name__ == "__main__":
    main()
