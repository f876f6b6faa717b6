// The provider-storage frame: keeps the widget's items in the service origin's localStorage for the page that embeds
// it. The service serves the frame only to the app's allowed origins (CSP frame-ancestors), and this script answers
// only its parent, at the parent's exact origin, and only for the app's own items.
(() => {
  'use strict';
  const app = decodeURIComponent(location.pathname.split('/').pop());
  const keys = new Set(['chat_token_' + app, 'chat_analytics_' + app]);
  const parentOrigin = location.ancestorOrigins && location.ancestorOrigins[0];
  addEventListener('message', e => {
    const m = e.data;
    if (e.source !== parent || (parentOrigin && e.origin !== parentOrigin) || !m || m.chat !== 'storage'
      || !keys.has(m.key)) {
      return;
    }
    const answer = {chat: 'storage', id: m.id, ok: false, value: null};
    try {
      if (m.op === 'get') {
        answer.value = localStorage.getItem(m.key);
      } else if (m.op === 'set' && typeof m.value === 'string') {
        localStorage.setItem(m.key, m.value);
      } else if (m.op === 'remove') {
        localStorage.removeItem(m.key);
      } else if (m.op === 'probe') {
        localStorage.setItem(m.key, '1');
        const ok = localStorage.getItem(m.key) === '1';
        localStorage.removeItem(m.key);
        if (!ok || localStorage.getItem(m.key) !== null) {
          throw new Error('storage does not keep what it is given');
        }
      } else {
        return;
      }
      answer.ok = true;
    } catch (err) {
      // blocked storage (third-party storage off): the widget moves on to its next layer
    }
    e.source.postMessage(answer, e.origin);
  });
})();
