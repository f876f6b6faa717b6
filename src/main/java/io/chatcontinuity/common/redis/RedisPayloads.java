package io.chatcontinuity.common.redis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Reading JSON that instances leave for each other in Redis. Unlike a request body, such a payload may come from a
 * newer build during a rolling deploy: a field this build does not know is skipped, never a reason to drop the rest.
 */
public final class RedisPayloads {

    private RedisPayloads() {}

    public static ObjectReader readerFor(ObjectMapper json, Class<?> type) {
        return json.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
