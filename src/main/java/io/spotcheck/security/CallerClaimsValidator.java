package io.spotcheck.security;

import io.spotcheck.system.InputLimits;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The claims a {@link Caller} is built from must be usable as they are, or the token is refused
 * (401 UNAUTHENTICATED) like a badly signed one: a caller without an id would fail every resolver
 * that names who acts, and a department or agency outside its code form would be matched, stored
 * and shown as if it were one. Runs in the {@code JwtDecoder}'s validators, so the HTTP chain and
 * graphql-ws {@code connection_init} refuse the same tokens, and a cached token is checked again.
 */
final class CallerClaimsValidator implements OAuth2TokenValidator<Jwt> {

    /** Longest subject accepted; identity providers' ids (UUIDs, "provider|id") are far shorter. */
    static final int MAX_SUBJECT = 128;
    /** Ids the server gives the public itself; a token naming one would pass for the public in audit entries. */
    private static final Set<String> RESERVED = Set.of(Caller.ANONYMOUS.id(), Caller.ANONYMOUS.name());
    /** Ids of API keys: only an API key acts under one, so audit entries and rate limits stay its own. */
    private static final Pattern API_KEY_ID = Pattern.compile("ak_[0-9a-f]{16}");

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        String problem = subjectProblem(jwt.getClaims().get("sub"));
        if (problem == null) {
            problem = codeProblem(jwt.getClaims().get("dept"), "dept", InputLimits.DEPARTMENT, "a department code such as SCJG");
        }
        if (problem == null) {
            problem = codeProblem(jwt.getClaims().get("agency"), "agency", InputLimits.AGENCY, "an agency id such as SCJG-S01");
        }
        if (problem == null) {
            problem = nameProblem(jwt.getClaims().get("name"));
        }
        return problem == null ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", problem, null));
    }

    static String subjectProblem(Object sub) {
        if (!(sub instanceof String s)) {
            return sub == null ? "the token names no subject (sub)" : "the token's subject (sub) is not a string";
        }
        String text = InputLimits.textProblem(s, MAX_SUBJECT);
        if (text != null) {
            return "the token's subject (sub) " + text;
        }
        if (!s.equals(s.strip())) {
            return "the token's subject (sub) may not start or end with white space";
        }
        if (RESERVED.contains(s.toLowerCase(Locale.ROOT)) || API_KEY_ID.matcher(s).matches()) {
            return "the token's subject (sub) is a name the server reserves";
        }
        return null;
    }

    /** Absent is fine (who needs one is the converter's rule); present, it is a string of the code's form. */
    private static String codeProblem(Object value, String claim, Pattern form, String what) {
        if (value == null || (value instanceof String s && form.matcher(s).matches())) {
            return null;
        }
        return "the token's " + claim + " claim is not " + what;
    }

    private static String nameProblem(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            return "the token's name claim is not a string";
        }
        if (s.isBlank()) {
            return null; // the caller is then shown by its subject
        }
        String text = InputLimits.textProblem(s, InputLimits.NAME);
        return text == null ? null : "the token's name claim " + text;
    }
}
