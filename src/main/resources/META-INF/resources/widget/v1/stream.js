// Live events of the session's conversation, loaded once a session exists: fetch streaming, since EventSource cannot
// send the Authorization header. Reconnects with Last-Event-ID (the server replays what was missed) after a backoff
// with jitter; a watchdog drops a connection on which even the heartbeats (every 15 s) stopped.

/** Reads server-sent events from a body; resolves true once a handler says the stream must end. */
async function read(body, alive, dispatch) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = {data: []};
  for (;;) {
    const {value, done} = await reader.read();
    if (done) {
      return false;
    }
    alive();
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (event.data.length && await dispatch(event)) {
          return true;
        }
        event = {data: []};
      } else if (line[0] !== ':') {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
        if (field === 'data') {
          event.data.push(value);
        } else if (field === 'event' || field === 'id') {
          event[field] = value;
        }
      }
    }
  }
}

/**
 * Opens the stream; answers the function that closes it. {@code onEvent(name, data)} answers true when the stream
 * must end (the session ended); {@code onOpen(fresh)} runs on every connection, fresh when nothing was received yet.
 */
export function stream({url, auth, backoff, onOpen, onEvent, onUnauthorized}) {
  const closed = new AbortController();
  let lastEventId = null;
  (async () => {
    let attempt = 0;
    while (!closed.signal.aborted) {
      const conn = new AbortController();
      const stop = () => conn.abort();
      closed.signal.addEventListener('abort', stop);
      let watchdog = 0;
      const alive = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(stop, 45000);
      };
      try {
        const headers = Object.assign({Accept: 'text/event-stream'}, auth());
        if (lastEventId) {
          headers['Last-Event-ID'] = lastEventId;
        }
        alive();
        const res = await fetch(url, {headers, credentials: 'include', cache: 'no-store', signal: conn.signal});
        if (res.status === 401) {
          onUnauthorized();
          return;
        }
        if (!res.ok || !res.body) {
          throw new Error('HTTP ' + res.status);
        }
        onOpen(!lastEventId);
        attempt = 0;
        const ended = await read(res.body, alive, event => {
          let data;
          try {
            data = JSON.parse(event.data.join('\n'));
          } catch (e) {
            return false;
          }
          if (event.id) {
            lastEventId = event.id;
          }
          return onEvent(event.event || 'message', data);
        });
        if (ended) {
          return;
        }
      } catch (e) {
        // the network, or the watchdog: reconnect below
      } finally {
        clearTimeout(watchdog);
        closed.signal.removeEventListener('abort', stop);
      }
      if (!closed.signal.aborted) {
        await new Promise(resolve => setTimeout(resolve, backoff(attempt++)));
      }
    }
  })();
  return () => closed.abort();
}
