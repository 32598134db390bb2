// Offline and updates: registers the service worker (sw.js, written by web/stamp-sw.cmake with
// the build's content hash) that keeps the app shell for use with no network, and shows the bar
// "A new version of Kariz is ready — Reload" when a new deployment has been fetched in the
// background. Reload first saves what is pending, then switches to the new version.
'use strict';
(function () {
  if (!('serviceWorker' in navigator)) return;
  // Serving is loopback-only; a service worker needs a secure context, which 127.0.0.1 is.
  if (!window.isSecureContext) return;
  const bar = document.getElementById('update-bar');
  const barText = document.getElementById('update-text');
  const button = document.getElementById('update-reload');
  let reg = null, reloading = false;

  // The page's words come from the app's catalogues once it runs (web/device_prefs.cpp).
  const say = (key, english) => (window.karizWords && window.karizWords[key]) || english;

  function offer(worker, text) {
    barText.textContent = text;
    bar.hidden = false;
    button.onclick = async () => {
      button.disabled = true;
      await saveFirst();
      reloading = true;
      if (worker) worker.postMessage({ type: 'skip-waiting' });
      else location.reload();
    };
  }

  // Whatever this tab has not written to IndexedDB yet is written before the page goes away.
  async function saveFirst() {
    if (!window.kariz || !window.kariz.ready() || !Module._kariz_page_hidden) return;
    Module._kariz_page_hidden();
    for (let i = 0; i < 50 && window.kariz.savePending(); i++) await new Promise((r) => setTimeout(r, 100));
  }

  function watch(worker) {
    const ready = () => { if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker, say('update_ready', 'A new version of Kariz is ready')); };
    worker.addEventListener('statechange', ready);
    ready();  // it may have finished installing before this page looked
  }

  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading) { location.reload(); return; }
    // Another tab switched to the new version: this one still runs the old code.
    offer(null, say('updated_elsewhere', 'Kariz was updated in another tab'));
  });

  navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).then((r) => {
    reg = r;
    if (r.waiting && navigator.serviceWorker.controller) offer(r.waiting, say('update_ready', 'A new version of Kariz is ready'));
    if (r.installing) watch(r.installing);
    r.addEventListener('updatefound', () => watch(r.installing));
    // Look for a new deployment at every start (the browser's own check may come much later).
    if (navigator.serviceWorker.controller && navigator.onLine) r.update().catch(() => {});
  }, (e) => console.warn('Kariz works online only: the service worker could not be registered (' + e + ')'));

  // A tab left open for days still learns about new deployments.
  const check = () => {
    if (reg && reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting, say('update_ready', 'A new version of Kariz is ready'));
    if (reg && navigator.onLine) reg.update().catch(() => {});
  };
  setInterval(check, 60 * 60 * 1000);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') check(); });
})();
