package io.chatcontinuity.identity;

import io.chatcontinuity.app.App;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.validation.IdShapes;
import java.nio.charset.StandardCharsets;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;

/**
 * Verifies an identity token: an HS256 JWT the brand's backend signs with the app's identity secret, naming its user
 * in {@code sub}, short-lived ({@code exp} required, at most ten minutes ahead) and not issued in the future. A
 * replay within its lifetime logs in the same user again, which is harmless.
 */
final class IdentityTokenVerifier {

    static final int MAX_LIFETIME_MINUTES = 10;
    private static final int SKEW_SECONDS = 30;

    private IdentityTokenVerifier() {}

    /** The brand's user id, or {@code /problems/unauthorized}. */
    static String verifiedUserId(App app, String identityToken) {
        try {
            var claims = new JwtConsumerBuilder()
                    .setJwsAlgorithmConstraints(new AlgorithmConstraints(
                            AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256))
                    .setVerificationKey(new HmacKey(app.identitySecret().getBytes(StandardCharsets.UTF_8)))
                    .setRequireExpirationTime()
                    .setMaxFutureValidityInMinutes(MAX_LIFETIME_MINUTES)
                    .setIssuedAtRestrictions(SKEW_SECONDS, Integer.MAX_VALUE / 2)
                    .setAllowedClockSkewInSeconds(SKEW_SECONDS)
                    .setRequireSubject()
                    .setExpectedAudience(false, app.id())
                    .build()
                    .processToClaims(identityToken);
            String userId = claims.getSubject();
            String problem = IdShapes.userIdProblem(userId);
            if (problem != null) {
                throw ProblemException.unauthorized("The identity token's sub is not a user id: it " + problem + ".");
            }
            return userId;
        } catch (InvalidJwtException e) {
            throw ProblemException.unauthorized(
                    e.hasExpired()
                            ? "The identity token has expired."
                            : "The identity token is invalid, badly signed or lives longer than 10 minutes.");
        } catch (MalformedClaimException e) {
            throw ProblemException.unauthorized("The identity token has malformed claims.");
        }
    }
}
