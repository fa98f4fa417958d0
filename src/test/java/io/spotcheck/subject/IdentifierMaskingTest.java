package io.spotcheck.subject;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentifierMaskingTest {

    static Caller caller(Role role, String... scopes) {
        return new Caller("u", "u", "SCJG", null, Set.of(role), Set.of(scopes));
    }

    static Subject person() {
        return SubjectFixtures.with(SubjectFixtures.subject("330109199001011234", "u", "王小明"),
                b -> b.kind("NATURAL_PERSON", "PERSON").legalRepresentative("王小明"));
    }

    @Test
    void masksIdentifiersByTheOneRule() {
        assertThat(IdentifierMasking.mask("330109199001011234")).isEqualTo("330109********1234");
        assertThat(IdentifierMasking.mask(null)).isNull();
    }

    @Test
    void onlyInspectingAndAdministeringRolesSeePersonsInFull() {
        for (Caller c : List.of(caller(Role.PLATFORM_ADMIN), caller(Role.DEPT_ADMIN), caller(Role.DEPT_OPERATOR), caller(Role.INSPECTOR),
                caller(Role.AUTOMATION, "subjects:read", "persons:read"))) {
            Subject seen = IdentifierMasking.forCaller(person(), c);
            String role = c.roles().toString();
            assertThat(seen.code()).as(role).isEqualTo("330109199001011234");
            assertThat(seen.legalRepresentative()).isEqualTo("王小明");
            assertThat(seen.name()).isEqualTo("王小明");
        }
        for (Caller caller : List.of(caller(Role.AGENCY_REVIEWER), caller(Role.AUTOMATION, "subjects:read"), Caller.ANONYMOUS)) {
            Subject seen = IdentifierMasking.forCaller(person(), caller);
            assertThat(seen.code()).as(caller.roles().toString()).isEqualTo("330109********1234");
            assertThat(seen.legalRepresentative()).isEqualTo("王*");
            assertThat(seen.name()).isEqualTo("王*");
        }
    }

    @Test
    void organisationsAreNeverMasked() {
        Subject company = SubjectFixtures.subject("91330100716105852F", "u", "阿里巴巴（中国）有限公司");
        assertThat(IdentifierMasking.forCaller(company, caller(Role.AGENCY_REVIEWER))).isSameAs(company);
    }
}
