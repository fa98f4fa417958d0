package io.spotcheck.subject;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One entry of the subject directory (检查对象名录库), exactly as stored in the {@code subjects}
 * index (id = {@link #code}). Organisations are keyed by their unified social credit code; natural
 * persons by their identifier (never shown unmasked to roles that do not need it); attached
 * objects by their own registration number, with {@link #ownerCode} naming the organisation.
 *
 * @param code unified social credit code (18 chars, GB 32100 check character) or other identifier
 * @param kind ORGANISATION, NATURAL_PERSON or ATTACHED_OBJECT
 * @param type ENTERPRISE, INDIVIDUAL_BUSINESS, COOPERATIVE, OTHER_ORGANISATION, PERSON, EQUIPMENT, VEHICLE, PREMISES
 * @param name current name
 * @param formerNames earlier names
 * @param legalRepresentative 法定代表人 / 经营者
 * @param address registered address
 * @param ownerCode owning organisation of an attached object
 * @param registrationAuthority 登记机关
 * @param regionCode jurisdiction (town/street code) — decides which agency inspects
 * @param supervisingUnit 管辖单位 / 片区
 * @param industryCode GB/T 4754 code, e.g. H6210
 * @param industryPath the code's ancestors and itself, e.g. [H, H62, H621, H6210], for hierarchical facets
 * @param status ACTIVE (存续), REVOKED (吊销), DEREGISTERED (注销), MOVED_OUT (迁出)
 * @param establishedOn 成立日期
 * @param registeredCapital in 10,000 CNY (万元)
 * @param risk credit-risk classes per model
 * @param lists list memberships: ANOMALY (经营异常名录), SERIOUS_VIOLATION (严重违法失信名单)
 * @param licences licence kinds held, e.g. FOOD_BUSINESS
 * @param lastInspections last inspection per item and department
 * @param lastResults each department's latest inspection result here (its codes and whether it found a problem)
 * @param findings flattened "DEPT:RESULTCODE" keys of {@link #lastResults}, for filters and tag rules
 * @param tags department-owned tags with provenance
 * @param tagKeys flattened "DEPT:tag" keys of {@link #tags}, for filters and facets
 * @param updatedAt last change
 * @param publicKey the public member key that names the subject in public draw artefacts: an organisation's or
 *                  object's code; for a natural person "NP" and 32 random hex digits drawn once when it entered the
 *                  directory, never derived from the ID number and never changed (docs/DRAW-ALGORITHM.md)
 */
public record Subject(
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
        List<String> industryPath,
        String status,
        LocalDate establishedOn,
        Double registeredCapital,
        Risk risk,
        List<String> lists,
        List<String> licences,
        List<LastInspection> lastInspections,
        List<LastResult> lastResults,
        List<String> findings,
        List<Tag> tags,
        List<String> tagKeys,
        Instant updatedAt,
        String publicKey) {

    /** Without a public key (filled in by {@link PublicKeys} on every write path). */
    public Subject(String code, String kind, String type, String name, List<String> formerNames, String legalRepresentative,
                   String address, String ownerCode, String registrationAuthority, String regionCode, String supervisingUnit,
                   String industryCode, List<String> industryPath, String status, LocalDate establishedOn, Double registeredCapital,
                   Risk risk, List<String> lists, List<String> licences, List<LastInspection> lastInspections,
                   List<LastResult> lastResults, List<String> findings, List<Tag> tags, List<String> tagKeys, Instant updatedAt) {
        this(code, kind, type, name, formerNames, legalRepresentative, address, ownerCode, registrationAuthority, regionCode,
                supervisingUnit, industryCode, industryPath, status, establishedOn, registeredCapital, risk, lists, licences,
                lastInspections, lastResults, findings, tags, tagKeys, updatedAt, null);
    }

    /** The same subject with {@code key} as its public key. */
    public Subject withPublicKey(String key) {
        return new Subject(code, kind, type, name, formerNames, legalRepresentative, address, ownerCode, registrationAuthority, regionCode,
                supervisingUnit, industryCode, industryPath, status, establishedOn, registeredCapital, risk, lists, licences,
                lastInspections, lastResults, findings, tags, tagKeys, updatedAt, key);
    }

    /**
     * @param comprehensive 综合信用风险分类 A–D
     * @param publicCredit 公共信用评价 A–D
     * @param departments industry risk per department, "DEPT:CLASS" (e.g. "WSJK:C")
     * @param asOf when the classes were last computed
     */
    public record Risk(String comprehensive, String publicCredit, List<String> departments, LocalDate asOf) {}

    /** The last time {@code department} checked {@code item} at this subject. */
    public record LastInspection(String item, String department, LocalDate date, String taskId) {}

    /**
     * The latest result a department entered for this subject (检查结果): later inspections replace
     * earlier ones, a re-submission of the same task replaces its own entry.
     *
     * @param department the inspecting department
     * @param taskId the task of that inspection
     * @param inspectionDate when
     * @param resultCodes its result codes, parents included (e.g. PROBLEM_PENDING with its sub-code)
     * @param problemFound whether it found a problem (问题检出)
     */
    public record LastResult(String department, String taskId, LocalDate inspectionDate, List<String> resultCodes,
                             Boolean problemFound) {}

    /**
     * A regulatory tag (监管标签), owned by a department.
     *
     * @param department owner; only it changes the tag
     * @param name tag name, e.g. 餐饮
     * @param source MANUAL or RULE
     * @param rule id of the tag rule that set it, when {@code source} is RULE
     * @param by who set it (user id, API key id or "rule")
     * @param at when
     * @param validUntil expiry, or null
     */
    public record Tag(String department, String name, String source, String rule, String by, Instant at, LocalDate validUntil) {

        public String key() {
            return department + ":" + name;
        }
    }
}
