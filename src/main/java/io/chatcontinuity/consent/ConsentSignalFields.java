package io.chatcontinuity.consent;

import io.chatcontinuity.common.validation.CheckedBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PUT /v1/sessions/current/consent}, the fields of a consent signal: {@code analytics} in mode flag,
 * {@code tcString}
 * and {@code gdprApplies} in mode tcf. {@link ConsentSignal} takes it in the shape the app's mode asks.
 */
@Schema(name = "ConsentSignal", description = "Mode flag: {analytics}. Mode tcf: {tcString, gdprApplies}.")
public record ConsentSignalFields(
        @Schema(description = "Mode flag: whether the visitor allows analytics")
        Boolean analytics,

        @Schema(description = "Mode tcf: the TC string as __tcfapi gives it, at most 8 KiB", maxLength = 8192)
        String tcString,

        @Schema(description = "Mode tcf: false grants analytics without a TC string")
        Boolean gdprApplies)
        implements CheckedBody {}
