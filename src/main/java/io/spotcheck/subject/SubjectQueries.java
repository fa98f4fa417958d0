package io.spotcheck.subject;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The one place a {@link SubjectFilter} becomes an Elasticsearch query. User text is only ever
 * passed as the text of match queries (analysed, never parsed as query syntax).
 */
public final class SubjectQueries {

    private SubjectQueries() {}

    /** Every clause of the filter, AND-ed. */
    public static Query toQuery(SubjectFilter filter) {
        return toQuery(filter, field -> true);
    }

    /**
     * The filter without the clauses of excluded fields: a disjunctive facet counts with every
     * selection but its own.
     */
    public static Query toQuery(SubjectFilter filter, Predicate<String> includeField) {
        return toQuery(filter, includeField, true);
    }

    /**
     * @param personsInClear false for a caller who sees natural persons masked: then free text, the
     *     name prefix and exact codes never match a natural person (docs/SECURITY.md, "Guessing"),
     *     so no answer, count or facet tells such a caller whether a guessed name, address or ID
     *     number belongs to a person in the directory.
     */
    public static Query toQuery(SubjectFilter filter, Predicate<String> includeField, boolean personsInClear) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        List<Query> filters = filterClauses(filter, includeField, personsInClear);
        bool.filter(filters);
        if (filter != null && hasText(filter.text())) {
            bool.must(personsInClear ? textQuery(filter.text()) : notPerson(textQuery(filter.text())));
        }
        if (filter != null && filter.tagsNone() != null && !filter.tagsNone().isEmpty() && includeField.test("tags")) {
            bool.mustNot(terms("tagKeys", filter.tagsNone()));
        }
        if (filter != null && filter.notLists() != null && !filter.notLists().isEmpty() && includeField.test("lists")) {
            bool.mustNot(terms("lists", filter.notLists()));
        }
        return bool.build()._toQuery();
    }

    /**
     * Chinese text: the standard analyzer splits CJK into characters, so each whitespace-separated
     * word is matched as a phrase (its characters adjacent) in name, former names or address, and
     * all words must match: "萧山 餐饮" finds 杭州萧山某某餐饮管理有限公司.
     */
    static Query textQuery(String text) {
        BoolQuery.Builder all = new BoolQuery.Builder();
        for (String word : words(text)) {
            all.must(m -> m.multiMatch(mm -> mm.query(word).type(TextQueryType.Phrase)
                    .fields("name^3", "formerNames^2", "address")));
        }
        return all.build()._toQuery();
    }

    /** The clause, matched only by subjects that are not natural persons. */
    static Query notPerson(Query clause) {
        return Query.of(q -> q.bool(b -> b.must(clause).mustNot(n -> n.term(t -> t.field("kind").value(NATURAL_PERSON)))));
    }

    static final String NATURAL_PERSON = "NATURAL_PERSON";

    static List<String> words(String text) {
        return Arrays.stream(text.trim().split("[\\s\\u3000]+")).filter(w -> !w.isEmpty()).limit(16).toList();
    }

    private static List<Query> filterClauses(SubjectFilter f, Predicate<String> include, boolean personsInClear) {
        List<Query> clauses = new ArrayList<>();
        if (f == null) {
            return clauses;
        }
        if (hasText(f.namePrefix()) && include.test("namePrefix")) {
            Query prefix = Query.of(q -> q.matchPhrasePrefix(m -> m.field("name").query(f.namePrefix().trim())));
            clauses.add(personsInClear ? prefix : notPerson(prefix));
        }
        if (f.codes() != null && !f.codes().isEmpty() && include.test("codes")) {
            clauses.add(personsInClear ? terms("code", f.codes()) : notPerson(terms("code", f.codes())));
        }
        addTerms(clauses, include, "kinds", "kind", f.kinds());
        addTerms(clauses, include, "types", "type", f.types());
        addTerms(clauses, include, "statuses", "status", f.statuses());
        addTerms(clauses, include, "regionCodes", "regionCode", f.regionCodes());
        addTerms(clauses, include, "supervisingUnits", "supervisingUnit", f.supervisingUnits());
        addTerms(clauses, include, "registrationAuthorities", "registrationAuthority", f.registrationAuthorities());
        addTerms(clauses, include, "industryCodes", "industryPath", f.industryCodes());
        addTerms(clauses, include, "riskClasses", "risk.comprehensive", f.riskClasses());
        addTerms(clauses, include, "publicCreditClasses", "risk.publicCredit", f.publicCreditClasses());
        addTerms(clauses, include, "departmentRisks", "risk.departments", f.departmentRisks());
        addTerms(clauses, include, "lists", "lists", f.lists());
        addTerms(clauses, include, "licences", "licences", f.licences());
        addTerms(clauses, include, "ownerCodes", "ownerCode", f.ownerCodes());
        addTerms(clauses, include, "findings", "findings", f.findings());
        if (f.tagsAny() != null && !f.tagsAny().isEmpty() && include.test("tags")) {
            clauses.add(terms("tagKeys", f.tagsAny()));
        }
        if (f.tagsAll() != null && include.test("tags")) {
            for (String tag : f.tagsAll()) {
                clauses.add(Query.of(q -> q.term(t -> t.field("tagKeys").value(tag))));
            }
        }
        if ((f.establishedFrom() != null || f.establishedTo() != null) && include.test("established")) {
            clauses.add(Query.of(q -> q.range(r -> r.date(d -> {
                d.field("establishedOn");
                if (f.establishedFrom() != null) {
                    d.gte(f.establishedFrom().toString());
                }
                if (f.establishedTo() != null) {
                    d.lte(f.establishedTo().toString());
                }
                return d;
            }))));
        }
        if ((f.capitalMin() != null || f.capitalMax() != null) && include.test("capital")) {
            clauses.add(Query.of(q -> q.range(r -> r.number(n -> {
                n.field("registeredCapital");
                if (f.capitalMin() != null) {
                    n.gte(f.capitalMin());
                }
                if (f.capitalMax() != null) {
                    n.lte(f.capitalMax());
                }
                return n;
            }))));
        }
        return clauses;
    }

    private static void addTerms(List<Query> clauses, Predicate<String> include, String name, String field, List<String> values) {
        if (values != null && !values.isEmpty() && include.test(name)) {
            clauses.add(terms(field, values));
        }
    }

    public static Query terms(String field, List<String> values) {
        List<FieldValue> fieldValues = values.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(fieldValues))));
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }

}
