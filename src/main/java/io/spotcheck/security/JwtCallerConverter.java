package io.spotcheck.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Reads the caller from token claims: {@code sub}, {@code name}, {@code dept}, {@code agency},
 * {@code roles} (names of {@link Role}) and {@code scope} (space-separated, for automation).
 */
public class JwtCallerConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        return new CallerAuthentication(toCaller(jwt));
    }

    static Caller toCaller(Jwt jwt) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Object claim = jwt.getClaims().get("roles");
        if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                try {
                    roles.add(Role.valueOf(String.valueOf(value)));
                } catch (IllegalArgumentException e) {
                    throw new InvalidBearerTokenException("the token names an unknown role");
                }
            }
        }
        if (roles.isEmpty()) {
            throw new InvalidBearerTokenException("the token grants no role");
        }
        String department = jwt.getClaimAsString("dept");
        if ((department == null || department.isBlank()) && !roles.contains(Role.PLATFORM_ADMIN)
                && roles.stream().anyMatch(r -> r != Role.AUTOMATION)) {
            // A department role without its department would otherwise read as "every department".
            throw new InvalidBearerTokenException("a department role needs the dept claim");
        }
        String scope = jwt.getClaimAsString("scope");
        Set<String> scopes = scope == null || scope.isBlank() ? Set.of() : Set.copyOf(List.of(scope.trim().split("\\s+")));
        String name = jwt.getClaimAsString("name");
        // sub, dept, agency and name were checked by CallerClaimsValidator when the token was decoded
        return new Caller(jwt.getSubject(), name == null || name.isBlank() ? jwt.getSubject() : name.strip(),
                department, jwt.getClaimAsString("agency"), roles, scopes);
    }
}
