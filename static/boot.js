// Starts the app. Trunk writes the hashed file names into this script tag's data attributes, so
// the page needs no inline script and its Content-Security-Policy stays strict.
const tag = document.querySelector('script[data-boot-js]');
const { default: init } = await import(tag.dataset.bootJs);
await init({ module_or_path: tag.dataset.bootWasm });

// Offline after the first visit: the service worker caches the app's own files (and nothing else).
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register('sw.js').catch(() => {});
}
