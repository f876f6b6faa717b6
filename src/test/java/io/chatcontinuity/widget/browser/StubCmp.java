package io.chatcontinuity.widget.browser;

import com.microsoft.playwright.Page;
import java.util.Arrays;

/**
 * A consent-management platform in the brand's page, as small as the IAB TCF v2.2 CMP API allows: {@code __tcfapi}
 * with {@code ping}, {@code addEventListener} (answers at once with the current TC data once the CMP has some) and
 * {@code removeEventListener}. The test plays the visitor: {@link #fire} sends an event with a real TC string to every
 * listener, as a CMP does when its UI opens or the visitor decides.
 */
final class StubCmp {

    static final String SCRIPT = """
            (() => {
              const listeners = new Map();
              let nextId = 1;
              let current = null;
              const cmp = window.__stubCmp = { registered: 0, removed: 0 };
              window.__tcfapi = function (command, version, callback, parameter) {
                if (command === 'ping') {
                  callback({ gdprApplies: current ? current.gdprApplies : undefined, cmpLoaded: true,
                    cmpStatus: 'loaded', displayStatus: 'hidden', apiVersion: '2.2', cmpVersion: 1, cmpId: 300,
                    gvlVersion: 120, tcfPolicyVersion: 5 }, true);
                } else if (command === 'addEventListener') {
                  const listenerId = nextId++;
                  listeners.set(listenerId, callback);
                  cmp.registered++;
                  if (current) {
                    callback(Object.assign({}, current, { listenerId }), true);
                  }
                } else if (command === 'removeEventListener') {
                  const removed = listeners.delete(parameter);
                  if (removed) {
                    cmp.removed++;
                  }
                  callback(removed, true);
                } else {
                  callback(null, false);
                }
              };
              cmp.fire = (eventStatus, tcString, gdprApplies) => {
                current = { tcString: gdprApplies ? tcString : '', eventStatus, cmpStatus: 'loaded', gdprApplies,
                  cmpId: 300, cmpVersion: 1, tcfPolicyVersion: 5, isServiceSpecific: true,
                  useNonStandardTexts: false, publisherCC: 'DE', purposeOneTreatment: false };
                for (const [listenerId, callback] of listeners) {
                  callback(Object.assign({}, current, { listenerId }), true);
                }
              };
            })();
            """;

    private StubCmp() {}

    /** The CMP tells every listener {@code eventStatus} with {@code tcString} (TC data with gdprApplies true). */
    static void fire(Page page, String eventStatus, String tcString) {
        page.evaluate(
                "([status, tcString]) => window.__stubCmp.fire(status, tcString, true)",
                Arrays.asList(eventStatus, tcString));
    }

    /** The CMP decides that the GDPR does not apply to this visitor. */
    static void fireGdprDoesNotApply(Page page) {
        page.evaluate("() => window.__stubCmp.fire('tcloaded', '', false)");
    }

    static int listeners(Page page) {
        return ((Number) page.evaluate("() => window.__stubCmp.registered - window.__stubCmp.removed")).intValue();
    }
}
