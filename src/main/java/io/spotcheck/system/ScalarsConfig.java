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
import java.time.Instant;
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
                .scalar(ExtendedScalars.Date)
                .scalar(DATE_TIME)
                .scalar(ExtendedScalars.GraphQLLong)
                .scalar(ExtendedScalars.Json);
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
