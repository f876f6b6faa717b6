package io.chatcontinuity.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A decision in force that an instance of a newer build cached is still read by this build. */
class CachedDecisionPayloadTest {

    /** As strict as the service's own mapper, which refuses unknown fields in request bodies. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .findAndAddModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static final CachedDecision CACHED = new CachedDecision(
            "policy-1",
            ConsentDecision.denied(
                    ConsentBasis.TCF,
                    List.of("purpose 1 not consented"),
                    new ConsentDecision.TcfFacts(7, 5, Instant.parse("2026-01-02T00:00:00Z"), 80),
                    Instant.parse("2026-01-02T03:04:05Z")));

    @Test
    void aDecisionIsReadBackAsWritten() throws Exception {
        CachedDecision read = ConsentStore.decisionReader(JSON).readValue(JSON.writeValueAsString(CACHED));

        assertEquals(CACHED, read);
    }

    @Test
    void fieldsAddedByANewerBuildAreSkippedAtEveryLevel() throws Exception {
        ObjectNode payload = JSON.valueToTree(CACHED);
        payload.put("version", 2);
        ObjectNode decision = (ObjectNode) payload.get("decision");
        decision.put("purposes", "1,2");
        ((ObjectNode) decision.get("tcf")).put("publisherCountry", "DE");

        CachedDecision read = ConsentStore.decisionReader(JSON).readValue(JSON.writeValueAsString(payload));

        assertEquals(CACHED, read);
    }

    @Test
    void theMarkerOfASessionWithoutRecordIsReadToo() throws Exception {
        String payload = "{\"policy\":null,\"decision\":null,\"since\":\"2026-01-02\"}";

        assertEquals(CachedDecision.NO_RECORD, ConsentStore.decisionReader(JSON).readValue(payload));
    }
}
