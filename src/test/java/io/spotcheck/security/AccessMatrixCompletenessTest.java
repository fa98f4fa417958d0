package io.spotcheck.security;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The access matrix ({@link AccessMatrixIT}) keeps up with the schema: every Mutation field and
 * every sensitive Query field has at least one row, and every Query field is declared either
 * sensitive or public here. Adding an operation without deciding who may call it fails this test.
 *
 * <p>A new mutation: add its {@code op(...)} row to {@link AccessMatrixIT#operations()}. A new
 * query: add its name to {@link #SENSITIVE_QUERIES} and a row, or to {@link #PUBLIC_QUERIES} when
 * it returns only reference data anyone may read.
 */
class AccessMatrixCompletenessTest {

    /** Queries whose access depends on who calls: each needs matrix rows. */
    static final Set<String> SENSITIVE_QUERIES = Set.of(
            "subjects", "subject", "inspectors", "inspector", "tasks", "task", "drawRecord", "verifyDraw", "taskGrouping",
            "scope", "scopes", "scopeJob", "tagRules", "tagRuleJob", "plans", "creditRules", "items", "auditLog", "apiKeys",
            "result", "taskAssignments", "inspectorDrawRecords", "substitutions", "myAssignments", "myAssignmentPage", "reviewQueue", "statistics",
            "publishedResults", "inspectorDrawRecord", "verifyInspectorDraw", "scopeMembers", "relocationQueue", "subjectChanges",
            "publicValueCommitment", "node", "nodes");

    /** Reference data and the caller's own identity: open to everyone, no row needed. */
    static final Set<String> PUBLIC_QUERIES = Set.of("viewer", "departments", "jurisdictions", "item", "jointItemLists",
            "calendarYear", "workingDay", "publicTasks");

    @Test
    void everyMutationHasAtLeastOneRow() throws Exception {
        assertThat(covered()).as("mutations without a row in AccessMatrixIT").containsAll(fields("Mutation"));
    }

    @Test
    void everySensitiveQueryHasAtLeastOneRow() throws Exception {
        assertThat(fields("Query")).as("sensitive queries that are not in the schema").containsAll(SENSITIVE_QUERIES);
        assertThat(covered()).as("sensitive queries without a row in AccessMatrixIT").containsAll(SENSITIVE_QUERIES);
    }

    @Test
    void everyQueryIsDeclaredSensitiveOrPublic() throws Exception {
        Set<String> undeclared = new TreeSet<>(fields("Query"));
        undeclared.removeAll(SENSITIVE_QUERIES);
        undeclared.removeAll(PUBLIC_QUERIES);
        assertThat(undeclared).as("queries neither in SENSITIVE_QUERIES nor in PUBLIC_QUERIES").isEmpty();
        assertThat(fields("Query")).as("public queries that are not in the schema").containsAll(PUBLIC_QUERIES);
    }

    @Test
    void eachRowNamesTheOperationItChecksFirst() {
        // The matrix reads the first field of each document; a row whose document does not parse covers nothing.
        for (AccessMatrixIT.Op op : AccessMatrixIT.operations()) {
            assertThat(firstField(op.document())).as(op.name()).isNotBlank();
        }
    }

    /** First field of each row's document. */
    static Set<String> covered() {
        Set<String> names = new TreeSet<>();
        AccessMatrixIT.operations().forEach(op -> names.add(firstField(op.document())));
        return names;
    }

    static String firstField(String document) {
        Document parsed = Parser.parse(document);
        OperationDefinition operation = parsed.getDefinitionsOfType(OperationDefinition.class).get(0);
        return ((Field) operation.getSelectionSet().getSelections().get(0)).getName();
    }

    /** Fields of {@code type} with all its {@code extend type} parts, from the schema files the server loads. */
    static Set<String> fields(String type) throws Exception {
        TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:graphql/**/*.graphqls");
        assertThat(files).as("schema files on the class path").isNotEmpty();
        for (Resource file : files) {
            try (InputStreamReader reader = new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8)) {
                registry.merge(new SchemaParser().parse(reader));
            }
        }
        List<ObjectTypeDefinition> parts = new ArrayList<>();
        registry.getType(type, ObjectTypeDefinition.class).ifPresent(parts::add);
        parts.addAll(registry.objectTypeExtensions().getOrDefault(type, List.of()));
        Set<String> names = new TreeSet<>();
        parts.stream().flatMap(p -> p.getFieldDefinitions().stream()).map(FieldDefinition::getName).forEach(names::add);
        assertThat(names).as(type + " fields").isNotEmpty();
        return names;
    }
}
