package io.spotcheck.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotcheck.system.SpotcheckException;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.spotcheck.security.ApiKeyFilter;

class ApiKeyScopesTest {

    @Test
    void knownScopesAreKeptSortedAndDeduplicated() {
        assertThat(ApiKeyScopes.validate(List.of("stats:read", "subjects:import", "stats:read")))
                .containsExactly("stats:read", "subjects:import");
    }

    @Test
    void unknownOrMissingScopesAreBadInput() {
        for (List<String> scopes : List.of(List.<String>of(), List.of("stats:read", "stats:*"), List.of("STATS:READ"))) {
            assertThatThrownBy(() -> ApiKeyScopes.validate(scopes)).isInstanceOf(SpotcheckException.class)
                    .satisfies(e -> assertThat(((SpotcheckException) e).code().name()).isEqualTo("BAD_USER_INPUT"));
        }
    }

    @Test
    void anApiKeyHeaderIsReadFromEitherPlace() {
        var request = new org.springframework.mock.web.MockHttpServletRequest();
        request.addHeader("Authorization", "apikey ak_1.s");
        assertThat(ApiKeyFilter.presentedKey(request)).isEqualTo("ak_1.s");
        var other = new org.springframework.mock.web.MockHttpServletRequest();
        other.addHeader("X-API-Key", " ak_2.t ");
        assertThat(ApiKeyFilter.presentedKey(other)).isEqualTo("ak_2.t");
        var bearer = new org.springframework.mock.web.MockHttpServletRequest();
        bearer.addHeader("Authorization", "Bearer x");
        assertThat(ApiKeyFilter.presentedKey(bearer)).isNull();
    }
}
