package io.spotcheck.system;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.scalars.ExtendedScalars;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import graphql.language.StringValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.ZoneOffset;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

@Configuration(proxyBeanMethods = false)
public class ScalarsConfig {

    @Bean
    RuntimeWiringConfigurer spotcheckScalars() {
        return wiring -> wiring
                .scalar(DATE)
                .scalar(DATE_TIME)
                .scalar(ExtendedScalars.GraphQLLong)
                .scalar(ExtendedScalars.Json);
    }

    /** Exactly {@code yyyy-MM-dd}, four-digit years, days that exist: 2026-02-30 is refused, not read as 2026-02-28. */
    static final DateTimeFormatter STRICT_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final java.util.regex.Pattern DATE_SHAPE = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /**
     * RFC 3339 full-date, strictly: ExtendedScalars' Date resolves an impossible day to the last day of
     * the month and accepts years of up to nine digits with a sign, on which date arithmetic then fails.
     */
    static final GraphQLScalarType DATE = GraphQLScalarType.newScalar()
            .name("Date")
            .description("A calendar day as yyyy-MM-dd (RFC 3339 full-date), e.g. 2026-03-01; the day must exist.")
            .coercing(new Coercing<LocalDate, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) throws CoercingSerializeException {
                    if (value instanceof LocalDate date) {
                        return date.toString();
                    }
                    if (value instanceof String text) {
                        return parse(text, CoercingSerializeException::new).toString();
                    }
                    throw new CoercingSerializeException("not a date");
                }

                @Override
                public LocalDate parseValue(Object input, GraphQLContext context, Locale locale) throws CoercingParseValueException {
                    if (input instanceof LocalDate date) {
                        return date;
                    }
                    if (!(input instanceof String text)) {
                        throw new CoercingParseValueException("a Date is a string yyyy-MM-dd");
                    }
                    return parse(text, CoercingParseValueException::new);
                }

                @Override
                public LocalDate parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale)
                        throws CoercingParseLiteralException {
                    if (!(input instanceof StringValue text)) {
                        throw new CoercingParseLiteralException("a Date is a string yyyy-MM-dd");
                    }
                    return parse(text.getValue(), CoercingParseLiteralException::new);
                }

                @Override
                public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
                    return StringValue.newStringValue(serialize(input, context, locale)).build();
                }
            })
            .build();

    static <E extends RuntimeException> LocalDate parse(String text, java.util.function.Function<String, E> failure) {
        if (text == null || !DATE_SHAPE.matcher(text).matches()) {
            throw failure.apply("a Date is yyyy-MM-dd with a four-digit year, e.g. 2026-03-01");
        }
        try {
            return LocalDate.parse(text, STRICT_DATE);
        } catch (DateTimeParseException e) {
            throw failure.apply(text + " is not a day of the calendar");
        }
    }

    /**
     * ExtendedScalars' DateTime, also accepting {@link Instant} when serialising: stored documents
     * keep instants, and every domain record should not need a converted twin for the API.
     */
    @SuppressWarnings("unchecked")
    static final GraphQLScalarType DATE_TIME = GraphQLScalarType.newScalar(ExtendedScalars.DateTime)
            .coercing(new Coercing<Object, String>() {
                private final Coercing<Object, String> delegate = (Coercing<Object, String>) ExtendedScalars.DateTime.getCoercing();

                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) throws CoercingSerializeException {
                    Object v = value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value;
                    return delegate.serialize(v, context, locale);
                }

                @Override
                public Object parseValue(Object input, GraphQLContext context, Locale locale) throws CoercingParseValueException {
                    return delegate.parseValue(input, context, locale);
                }

                @Override
                public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale)
                        throws CoercingParseLiteralException {
                    return delegate.parseLiteral(input, variables, context, locale);
                }

                @Override
                public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
                    return delegate.valueToLiteral(input, context, locale);
                }
            })
            .build();
}
