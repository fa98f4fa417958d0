package io.spotcheck.subject;

import io.spotcheck.department.Department;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.department.Jurisdiction;
import io.spotcheck.api.Connection;
import io.spotcheck.api.Edge;
import io.spotcheck.api.FacetBucket;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import graphql.schema.DataFetchingFieldSelectionSet;
import graphql.schema.SelectedField;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * The read side of the subject directory. Thin: access and masking decisions, then
 * {@link SubjectSearch} does the one Elasticsearch request; nested departments, agencies and
 * jurisdictions come through batch loaders, a fixed number of requests however many subjects.
 */
@Controller
class SubjectController {

    static final String READ_SCOPE = "subjects:read";
    static final Role[] READERS = {Role.PLATFORM_ADMIN, Role.DEPT_ADMIN, Role.DEPT_OPERATOR, Role.AGENCY_REVIEWER,
            Role.INSPECTOR};

    private final SubjectSearch search;
    private final DepartmentDirectory directory;
    private final IndustryCatalog industries;

    private final io.spotcheck.privacy.PersonsInView persons;

    SubjectController(SubjectSearch search, DepartmentDirectory directory, IndustryCatalog industries,
                      io.spotcheck.privacy.PersonsInView persons) {
        this.persons = persons;
        this.search = search;
        this.directory = directory;
        this.industries = industries;
    }

    @QueryMapping
    Connection<Subject> subjects(Caller caller, @Argument SubjectFilter filter, @Argument SubjectSort sort,
                               @Argument Integer first, @Argument String after, DataFetchingFieldSelectionSet selection) {
        caller.require(READ_SCOPE, READERS);
        List<String> unders = new ArrayList<>();
        for (SelectedField field : selection.getFields("facets/industry")) {
            Object under = field.getArguments().get("under");
            unders.add(under == null ? null : under.toString());
        }
        SubjectSearch.Wants wants = new SubjectSearch.Wants(selection.contains("totalCount"), selection.contains("facets"),
                unders, selection.contains("edges/cursor") || selection.contains("pageInfo/endCursor")
                || selection.contains("pageInfo/startCursor"));
        SubjectSearch.Result result = search.search(filter, sort, first == null ? 20 : first, after, wants,
                IdentifierMasking.seesIdentifiers(caller));
        List<Edge<Subject>> edges = new ArrayList<>(result.rows().size());
        // One point-in-time handle for the page, made when the first cursor is asked for.
        Integer[] handle = new Integer[1];
        boolean[] made = new boolean[1];
        java.util.function.Supplier<Integer> pitHandle = () -> {
            if (!made[0]) {
                handle[0] = search.pitHandle(result.pit());
                made[0] = true;
            }
            return handle[0];
        };
        for (SubjectSearch.Row row : result.rows()) {
            edges.add(new Edge<>(present(row.subject(), caller), () -> search.encode(pitHandle.get(), row.sort(), result.fingerprint())));
        }
        return Connection.of(edges, result.hasNextPage(), result.total(), facets(result));
    }

    @QueryMapping
    Subject subject(Caller caller, @Argument String code) {
        caller.require(READ_SCOPE, READERS);
        if (code == null || code.isBlank() || code.length() > 64) {
            throw io.spotcheck.system.SpotcheckException.badInput("code", "code must be 1 to 64 characters");
        }
        Subject found = search.get(code);
        // A caller who sees persons masked cannot confirm a guessed ID number here (docs/SECURITY.md, "Guessing").
        if (io.spotcheck.privacy.PersonsInView.hidden(persons, caller, code, found != null && "NATURAL_PERSON".equals(found.kind()))) {
            return null;
        }
        return present(found, caller);
    }

    @SchemaMapping(typeName = "SubjectFacets", field = "industry")
    List<IndustryBucket> industry(SubjectFacets facets, @Argument String under) {
        List<FacetBucket> buckets = facets.industry().getOrDefault(under == null ? "" : under, List.of());
        List<IndustryBucket> counts = new ArrayList<>(buckets.size());
        for (FacetBucket b : buckets) {
            int level = IndustryCodes.level(b.value());
            counts.add(new IndustryBucket(b.value(), industries.label(b.value()), level, b.count(), level < 4));
        }
        return counts;
    }

    /**
     * A natural person's public member key only for callers who see the person in clear: beside the
     * masked ID it would link the public pseudonym to the person (IdentifierMasking). The masked
     * subject keeps its key internally so that its global id stays the same for every caller.
     */
    @SchemaMapping(typeName = "Subject", field = "publicKey")
    String publicKey(Subject subject, Caller caller) {
        return "NATURAL_PERSON".equals(subject.kind()) && !IdentifierMasking.seesIdentifiers(caller) ? null : subject.publicKey();
    }

    @SchemaMapping(typeName = "Subject", field = "industryLabel")
    String industryLabel(Subject subject) {
        return subject.industryCode() == null ? null : industries.label(subject.industryCode());
    }

    /** One search of the departments for the whole batch; each department's own map decides. */
    @BatchMapping(typeName = "Subject", field = "agencies")
    Map<Subject, List<Department.Agency>> agencies(List<Subject> subjects) {
        List<Department> departments = directory.allDepartments();
        Map<Subject, List<Department.Agency>> result = new LinkedHashMap<>();
        for (Subject subject : subjects) {
            List<Department.Agency> covering = new ArrayList<>();
            if (subject.regionCode() != null) {
                for (Department department : departments) {
                    Department.Agency agency = department.agencyCovering(subject.regionCode());
                    if (agency != null) {
                        covering.add(agency);
                    }
                }
            }
            result.put(subject, covering);
        }
        return result;
    }

    @BatchMapping(typeName = "Subject", field = "jurisdiction")
    Map<Subject, Jurisdiction> jurisdiction(List<Subject> subjects) {
        Set<String> codes = new HashSet<>();
        subjects.forEach(s -> {
            if (s.regionCode() != null) {
                codes.add(s.regionCode());
            }
        });
        Map<String, Jurisdiction> found = directory.jurisdictions(codes);
        Map<Subject, Jurisdiction> result = new LinkedHashMap<>();
        subjects.forEach(s -> {
            Jurisdiction j = s.regionCode() == null ? null : found.get(s.regionCode());
            if (j != null) {
                result.put(s, j);
            }
        });
        return result;
    }

    @BatchMapping(typeName = "SubjectTag", field = "owner")
    Map<Subject.Tag, Department> owner(List<Subject.Tag> tags) {
        Map<String, Department> found = directory.departments(tags.stream().map(Subject.Tag::department).toList());
        Map<Subject.Tag, Department> result = new LinkedHashMap<>();
        tags.forEach(t -> {
            Department d = found.get(t.department());
            if (d != null) {
                result.put(t, d);
            }
        });
        return result;
    }

    @BatchMapping(typeName = "JurisdictionBucket", field = "jurisdiction")
    Map<JurisdictionBucket, Jurisdiction> facetJurisdiction(List<JurisdictionBucket> counts) {
        Map<String, Jurisdiction> found = directory.jurisdictions(counts.stream().map(JurisdictionBucket::value).toList());
        Map<JurisdictionBucket, Jurisdiction> result = new LinkedHashMap<>();
        counts.forEach(c -> {
            Jurisdiction j = found.get(c.value());
            if (j != null) {
                result.put(c, j);
            }
        });
        return result;
    }

    /** Masked for the caller, with absent lists as empty lists (the schema promises lists). */
    static Subject present(Subject s, Caller caller) {
        if (s == null) {
            return null;
        }
        Subject.Risk risk = s.risk() == null ? null
                : new Subject.Risk(s.risk().comprehensive(), s.risk().publicCredit(), orEmpty(s.risk().departments()), s.risk().asOf());
        Subject normalised = new Subject(s.code(), s.kind(), s.type(), s.name(), orEmpty(s.formerNames()),
                s.legalRepresentative(), s.address(), s.ownerCode(), s.registrationAuthority(), s.regionCode(),
                s.supervisingUnit(), s.industryCode(), orEmpty(s.industryPath()), s.status(), s.establishedOn(),
                s.registeredCapital(), risk, orEmpty(s.lists()), orEmpty(s.licences()), orEmpty(s.lastInspections()),
                orEmpty(s.lastResults()), orEmpty(s.findings()),
                orEmpty(s.tags()), orEmpty(s.tagKeys()), s.updatedAt(), s.publicKey());
        return IdentifierMasking.forCaller(normalised, caller);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static SubjectFacets facets(SubjectSearch.Result result) {
        Map<String, List<FacetBucket>> f = result.facets();
        return new SubjectFacets(f.getOrDefault("kind", List.of()), f.getOrDefault("type", List.of()),
                f.getOrDefault("status", List.of()),
                f.getOrDefault("jurisdiction", List.of()).stream().map(b -> new JurisdictionBucket(b.value(), b.count())).toList(),
                f.getOrDefault("riskClass", List.of()), f.getOrDefault("tags", List.of()), f.getOrDefault("lists", List.of()),
                f.getOrDefault("findings", List.of()), result.industry());
    }

    record SubjectFacets(List<FacetBucket> kind, List<FacetBucket> type, List<FacetBucket> status,
                         List<JurisdictionBucket> jurisdiction, List<FacetBucket> riskClass,
                         List<FacetBucket> tags, List<FacetBucket> lists,
                         List<FacetBucket> findings, Map<String, List<FacetBucket>> industry) {}

    record JurisdictionBucket(String value, long count) {}

    record IndustryBucket(String value, String label, int level, long count, boolean hasChildren) {}
}
