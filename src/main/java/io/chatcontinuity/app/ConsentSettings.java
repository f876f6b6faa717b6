package io.chatcontinuity.app;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatcontinuity.common.validation.TypeRule;
import io.chatcontinuity.common.validation.Violations;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The consent part of an app's settings; see the contract for the meaning of each field. */
@Schema(name = "ConsentSettings", description = "How visitors' analytics consent is managed")
@JsonInclude(JsonInclude.Include.ALWAYS)
@ConsentSettings.VendorIdInTcfMode
public record ConsentSettings(
        @Schema(description = "none, a boolean flag, or an IAB TCF string", defaultValue = "none")
        ConsentMode mode,

        @Schema(description = "Whether analytics is allowed before the visitor decides", defaultValue = "false")
        boolean analyticsDefault,

        @Schema(
                description = "TCF mode: this service's IAB Global Vendor List id (required in tcf mode)",
                minimum = "1",
                maximum = "65535",
                nullable = true)
        @TypeRule(VENDOR_ID_RULE)
        @Min(value = 1, message = VENDOR_ID_RULE)
        @Max(value = MAX_VENDOR_ID, message = VENDOR_ID_RULE)
        Integer vendorId,

        @Schema(
                description = "TCF mode: the purposes (1 to 11) analytics needs, at least one",
                minItems = 1,
                maxItems = MAX_PURPOSE,
                defaultValue = "[1, 8, 9, 10]")
        @TypeRule(value = Purposes.RULE, items = true)
        @Purposes
        List<Integer> purposes,

        @Schema(
                description = "TCF mode: purposes among 2 and 7 to 11 this vendor uses on legitimate interest",
                maxItems = MAX_PURPOSE,
                defaultValue = "[]")
        @TypeRule(value = Purposes.RULE, items = true)
        @Purposes(legitimateInterest = true)
        List<Integer> legitimateInterestPurposes,

        @Schema(
                description = "Whether the TC string must disclose this vendor (auto: from TCF 2.3 on)",
                defaultValue = "auto")
        DisclosedVendorsMode disclosedVendors) {

    static final int MAX_VENDOR_ID = 65_535;
    static final int MAX_PURPOSE = 11;
    static final String VENDOR_ID_RULE = "must be a whole number from 1 to " + MAX_VENDOR_ID;

    public ConsentSettings {
        mode = requireNonNullElse(mode, ConsentMode.NONE);
        purposes = requireNonNullElse(purposes, List.of(1, 8, 9, 10));
        legitimateInterestPurposes = requireNonNullElse(legitimateInterestPurposes, List.of());
        disclosedVendors = requireNonNullElse(disclosedVendors, DisclosedVendorsMode.AUTO);
    }

    public static final ConsentSettings DEFAULTS = new ConsentSettings(null, false, null, null, null, null);

    /** Distinct purposes from 1 to 11: at least one, or (legitimate interest) only those that may be, 2 and 7 to 11. */
    @Constraint(validatedBy = Purposes.Validator.class)
    @Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Purposes {

        String RULE = "must be a list of at most " + MAX_PURPOSE + " distinct whole numbers from 1 to " + MAX_PURPOSE;

        boolean legitimateInterest() default false;

        String message() default RULE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<Purposes, List<Integer>> {

            private static final Set<Integer> LEGITIMATE_INTEREST_CAPABLE = Set.of(2, 7, 8, 9, 10, 11);

            private boolean legitimateInterest;

            @Override
            public void initialize(Purposes constraint) {
                legitimateInterest = constraint.legitimateInterest();
            }

            @Override
            public boolean isValid(List<Integer> purposes, ConstraintValidatorContext context) {
                if (purposes == null) {
                    return true;
                }
                Set<Integer> seen = new HashSet<>();
                for (Integer purpose : purposes) {
                    if (purpose == null || purpose < 1 || purpose > MAX_PURPOSE || !seen.add(purpose)) {
                        return false;
                    }
                }
                if (purposes.size() > MAX_PURPOSE) {
                    return false;
                }
                if (legitimateInterest) {
                    return LEGITIMATE_INTEREST_CAPABLE.containsAll(seen)
                            || Violations.none("may only name purposes 2 and 7 to 11", context);
                }
                return !purposes.isEmpty() || Violations.none("must name at least one purpose", context);
            }
        }
    }

    /** In mode tcf the vendor id is required: consent is decided for this vendor. */
    @Constraint(validatedBy = VendorIdInTcfMode.Validator.class)
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface VendorIdInTcfMode {

        String message() default "is required when mode is tcf";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<VendorIdInTcfMode, ConsentSettings> {
            @Override
            public boolean isValid(ConsentSettings consent, ConstraintValidatorContext context) {
                if (consent == null || consent.mode() != ConsentMode.TCF || consent.vendorId() != null) {
                    return true;
                }
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                        .addPropertyNode("vendorId")
                        .addConstraintViolation();
                return false;
            }
        }
    }
}
