package io.spotcheck.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.SpotcheckException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    final Caller operator = new Caller("u", "u", "SCJG", "SCJG-BUREAU", Set.of(Role.DEPT_OPERATOR), Set.of());
    final Caller script = new Caller("k", "k", "SCJG", null, Set.of(Role.AUTOMATION), Set.of("subjects:import"));

    @Test
    void aDepartmentCallerActsOnlyForItsOwnDepartment() {
        assertThat(operator.actsFor("SCJG")).isTrue();
        assertThat(operator.actsFor("WSJK")).isFalse();
        assertThatThrownBy(() -> operator.requireDepartment("WSJK"))
                .isInstanceOfSatisfying(SpotcheckException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void automationNeedsTheNamedScopeAndPeopleNeedTheRole() {
        assertThat(script.require("subjects:import", Role.DEPT_OPERATOR)).isSameAs(script);
        assertThatThrownBy(() -> script.require("stats:read", Role.DEPT_OPERATOR)).isInstanceOf(SpotcheckException.class);
        assertThat(operator.require("subjects:import", Role.DEPT_OPERATOR)).isSameAs(operator);
        assertThatThrownBy(() -> Caller.ANONYMOUS.require("subjects:import", Role.DEPT_OPERATOR))
                .isInstanceOfSatisfying(SpotcheckException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void automationReadsADepartmentsDataOnlyWithTheReadScopeAndPeopleByTheirRole() {
        assertThat(script.mayRead("tasks:read")).isFalse();
        assertThat(new Caller("k", "k", "SCJG", null, Set.of(Role.AUTOMATION), Set.of("tasks:read")).mayRead("tasks:read")).isTrue();
        assertThat(operator.mayRead("tasks:read")).isTrue();
        assertThat(Caller.ANONYMOUS.mayRead("tasks:read")).isFalse();
    }

    @Test
    void aTokenWithADepartmentRoleButNoDepartmentIsRefused() {
        assertThatThrownBy(() -> JwtCallerConverter.toCaller(jwt(null, "DEPT_ADMIN")))
                .isInstanceOf(org.springframework.security.oauth2.server.resource.InvalidBearerTokenException.class);
        assertThat(JwtCallerConverter.toCaller(jwt("SCJG", "DEPT_ADMIN")).department()).isEqualTo("SCJG");
        assertThat(JwtCallerConverter.toCaller(jwt(null, "PLATFORM_ADMIN")).isPlatformAdmin()).isTrue();
    }

    static org.springframework.security.oauth2.jwt.Jwt jwt(String department, String role) {
        var builder = org.springframework.security.oauth2.jwt.Jwt.withTokenValue("t").header("alg", "HS256").subject("someone")
                .claim("roles", java.util.List.of(role));
        if (department != null) {
            builder.claim("dept", department);
        }
        return builder.build();
    }
}
