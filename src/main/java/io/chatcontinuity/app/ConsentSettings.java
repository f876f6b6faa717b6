package io.chatcontinuity.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The consent part of an app's settings; see the contract for the meaning of each field. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConsentSettings(
        ConsentMode mode,
        boolean analyticsDefault,
        Integer vendorId,
        List<Integer> purposes,
        List<Integer> legitimateInterestPurposes,
        DisclosedVendorsMode disclosedVendors) {

    public static final ConsentSettings DEFAULTS = new ConsentSettings(
            ConsentMode.NONE, false, null, List.of(1, 8, 9, 10), List.of(), DisclosedVendorsMode.AUTO);
}
