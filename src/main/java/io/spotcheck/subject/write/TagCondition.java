package io.spotcheck.subject.write;

import java.time.LocalDate;
import java.util.List;

/**
 * When a tag rule holds: the structured part of {@code SubjectFilter}, evaluated in Java against one
 * subject (no free text, no tag clauses, so rules never depend on each other), plus what the
 * departments' latest results found. Lists are OR within themselves, fields AND; null or empty means "any".
 *
 * @param industryCodes GB/T 4754 codes at any level: H62 holds for H6210
 * @param departmentRisks "DEPT:CLASS"
 * @param notLists list memberships none of which may hold
 * @param findings "DEPT:RESULTCODE" keys (any of) of the departments' latest results, e.g. SCJG:UNREACHABLE_AT_REGISTERED_ADDRESS
 * @param problemFoundBy departments (any of) whose latest result here found a problem
 */
public record TagCondition(
        List<String> kinds,
        List<String> types,
        List<String> statuses,
        List<String> regionCodes,
        List<String> supervisingUnits,
        List<String> industryCodes,
        List<String> riskClasses,
        List<String> publicCreditClasses,
        List<String> departmentRisks,
        List<String> lists,
        List<String> notLists,
        List<String> licences,
        LocalDate establishedFrom,
        LocalDate establishedTo,
        Double capitalMin,
        Double capitalMax,
        List<String> findings,
        List<String> problemFoundBy) {

    public TagCondition {
        kinds = copy(kinds);
        types = copy(types);
        statuses = copy(statuses);
        regionCodes = copy(regionCodes);
        supervisingUnits = copy(supervisingUnits);
        industryCodes = copy(industryCodes);
        riskClasses = copy(riskClasses);
        publicCreditClasses = copy(publicCreditClasses);
        departmentRisks = copy(departmentRisks);
        lists = copy(lists);
        notLists = copy(notLists);
        licences = copy(licences);
        findings = copy(findings);
        problemFoundBy = copy(problemFoundBy);
    }

    /** True when no criterion is set: such a rule would tag the whole directory, which is refused. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return kinds.isEmpty() && types.isEmpty() && statuses.isEmpty() && regionCodes.isEmpty() && supervisingUnits.isEmpty()
                && industryCodes.isEmpty() && riskClasses.isEmpty() && publicCreditClasses.isEmpty() && departmentRisks.isEmpty()
                && lists.isEmpty() && notLists.isEmpty() && licences.isEmpty() && establishedFrom == null && establishedTo == null
                && capitalMin == null && capitalMax == null && findings.isEmpty() && problemFoundBy.isEmpty();
    }

    private static List<String> copy(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
    }

    /** A builder-ish starting point for tests and seeds. */
    public static TagCondition none() {
        return new TagCondition(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public TagCondition withIndustryCodes(List<String> v) {
        return new TagCondition(kinds, types, statuses, regionCodes, supervisingUnits, v, riskClasses, publicCreditClasses,
                departmentRisks, lists, notLists, licences, establishedFrom, establishedTo, capitalMin, capitalMax,
                findings, problemFoundBy);
    }

    public TagCondition withLicences(List<String> v) {
        return new TagCondition(kinds, types, statuses, regionCodes, supervisingUnits, industryCodes, riskClasses,
                publicCreditClasses, departmentRisks, lists, notLists, v, establishedFrom, establishedTo, capitalMin, capitalMax,
                findings, problemFoundBy);
    }

    public TagCondition withLists(List<String> v) {
        return new TagCondition(kinds, types, statuses, regionCodes, supervisingUnits, industryCodes, riskClasses,
                publicCreditClasses, departmentRisks, v, notLists, licences, establishedFrom, establishedTo, capitalMin, capitalMax,
                findings, problemFoundBy);
    }

    public TagCondition withStatuses(List<String> v) {
        return new TagCondition(kinds, types, v, regionCodes, supervisingUnits, industryCodes, riskClasses, publicCreditClasses,
                departmentRisks, lists, notLists, licences, establishedFrom, establishedTo, capitalMin, capitalMax,
                findings, problemFoundBy);
    }

    public TagCondition withRegionCodes(List<String> v) {
        return new TagCondition(kinds, types, statuses, v, supervisingUnits, industryCodes, riskClasses, publicCreditClasses,
                departmentRisks, lists, notLists, licences, establishedFrom, establishedTo, capitalMin, capitalMax,
                findings, problemFoundBy);
    }

    public TagCondition withRiskClasses(List<String> v) {
        return new TagCondition(kinds, types, statuses, regionCodes, supervisingUnits, industryCodes, v, publicCreditClasses,
                departmentRisks, lists, notLists, licences, establishedFrom, establishedTo, capitalMin, capitalMax,
                findings, problemFoundBy);
    }

    public TagCondition withNotLists(List<String> v) {
        return new TagCondition(kinds, types, statuses, regionCodes, supervisingUnits, industryCodes, riskClasses,
                publicCreditClasses, departmentRisks, lists, v, licences, establishedFrom, establishedTo, capitalMin, capitalMax,
                findings, problemFoundBy);
    }

    public TagCondition withFindings(List<String> v) {
        return new TagCondition(kinds, types, statuses, regionCodes, supervisingUnits, industryCodes, riskClasses,
                publicCreditClasses, departmentRisks, lists, notLists, licences, establishedFrom, establishedTo, capitalMin, capitalMax,
                v, problemFoundBy);
    }

    public TagCondition withProblemFoundBy(List<String> v) {
        return new TagCondition(kinds, types, statuses, regionCodes, supervisingUnits, industryCodes, riskClasses,
                publicCreditClasses, departmentRisks, lists, notLists, licences, establishedFrom, establishedTo, capitalMin, capitalMax,
                findings, v);
    }

    public TagCondition withCapital(Double min, Double max) {
        return new TagCondition(kinds, types, statuses, regionCodes, supervisingUnits, industryCodes, riskClasses,
                publicCreditClasses, departmentRisks, lists, notLists, licences, establishedFrom, establishedTo, min, max,
                findings, problemFoundBy);
    }
}
