package io.spotcheck.apikey;

import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import io.spotcheck.security.Caller;

@Controller
class ApiKeyController {

    private final ApiKeyService keys;

    ApiKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    @QueryMapping
    List<ApiKey> apiKeys(Caller caller, @Argument String department) {
        return keys.list(caller, department).stream().map(ApiKey::of).toList();
    }

    @MutationMapping
    Map<String, Object> createApiKey(Caller caller, @Argument CreateApiKeyInput input) {
        ApiKeyService.Created created = keys.create(caller, input.name(), input.department(), input.scopes());
        return Map.of("apiKey", ApiKey.of(created.key()), "secret", created.secret(), "errors", List.of());
    }

    @MutationMapping
    Map<String, Object> revokeApiKey(Caller caller, @Argument String id) {
        return Map.of("apiKey", ApiKey.of(keys.revoke(caller, id)), "errors", List.of());
    }

    record CreateApiKeyInput(String name, String department, List<String> scopes) {}

    record ApiKey(String id, String name, String department, List<String> scopes, String createdAt, String createdBy,
                  String revokedAt, String lastUsedAt, boolean revoked) {

        static ApiKey of(ApiKeyService.ApiKeyDocument d) {
            return new ApiKey(d.id(), d.name(), d.department(), d.scopes(), d.createdAt(), d.createdBy(), d.revokedAt(),
                    d.lastUsedAt(), d.revokedAt() != null);
        }
    }
}
