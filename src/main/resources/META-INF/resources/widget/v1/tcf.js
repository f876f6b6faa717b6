// TCF v2 consent signals from the site's CMP: __tcfapi in this window, or the __tcfapiLocator frame of an ancestor.
// Only a successful 'tcloaded' or 'useractioncomplete' is acted on; 'cmpuishown' only pauses analytics locally.

function findApi() {
  if (typeof window.__tcfapi === 'function') {
    return (command, callback, parameter) => window.__tcfapi(command, 2, callback, parameter);
  }
  let frame = window;
  let locator = null;
  for (;;) {
    try {
      if (frame.frames.__tcfapiLocator) {
        locator = frame;
        break;
      }
    } catch (e) {
      // a cross-origin ancestor without the locator
    }
    if (frame === window.top) {
      break;
    }
    frame = frame.parent;
  }
  if (!locator) {
    return null;
  }
  const callbacks = new Map();
  addEventListener('message', e => {
    let data = e.data;
    if (typeof data === 'string') {
      try {
        data = JSON.parse(data);
      } catch (err) {
        return;
      }
    }
    const answer = data && data.__tcfapiReturn;
    if (answer && callbacks.has(answer.callId)) {
      callbacks.get(answer.callId)(answer.returnValue, answer.success);
    }
  });
  return (command, callback, parameter) => {
    const callId = crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2);
    callbacks.set(callId, callback);
    // The TCF frame protocol: any origin may host the CMP frame; the call itself carries nothing secret.
    locator.postMessage({__tcfapiCall: {command, parameter, version: 2, callId}}, '*');
  };
}

/** Listens to the CMP; answers the function that removes the listener, or null when no CMP appears within 5 s. */
export async function listen({shown, decided, warn}) {
  let api = null;
  for (let i = 0; i < 20 && !(api = findApi()); i++) {
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  if (!api) {
    warn('consent mode is tcf but no __tcfapi was found: analytics stays off');
    return null;
  }
  let listenerId = null;
  let removed = false;
  api('addEventListener', (tcData, success) => {
    if (removed || !success || !tcData) {
      return;
    }
    listenerId = tcData.listenerId;
    if (tcData.eventStatus === 'cmpuishown') {
      shown();
    } else if (tcData.eventStatus === 'tcloaded' || tcData.eventStatus === 'useractioncomplete') {
      decided(tcData.gdprApplies === false ? {gdprApplies: false} : {tcString: tcData.tcString, gdprApplies: true});
    }
  });
  return () => {
    removed = true;
    if (listenerId != null) {
      api('removeEventListener', () => null, listenerId);
    }
  };
}
