// chat-continuity widget runtime v1, the script brands embed (see README "Widget"). No eval, no inline styles
// (strict CSP); nothing throws into the host page. Size budget: loader + ui.js + widget.css <= 15 KB gzipped.
(() => {
  'use strict';
  const w = window;
  const d = document;
  const warn = (...args) => { try { console.warn('[chat]', ...args); } catch (e) { /* no console */ } };
  if (w.$chat && w.$chat.live) {
    return;
  }
  const script = d.currentScript || d.querySelector('script[src*="/widget/v1/loader.js"]');
  if (!script) {
    warn('cannot find its own script element');
    return;
  }
  // Bump with every change to ui.js or widget.css: they are cached for a day under this version.
  const VERSION = '1.0.1';
  const BASE = new URL('.', script.src).href;
  const ORIGIN = new URL(script.src).origin;
  const API = ORIGIN + '/v1';
  const APP = typeof w.CHAT_APP_ID === 'string' ? w.CHAT_APP_ID : '';
  const RUNTIME = (w.CHAT_RUNTIME_CONFIG && typeof w.CHAT_RUNTIME_CONFIG === 'object') ? w.CHAT_RUNTIME_CONFIG : {};
  const TOKEN_KEY = 'chat_token_' + APP;
  const ANALYTICS_KEY = 'chat_analytics_' + APP;
  let continuity = typeof w.CHAT_TOKEN_ID === 'string' && w.CHAT_TOKEN_ID ? w.CHAT_TOKEN_ID : null;
  const EVENTS = ['session:loaded', 'session:reset', 'message:received', 'consent:changed'];

  // ---- small helpers
  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
  const uuid = () => {
    if (w.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const h = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  /** Jitter (50-100 % of the step): many widgets must not reconnect in step. */
  const backoff = (attempt, cap = 30000) =>
    Math.min(cap, 1000 * 2 ** Math.min(attempt, 10)) * (0.5 + Math.random() / 2);
  const durationMs = iso => {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso || '');
    return m ? (((+m[1] || 0) * 24 + (+m[2] || 0)) * 60 + (+m[3] || 0)) * 60000 + (+m[4] || 0) * 1000 : 0;
  };
  const call = (fn, ...args) => {
    try {
      return fn(...args);
    } catch (e) {
      warn('a callback threw', e);
    }
  };

  class HttpError extends Error {
    constructor(status, problem, retryAfter) {
      super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
      this.status = status;
      this.type = problem && problem.type;
      this.retryAfter = retryAfter;
    }
  }
  /** A failure worth retrying as it is: the network, a rate limit, an outage. */
  const transient = e => !e.status || e.status === 408 || e.status === 429 || e.status >= 500;

  // ---- state
  let config = null;
  let token = null;          // the chat token, when JavaScript holds it (never in cookie mode)
  let cookieSession = false; // the service's HttpOnly cookie carries the session
  let layer = null;          // the storage layer that holds the token
  let chain = [];            // storage layers to try, most preferred first
  let session = null;        // {id, visitorId, conversationId, authenticated}
  let expiresAt = 0;
  let early = null;          // {sid, page, state}: the history (and state) read beside the resume
  let restarted = false;     // a 401 already made us start over once
  let refreshTimer = 0;
  let stream = null;         // the open event stream ({close})
  let consent = null;
  let analytics = null;      // analytics.js, loaded once consent grants analytics
  let analyticsPaused = false;
  let ready = false;
  let failed = null;         // why the widget cannot run (unknown app, origin not allowed, ...)
  let identityRequired = false;
  let sent = null;           // the consent signal in force on the server (session + signal), never sent again
  let pendingSignal = null;
  let tcfRemove = null;
  const messages = [];
  const ids = new Map();
  let nextCursor = null;
  let historyLoaded = false;
  let loadingOlder = false;
  const ui = {open: false, unread: 0, triggerHiddenUntil: 0, soundEnabled: true, status: ''};
  const handlers = new Map(EVENTS.map(name => [name, new Set()]));
  const watchers = new Set();
  const changed = () => watchers.forEach(fn => call(fn));
  const emit = (name, arg) => handlers.get(name).forEach(fn => call(fn, arg));

  // ---- HTTP
  async function http(method, path, {body, headers = {}, auth = true, keepalive = false, config: cfg} = {}) {
    const h = Object.assign({}, headers);
    if (body !== undefined) {
      h['Content-Type'] = 'application/json';
    }
    if (auth && token && !cfg) {
      h.Authorization = 'Bearer ' + token;
    }
    // credentials: cookie mode's HttpOnly cookie. Only the config goes through the HTTP cache (ETag, max-age).
    const res = await fetch(API + path, {method, headers: h, credentials: cfg ? 'omit' : 'include', keepalive,
      cache: cfg ? 'default' : 'no-store', body: body === undefined ? undefined : JSON.stringify(body)});
    if (!res.ok) {
      let problem = null;
      try {
        problem = await res.json();
      } catch (e) { /* not a problem body */ }
      throw new HttpError(res.status, problem, +res.headers.get('Retry-After') || 0);
    }
    return res.status === 204 ? null : res.json();
  }

  /** Runs an authenticated call; on 401 drops the token and starts over once (a new session), never in a loop. */
  async function authed(fn) {
    try {
      const answer = await fn();
      restarted = false;
      return answer;
    } catch (e) {
      if (e.status !== 401 || restarted) {
        throw e;
      }
      restarted = true;
      await forget();
      await ensureSession();
      return fn();
    }
  }

  // ---- storage layers
  // Every layer answers get/set/remove (maybe async) and is probed before it is trusted.
  function webStorage(name, area) {
    const store = () => w[area];
    return {
      name,
      get: key => { try { return store().getItem(key); } catch (e) { return null; } },
      set: (key, value) => store().setItem(key, value),
      remove: key => { try { store().removeItem(key); } catch (e) { /* blocked: nothing stored */ } },
      probe(key) {
        try {
          store().setItem(key, '1');
          const ok = store().getItem(key) === '1';
          store().removeItem(key);
          return ok && store().getItem(key) === null;
        } catch (e) {
          return false;
        }
      },
    };
  }

  function siteCookie() {
    const secure = location.protocol === 'https:' ? '; Secure' : '';
    const domain = () => (config && config.storage.cookieDomain) ? '; Domain=' + config.storage.cookieDomain : '';
    const read = key => {
      try {
        const found = d.cookie.split('; ').find(c => c.startsWith(key + '='));
        return found ? decodeURIComponent(found.slice(key.length + 1)) : null;
      } catch (e) {
        return null;
      }
    };
    const write = (key, value, maxAge, dom) => {
      d.cookie = `${key}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAge}; SameSite=Lax${secure}${dom}`;
    };
    const self = {
      name: 'site-cookie',
      get: read,
      set: (key, value) => write(key, value,
        expiresAt ? Math.max(60, Math.round((expiresAt - Date.now()) / 1000)) : 86400, domain()),
      remove(key) {
        try {
          write(key, '', 0, domain());
          write(key, '', 0, '');
        } catch (e) { /* blocked */ }
      },
      probe(key) {
        try {
          write(key, '1', 60, domain());
          const ok = read(key) === '1';
          self.remove(key);
          return ok && read(key) === null;
        } catch (e) {
          return false;
        }
      },
    };
    return self;
  }

  /** The service origin's localStorage through a hidden frame (provider.js). */
  function providerStorage() {
    const layer = import(`${BASE}provider.js?v=${VERSION}`).then(m => m.providerStorage(ORIGIN,
      `${BASE}frame/${encodeURIComponent(APP)}`, () => whenBody().then(() => host().shadow)));
    const via = op => (...args) => layer.then(l => l[op](...args));
    return {name: 'provider-local-storage', get: via('get'), set: via('set'), remove: via('remove'),
      probe: via('probe')};
  }

  function memory() {
    const map = new Map();
    return {
      name: 'memory',
      get: key => map.has(key) ? map.get(key) : null,
      set: (key, value) => { map.set(key, value); },
      remove: key => { map.delete(key); },
      probe: () => true,
    };
  }

  const layers = {
    'site-local-storage': webStorage('site-local-storage', 'localStorage'),
    'site-cookie': siteCookie(),
    'provider-local-storage': null,
    memory: memory(),
  };
  const layerOf = name => {
    if (name === 'provider-local-storage') {
      return layers[name] || (layers[name] = providerStorage());
    }
    return layers[name];
  };
  /** The layers a config asks for: local is the site's localStorage; the others follow the config's chain. */
  function chainFor(cfg) {
    const names = cfg.storage.mode === 'local' ? ['site-local-storage', 'memory']
      : (cfg.storage.fallback || []).concat('memory');
    return [...new Set(names)].map(layerOf).filter(Boolean);
  }
  const storageMode = () => {
    if (cookieSession) {
      return 'cookie';
    }
    if (!layer) {
      return null;
    }
    return layer.name === 'site-local-storage' && config && config.storage.mode === 'local' ? 'local' : layer.name;
  };

  /** Stores the token in the first layer that passes its probe (or keeps the layer already in use). */
  async function keep(value) {
    if (layer) {
      try {
        await layer.set(TOKEN_KEY, value);
        return;
      } catch (e) {
        layer = null;
      }
    }
    for (const candidate of chain) {
      try {
        if (await candidate.probe(TOKEN_KEY)) {
          await candidate.set(TOKEN_KEY, value);
          layer = candidate;
          return;
        }
      } catch (e) { /* next layer */ }
    }
  }

  /** Removes the widget's items from every layer, including the provider frame when the chain uses it. */
  async function clearAll() {
    const all = [layers['site-local-storage'], layers['site-cookie'], layers.memory, layers['provider-local-storage']];
    if (config && chain.some(l => l.name === 'provider-local-storage')) {
      all.push(layerOf('provider-local-storage'));
    }
    await Promise.all([...new Set(all)].filter(Boolean).map(l => Promise.all([TOKEN_KEY, ANALYTICS_KEY]
      .map(key => Promise.resolve().then(() => l.remove(key)).catch(() => null)))));
    layer = null;
  }

  // ---- the host element (the UI renders into its shadow root)
  let hostParts = null;
  function host() {
    if (!hostParts) {
      const el = d.createElement('div');
      el.id = 'chat-continuity';
      const shadow = el.attachShadow({mode: 'open'});
      // The stylesheet starts loading at once, beside the config and the session.
      const css = d.createElement('link');
      css.rel = 'stylesheet';
      css.href = `${BASE}widget.css?v=${VERSION}`;
      shadow.appendChild(css);
      d.body.appendChild(el);
      hostParts = {el, shadow, css};
    }
    return hostParts;
  }
  const whenBody = () => d.body ? Promise.resolve()
    : new Promise(resolve => d.addEventListener('DOMContentLoaded', resolve, {once: true}));

  // ---- sessions
  async function adopt(grant) {
    session = {id: grant.session.id, visitorId: grant.session.visitorId, conversationId: grant.conversationId,
      authenticated: grant.session.authenticated};
    expiresAt = Date.parse(grant.expiresAt) || 0;
    if (config && config.storage.mode === 'cookie' && !token && await cookieWorks()) {
      cookieSession = true;
      await clearJsToken();
    } else {
      cookieSession = false;
      token = grant.token;
      await keep(token);
    }
    scheduleRefresh();
  }

  let cookieChecked = null;
  /** Whether the browser kept the service's cookie (third-party cookies may be blocked). */
  function cookieWorks() {
    return cookieChecked || (cookieChecked = http('GET', '/sessions/current', {auth: false})
      .then(() => true, () => false));
  }

  async function clearJsToken() {
    if (layer) {
      await Promise.resolve(layer.remove(TOKEN_KEY)).catch(() => null);
      layer = null;
    }
  }

  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    if (!expiresAt) {
      return;
    }
    // Refresh at 80 % of the remaining lifetime; setTimeout holds at most 2^31 - 1 ms.
    const delay = Math.min(2147483647, Math.max(5000, (expiresAt - Date.now()) * 0.8));
    refreshTimer = setTimeout(() => refresh().catch(e => warn('token refresh failed', e.message)), delay);
  }

  async function refresh() {
    if (!session) {
      return;
    }
    const fresh = await authed(() => http('POST', '/sessions/current/refresh'));
    expiresAt = Date.parse(fresh.expiresAt) || 0;
    if (!cookieSession) {
      token = fresh.token;
      await keep(token);
    }
    scheduleRefresh();
  }

  /** Drops the local session; storage is cleared, the UI emptied. */
  async function forget() {
    closeStream();
    clearTimeout(refreshTimer);
    token = null;
    session = null;
    cookieSession = false;
    cookieChecked = null;
    expiresAt = 0;
    if (analytics) {
      analytics.forget();
    }
    messages.length = 0;
    ids.clear();
    nextCursor = null;
    historyLoaded = false;
    await clearAll();
    changed();
  }

  const mergeWanted = () => !!RUNTIME.session_merge && (!config || config.features.sessionMerge);

  /** Starts, resumes or logs in; if the held token was refused, once more without it. */
  async function start(body) {
    let grant;
    try {
      grant = await http('POST', `/apps/${encodeURIComponent(APP)}/sessions`, {body});
    } catch (e) {
      if (e.status !== 401 || !token) {
        throw e;
      }
      grant = await http('POST', `/apps/${encodeURIComponent(APP)}/sessions`, {body, auth: false});
    }
    await adopt(grant);
    identityRequired = false;
    return grant;
  }

  let ensuring = null;
  /** Creates a session when none exists: the visitor opened the chat or sent. */
  function ensureSession() {
    return ensuring || (ensuring = restoring.then(async () => {
      if (!session) {
        await create();
        await loaded();
      }
      return session;
    }).finally(() => { ensuring = null; }));
  }

  /** A new session: the user's when the page gave a continuity token, otherwise anonymous. */
  async function create() {
    await configReady;
    if (failed) {
      throw new Error(failed);
    }
    try {
      // A held token is resumed (a transient failure at boot kept it), logging in when the page names a user.
      await start(continuity && (!token || claims().typ !== 'authenticated')
        ? {continuityToken: continuity, merge: mergeWanted()} : {});
    } catch (e) {
      if (e.type === '/problems/identity-required') {
        identityRequired = true;
        changed();
      }
      throw e;
    }
  }

  async function loaded() {
    ui.status = '';
    changed();
    const reads = [loadHistory(), config.features.persistChatState ? loadState() : null];
    emit('session:loaded', get('session'));
    // Shown first: the stream (its first open reads the history again) and consent would compete with it.
    await Promise.all(reads.map(p => p && p.catch(e => warn('could not load', e.message))));
    openStream();
    forwardConsent();
  }

  async function login(body) {
    await restoring;
    if (failed) {
      throw new Error(failed);
    }
    const previous = session && session.conversationId;
    closeStream();
    await start(body);
    if (session.conversationId !== previous) {
      messages.length = 0;
      ids.clear();
      nextCursor = null;
      historyLoaded = false;
    }
    await loaded();
  }

  async function reset(continuityToken) {
    await restoring;
    closeStream(); // its 'ended' event must not announce this reset a second time
    if (session || token) {
      try {
        await http('DELETE', '/sessions/current');
      } catch (e) {
        if (e.status !== 401) {
          warn('logout failed on the server', e.message);
        }
      }
    }
    if (tcfRemove) {
      tcfRemove();
      tcfRemove = null;
      consentStarted = false;
    }
    sent = null;
    consent = null;
    await forget();
    restarted = false;
    emit('session:reset');
    continuity = continuityToken;
    startConsent();
    if (continuityToken) {
      await login({continuityToken});
    }
  }

  // ---- messages
  const at = m => Date.parse(m.createdAt) || 0;
  /** Adds messages not shown yet, in time order; a visitor's own message replaces its pending copy. */
  function add(list, live) {
    let added = false;
    for (const m of list) {
      if (!m || !m.id || ids.has(m.id)) {
        continue;
      }
      const pending = m.clientMessageId && messages.find(p => !p.id && p.clientMessageId === m.clientMessageId);
      if (pending) {
        Object.assign(pending, m, {pending: false, failed: false});
        ids.set(m.id, pending);
        added = true;
        continue;
      }
      const copy = {id: m.id, clientMessageId: m.clientMessageId, author: m.author, text: m.text,
        createdAt: m.createdAt};
      let i = messages.length;
      while (i > 0 && at(messages[i - 1]) > at(copy)) {
        i--;
      }
      messages.splice(i, 0, copy);
      ids.set(copy.id, copy);
      added = true;
      if (live) {
        if (copy.author !== 'visitor' && !ui.open) {
          ui.unread++;
        }
        if (copy.author !== 'visitor' && ui.soundEnabled && (!ui.open || d.hidden)) {
          beep();
        }
        emit('message:received', publicMessage(copy));
      }
    }
    if (added) {
      changed();
    }
  }
  const publicMessage = m => ({id: m.id, clientMessageId: m.clientMessageId, author: m.author, text: m.text,
    createdAt: m.createdAt});

  /** The early read `part` if made for the session in force; taken once. */
  function ahead(part) {
    const read = early && session && early.sid === session.id ? early[part] : null;
    if (early) {
      early[part] = null;
    }
    return read;
  }

  async function loadHistory() {
    const page = (await ahead('page')) || await authed(() => http('GET', '/sessions/current/messages?limit=30'));
    add(page.messages, false);
    if (!historyLoaded) {
      nextCursor = page.nextCursor;
    }
    historyLoaded = true;
    changed();
  }

  async function loadOlder() {
    if (!nextCursor || loadingOlder || !session) {
      return;
    }
    loadingOlder = true;
    changed();
    try {
      const page = await authed(() => http('GET',
        `/sessions/current/messages?limit=30&before=${encodeURIComponent(nextCursor)}`));
      nextCursor = page.nextCursor;
      add(page.messages, false);
    } finally {
      loadingOlder = false;
      changed();
    }
  }

  async function send(text, pendingMessage) {
    text = typeof text === 'string' ? text : String(text == null ? '' : text);
    if (!text.trim() || text.length > 4000) {
      throw new Error('a message has 1 to 4,000 characters');
    }
    const m = pendingMessage || {id: null, clientMessageId: uuid(), author: 'visitor', text,
      createdAt: new Date().toISOString(), pending: true};
    if (!pendingMessage) {
      messages.push(m);
    }
    m.pending = true;
    m.failed = false;
    changed();
    for (let attempt = 0; ; attempt++) {
      try {
        await ensureSession();
        const saved = await authed(() => http('POST', '/sessions/current/messages',
          {body: {clientMessageId: m.clientMessageId, text: m.text}}));
        add([saved], false);
        track('message_sent');
        return publicMessage(m);
      } catch (e) {
        // The same clientMessageId makes a retry safe: the service stores the message once.
        if (transient(e) && attempt < 5) {
          m.failed = true;
          changed();
          await sleep(e.retryAfter ? e.retryAfter * 1000 : backoff(attempt, 8000));
          continue;
        }
        m.pending = false;
        m.failed = true;
        m.error = e.message;
        changed();
        throw e;
      }
    }
  }

  // ---- live events (stream.js, loaded once a session exists)
  function closeStream() {
    if (stream) {
      if (stream.close) {
        stream.close();
      }
      stream = null;
    }
  }

  function openStream() {
    if (stream || !session) {
      return;
    }
    const mine = stream = {};
    const ours = () => stream === mine;
    import(`${BASE}stream.js?v=${VERSION}`).then(m => {
      if (!ours()) {
        return;
      }
      mine.close = m.stream({
        url: API + '/sessions/current/events',
        auth: () => token ? {Authorization: 'Bearer ' + token} : {},
        backoff,
        onOpen: fresh => {
          if (fresh && historyLoaded) {
            // A message committed between the history read and this stream's start is in neither: read again.
            loadHistory().catch(() => null);
          }
        },
        onEvent: async (name, data) => {
          if (!ours()) {
            return true;
          }
          if (name === 'message') {
            add([data], true);
          } else if (name === 'conversation' && session) {
            // This session logged in (in another tab): the stream now follows the user's conversation.
            session.conversationId = data.conversationId;
            await adoptStoredToken();
            messages.length = 0;
            ids.clear();
            historyLoaded = false;
            loadHistory().catch(e => warn('could not load', e.message));
          } else if (name === 'ended') {
            stream = null;
            await sessionEnded();
            return true;
          }
          return false;
        },
        onUnauthorized: () => {
          if (ours()) {
            stream = null;
            sessionEnded();
          }
        },
      });
    }, e => warn('could not load stream.js', e.message));
  }

  /** Another tab may have stored a newer token (a login); use it if so. */
  async function adoptStoredToken() {
    if (cookieSession || !layer) {
      return false;
    }
    const stored = await Promise.resolve(layer.get(TOKEN_KEY)).catch(() => null);
    if (stored && stored !== token) {
      token = stored;
      return true;
    }
    return false;
  }

  /** The session ended elsewhere (logout in another tab, the brand ended the user's sessions, revocation). */
  async function sessionEnded() {
    const previous = token;
    if (await adoptStoredToken() && token !== previous) {
      try {
        await start({});
        messages.length = 0;
        ids.clear();
        historyLoaded = false;
        await loaded();
        return;
      } catch (e) { /* fall through: forget it too */ }
    }
    await forget();
    emit('session:reset');
  }

  // ---- widget state (server-side with persistChatState, otherwise for this page)
  async function loadState() {
    const state = (await ahead('state')) || await authed(() => http('GET', '/sessions/current/state'));
    applyState(state);
  }
  function applyState(state) {
    ui.soundEnabled = state.soundEnabled !== false;
    ui.triggerHiddenUntil = Date.parse(state.triggerHiddenUntil) || 0;
    // What the visitor did on this page since the state was read wins over it.
    if (!ui.touched && state.open !== ui.open) {
      ui.open = !!state.open;
      if (ui.open) {
        ui.unread = 0;
      }
    }
    changed();
  }
  function saveState(patch) {
    if (!session || !config || !config.features.persistChatState) {
      return Promise.resolve();
    }
    return authed(() => http('PATCH', '/sessions/current/state', {body: patch})).then(() => null);
  }

  async function setOpen(open) {
    if (ui.open === open) {
      return;
    }
    ui.touched = true;
    ui.open = open;
    if (open) {
      ui.unread = 0;
      track('widget_opened');
    }
    changed();
    if (open) {
      await ensureSession().catch(e => {
        warn('could not start the chat:', e.message);
        ui.status = 'The chat could not connect. Please try again in a moment.';
        changed();
      });
    }
    await saveState({open});
  }

  async function snooze() {
    await configReady;
    const until = new Date(Date.now() + durationMs(config && config.triggerSnooze || 'PT24H'));
    ui.triggerHiddenUntil = until.getTime();
    changed();
    await saveState({triggerHiddenUntil: until.toISOString()});
  }

  async function setSound(on) {
    ui.soundEnabled = !!on;
    changed();
    await saveState({soundEnabled: !!on});
  }

  let audio = null;
  function beep() {
    try {
      audio = audio || new AudioContext();
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      gain.gain.value = 0.05;
      osc.frequency.value = 880;
      osc.connect(gain).connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.12);
    } catch (e) { /* no audio here, or not allowed yet */ }
  }

  // ---- consent and analytics
  /** Sends the latest consent signal for this session, unless it is the one already in force. */
  async function forwardConsent() {
    if (!session || !config) {
      return;
    }
    const signal = pendingSignal;
    const mode = config.consent.mode;
    if (!signal) {
      if (mode === 'none' || (mode === 'flag' && typeof flagAtBoot() !== 'boolean')) {
        const key = session.id + '|read';
        if (sent !== key) {
          sent = key;
          await authed(() => http('GET', '/sessions/current/consent')).then(decided, e => warn('consent', e.message));
        }
      }
      return;
    }
    const key = session.id + '|' + JSON.stringify(signal);
    if (sent === key) {
      return;
    }
    sent = key;
    try {
      decided(await authed(() => http('PUT', '/sessions/current/consent', {body: signal})));
    } catch (e) {
      if (transient(e)) {
        sent = null;
      }
      warn('the consent signal was refused', e.message);
      if (e.type === '/problems/invalid-tc-string') {
        decided({analytics: 'denied', basis: 'tcf', reasons: [e.message]});
      }
    }
  }

  function signal(value) {
    pendingSignal = value;
    return forwardConsent();
  }

  function flagAtBoot() {
    return RUNTIME.cookieConsent && RUNTIME.cookieConsent.ANALYTICS;
  }

  async function decided(decision) {
    consent = decision;
    emit('consent:changed', decision);
    if (decision.analytics === 'granted') {
      analyticsPaused = false;
      try {
        analytics = analytics || (await import(`${BASE}analytics.js?v=${VERSION}`)).analytics({
          request: () => authed(() => http('POST', '/sessions/current/analytics-token')),
          send: (events, token, keepalive) => http('POST', '/sessions/current/analytics/events',
            {body: {events}, headers: {'X-Analytics-Token': token}, keepalive}),
          stored: () => Promise.resolve(analyticsLayer().get(ANALYTICS_KEY)).catch(() => null),
          store: token => analyticsLayer().set(ANALYTICS_KEY, token),
          drop: dropAnalytics,
          active: () => !!session && !analyticsPaused,
        });
        await analytics.granted();
      } catch (e) {
        warn('analytics could not start', e.message);
      }
    } else {
      await dropAnalytics();
    }
    changed();
  }

  /** Forgets the analytics token and removes its item from every layer, at once. */
  async function dropAnalytics() {
    if (analytics) {
      analytics.forget();
    }
    for (const l of [layers['site-local-storage'], layers['site-cookie'], layers.memory,
      layers['provider-local-storage']]) {
      if (l) {
        await Promise.resolve().then(() => l.remove(ANALYTICS_KEY)).catch(() => null);
      }
    }
  }

  /** The analytics item lives beside the token (site localStorage in cookie mode). */
  const analyticsLayer = () => layer || (layers['site-local-storage'].probe(ANALYTICS_KEY)
    ? layers['site-local-storage'] : layers.memory);
  const track = type => analytics && analytics.track(type);

  let consentStarted = false;
  async function startConsent() {
    if (consentStarted || !config) {
      return;
    }
    const mode = config.consent.mode;
    if (mode === 'flag' && typeof flagAtBoot() === 'boolean') {
      pendingSignal = {analytics: flagAtBoot()};
    }
    if (mode !== 'tcf') {
      return;
    }
    consentStarted = true;
    const tcf = await import(`${BASE}tcf.js?v=${VERSION}`).catch(e => warn('could not load tcf.js', e.message));
    tcfRemove = tcf && await tcf.listen({
      shown: () => { analyticsPaused = true; },
      decided: value => signal(value).catch(e => warn('consent', e.message)),
      warn,
    });
    if (!tcfRemove) {
      consentStarted = false;
    }
  }

  // ---- boot
  /** Read before the config arrives: no frame, no write. */
  function storedCheaply() {
    for (const l of [layers['site-local-storage'], layers['site-cookie']]) {
      const value = l.get(TOKEN_KEY);
      if (value) {
        return {value, layer: l};
      }
    }
    return null;
  }

  let configReady = Promise.resolve();
  let restoring = Promise.resolve();
  async function boot() {
    if (!APP) {
      failed = 'window.CHAT_APP_ID is not set';
      warn(failed);
      return;
    }
    const uiModule = import(`${BASE}ui.js?v=${VERSION}`).catch(e => warn('could not load the chat UI', e.message));
    whenBody().then(host);
    configReady = http('GET', `/apps/${encodeURIComponent(APP)}/widget-config`, {config: true}).then(cfg => {
      config = cfg;
      chain = chainFor(cfg);
      startConsent();
    }, e => {
      failed = 'the widget config could not be loaded: ' + e.message;
      warn(failed);
    });
    // The session starts beside the config: a stored token is resumed (or a login done) at once.
    const found = storedCheaply();
    if (found) {
      token = found.value;
      layer = found.layer;
    }
    const resumed = found ? resume() : null;
    if (found && !(continuity && claims().typ !== 'authenticated')) {
      // The history (and, with persistChatState, the open state) of the session being resumed, read beside the
      // resume: one round trip after the loader runs. Used only if the resume keeps that session.
      const read = path => http('GET', '/sessions/current/' + path).catch(() => null);
      const held = early = {sid: claims().sid, page: read('messages?limit=30')};
      configReady.then(() => {
        held.state = config && config.features.persistChatState ? read('state') : null;
      });
    }
    restoring = configReady.then(() => failed ? null : (resumed || resumeWithoutCheapToken()));
    // The launcher shows as soon as the config and the UI are in; the conversation follows.
    const mount = configReady.then(() => uiModule).then(m => m && !failed && whenBody()
      .then(() => m.mount(host(), control)));
    await restoring;
    if (failed) {
      changed();
      return;
    }
    if (session) {
      await loaded();
    }
    forwardConsent();
    ready = true;
    changed();
    await mount;
    w.addEventListener('pagehide', () => analytics && analytics.flush(true));
  }

  /** A JavaScript-held token: resume it, or log in with CHAT_TOKEN_ID (merging an anonymous session). */
  async function resume() {
    const body = {};
    if (continuity && claims().typ !== 'authenticated') {
      Object.assign(body, {continuityToken: continuity, merge: !!RUNTIME.session_merge});
    }
    try {
      const grant = await http('POST', `/apps/${encodeURIComponent(APP)}/sessions`, {body});
      await configReady;
      if (failed) {
        return;
      }
      const from = layer;
      await adopt(grant);
      if (from && layer !== from && !cookieSession) {
        await Promise.resolve(from.remove(TOKEN_KEY)).catch(() => null);
      }
    } catch (e) {
      await configReady;
      if (e.status === 401 && !restarted) {
        restarted = true;
        await forget();
        if (continuity) {
          await create().catch(err => warn('could not start a session', err.message));
        }
      } else {
        // Kept: the session is resumed when the chat is next needed, not replaced by a new one.
        warn('could not resume the session', e.message);
        if (e.type === '/problems/identity-required') {
          identityRequired = true;
        }
      }
    }
  }

  async function resumeWithoutCheapToken() {
    let stored = null;
    const provider = chain.find(l => l.name === 'provider-local-storage');
    if (provider) {
      stored = await Promise.resolve(provider.get(TOKEN_KEY)).catch(() => null);
    }
    if (stored) {
      token = stored;
      layer = provider;
      return resume();
    }
    if (config.storage.mode === 'cookie') {
      try {
        const current = await http('GET', '/sessions/current', {auth: false});
        cookieSession = true;
        cookieChecked = Promise.resolve(true);
        session = {id: current.id, visitorId: current.visitorId, conversationId: current.conversationId,
          authenticated: current.authenticated};
        expiresAt = Date.parse(current.expiresAt) || 0;
        scheduleRefresh();
        if (continuity && !session.authenticated) {
          await start({continuityToken: continuity, merge: mergeWanted()});
        }
        return;
      } catch (e) { /* no cookie session */ }
    }
    if (continuity) {
      await create().catch(e => warn('could not start a session', e.message));
    }
  }

  /** The stored token's claims, read from its payload (not verified here: the service verifies it). */
  function claims() {
    try {
      return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    } catch (e) {
      return {};
    }
  }

  // ---- the public API
  function get(name) {
    switch (name) {
      case 'session':
        return session ? Object.assign({}, session) : null;
      case 'storage:mode':
        return storageMode();
      case 'consent':
        return consent ? JSON.parse(JSON.stringify(consent)) : null;
      case 'messages':
        return messages.map(publicMessage);
      case 'ready':
        return ready;
      default:
        warn('unknown $chat.get name', name);
        return undefined;
    }
  }

  const bool = v => {
    if (typeof v !== 'boolean') {
      throw new Error('expects [true] or [false]');
    }
    return v;
  };
  const str = v => {
    if (typeof v !== 'string' || !v) {
      throw new Error('expects a non-empty string');
    }
    return v;
  };
  const commands = {
    'do session:reset': args => reset(args[0] == null ? null : str(args[0])),
    'set session:token': args => login({continuityToken: str(args[0]), merge: mergeWanted()})
      .then(() => { continuity = args[0]; }),
    'set session:identity': args => login({identityToken: str(args[0]), merge: mergeWanted()}),
    'do chat:open': () => setOpen(true),
    'do chat:close': () => setOpen(false),
    'do chat:toggle': () => setOpen(!ui.open),
    'do trigger:snooze': () => snooze(),
    'set sound': args => setSound(bool(args[0])),
    'do message:send': args => send(str(args[0])),
    'set consent:analytics': args => configReady.then(() => {
      const value = bool(args[0]);
      if (config && config.consent.mode !== 'flag') {
        warn('consent:analytics only applies in flag consent mode; this app uses', config.consent.mode);
        return null;
      }
      return signal({analytics: value});
    }),
  };

  /** Runs one command; a function as the last argument runs once it took effect. */
  function run(command) {
    if (!Array.isArray(command) || typeof command[0] !== 'string' || typeof command[1] !== 'string') {
      warn('ignored: a command is an array like ["do", "chat:open"]', command);
      return;
    }
    const [verb, name] = command;
    if (verb === 'on' || verb === 'off') {
      const set = handlers.get(name);
      if (!set || typeof command[2] !== 'function') {
        warn(`ignored: ["${verb}", event, fn] takes one of ${EVENTS.join(', ')} and a function`);
        return;
      }
      set[verb === 'on' ? 'add' : 'delete'](command[2]);
      return;
    }
    const handler = commands[verb + ' ' + name];
    if (!handler) {
      warn('ignored: unknown command', verb, name);
      return;
    }
    let args = command[2];
    let callback = typeof command[3] === 'function' ? command[3] : null;
    if (typeof args === 'function') {
      callback = args;
      args = [];
    }
    args = Array.isArray(args) ? args.slice() : (args === undefined ? [] : [args]);
    if (typeof args[args.length - 1] === 'function') {
      callback = args.pop();
    }
    let done;
    try {
      done = Promise.resolve(handler(args));
    } catch (e) {
      warn(`ignored: ${verb} ${name}:`, e.message);
      return;
    }
    done.then(result => callback && call(callback, result === undefined ? null : result),
      e => warn(`${verb} ${name} failed:`, e && e.message));
  }

  const control = {
    view: () => ({config, session, messages, ui, ready, failed, identityRequired, hasOlder: !!nextCursor,
      loadingOlder, historyLoaded}),
    watch: fn => watchers.add(fn),
    setOpen: open => setOpen(open).catch(e => warn(e.message)),
    send: text => send(text).catch(e => warn('the message could not be sent:', e.message)),
    retry: m => send(m.text, m).catch(e => warn('the message could not be sent:', e.message)),
    loadOlder: () => loadOlder().catch(e => warn('could not load older messages:', e.message)),
    snooze: () => snooze().catch(e => warn(e.message)),
  };

  const queue = Array.isArray(w.$chat) ? w.$chat.slice() : [];
  w.$chat = {
    live: true,
    push(...commands) {
      commands.forEach(c => {
        try {
          run(c);
        } catch (e) {
          warn('a command failed', e);
        }
      });
      return commands.length;
    },
    get(name) {
      try {
        return get(name);
      } catch (e) {
        warn('get failed', e);
        return undefined;
      }
    },
  };
  boot().catch(e => warn('the widget could not start', e));
  queue.forEach(c => w.$chat.push(c));
})();
