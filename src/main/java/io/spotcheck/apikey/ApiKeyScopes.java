package io.spotcheck.apikey;

import io.spotcheck.system.SpotcheckException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;

/** The scopes an API key may carry. Features check them with {@link Caller#require(String, Role...)}. */
public final class ApiKeyScopes {

    public static final List<String> KNOWN = List.of(
            "subjects:read", "subjects:import", "tags:write", "inspectors:read", "inspectors:import",
            "tasks:read", "tasks:write", "scopes:write", "draws:read", "results:read", "results:write", "review:read",
            "publication:read", "stats:read", "audit:read", "persons:read");

    private ApiKeyScopes() {}

    public static Set<String> validate(List<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            throw SpotcheckException.badInput("scopes", "an API key needs at least one scope");
        }
        Set<String> result = new TreeSet<>();
        for (String scope : scopes) {
            if (!KNOWN.contains(scope)) {
                throw SpotcheckException.badInput("scopes", "unknown scope; known scopes are " + String.join(", ", KNOWN));
            }
            result.add(scope);
        }
        return result;
    }
}
