package io.spotcheck.subject;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import io.spotcheck.search.IndexNames;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Test documents written straight into the subjects index (bulk + refresh), independent of the
 * write side. Each batch carries its own supervising unit, so a test filters down to its own data.
 */
final class SubjectFixtures {

    private SubjectFixtures() {}

    static String unit() {
        return "test-unit-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String code(String prefix, int i) {
        return prefix + String.format("%06d", i);
    }

    static Subject subject(String code, String unit, String name) {
        return new Subject(code, "ORGANISATION", "ENTERPRISE", name, List.of(), "张三", "杭州市萧山区城厢街道人民路1号", null,
                "杭州市萧山区市场监督管理局", "330109001", unit, "H6210", IndustryCodes.path("H6210"), "ACTIVE",
                LocalDate.of(2015, 1, 1), 100.0, new Subject.Risk("B", "B", List.of(), LocalDate.of(2026, 1, 1)),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Instant.parse("2026-01-01T00:00:00Z"));
    }

    static Subject with(Subject s, java.util.function.UnaryOperator<Builder> change) {
        return change.apply(new Builder(s)).build();
    }

    static void index(ElasticsearchClient client, IndexNames names, List<Subject> subjects) throws IOException {
        for (int from = 0; from < subjects.size(); from += 2000) {
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            for (Subject s : subjects.subList(from, Math.min(subjects.size(), from + 2000))) {
                bulk.operations(op -> op.index(i -> i.index(names.alias("subjects")).id(s.code()).document(s)));
            }
            BulkResponse response = client.bulk(bulk.refresh(Refresh.True).build());
            if (response.errors()) {
                throw new IllegalStateException(response.items().stream().filter(i -> i.error() != null)
                        .findFirst().map(i -> i.error().reason()).orElse("?"));
            }
        }
    }

    /** A mutable copy, for readable test data. */
    static final class Builder {
        String code, kind, type, name, legalRepresentative, address, ownerCode, authority, region, unit, industry, status;
        List<String> formerNames, lists, licences, tagKeys;
        LocalDate established;
        Double capital;
        Subject.Risk risk;
        List<Subject.Tag> tags;
        Subject s;

        Builder(Subject s) {
            this.s = s;
            code = s.code(); kind = s.kind(); type = s.type(); name = s.name(); legalRepresentative = s.legalRepresentative();
            address = s.address(); ownerCode = s.ownerCode(); authority = s.registrationAuthority(); region = s.regionCode();
            unit = s.supervisingUnit(); industry = s.industryCode(); status = s.status(); formerNames = s.formerNames();
            lists = s.lists(); licences = s.licences(); tagKeys = s.tagKeys(); established = s.establishedOn();
            capital = s.registeredCapital(); risk = s.risk(); tags = s.tags();
        }

        Builder kind(String kind, String type) { this.kind = kind; this.type = type; return this; }
        Builder name(String v) { name = v; return this; }
        Builder formerNames(String... v) { formerNames = List.of(v); return this; }
        Builder address(String v) { address = v; return this; }
        Builder legalRepresentative(String v) { legalRepresentative = v; return this; }
        Builder region(String v) { region = v; return this; }
        Builder industry(String v) { industry = v; return this; }
        Builder status(String v) { status = v; return this; }
        Builder lists(String... v) { lists = List.of(v); return this; }
        Builder licences(String... v) { licences = List.of(v); return this; }
        Builder established(LocalDate v) { established = v; return this; }
        Builder capital(Double v) { capital = v; return this; }
        Builder risk(String comprehensive) { risk = new Subject.Risk(comprehensive, risk.publicCredit(), risk.departments(), risk.asOf()); return this; }
        Builder departmentRisks(String... v) { risk = new Subject.Risk(risk.comprehensive(), risk.publicCredit(), List.of(v), risk.asOf()); return this; }

        Builder tags(String... keys) {
            tags = java.util.Arrays.stream(keys).map(k -> new Subject.Tag(k.substring(0, k.indexOf(':')),
                    k.substring(k.indexOf(':') + 1), "MANUAL", null, "tester", Instant.parse("2026-01-01T00:00:00Z"), null)).toList();
            tagKeys = List.of(keys);
            return this;
        }

        Subject build() {
            return new Subject(code, kind, type, name, formerNames, legalRepresentative, address, ownerCode, authority, region,
                    unit, industry, industry == null ? List.of() : IndustryCodes.path(industry), status, established, capital,
                    risk, lists, licences, s.lastInspections(), s.lastResults(), s.findings(), tags, tagKeys,
                    s.updatedAt());
        }
    }
}
