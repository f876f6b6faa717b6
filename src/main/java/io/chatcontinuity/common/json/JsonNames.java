package io.chatcontinuity.common.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The names enum constants have outside Java, as their {@link JsonProperty} gives them: what Jackson writes and reads,
 * and the same names where the value goes elsewhere (a database column, a token claim).
 */
public final class JsonNames {

    /** Each enum's constants by name, and names by constant, read once per enum. */
    private static final ClassValue<Names> NAMES = new ClassValue<>() {
        @Override
        protected Names computeValue(Class<?> type) {
            Map<String, Enum<?>> byName = new HashMap<>();
            Map<Enum<?>, String> byConstant = new HashMap<>();
            for (Object constant : type.getEnumConstants()) {
                Enum<?> value = (Enum<?>) constant;
                String name = annotatedName(value);
                byName.put(name, value);
                byConstant.put(value, name);
            }
            return new Names(Map.copyOf(byName), Map.copyOf(byConstant));
        }
    };

    private record Names(Map<String, Enum<?>> byName, Map<Enum<?>, String> byConstant) {}

    private JsonNames() {}

    /** The constant's {@code @JsonProperty} name. */
    public static String of(Enum<?> constant) {
        return NAMES.get(constant.getDeclaringClass()).byConstant().get(constant);
    }

    /** The constant of {@code type} named {@code name}, or null when none is. */
    public static <E extends Enum<E>> E find(Class<E> type, String name) {
        return name == null ? null : type.cast(NAMES.get(type).byName().get(name));
    }

    /** The constant of {@code type} named {@code name}; a name that none has is a defect of ours. */
    public static <E extends Enum<E>> E parse(Class<E> type, String name) {
        E found = find(type, name);
        if (found == null) {
            throw new IllegalArgumentException("No " + type.getSimpleName() + " is named " + name + ", only "
                    + Arrays.stream(type.getEnumConstants()).map(JsonNames::of).toList());
        }
        return found;
    }

    private static String annotatedName(Enum<?> constant) {
        try {
            JsonProperty property =
                    constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
            if (property == null) {
                throw new IllegalStateException(constant.getDeclaringClass() + " needs @JsonProperty on " + constant);
            }
            return property.value();
        } catch (NoSuchFieldException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
