package io.chatcontinuity.consent.tcf;

/**
 * Publisher restriction types of the core segment's Publisher Restrictions section ("RestrictionType", 2 bits).
 * Value 3 is "undefined / not used" in the specification and never becomes one of these.
 */
public enum RestrictionType {
    /** 0: purpose flatly not allowed by the publisher. */
    NOT_ALLOWED,
    /** 1: the purpose must be based on consent. */
    REQUIRE_CONSENT,
    /** 2: the purpose must be based on legitimate interest. */
    REQUIRE_LEGITIMATE_INTEREST;

    private static final RestrictionType[] BY_CODE = values();

    /** @return the type for a 2-bit code, or {@code null} for the undefined code 3 */
    static RestrictionType fromCode(int code) {
        return code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
