package io.chatcontinuity.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.common.JsonFields;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an operator defines of an app: its name, the origins its widget may run on and its settings. Read strictly
 * from JSON (unknown fields and out-of-range values are refused, naming the field); fields left out take the
 * contract's defaults, so that a merge patch setting a field to null resets it.
 */
public record AppDefinition(String name, List<String> allowedOrigins, AppSettings settings) {

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_ORIGINS = 100;
    private static final Pattern COOKIE_DOMAIN =
            Pattern.compile("^\\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");
    private static final Set<Integer> LEGITIMATE_INTEREST_CAPABLE = Set.of(2, 7, 8, 9, 10, 11);

    public static AppDefinition read(JsonNode body) {
        JsonFields app = JsonFields.of(body, "", Set.of("name", "allowedOrigins", "settings"));
        String name = app.text("name", null, MAX_NAME_LENGTH);
        if (name == null || name.isBlank()) {
            app.error("name", "is required");
        }
        List<String> origins =
                app.texts("allowedOrigins", List.of(), MAX_ORIGINS, AppDefinition::originProblem).stream()
                        .map(o -> o.toLowerCase(Locale.ROOT))
                        .distinct()
                        .toList();
        AppSettings settings = readSettings(app.object(
                "settings",
                Set.of(
                        "storage",
                        "cookieDomain",
                        "persistChatState",
                        "sessionMerge",
                        "identity",
                        "anonymousTokenTtl",
                        "authenticatedTokenTtl",
                        "emptySessionTtl",
                        "triggerSnooze",
                        "consent")));
        app.throwIfInvalid();
        return new AppDefinition(name.strip(), origins, settings);
    }

    private static AppSettings readSettings(JsonFields s) {
        AppSettings d = AppSettings.DEFAULTS;
        StorageMode storage = s.choice("storage", d.storage(), StorageMode.class, StorageMode::json);
        String cookieDomain = s.text("cookieDomain", null, 253);
        if (cookieDomain != null && !COOKIE_DOMAIN.matcher(cookieDomain).matches()) {
            cookieDomain = s.invalid("cookieDomain", "must be a domain such as .example.com", null);
        }
        return new AppSettings(
                storage,
                cookieDomain,
                s.bool("persistChatState", d.persistChatState()),
                s.bool("sessionMerge", d.sessionMerge()),
                s.choice("identity", d.identity(), IdentityMode.class, IdentityMode::json),
                s.duration("anonymousTokenTtl", d.anonymousTokenTtl(), Duration.ofMinutes(5), Duration.ofDays(400)),
                s.duration(
                        "authenticatedTokenTtl", d.authenticatedTokenTtl(), Duration.ofMinutes(5), Duration.ofDays(30)),
                s.duration("emptySessionTtl", d.emptySessionTtl(), Duration.ofMinutes(1), Duration.ofDays(7)),
                s.duration("triggerSnooze", d.triggerSnooze(), Duration.ZERO, Duration.ofDays(365)),
                readConsent(s.object(
                        "consent",
                        Set.of(
                                "mode",
                                "analyticsDefault",
                                "vendorId",
                                "purposes",
                                "legitimateInterestPurposes",
                                "disclosedVendors"))));
    }

    private static ConsentSettings readConsent(JsonFields c) {
        ConsentSettings d = ConsentSettings.DEFAULTS;
        ConsentMode mode = c.choice("mode", d.mode(), ConsentMode.class, ConsentMode::json);
        Integer vendorId = c.integer("vendorId", null, 1, 65_535);
        if (mode == ConsentMode.TCF && vendorId == null && !c.has("vendorId")) {
            c.error(c.path("vendorId"), "is required when mode is tcf");
        }
        List<Integer> purposes = c.integers("purposes", d.purposes(), 1, 11, 11);
        if (purposes.isEmpty()) {
            purposes = c.invalid("purposes", "must name at least one purpose", d.purposes());
        }
        List<Integer> liPurposes = c.integers("legitimateInterestPurposes", d.legitimateInterestPurposes(), 1, 11, 11);
        if (!LEGITIMATE_INTEREST_CAPABLE.containsAll(liPurposes)) {
            liPurposes = c.invalid("legitimateInterestPurposes", "may only name purposes 2 and 7 to 11", List.of());
        }
        return new ConsentSettings(
                mode,
                c.bool("analyticsDefault", d.analyticsDefault()),
                vendorId,
                purposes,
                liPurposes,
                c.choice(
                        "disclosedVendors",
                        d.disclosedVendors(),
                        DisclosedVendorsMode.class,
                        DisclosedVendorsMode::json));
    }

    /** An allowed origin is exactly scheme://host[:port] over http(s): the form browsers send in {@code Origin}. */
    private static String originProblem(String origin) {
        String rule = "must be an origin such as https://www.example.com (scheme, host and optional port only)";
        try {
            URI uri = new URI(origin);
            boolean httpScheme = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            boolean bare = uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty());
            return httpScheme && bare && origin.length() <= 255 ? null : rule;
        } catch (URISyntaxException e) {
            return rule;
        }
    }
}
