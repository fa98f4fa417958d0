package io.spotcheck.inspector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotcheck.inspector.InspectorDirectory.Visibility;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.system.SpotcheckException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InspectorAccessTest {

    static Caller caller(String department, String agency, Set<String> scopes, Role... roles) {
        return new Caller("c", "c", department, agency, Set.of(roles), scopes);
    }

    @Test
    void readersSeeAllTheirDepartmentOrTheirAgency() {
        assertThat(InspectorAccess.readScope(caller(null, null, Set.of(), Role.PLATFORM_ADMIN))).isEqualTo(Visibility.ALL);
        assertThat(InspectorAccess.readScope(caller("SCJG", "SCJG-S01", Set.of(), Role.DEPT_OPERATOR)))
                .isEqualTo(new Visibility("SCJG", null));
        assertThat(InspectorAccess.readScope(caller("SCJG", "SCJG-S01", Set.of(), Role.AGENCY_REVIEWER)))
                .isEqualTo(new Visibility("SCJG", "SCJG-S01"));
        assertThat(InspectorAccess.readScope(caller("SCJG", null, Set.of(InspectorAccess.READ_SCOPE), Role.AUTOMATION)))
                .isEqualTo(new Visibility("SCJG", null));
    }

    @Test
    void thePublicAndCallersWithoutADepartmentRoleAreRefused() {
        for (Caller c : new Caller[] {Caller.ANONYMOUS, caller("SCJG", null, Set.of("subjects:import"), Role.AUTOMATION),
                caller("SCJG", null, Set.of(), Role.AGENCY_REVIEWER), caller(null, null, Set.of(), Role.DEPT_ADMIN)}) {
            assertThatThrownBy(() -> InspectorAccess.readScope(c)).isInstanceOf(SpotcheckException.class).hasMessageContaining("");
        }
    }

    @Test
    void onlyTheDepartmentAdministratorOrAPlatformAdminMayChange() {
        assertThat(InspectorAccess.mayChange(caller("SCJG", null, Set.of(), Role.DEPT_ADMIN), "SCJG")).isTrue();
        assertThat(InspectorAccess.mayChange(caller(null, null, Set.of(), Role.PLATFORM_ADMIN), "SCJG")).isTrue();
        assertThat(InspectorAccess.mayChange(caller("WSJK", null, Set.of(), Role.DEPT_ADMIN), "SCJG")).isFalse();
        assertThat(InspectorAccess.mayChange(caller("SCJG", null, Set.of(), Role.DEPT_OPERATOR), "SCJG")).isFalse();
    }

    @Test
    void maskingKeepsOnlyTheEnds() {
        assertThat(InspectorAccess.maskCertificate("浙执法330109012345")).isEqualTo("浙执法330*******45");
        assertThat(InspectorAccess.maskCertificate("AB12")).isEqualTo("AB**");
        assertThat(InspectorAccess.maskPhone("13812345678")).isEqualTo("138****5678");
        assertThat(InspectorAccess.maskCertificate(null)).isNull();
    }
}
