// A stub consent tool for the demo: the IAB TCF v2.2 __tcfapi (ping, addEventListener, removeEventListener,
// getTCData) with a banner, producing real TC strings. The string is kept in the site's own localStorage, as CMPs do.
(() => {
  'use strict';
  const CMP_ID = 300;
  const VENDOR = 1234;
  const KEY = 'demo_cmp_tc_string';
  const listeners = new Map();
  let nextId = 1;
  let tcString = null;
  let status = 'stub';

  /** Encodes the core segment and the disclosed-vendors segment ("Consent string and vendor list formats v2"). */
  function encode(accepted) {
    const segment = write => {
      let bits = '';
      write((value, width) => { bits += value.toString(2).padStart(width, '0'); });
      bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0');
      const bytes = bits.match(/.{8}/g).map(b => String.fromCharCode(parseInt(b, 2))).join('');
      return btoa(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    };
    const vendors = (put, on) => {
      put(on ? VENDOR : 0, 16);
      put(0, 1); // bit field
      for (let id = 1; on && id <= VENDOR; id++) {
        put(id === VENDOR ? 1 : 0, 1);
      }
    };
    const deciseconds = Math.round(Date.now() / 100);
    const core = segment(put => {
      put(2, 6); put(deciseconds, 36); put(deciseconds, 36); put(CMP_ID, 12); put(1, 12); put(1, 6);
      put(4, 6); put(13, 6); // "EN"
      put(150, 12); put(5, 6); put(1, 1); put(0, 1); put(0, 12);
      for (let purpose = 1; purpose <= 24; purpose++) {
        put(accepted && purpose <= 10 ? 1 : 0, 1);
      }
      put(0, 24); put(0, 1); put(0, 6); put(0, 6); // no legitimate interest, no purpose-one treatment, "AA"
      vendors(put, accepted);
      vendors(put, false);
      put(0, 12); // no publisher restrictions
    });
    const disclosed = segment(put => {
      put(1, 3);
      vendors(put, true);
    });
    return core + '.' + disclosed;
  }

  function tcData(eventStatus, listenerId) {
    return {tcString, gdprApplies: true, eventStatus, cmpStatus: 'loaded', cmpId: CMP_ID, cmpVersion: 1,
      tcfPolicyVersion: 5, listenerId, purpose: {consents: {}}, vendor: {consents: {}}};
  }
  function broadcast(eventStatus) {
    status = eventStatus;
    listeners.forEach((callback, id) => callback(tcData(eventStatus, id), true));
  }

  window.__tcfapi = (command, version, callback, parameter) => {
    if (command === 'ping') {
      callback({gdprApplies: true, cmpLoaded: true, cmpStatus: 'loaded', displayStatus: 'hidden',
        apiVersion: '2.2', cmpVersion: 1, cmpId: CMP_ID, tcfPolicyVersion: 5}, true);
    } else if (command === 'addEventListener') {
      const id = nextId++;
      listeners.set(id, callback);
      if (status !== 'stub') {
        callback(tcData(status === 'useractioncomplete' ? 'tcloaded' : status, id), true);
      }
    } else if (command === 'removeEventListener') {
      callback(listeners.delete(parameter));
    } else if (command === 'getTCData') {
      callback(tcData(status, undefined), !!tcString);
    } else {
      callback(null, false);
    }
  };

  function choose(accepted) {
    tcString = encode(accepted);
    localStorage.setItem(KEY, tcString);
    document.getElementById('cmp').hidden = true;
    document.getElementById('consent-state').textContent = accepted ? 'accepted, checking…' : 'rejected';
    broadcast('useractioncomplete');
  }
  function showBanner() {
    document.getElementById('cmp').hidden = false;
    broadcast('cmpuishown');
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('cmp-accept').addEventListener('click', () => choose(true));
    document.getElementById('cmp-reject').addEventListener('click', () => choose(false));
    document.getElementById('cmp-reopen').addEventListener('click', showBanner);
    tcString = localStorage.getItem(KEY);
    if (tcString) {
      broadcast('tcloaded');
    } else {
      showBanner();
    }
  });
})();
