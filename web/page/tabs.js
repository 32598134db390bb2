// Two tabs on one board: each tab sends what it stored to the others (BroadcastChannel), and
// applies what they stored (web/tabsync.cpp). Also the notice bar that says when two tabs edited
// the same deal at once. Loaded after shell.js (window.Module) and before kariz-db.js starts
// reading the stored board, so no other tab's save is missed between that read and this channel.
'use strict';
(function () {
  const notice = document.getElementById('notice');
  const noticeText = document.getElementById('notice-text');
  let noticeTimer = 0;
  function showNotice(text) {
    noticeText.textContent = text;
    notice.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { notice.hidden = true; }, 15000);
  }
  document.getElementById('notice-close').addEventListener('click', () => { notice.hidden = true; });
  Module.karizTabsNotice = showNotice;

  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel('kariz-tabs');
  Module.karizTabsPost = (head, deals, deletes, meta, all, replaced, rereadIds, reread) =>
    channel.postMessage({ head, deals, deletes, meta, all, replaced, rereadIds, reread });

  // Messages wait here until this tab has loaded its board; order is kept.
  const queue = [];
  let retry = 0;
  function cString(text) {
    const n = Module.lengthBytesUTF8(text) + 1;
    const p = Module._malloc(n);
    Module.stringToUTF8(text, p, n);
    return p;
  }
  function applyOne(m) {
    const ptrs = [m.head, m.deals, m.deletes, m.replaced || '', m.rereadIds || ''].map(cString);
    try {
      return Module._kariz_tabs_receive(ptrs[0], ptrs[1], ptrs[2], m.meta ? 1 : 0, m.all ? 1 : 0, ptrs[3], ptrs[4], m.reread ? 1 : 0) === 1;
    } finally { ptrs.forEach((p) => Module._free(p)); }
  }
  function drain() {
    retry = 0;
    while (queue.length) {
      if (!Module._kariz_tabs_receive || !applyOne(queue[0])) { retry = setTimeout(drain, 200); return; }
      queue.shift();
    }
  }
  channel.onmessage = (ev) => {
    queue.push(ev.data);
    if (!retry) drain();
  };
})();
