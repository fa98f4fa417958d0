package io.spotcheck.draw;

import io.spotcheck.scope.Scope;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.security.Caller;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import io.spotcheck.privacy.PersonAccess;
import io.spotcheck.privacy.ScopeDefinitionMasking;

/**
 * Scope definitions on the way out: a caller who may not see persons in clear
 * ({@link PersonAccess#seesPersons}) — the public reading a public draw record among them — gets the
 * persons' codes of a definition masked ({@link ScopeDefinitionMasking}).
 */
@Controller
class ScopeDefinitionController {

    private final ScopeStore scopes;

    ScopeDefinitionController(ScopeStore scopes) {
        this.scopes = scopes;
    }

    @SchemaMapping(typeName = "DrawRecord", field = "scopeDefinition")
    Map<String, Object> scopeDefinition(DrawRecord record, Caller caller) {
        return forCaller(record.scopeDefinition(), caller);
    }

    @SchemaMapping(typeName = "Scope", field = "definition")
    Map<String, Object> definition(Scope scope, Caller caller) {
        return forCaller(scope.definition(), caller);
    }

    private Map<String, Object> forCaller(Map<String, Object> definition, Caller caller) {
        if (PersonAccess.seesPersons(caller)) {
            return definition;
        }
        Set<String> codes = ScopeDefinitionMasking.codes(definition);
        if (codes.isEmpty()) {
            return definition;
        }
        Set<String> persons = new java.util.HashSet<>();
        scopes.subjectsByCode(List.copyOf(codes)).forEach((code, member) -> {
            if ("NATURAL_PERSON".equals(member.kind())) {
                persons.add(code);
            }
        });
        return ScopeDefinitionMasking.masked(definition, persons::contains);
    }
}
