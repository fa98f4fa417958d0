package io.spotcheck.api;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.Description;
import graphql.language.EnumTypeDefinition;
import graphql.language.FieldDefinition;
import graphql.language.ImplementingTypeDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every type, field, input field and enum value of the schema says what it is, and so does every
 * argument outside the files still listed in {@link #ARGUMENTS_UNDESCRIBED}. That list only shrinks:
 * a listed file whose arguments all have descriptions fails the test until it is taken off.
 */
class SchemaDescriptionsTest {

    static final java.util.Set<String> ARGUMENTS_UNDESCRIBED = java.util.Set.of("inspector.graphqls", "item.graphqls", "result.graphqls",
            "security.graphqls", "subject-ownership.graphqls", "subject-write.graphqls");

    @Test
    void everyTypeFieldArgumentAndValueHasADescription() throws Exception {
        List<String> missing = new ArrayList<>();
        java.util.Set<String> undescribedArguments = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("schema"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".graphqls")).sorted().toList()) {
                TypeDefinitionRegistry registry = new SchemaParser().parse(Files.readString(file));
                List<TypeDefinition> types = new ArrayList<>(registry.types().values());
                registry.objectTypeExtensions().values().forEach(types::addAll);
                for (TypeDefinition<?> type : types) {
                    boolean extension = type instanceof graphql.language.ObjectTypeExtensionDefinition;
                    if (!extension && !described(((graphql.language.AbstractDescribedNode<?>) type).getDescription()) && !List.of("Query", "Mutation", "Subscription").contains(type.getName())) {
                        missing.add(file.getFileName() + " " + type.getName());
                    }
                    if (type instanceof ImplementingTypeDefinition<?> object) {
                        for (FieldDefinition field : object.getFieldDefinitions()) {
                            check(missing, file + " " + type.getName() + "." + field.getName(), field.getDescription());
                            for (InputValueDefinition arg : field.getInputValueDefinitions()) {
                                if (!described(arg.getDescription())) {
                                    undescribedArguments.add(file.getFileName().toString());
                                    if (!ARGUMENTS_UNDESCRIBED.contains(file.getFileName().toString())) {
                                        missing.add(file + " " + type.getName() + "." + field.getName() + "(" + arg.getName() + ")");
                                    }
                                }
                            }
                        }
                    } else if (type instanceof InputObjectTypeDefinition input) {
                        input.getInputValueDefinitions().forEach(v -> check(missing, file + " " + type.getName() + "." + v.getName(), v.getDescription()));
                    } else if (type instanceof EnumTypeDefinition e) {
                        e.getEnumValueDefinitions().forEach(v -> check(missing, file + " " + type.getName() + "." + v.getName(), v.getDescription()));
                    }
                }
            }
        }
        assertThat(missing).as("schema elements without a description").isEmpty();
        assertThat(undescribedArguments).as("files whose arguments all have descriptions now: take them off ARGUMENTS_UNDESCRIBED")
                .containsAll(ARGUMENTS_UNDESCRIBED);
    }

    private static void check(List<String> missing, String where, Description description) {
        if (!described(description)) {
            missing.add(where);
        }
    }

    private static boolean described(Description description) {
        return description != null && !description.getContent().isBlank();
    }
}
