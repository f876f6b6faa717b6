// The demo brand page: the embed snippet (from meta tags, since this page allows no inline script) and the demo
// console's buttons. Everything it does with the widget goes through the public $chat API.
(() => {
  'use strict';
  const meta = name => document.querySelector(`meta[name="${name}"]`).content;

  // ---- the embed snippet ----
  window.$chat = window.$chat || [];
  window.CHAT_APP_ID = meta('demo-app-id');
  if (meta('demo-continuity-token')) {
    window.CHAT_TOKEN_ID = meta('demo-continuity-token');
  }
  window.CHAT_RUNTIME_CONFIG = {session_merge: true};
  const loader = document.createElement('script');
  loader.async = true;
  loader.src = '/widget/v1/loader.js';
  document.head.appendChild(loader);

  // ---- the demo console ----
  const $ = id => document.getElementById(id);
  const log = text => {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
    $('events').prepend(item);
    while ($('events').children.length > 8) {
      $('events').lastChild.remove();
    }
  };
  const showSession = () => {
    const session = window.$chat.get && window.$chat.get('session');
    $('conversation').textContent = session ? session.conversationId : 'none yet: open the chat';
    $('storage-mode').textContent = (window.$chat.get && window.$chat.get('storage:mode')) || 'none yet';
  };
  const showUser = name => {
    $('account').textContent = name ? `Signed in as ${name}` : 'Guest';
    $('account').classList.toggle('signed-in', !!name);
  };
  const post = (path, body) => fetch(path, {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(body || {})}).then(r => r.status === 204 ? null : r.json());

  window.$chat.push(['on', 'session:loaded', s => {
    log(`session:loaded (${s.authenticated ? 'identified' : 'anonymous'})`);
    showSession();
  }]);
  window.$chat.push(['on', 'session:reset', () => {
    log('session:reset');
    showSession();
  }]);
  window.$chat.push(['on', 'message:received', m => log(`message:received from ${m.author}`)]);
  window.$chat.push(['on', 'consent:changed', c => {
    log(`consent:changed: analytics ${c.analytics}`);
    $('consent-state').textContent = c.analytics + (c.reasons && c.reasons.length ? ` (${c.reasons[0]})` : '');
  }]);

  const login = user => post('/demo/api/login', {user}).then(answer => {
    showUser(answer.name);
    window.$chat.push(['set', 'session:token', [answer.continuityToken, () => log(`logged in as ${answer.name}`)]]);
  });
  document.addEventListener('DOMContentLoaded', () => {
    showUser(meta('demo-user-name'));
    $('login-alice').addEventListener('click', () => login('alice'));
    $('login-bob').addEventListener('click', () => login('bob'));
    $('logout').addEventListener('click', () => post('/demo/api/logout').then(() => {
      showUser('');
      window.$chat.push(['do', 'session:reset', [() => log('logged out')]]);
    }));
    $('agent').addEventListener('submit', e => {
      e.preventDefault();
      const session = window.$chat.get('session');
      const text = $('agent-text').value.trim();
      if (!session || !text) {
        log(session ? 'type a reply first' : 'no conversation yet: open the chat as the visitor');
        return;
      }
      post('/demo/api/agent-reply', {conversationId: session.conversationId, text}).then(() => {
        $('agent-text').value = '';
      });
    });
  });
})();
