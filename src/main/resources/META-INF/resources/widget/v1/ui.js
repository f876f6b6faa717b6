// The chat UI: a launcher and a panel in the loader's Shadow DOM, styled only by widget.css (no inline styles).
const SVG = 'http://www.w3.org/2000/svg';

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'text') {
      node.textContent = value;
    } else {
      node.setAttribute(name, value);
    }
  }
  node.append(...children);
  return node;
}

function icon(path) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS(SVG, 'path');
  p.setAttribute('d', path);
  svg.append(p);
  return svg;
}

const CHAT = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z';
const CLOSE = 'M6 6l12 12M18 6L6 18';
// One formatter: toLocaleTimeString makes one per call.
const clock = new Intl.DateTimeFormat([], {hour: '2-digit', minute: '2-digit'});
const time = iso => {
  const date = new Date(iso);
  return isNaN(date) ? '' : clock.format(date);
};

export function mount({el: hostEl, shadow, css}, chat) {
  const root = el('div', {class: 'root', hidden: ''});
  // Shown once the stylesheet is in: never an unstyled flash inside the host page.
  const show = () => root.removeAttribute('hidden');
  if (css.sheet) {
    show();
  } else {
    css.addEventListener('load', show);
  }
  shadow.append(root);

  const badge = el('span', {class: 'badge', hidden: ''});
  const launcher = el('button', {type: 'button', class: 'launcher', 'aria-label': 'Open chat',
    'aria-expanded': 'false', 'aria-controls': 'chat-panel'}, icon(CHAT), badge);

  const teaserText = el('button', {type: 'button', class: 'teaser-text', text: 'Questions? Chat with us.'});
  const teaserClose = el('button', {type: 'button', class: 'teaser-close', 'aria-label': 'Dismiss'}, icon(CLOSE));
  const teaser = el('div', {class: 'teaser', hidden: ''}, teaserText, teaserClose);

  const minimize = el('button', {type: 'button', class: 'minimize', 'aria-label': 'Minimize chat'}, icon(CLOSE));
  const older = el('div', {class: 'older', hidden: '', text: 'Loading earlier messages…'});
  const list = el('div', {class: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages',
    tabindex: '0'});
  const empty = el('p', {class: 'empty', text: 'Ask us anything: we usually answer within minutes.'});
  const status = el('p', {class: 'status', role: 'status'});
  const input = el('textarea', {'aria-label': 'Message', rows: '1', maxlength: '4000',
    placeholder: 'Write a message…'});
  const sendButton = el('button', {type: 'submit', class: 'send', 'aria-label': 'Send'},
    icon('M3 20l18-8L3 4v6l12 2-12 2z'));
  const form = el('form', {class: 'composer'}, input, sendButton);
  const panel = el('div', {id: 'chat-panel', class: 'panel', role: 'dialog', 'aria-label': 'Chat', hidden: ''},
    el('header', {}, el('h2', {text: 'Chat'}), minimize),
    el('div', {class: 'scroll'}, older, empty, list), status, form);
  root.append(panel, teaser, launcher);

  const shown = new Map();
  let wasOpen = false;
  let userOpened = false;

  function renderMessage(m) {
    let node = shown.get(m);
    if (!node) {
      node = el('div', {class: 'message'}, el('p', {class: 'text'}), el('span', {class: 'meta'}));
      shown.set(m, node);
    }
    node.dataset.author = m.author;
    if (m.id) {
      node.dataset.messageId = m.id;
    }
    node.dataset.clientMessageId = m.clientMessageId || '';
    node.classList.toggle('pending', !!m.pending && !m.failed);
    node.classList.toggle('failed', !!m.failed);
    node.firstChild.textContent = m.text;
    const meta = node.lastChild;
    if (m.failed && !m.pending) {
      const retry = el('button', {type: 'button', class: 'retry', text: 'Not sent. Retry'});
      retry.addEventListener('click', () => chat.retry(m));
      meta.replaceChildren(retry);
    } else {
      meta.textContent = m.failed ? 'Sending again…' : m.pending ? 'Sending…' : time(m.createdAt);
    }
    return node;
  }

  function render() {
    const v = chat.view();
    if (v.failed) {
      root.hidden = true;
      return;
    }
    const open = v.ui.open;
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
    launcher.classList.toggle('open', open);
    badge.hidden = open || !v.ui.unread;
    badge.textContent = v.ui.unread > 9 ? '9+' : String(v.ui.unread);
    teaser.hidden = open || !v.ready || Date.now() < v.ui.triggerHiddenUntil || v.messages.length > 0;
    older.hidden = !v.loadingOlder;
    empty.hidden = v.messages.length > 0;
    status.textContent = v.identityRequired ? 'Please sign in to chat with us.' : v.ui.status || '';

    const scroller = list.parentNode;
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
    const oldHeight = scroller.scrollHeight;
    const firstBefore = list.firstChild;
    const nodes = v.messages.map(renderMessage);
    let i = 0;
    for (const node of nodes) {
      if (list.children[i] !== node) {
        list.insertBefore(node, list.children[i] || null);
      }
      i++;
    }
    while (list.children.length > nodes.length) {
      const gone = list.lastChild;
      list.removeChild(gone);
    }
    for (const m of shown.keys()) {
      if (!v.messages.includes(m)) {
        shown.delete(m);
      }
    }
    if (firstBefore && list.firstChild !== firstBefore && !atBottom) {
      scroller.scrollTop += scroller.scrollHeight - oldHeight; // older messages came in above: keep the view still
    } else if (atBottom || (open && !wasOpen)) {
      scroller.scrollTop = scroller.scrollHeight;
    }
    if (open && !wasOpen && userOpened) {
      input.focus();
    }
    wasOpen = open;
  }

  const toggle = () => {
    const open = !chat.view().ui.open;
    userOpened = open;
    chat.setOpen(open);
  };
  launcher.addEventListener('click', toggle);
  teaserText.addEventListener('click', toggle);
  minimize.addEventListener('click', () => {
    chat.setOpen(false);
    launcher.focus();
  });
  teaserClose.addEventListener('click', () => chat.snooze());
  list.parentNode.addEventListener('scroll', () => {
    if (list.parentNode.scrollTop < 60 && chat.view().hasOlder) {
      chat.loadOlder();
    }
  });
  form.addEventListener('submit', e => {
    e.preventDefault();
    const text = input.value;
    if (text.trim()) {
      input.value = '';
      chat.send(text);
    }
  });
  input.addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  shadow.addEventListener('keydown', e => {
    if (e.key === 'Escape' && chat.view().ui.open) {
      e.stopPropagation();
      chat.setOpen(false);
      launcher.focus();
    }
  });
  hostEl.dataset.ready = 'true';
  chat.watch(render);
  render();
}
