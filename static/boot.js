// Starts the app. Trunk writes the hashed file names into this script tag's data attributes, so
// the page needs no inline script and its Content-Security-Policy stays strict.
const tag = document.querySelector('script[data-boot-js]');

// Compile the wasm while it downloads and while the JS glue loads, instead of after: the glue
// is then handed a compiled module. A host that serves the wasm with another Content-Type gets
// it compiled from its bytes (compileStreaming would refuse it).
const compiled = fetch(tag.dataset.bootWasm).then((response) =>
  response.headers.get('Content-Type')?.startsWith('application/wasm')
    ? WebAssembly.compileStreaming(response)
    : response.arrayBuffer().then((bytes) => WebAssembly.compile(bytes)));

// The page's second wasm module (the code generator, the signature checker): loaded the first
// time the app asks for it (the code view or the key box is about to be used), then kept.
// Resolves to the module's exports; a failed load is tried again the next time it is asked for.
// Defined before the app starts, which may ask at once.
let extras;
globalThis.miExtras = () => (extras ??= import(tag.dataset.extrasJs)
  .then(async (module) => {
    await module.default({ module_or_path: tag.dataset.extrasWasm });
    return module;
  })
  .catch((error) => {
    extras = undefined;
    throw error;
  }));

const { default: init } = await import(tag.dataset.bootJs);
await init({ module_or_path: await compiled });

// Offline after the first visit: the service worker caches the app's own files (and nothing else).
// It is registered once the page is idle (after a report the page is making, say): by then the
// files are in the HTTP cache, and the worker takes them from there instead of downloading them
// a second time while the page needs the network and the CPU.
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  const register = () => navigator.serviceWorker.register('sw.js').catch(() => {});
  if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: 5000 });
  else setTimeout(register, 1000);
}
