package io.chatcontinuity.consent;

import io.chatcontinuity.common.problem.Problem;
import io.chatcontinuity.common.problem.ProblemAnswers;
import io.chatcontinuity.common.security.CallableBy;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.SecuritySchemes;
import io.chatcontinuity.session.VisitorSession;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/sessions/current/consent")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Widget runtime")
@CallableBy(Caller.VISITOR)
@APIResponse(responseCode = "401", ref = ProblemAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ProblemAnswers.FORBIDDEN_ORIGIN)
@APIResponse(responseCode = "503", ref = ProblemAnswers.UNAVAILABLE)
@SecurityRequirement(name = SecuritySchemes.CHAT_TOKEN)
@SecurityRequirement(name = SecuritySchemes.CHAT_COOKIE)
public class ConsentResource {

    private final VisitorSession visitor;
    private final ConsentService consent;

    ConsentResource(VisitorSession visitor, ConsentService consent) {
        this.visitor = visitor;
        this.consent = consent;
    }

    @GET
    @Operation(
            summary = "The analytics consent decision in force for the session",
            description = "{analytics: granted|denied, basis, reasons, tcf, decidedAt}. Until a signal has been "
                    + "decided (decidedAt null), the app's default applies: mode none → granted, basis not-managed; "
                    + "mode flag → analyticsDefault, basis flag (reason 'no consent signal yet' when denied); mode "
                    + "tcf → denied, basis tcf, reason 'no TC string yet'. A decision made before the app changed its "
                    + "consent mode, vendorId, purposes, legitimateInterestPurposes or disclosedVendors no longer "
                    + "applies: the default does, until the next signal.")
    public Uni<ConsentDecision> get() {
        return consent.inForce(visitor.get());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Decide a consent signal forwarded from the site's consent tool",
            description = "The body matches the app's consent mode. Mode flag: {\"analytics\": true|false}. Mode tcf: "
                    + "{\"tcString\", \"gdprApplies\"} as __tcfapi gives them: gdprApplies false grants with basis "
                    + "gdpr-not-applicable (no string needed); otherwise the TC string (at most 8 KiB) is decoded and "
                    + "decided for the app's vendorId and purposes, and reasons names every failed rule. A TC string "
                    + "that does not decode or breaks a TCF rule answers /problems/invalid-tc-string and leaves "
                    + "analytics denied until a valid one arrives. Every decision, with its raw signal, is appended "
                    + "to the session's consent record before it is answered, and holds on every instance from the "
                    + "next request. Mode none: any well-formed signal is accepted and ignored, and the answer is the "
                    + "not-managed decision (nothing is recorded: the app manages no consent). A body of the other "
                    + "mode's shape answers /problems/invalid-request naming the fields.")
    @APIResponse(
            responseCode = "400",
            description = "/problems/invalid-request (errors names each field), or /problems/invalid-tc-string",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", ref = ProblemAnswers.PAYLOAD_TOO_LARGE)
    public Uni<ConsentDecision> put(@NotNull(message = "must be a JSON object") ConsentSignalFields body) {
        return consent.decide(visitor.get(), body);
    }
}
