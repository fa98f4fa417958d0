package io.spotcheck.subject;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentifierMaskingTest {

    private static final Caller REVIEWER = new Caller("r", "r", "SCJG", "SCJG-S01", Set.of(Role.AGENCY_REVIEWER), Set.of());
    private static final Caller OPERATOR = new Caller("o", "o", "SCJG", "SCJG-BUREAU", Set.of(Role.DEPT_OPERATOR), Set.of());
    private static final String PERSON_ID = "330109199001011234";
    private static final String ORGANISATION = CreditCode.complete("91330109MA2ABCDE0");

    private static Subject vehicle(String owner) {
        return new Subject("浙A12345", "ATTACHED_OBJECT", "VEHICLE", "货车 浙A12345", List.of(), null, null, owner,
                null, "330109001", "SCJG-S01", null, List.of(), "ACTIVE", LocalDate.of(2020, 1, 1), null, null,
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Instant.parse("2026-01-01T00:00:00Z"))
                .withPublicKey("浙A12345");
    }

    @Test
    void anObjectOwnedByAPersonShowsItsOwnerMaskedToCallersWhoSeePersonsMasked() {
        Subject masked = IdentifierMasking.forCaller(vehicle(PERSON_ID), REVIEWER);
        assertThat(masked.ownerCode()).isEqualTo("330109********1234").doesNotContain("19900101");
        assertThat(masked.code()).isEqualTo("浙A12345");
        assertThat(masked.publicKey()).isEqualTo("浙A12345");
    }

    @Test
    void anObjectOwnedByAnOrganisationKeepsItsOwnerAndCallersWhoSeePersonsSeeTheOwnerInClear() {
        assertThat(IdentifierMasking.forCaller(vehicle(ORGANISATION), REVIEWER).ownerCode()).isEqualTo(ORGANISATION);
        assertThat(IdentifierMasking.forCaller(vehicle(PERSON_ID), OPERATOR).ownerCode()).isEqualTo(PERSON_ID);
    }
}
