package io.spotcheck.subject.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.department.Department;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.subject.Subject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubjectOwnershipTest {

    static final List<Department> DEPARTMENTS = List.of(
            new Department("SCJG", "杭州市萧山区市场监督管理局", "区市场监管局", List.of()),
            new Department("WSJK", "杭州市萧山区卫生健康局", "区卫健局", List.of()));

    static Caller operator(String department) {
        return new Caller(department + "-op", "op", department, department + "-BUREAU", Set.of(Role.DEPT_OPERATOR), Set.of());
    }

    static Subject stored(String authority) {
        return SubjectMerger.merge(input(authority, "ACTIVE", "张三"), null, List.of(), java.time.Instant.now());
    }

    static SubjectInput input(String authority, String status, String legalRepresentative) {
        return new SubjectInput("91330109MA0000001X", "ORGANISATION", "ENTERPRISE", "企业", null, legalRepresentative, "地址", null, authority,
                "330109001", null, null, status, null, null, null, null, null);
    }

    @Test
    void theRegisteringDepartmentIsFoundByCodeNameOrShortName() {
        assertThat(SubjectOwnership.owner("杭州市萧山区市场监督管理局", DEPARTMENTS)).isEqualTo("SCJG");
        assertThat(SubjectOwnership.owner("区卫健局", DEPARTMENTS)).isEqualTo("WSJK");
        assertThat(SubjectOwnership.owner("SCJG", DEPARTMENTS)).isEqualTo("SCJG");
        assertThat(SubjectOwnership.owner("杭州市滨江区市场监督管理局", DEPARTMENTS)).isNull();
        assertThat(SubjectOwnership.owner(null, DEPARTMENTS)).isNull();
    }

    @Test
    void anotherDepartmentMayNotChangeMasterDataButTheOwnerAndPlatformAdminsMay() {
        Subject scjgs = stored("区市场监管局");
        SubjectInput deregistered = input("区市场监管局", "DEREGISTERED", "张三");
        FieldError refusal = SubjectOwnership.refusal(operator("WSJK"), scjgs, deregistered, DEPARTMENTS);
        assertThat(refusal.code()).isEqualTo("NOT_OWNER");
        assertThat(refusal.message()).contains("SCJG").contains("status");
        assertThat(SubjectOwnership.refusal(operator("SCJG"), scjgs, deregistered, DEPARTMENTS)).isNull();
        Caller admin = new Caller("admin", "admin", null, null, Set.of(Role.PLATFORM_ADMIN), Set.of());
        assertThat(SubjectOwnership.refusal(admin, scjgs, deregistered, DEPARTMENTS)).isNull();
        // an unowned subject (registered elsewhere) is anybody's to correct
        assertThat(SubjectOwnership.refusal(operator("WSJK"), stored("外区登记机关"), input("外区登记机关", "REVOKED", null), DEPARTMENTS)).isNull();
        // nobody records a subject under another department's registration
        assertThat(SubjectOwnership.refusal(operator("WSJK"), null, input("区市场监管局", "ACTIVE", null), DEPARTMENTS).field())
                .containsExactly("input", "registrationAuthority");
    }

    @Test
    void fieldsLeftOutKeepTheirStoredValuesAndClearErasesThem() {
        Subject s = stored("区市场监管局");
        SubjectInput partial = new SubjectInput(s.code(), null, null, null, null, null, "新地址", null, null, null, null, null, "REVOKED", null,
                null, null, null, null);
        SubjectInput kept = SubjectOwnership.keepUnnamed(partial, s, List.of());
        assertThat(kept.legalRepresentative()).isEqualTo("张三");
        assertThat(kept.name()).isEqualTo("企业");
        assertThat(kept.address()).isEqualTo("新地址");
        assertThat(SubjectOwnership.changedFields(s, kept)).containsExactly("address", "status");
        assertThat(SubjectOwnership.keepUnnamed(partial, s, List.of("legalRepresentative")).legalRepresentative()).isNull();
    }
}
