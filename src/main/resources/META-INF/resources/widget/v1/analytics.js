// Usage analytics, loaded only once the visitor's consent grants them. The analytics token is requested then and
// stored (chat_analytics_<appId>) only then; events go out in small batches, only with it, and a consent-required
// answer removes it at once.
export function analytics({request, send, stored, store, drop, active}) {
  let token = null;
  let timer = 0;
  const queued = [];
  const flush = async keepalive => {
    if (!queued.length || !token || !active()) {
      return;
    }
    const events = queued.splice(0, 100);
    try {
      await send(events, token, keepalive);
    } catch (e) {
      if (e.type === '/problems/consent-required' || e.status === 401) {
        await drop();
      }
    }
  };
  return {
    async granted() {
      token = token || await stored();
      if (token || !active()) {
        return;
      }
      try {
        const issued = await request();
        token = issued.token;
        await store(token);
      } catch (e) {
        if (e.type === '/problems/consent-required') {
          await drop();
        }
      }
    },
    track(type) {
      if (token && active()) {
        queued.push({type, at: new Date().toISOString()});
        clearTimeout(timer);
        timer = setTimeout(flush, 1000);
      }
    },
    flush,
    forget() {
      token = null;
      queued.length = 0;
    },
  };
}
