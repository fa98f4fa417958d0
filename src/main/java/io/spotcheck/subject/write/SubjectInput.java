package io.spotcheck.subject.write;

import java.time.LocalDate;
import java.util.List;

/**
 * What a caller may set on a subject: everything but tags, derived fields and timestamps. The same
 * record is bound from the GraphQL input {@code SubjectInput} and built from every import line.
 */
public record SubjectInput(
        String code,
        String kind,
        String type,
        String name,
        List<String> formerNames,
        String legalRepresentative,
        String address,
        String ownerCode,
        String registrationAuthority,
        String regionCode,
        String supervisingUnit,
        String industryCode,
        String status,
        LocalDate establishedOn,
        Double registeredCapital,
        RiskInput risk,
        List<String> lists,
        List<String> licences) {

    /** Credit-risk classes as delivered by the risk models. */
    public record RiskInput(String comprehensive, String publicCredit, List<String> departments, LocalDate asOf) {}
}
