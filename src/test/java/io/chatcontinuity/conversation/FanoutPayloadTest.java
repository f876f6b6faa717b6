package io.chatcontinuity.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fan-out payload from an instance of a newer build still reaches this build's streams. */
class FanoutPayloadTest {

    /** As strict as the service's own mapper, which refuses unknown fields in request bodies. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .findAndAddModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static final StoredMessage MESSAGE = new StoredMessage(
            "conv_1", 7, new Message("msg_1", "c-1", Author.AGENT, "hello", Instant.parse("2026-01-02T03:04:05Z")));

    @Test
    void aPayloadIsReadBackAsWritten() throws Exception {
        String payload = JSON.writeValueAsString(new LiveMessages.Fanout("instance_a", List.of(MESSAGE)));

        LiveMessages.Fanout read = LiveMessages.fanoutReader(JSON).readValue(payload);

        assertEquals(new LiveMessages.Fanout("instance_a", List.of(MESSAGE)), read);
    }

    @Test
    void fieldsAddedByANewerBuildAreSkippedAtEveryLevel() throws Exception {
        ObjectNode payload = JSON.valueToTree(new LiveMessages.Fanout("instance_b", List.of(MESSAGE)));
        payload.put("region", "eu-west");
        ObjectNode stored = (ObjectNode) payload.get("messages").get(0);
        stored.put("shard", 3);
        ((ObjectNode) stored.get("message")).putObject("attachments").put("count", 2);

        LiveMessages.Fanout read = LiveMessages.fanoutReader(JSON).readValue(JSON.writeValueAsString(payload));

        assertEquals(List.of(MESSAGE), read.messages());
    }

    @Test
    void theServiceMapperAloneWouldRefuseThem() {
        ObjectNode payload = JSON.valueToTree(new LiveMessages.Fanout("instance_b", List.of(MESSAGE)));
        payload.put("region", "eu-west");

        assertThrows(
                UnrecognizedPropertyException.class,
                () -> JSON.readValue(payload.toString(), LiveMessages.Fanout.class));
    }
}
