package io.chatcontinuity.consent.tcf;

/** Facts about TCF purpose ids that both the decoder and the policy rely on. */
final class Purposes {

    /** PurposesConsent / PurposesLITransparency are 24-bit fields: purposes 1..24. */
    static final int MAX_PURPOSE = 24;

    /**
     * Purposes that can never be processed on legitimate interest: purpose 1 (store/access information) under every
     * policy version, and purposes 3-6 (personalised advertising/content profiles and selection) since TCF 2.2
     * (TcfPolicyVersion 4), see the TCF Policy, Appendix A, and "Consent string and vendor list formats v2",
     * PurposesLITransparency.
     */
    private static final int CONSENT_ONLY_MASK = maskOf(1, 3, 4, 5, 6);

    /** Purposes 3-6, whose legitimate-interest bits must be 0 under TcfPolicyVersion 4 and later. */
    static final int LI_FORBIDDEN_SINCE_POLICY_4_MASK = maskOf(3, 4, 5, 6);

    private Purposes() {}

    static boolean isConsentOnly(int purpose) {
        return contains(CONSENT_ONLY_MASK, purpose);
    }

    /** Purpose sets are int masks in which bit {@code p - 1} stands for purpose {@code p}. */
    static boolean contains(int mask, int purpose) {
        return purpose >= 1 && purpose <= MAX_PURPOSE && (mask & (1 << (purpose - 1))) != 0;
    }

    static int maskOf(int... purposes) {
        int mask = 0;
        for (int purpose : purposes) {
            mask |= 1 << (purpose - 1);
        }
        return mask;
    }
}
