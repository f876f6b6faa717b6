package io.chatcontinuity.common.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.util.ClassUtil;
import io.chatcontinuity.common.IsoDurations;
import io.chatcontinuity.common.json.JsonNames;
import io.chatcontinuity.common.problem.FieldError;
import io.chatcontinuity.common.problem.ProblemException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hibernate.validator.HibernateValidatorFactory;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Reads a {@link CheckedBody}: binds it with Jackson, noting every field of the wrong type or an unknown name rather
 * than stopping at the first, then checks its Bean Validation constraints, and answers every problem found at once
 * ({@code /problems/invalid-request} with {@code errors}). Scalars are taken only as the JSON types the contract
 * names: 42 is no text, {@code "true"} no boolean. An empty body reads as none.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
public class CheckedBodyReader implements ServerMessageBodyReader<CheckedBody> {

    /** A body may be wrong in thousands of places (a huge array); the answer names the first ones only. */
    static final int MAX_ERRORS = 50;

    private final ObjectMapper json;
    private final Validator validator;
    private final HibernateValidatorFactory validators;

    CheckedBodyReader(ObjectMapper json, Validator validator, ValidatorFactory validators) {
        this.json = json.copy().registerModule(strictScalars());
        this.validator = validator;
        this.validators = validators.unwrap(HibernateValidatorFactory.class);
    }

    /*
     * The server's own reader methods (ServerMessageBodyReader), which RESTEasy Reactive prefers: with only the
     * JAX-RS ones it reads the endpoint's parameter annotations by reflection for every request, parsing them anew
     * each time (2 % of the service's CPU per message post, JFR 2026-11-30).
     */
    @Override
    public boolean isReadable(
            Class<?> type, Type genericType, ResteasyReactiveResourceInfo lazyMethod, MediaType mediaType) {
        return CheckedBody.class.isAssignableFrom(type);
    }

    @Override
    public CheckedBody readFrom(
            Class<CheckedBody> type, Type genericType, MediaType mediaType, ServerRequestContext context)
            throws IOException {
        return readBody(context.getInputStream(), type);
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return CheckedBody.class.isAssignableFrom(type);
    }

    @Override
    public CheckedBody readFrom(
            Class<CheckedBody> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, String> headers,
            InputStream entity)
            throws IOException {
        return readBody(entity, type);
    }

    private CheckedBody readBody(InputStream entity, Class<CheckedBody> type) throws IOException {
        JsonNode tree = json.readTree(entity);
        if (tree == null || tree.isMissingNode()) {
            return null;
        }
        return read(tree, type);
    }

    /** Reads {@code tree} (a body, or a merge patch applied to one) as {@code type}, or throws naming every problem. */
    public <T> T read(JsonNode tree, Class<T> type) throws IOException {
        return read(tree, type, null);
    }

    /**
     * Reads {@code tree} as {@code type}, its constraints checked with {@code context}: what a rule depends on besides
     * the body, such as an app's setting (Hibernate Validator's constraint validator payload).
     */
    public <T> T read(JsonNode tree, Class<T> type, Object context) throws IOException {
        if (!tree.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        ObjectReader reader = json.readerFor(type).withHandler(new Collecting(errors));
        T body;
        try {
            body = reader.readValue(tree);
        } catch (TooManyErrors e) {
            throw ProblemException.invalid(ruled(type, errors));
        } catch (InvalidDefinitionException e) {
            throw e;
        } catch (JsonMappingException e) {
            // What Jackson refuses outright (an empty string for an object, say) joins what was noted so far.
            if (!(e.getCause() instanceof TooManyErrors)) {
                errors.add(new FieldError(field(e), "has the wrong type or format"));
            }
            throw ProblemException.invalid(ruled(type, errors));
        }
        errors = ruled(type, errors);
        if (errors.isEmpty() && context == null && body instanceof CheckedBody checked && checked.plainlyValid()) {
            return body;
        }
        Set<String> named = new HashSet<>();
        errors.forEach(error -> named.add(error.field()));
        Validator checker = context == null
                ? validator
                : validators.usingContext().constraintValidatorPayload(context).getValidator();
        for (ConstraintViolation<T> violation : checker.validate(body)) {
            String field = field(violation.getPropertyPath());
            if (errors.size() < MAX_ERRORS && named.add(field)) {
                errors.add(new FieldError(field, violation.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw ProblemException.invalid(errors);
        }
        return body;
    }

    /**
     * The binding errors as told: one a field, each at a field marked {@link TypeRule} (or inside it, with {@code
     * items}) being that field's rule, at that field.
     */
    private static List<FieldError> ruled(Class<?> type, List<FieldError> errors) {
        Map<String, FieldError> byField = new LinkedHashMap<>();
        for (FieldError error : errors) {
            FieldError told = ruled(type, error);
            byField.putIfAbsent(told.field(), told);
        }
        return new ArrayList<>(byField.values());
    }

    private static FieldError ruled(Class<?> type, FieldError error) {
        Class<?> at = type;
        StringBuilder field = new StringBuilder();
        String[] names = error.field().split("\\.");
        for (int i = 0; i < names.length && at.isRecord(); i++) {
            String name = names[i].replaceFirst("\\[.*", "");
            RecordComponent component = component(at, name);
            if (component == null) {
                break;
            }
            field.append(field.isEmpty() ? "" : ".").append(name);
            TypeRule rule = component.getAnnotation(TypeRule.class);
            boolean atComponent = i == names.length - 1 && names[i].equals(name);
            if (rule != null && (atComponent || rule.items())) {
                return new FieldError(field.toString(), rule.value());
            }
            at = valueClass(component);
            if (!names[i].equals(name)) {
                field.append(names[i].substring(name.length()));
            }
        }
        return error;
    }

    private static RecordComponent component(Class<?> record, String name) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return component;
            }
        }
        return null;
    }

    /** A component's class, or its items' class where it is a list. */
    private static Class<?> valueClass(RecordComponent component) {
        if (List.class.isAssignableFrom(component.getType())
                && component.getGenericType() instanceof ParameterizedType list
                && list.getActualTypeArguments()[0] instanceof Class<?> item) {
            return item;
        }
        return component.getType();
    }

    private static String field(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return field.isEmpty() ? "body" : field.startsWith(".") ? field.substring(1) : field;
    }

    /** A violation's field as the contract names it: {@code settings.consent.vendorId}, {@code allowedOrigins[1]}. */
    private static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                field.append('[')
                        .append(node.getIndex() != null ? node.getIndex() : node.getKey())
                        .append(']');
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    /** Ends the reading of a body found wrong in {@link #MAX_ERRORS} places. */
    private static final class TooManyErrors extends RuntimeException {
        TooManyErrors() {
            super(null, null, false, false);
        }
    }

    /** Notes each wrong field with its path and goes on, so that one answer names them all (or the first ones). */
    private static final class Collecting extends DeserializationProblemHandler {

        private final List<FieldError> errors;

        Collecting(List<FieldError> errors) {
            this.errors = errors;
        }

        private void note(String field, String message) {
            errors.add(new FieldError(field, message));
            if (errors.size() >= MAX_ERRORS) {
                throw new TooManyErrors();
            }
        }

        @Override
        public boolean handleUnknownProperty(
                DeserializationContext ctxt,
                JsonParser p,
                JsonDeserializer<?> deserializer,
                Object beanOrClass,
                String propertyName)
                throws IOException {
            note(path(p.getParsingContext()), "unknown field");
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleUnexpectedToken(
                DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p, String failureMsg)
                throws IOException {
            note(path(p.getParsingContext()), expectation(targetType.getRawClass()));
            p.skipChildren();
            return defaultOf(targetType.getRawClass());
        }

        /** A JSON value where an object was wanted, such as an event that is a string. */
        @Override
        public Object handleMissingInstantiator(
                DeserializationContext ctxt, Class<?> instClass, ValueInstantiator valueInsta, JsonParser p, String msg)
                throws IOException {
            note(path(p.getParsingContext()), "must be a JSON object");
            p.skipChildren();
            return null;
        }

        @Override
        public Object handleWeirdStringValue(
                DeserializationContext ctxt, Class<?> targetType, String valueToConvert, String failureMsg) {
            note(path(ctxt.getParser().getParsingContext()), expectation(targetType));
            return defaultOf(targetType);
        }

        @Override
        public Object handleWeirdNumberValue(
                DeserializationContext ctxt, Class<?> targetType, Number valueToConvert, String failureMsg) {
            note(path(ctxt.getParser().getParsingContext()), expectation(targetType));
            return defaultOf(targetType);
        }

        /** What a wrong field reads as meanwhile: nothing, or a primitive's zero, which a record needs. */
        private static Object defaultOf(Class<?> type) {
            return type.isPrimitive() ? ClassUtil.defaultValue(type) : null;
        }

        private static String expectation(Class<?> type) {
            if (type == String.class) {
                return "must be a string";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "must be true or false";
            }
            if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
                return "must be a whole number";
            }
            if (type.isEnum()) {
                List<String> names = new ArrayList<>();
                for (Object constant : type.getEnumConstants()) {
                    names.add(JsonNames.of((Enum<?>) constant));
                }
                return "must be one of " + String.join(", ", names);
            }
            if (List.class.isAssignableFrom(type)) {
                return "must be a list";
            }
            if (type == Duration.class) {
                return "must be an ISO-8601 duration";
            }
            if (type.isRecord()) {
                return "must be a JSON object";
            }
            return "has the wrong type or format";
        }

        /** The field the parser is at, as {@code settings.consent.vendorId} or {@code events[3].at}. */
        private static String path(JsonStreamContext context) {
            List<String> parts = new ArrayList<>();
            for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
                if (at.inArray()) {
                    parts.add(0, "[" + Math.max(0, at.getCurrentIndex()) + "]");
                } else if (at.getCurrentName() != null) {
                    parts.add(0, "." + at.getCurrentName());
                }
            }
            String path = String.join("", parts);
            return path.startsWith(".") ? path.substring(1) : path.isEmpty() ? "body" : path;
        }
    }

    /**
     * Text, booleans and whole numbers only from JSON strings, booleans and integers, enum constants and ISO-8601
     * durations only from strings (their JSON names; never an index or a number of seconds), each a problem otherwise.
     */
    private static SimpleModule strictScalars() {
        SimpleModule module = new SimpleModule("strict-scalars");
        module.addDeserializer(String.class, new Strict<>(String.class, null, JsonToken.VALUE_STRING));
        module.addDeserializer(
                Boolean.class, new Strict<>(Boolean.class, null, JsonToken.VALUE_TRUE, JsonToken.VALUE_FALSE));
        module.addDeserializer(
                boolean.class, new Strict<>(Boolean.class, false, JsonToken.VALUE_TRUE, JsonToken.VALUE_FALSE));
        module.addDeserializer(Integer.class, new Strict<>(Integer.class, null, JsonToken.VALUE_NUMBER_INT));
        module.addDeserializer(int.class, new Strict<>(Integer.class, 0, JsonToken.VALUE_NUMBER_INT));
        module.addDeserializer(
                Duration.class,
                new Named<>(Duration.class, text -> IsoDurations.parse(text).orElse(null)));
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(
                    DeserializationConfig config, JavaType type, BeanDescription description, JsonDeserializer<?> d) {
                return enumNamed(type.getRawClass());
            }
        });
        return module;
    }

    /** An enum read by its constants' JSON names ({@link JsonNames}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonDeserializer<?> enumNamed(Class<?> type) {
        Class<Enum> enumType = (Class<Enum>) type;
        return new Named<Enum>(enumType, name -> (Enum) JsonNames.find((Class) enumType, name));
    }

    /** A value given by a JSON string that names it, as {@code names} reads it (null for none). */
    private static final class Named<T> extends JsonDeserializer<T> {

        private final Class<T> type;
        private final Function<String, T> names;

        Named(Class<T> type, Function<String, T> names) {
            this.type = type;
            this.names = names;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return type.cast(ctxt.handleUnexpectedToken(type, p));
            }
            T value = names.apply(p.getText());
            return value != null ? value : type.cast(ctxt.handleWeirdStringValue(type, p.getText(), "no such name"));
        }
    }

    private static final class Strict<T> extends JsonDeserializer<T> {

        private final Class<T> type;
        /** What null, an absent field or a wrong one reads as: null, or a primitive's zero. */
        private final T nullValue;

        private final List<JsonToken> accepted;

        Strict(Class<T> type, T nullValue, JsonToken... accepted) {
            this.type = type;
            this.nullValue = nullValue;
            this.accepted = List.of(accepted);
        }

        @Override
        public T getNullValue(DeserializationContext ctxt) {
            return nullValue;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!accepted.contains(p.currentToken())) {
                Object handled = ctxt.handleUnexpectedToken(type, p);
                return handled == null ? nullValue : type.cast(handled);
            }
            if (type == String.class) {
                return type.cast(p.getText());
            }
            if (type == Boolean.class) {
                return type.cast(p.currentToken() == JsonToken.VALUE_TRUE);
            }
            try {
                return type.cast(p.getIntValue());
            } catch (InputCoercionException outOfRange) {
                Object handled = ctxt.handleWeirdNumberValue(type, p.getNumberValue(), "out of range");
                return handled == null ? nullValue : type.cast(handled);
            }
        }
    }
}
