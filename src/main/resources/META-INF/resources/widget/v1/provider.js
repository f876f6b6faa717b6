// The provider-local-storage layer: the service origin's localStorage, through a hidden frame the service serves
// (frame.js). Messages go to the service's exact origin and answers are accepted only from that frame. A frame that
// does not load within 2 s or answer within 1 s (storage blocked, frame refused) fails, and the chain moves on.
export function providerStorage(origin, src, container) {
  let frame = null;
  let opened = null;
  let seq = 0;
  const pending = new Map();
  const onMessage = e => {
    const resolve = frame && e.origin === origin && e.source === frame.contentWindow && e.data
      && e.data.chat === 'storage' && pending.get(e.data.id);
    if (resolve) {
      pending.delete(e.data.id);
      resolve(e.data);
    }
  };
  const open = () => opened || (opened = container().then(parent => new Promise(resolve => {
    addEventListener('message', onMessage);
    frame = document.createElement('iframe');
    frame.hidden = true;
    frame.tabIndex = -1;
    frame.title = 'chat storage';
    frame.setAttribute('aria-hidden', 'true');
    frame.src = src;
    const timer = setTimeout(() => resolve(false), 2000);
    frame.addEventListener('load', () => {
      clearTimeout(timer);
      resolve(true);
    });
    parent.appendChild(frame);
  })));
  const ask = (op, key, value) => open().then(loaded => new Promise(resolve => {
    if (!loaded) {
      resolve({});
      return;
    }
    const id = ++seq;
    pending.set(id, resolve);
    frame.contentWindow.postMessage({chat: 'storage', id, op, key, value}, origin);
    setTimeout(() => pending.delete(id) && resolve({}), 1000);
  }));
  return {
    get: key => ask('get', key).then(r => r.ok ? r.value : null),
    set: (key, value) => ask('set', key, value).then(r => {
      if (!r.ok) {
        throw new Error('provider storage refused');
      }
    }),
    remove: key => ask('remove', key),
    probe: key => ask('probe', key).then(r => !!r.ok),
  };
}
