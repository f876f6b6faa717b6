package io.chatcontinuity.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * ISO-8601 durations as the contract writes them: several whole days as {@code P180D}, the rest (one day included,
 * as {@code PT24H}) in hours, minutes and seconds.
 */
public final class IsoDurations {

    private static final long SECONDS_PER_DAY = 86_400;

    private IsoDurations() {}

    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds > SECONDS_PER_DAY && seconds % SECONDS_PER_DAY == 0 && duration.getNano() == 0) {
            return "P" + seconds / SECONDS_PER_DAY + "D";
        }
        return duration.toString();
    }

    public static Optional<Duration> parse(String text) {
        try {
            return Optional.of(Duration.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Jackson serializer for {@code @JsonSerialize(using = IsoDurations.Serializer.class)}. */
    public static final class Serializer extends StdSerializer<Duration> {
        public Serializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }
}
