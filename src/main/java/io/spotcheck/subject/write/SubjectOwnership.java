package io.spotcheck.subject.write;

import io.spotcheck.department.Department;
import io.spotcheck.security.Caller;
import io.spotcheck.subject.Subject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Who owns a subject's master data (docs/SUBJECT-WRITE.md, "Who owns what"): the department that
 * registered it — the department whose code, name or short name is the subject's
 * {@code registrationAuthority} (登记机关) — acting through its staff or its registration feed
 * (automation with {@code subjects:import}). A subject whose registration authority is none of the
 * district's departments (registered elsewhere, or not stated) has no owner here. Other
 * departments add only what is theirs (their tags, their results and findings), never master data.
 * Plain Java: unit-testable without Spring.
 */
public final class SubjectOwnership {

    private SubjectOwnership() {}

    /** The master-data fields, in SubjectInput's order: everything a write sets except the code. */
    public static final List<String> MASTER_FIELDS = List.of("kind", "type", "name", "formerNames", "legalRepresentative", "address",
            "ownerCode", "registrationAuthority", "regionCode", "supervisingUnit", "industryCode", "status", "establishedOn",
            "registeredCapital", "risk", "lists", "licences");

    /** The owning department's code for a registration authority, or null when none of {@code departments} registered it. */
    public static String owner(String registrationAuthority, Collection<Department> departments) {
        if (registrationAuthority == null || registrationAuthority.isBlank()) {
            return null;
        }
        String ra = registrationAuthority.strip();
        for (Department d : departments) {
            if (ra.equals(d.code()) || ra.equals(d.name()) || ra.equals(d.shortName())) {
                return d.code();
            }
        }
        return null;
    }

    /**
     * Why {@code caller} may not write {@code next} over {@code existing} (null: it may): a stored
     * subject's master data is changed only by its owner; a new subject (or a change of the
     * registration authority) may name only the caller's own department as registration authority.
     */
    public static FieldError refusal(Caller caller, Subject existing, SubjectInput next, Collection<Department> departments) {
        if (caller.isPlatformAdmin()) {
            return null;
        }
        String owner = existing == null ? null : owner(existing.registrationAuthority(), departments);
        if (owner != null && !caller.actsFor(owner)) {
            return FieldError.of("NOT_OWNER", "subject " + existing.code() + " was registered by " + owner + ", which alone changes its master data ("
                    + String.join(", ", changedFields(existing, next)) + "); a department adds only its own tags (setSubjectTags) and results",
                    "input");
        }
        String claimed = owner(next.registrationAuthority(), departments);
        if (claimed != null && !caller.actsFor(claimed)
                && (existing == null || !Objects.equals(claimed, owner))) {
            return FieldError.of("NOT_OWNER", "registrationAuthority names " + claimed + "; only " + claimed
                    + " (its staff or its registration feed) records subjects it registered", "input", "registrationAuthority");
        }
        return null;
    }

    /** Master fields whose value differs between the stored subject and the input (all of them for a new subject). */
    public static List<String> changedFields(Subject s, SubjectInput in) {
        List<String> changed = new ArrayList<>();
        if (s == null) {
            return MASTER_FIELDS;
        }
        Subject.Risk risk = in.risk() == null ? null
                : new Subject.Risk(in.risk().comprehensive(), in.risk().publicCredit(), in.risk().departments(), in.risk().asOf());
        Object[][] pairs = {
                {"kind", s.kind(), in.kind()}, {"type", s.type(), in.type()}, {"name", s.name(), in.name()},
                {"formerNames", nullIfEmpty(s.formerNames()), nullIfEmpty(in.formerNames())},
                {"legalRepresentative", s.legalRepresentative(), in.legalRepresentative()}, {"address", s.address(), in.address()},
                {"ownerCode", s.ownerCode(), in.ownerCode()}, {"registrationAuthority", s.registrationAuthority(), in.registrationAuthority()},
                {"regionCode", s.regionCode(), in.regionCode()}, {"supervisingUnit", s.supervisingUnit(), in.supervisingUnit()},
                {"industryCode", s.industryCode(), in.industryCode()}, {"status", s.status(), in.status()},
                {"establishedOn", s.establishedOn(), in.establishedOn()}, {"registeredCapital", s.registeredCapital(), in.registeredCapital()},
                {"risk", s.risk(), risk}, {"lists", nullIfEmpty(s.lists()), nullIfEmpty(in.lists())},
                {"licences", nullIfEmpty(s.licences()), nullIfEmpty(in.licences())}};
        for (Object[] p : pairs) {
            if (!Objects.equals(p[1], p[2])) {
                changed.add((String) p[0]);
            }
        }
        return changed;
    }

    private static List<String> nullIfEmpty(List<String> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    /**
     * The input with every field it leaves out (null) taken from the stored subject: a write
     * changes only the fields it names; {@code clear} names the optional fields to erase.
     */
    public static SubjectInput keepUnnamed(SubjectInput in, Subject s, Collection<String> clear) {
        if (s == null) {
            return in;
        }
        SubjectInput.RiskInput storedRisk = s.risk() == null ? null
                : new SubjectInput.RiskInput(s.risk().comprehensive(), s.risk().publicCredit(), s.risk().departments(), s.risk().asOf());
        return new SubjectInput(in.code(),
                pick(in.kind(), s.kind(), "kind", clear), pick(in.type(), s.type(), "type", clear), pick(in.name(), s.name(), "name", clear),
                pick(in.formerNames(), s.formerNames(), "formerNames", clear),
                pick(in.legalRepresentative(), s.legalRepresentative(), "legalRepresentative", clear),
                pick(in.address(), s.address(), "address", clear), pick(in.ownerCode(), s.ownerCode(), "ownerCode", clear),
                pick(in.registrationAuthority(), s.registrationAuthority(), "registrationAuthority", clear),
                pick(in.regionCode(), s.regionCode(), "regionCode", clear), pick(in.supervisingUnit(), s.supervisingUnit(), "supervisingUnit", clear),
                pick(in.industryCode(), s.industryCode(), "industryCode", clear), pick(in.status(), s.status(), "status", clear),
                pick(in.establishedOn(), s.establishedOn(), "establishedOn", clear),
                pick(in.registeredCapital(), s.registeredCapital(), "registeredCapital", clear), pick(in.risk(), storedRisk, "risk", clear),
                pick(in.lists(), s.lists(), "lists", clear), pick(in.licences(), s.licences(), "licences", clear));
    }

    private static <T> T pick(T given, T stored, String field, Collection<String> clear) {
        if (clear != null && clear.contains(field)) {
            return null;
        }
        return given != null ? given : stored;
    }
}
