package io.chatcontinuity.widget.browser;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips the browser tests, saying why, on a machine without Chromium (so that verify passes with a JDK alone). */
public final class ChromiumCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return Chromium.executable()
                .map(path -> ConditionEvaluationResult.enabled("Chromium found at " + path))
                .orElseGet(() -> ConditionEvaluationResult.disabled("Browser tests skipped: no Chromium at "
                        + Chromium.whereLooked() + ". Install Debian's chromium package (as .ci/run does) or set -D"
                        + Chromium.PATH_PROPERTY + "=/path/to/chromium."));
    }
}
