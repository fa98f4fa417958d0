package io.spotcheck.scope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An _mget answer of snapshot chunks walked from its bytes reads as its decoded JSON does. */
class SnapshotAnswerTest {

    final ObjectMapper json = new ObjectMapper();

    /** A document of the answer as Elasticsearch writes it: metadata, then the source as indexed. */
    Map<String, Object> doc(String id, Map<String, Object> source) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("_index", "x-scope_snapshots_v3");
        doc.put("_id", id);
        if (source == null) {
            doc.put("found", false);
            return doc;
        }
        doc.put("_version", 1);
        doc.put("_seq_no", 12);
        doc.put("_primary_term", 1);
        doc.put("found", true);
        doc.put("_source", source);
        return doc;
    }

    Map<String, Object> source(int chunk, String lines, String walk, String persons) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("scopeId", "S-1");
        source.put("chunk", chunk);
        source.put("count", lines.isEmpty() ? 0 : lines.split("\n").length);
        source.put("firstCode", "C\"1");
        source.put("lines", lines);
        if (walk != null) {
            source.put("walk", walk);
        }
        if (persons != null) {
            source.put("persons", persons);
        }
        return source;
    }

    /** Lines with codes of every length from 1 to 40, so each escape falls at every place of an eight-byte word. */
    static String lines(Random random, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                text.append('\n');
            }
            int length = 1 + random.nextInt(40);
            for (int c = 0; c < length; c++) {
                text.append((char) ('0' + random.nextInt(43)));
            }
            text.append('\t').append(List.of("A", "B", "C", "D", "").get(random.nextInt(5))).append('\t')
                    .append(random.nextInt(10) == 0 ? "" : "3301090" + random.nextInt(300)).append('\t')
                    .append(random.nextBoolean() ? "ACTIVE" : "MOVED_OUT").append('\t')
                    .append(List.of("ENTERPRISE", "NATURAL_PERSON", "ORGANISATION").get(random.nextInt(3)));
        }
        return text.toString();
    }

    List<ScopeStore.SnapshotChunk> read(List<Map<String, Object>> docs, DrawMember.Tails tails) throws Exception {
        byte[] bytes = json.writeValueAsBytes(Map.of("docs", docs));
        return SnapshotAnswer.read(json.getFactory(), bytes, bytes.length, 10, tails);
    }

    @Test
    void chunksFoundMissingWithPersonsAndWithNonAsciiLinesReadAsTheirDecodedText() throws Exception {
        Random random = new Random(11);
        String plain = lines(random, 3_000);
        String unicode = "C1\tA\t杭州\tACTIVE\tENTERPRISE\nC2\tB\t33\"01\tACTIVE\tNATURAL_PERSON";
        String withPerson = "K-ABC\tA\t330109001\tACTIVE\tNATURAL_PERSON\nC9\tB\t\tACTIVE\tENTERPRISE";
        List<Map<String, Object>> docs = List.of(
                doc("S-1:10", source(10, plain, "w-1", null)),
                doc("S-1:11", null),
                doc("S-1:12", source(12, unicode, null, null)),
                doc("S-1:13", source(13, withPerson, "w-\"2", "K-ABC\t330102199001011234\n")),
                doc("S-1:14", source(14, "", null, null)));

        List<ScopeStore.SnapshotChunk> chunks = read(docs, new DrawMember.Tails());

        assertThat(chunks).hasSize(5);
        assertThat(chunks.get(0)).isEqualTo(new ScopeStore.SnapshotChunk(10, "w-1", DrawMember.parseAll(plain)));
        assertThat(chunks.get(0).members()).hasSize(3_000);
        assertThat(chunks.get(1)).isNull();
        assertThat(chunks.get(2)).isEqualTo(new ScopeStore.SnapshotChunk(12, null, DrawMember.parseAll(unicode)));
        assertThat(chunks.get(3).walk()).isEqualTo("w-\"2");
        assertThat(chunks.get(3).members()).containsExactly(
                new DrawMember("K-ABC", "A", "330109001", "ACTIVE", "NATURAL_PERSON", "330102199001011234"),
                new DrawMember("C9", "B", "", "ACTIVE", "ENTERPRISE"));
        assertThat(chunks.get(4).members()).isEmpty();
    }

    @Test
    void aReaderKeepingItsValuesFromChunkToChunkReadsEachAsAFreshOneWouldEvenPastItsLimit() throws Exception {
        Random random = new Random(5);
        DrawMember.Tails kept = new DrawMember.Tails();
        for (int round = 0; round < 12; round++) {
            List<Map<String, Object>> docs = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                // regions drawn from a wide range, so the kept values pass their limit and start afresh
                String text = lines(random, 2_000).replace("3301090", "33" + round);
                texts.add(text);
                docs.add(doc("S-1:" + c, source(c, text, null, null)));
            }

            List<ScopeStore.SnapshotChunk> chunks = read(docs, kept);

            for (int c = 0; c < 4; c++) {
                assertThat(chunks.get(c).members()).isEqualTo(DrawMember.parseAll(texts.get(c)));
            }
        }
    }

    @Test
    void anAnswerOfAnotherShapeOrNotWellFormedIsNotRead() throws Exception {
        byte[] good = json.writeValueAsBytes(Map.of("docs", List.of(doc("S-1:10", source(10, "C1\tA\t1\tACTIVE\tENTERPRISE", null, null)))));
        assertThat(SnapshotAnswer.read(json.getFactory(), good, good.length, 10, new DrawMember.Tails())).hasSize(1);

        for (String answer : List.of("{\"error\":{\"type\":\"x\"},\"status\":500}", "[]", "{\"docs\":[{\"found\":maybe}]}", "",
                new String(good, 0, good.length - 3, StandardCharsets.UTF_8), new String(good, StandardCharsets.UTF_8) + "{}")) {
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            assertThat(SnapshotAnswer.read(json.getFactory(), bytes, bytes.length, 0, new DrawMember.Tails())).as(answer).isNull();
        }
    }

    @Test
    void personsCodesAreJoinedToTheirKeysWhetherTheirLinesComeInTheMembersOrderOrNot() {
        List<DrawMember> members = DrawMember.parseAll("C1\tA\t1\tACTIVE\tENTERPRISE\nK-2\tB\t1\tACTIVE\tNATURAL_PERSON\n"
                + "C3\tA\t1\tACTIVE\tENTERPRISE\nK-4\tB\t1\tACTIVE\tNATURAL_PERSON");
        List<DrawMember> expected = List.of(members.get(0), members.get(1).withSubject("330102199001011234"), members.get(2),
                members.get(3).withSubject("330102199202021234"));

        for (String persons : List.of("K-2\t330102199001011234\nK-4\t330102199202021234\n",
                "K-4\t330102199202021234\nK-2\t330102199001011234",
                "K-2\t330102199001011234\nK-9\t330102199303031234\nK-4\t330102199202021234\n")) {
            assertThat(ScopeStore.withPersons(members, persons)).as(persons).isEqualTo(expected);
        }
        assertThat(members.get(1).subject()).isNull();
    }
}
