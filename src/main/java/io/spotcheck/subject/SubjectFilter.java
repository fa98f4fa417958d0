package io.spotcheck.subject;

import java.time.LocalDate;
import java.util.List;

/**
 * One filter over the subject directory, used by faceted search and, saved, as a task scope
 * (抽取范围). Every list is OR within itself; different fields are AND. Null means "any".
 * It is the GraphQL input {@code SubjectFilter} as a plain record; {@code SubjectQueries} turns it
 * into an Elasticsearch query in one place.
 *
 * @param text free text over name, former names and address (user text, never query syntax)
 * @param namePrefix as-you-type prefix of the name
 * @param codes exact codes
 * @param kinds ORGANISATION / NATURAL_PERSON / ATTACHED_OBJECT
 * @param types subject types
 * @param statuses ACTIVE / REVOKED / DEREGISTERED / MOVED_OUT
 * @param regionCodes jurisdictions
 * @param supervisingUnits 片区
 * @param registrationAuthorities 登记机关
 * @param industryCodes GB/T 4754 codes at any level (H, H62, H6210): matches the code and all below it
 * @param riskClasses comprehensive class A–D
 * @param publicCreditClasses public credit class A–D
 * @param departmentRisks "DEPT:CLASS"
 * @param lists list memberships (any of)
 * @param notLists list memberships none of which may hold
 * @param licences licence kinds (any of)
 * @param tagsAll "DEPT:tag" keys all of which must be present
 * @param tagsAny "DEPT:tag" keys at least one of which must be present
 * @param tagsNone "DEPT:tag" keys none of which may be present
 * @param establishedFrom inclusive
 * @param establishedTo inclusive
 * @param capitalMin inclusive, 万元
 * @param capitalMax inclusive, 万元
 * @param ownerCodes attached objects of these owners
 * @param findings "DEPT:RESULTCODE" keys (any of) of the departments' latest results, e.g. SCJG:UNREACHABLE_AT_REGISTERED_ADDRESS
 */
public record SubjectFilter(
        String text,
        String namePrefix,
        List<String> codes,
        List<String> kinds,
        List<String> types,
        List<String> statuses,
        List<String> regionCodes,
        List<String> supervisingUnits,
        List<String> registrationAuthorities,
        List<String> industryCodes,
        List<String> riskClasses,
        List<String> publicCreditClasses,
        List<String> departmentRisks,
        List<String> lists,
        List<String> notLists,
        List<String> licences,
        List<String> tagsAll,
        List<String> tagsAny,
        List<String> tagsNone,
        LocalDate establishedFrom,
        LocalDate establishedTo,
        Double capitalMin,
        Double capitalMax,
        List<String> ownerCodes,
        List<String> findings) {

    public static SubjectFilter all() {
        return new SubjectFilter(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }
}
