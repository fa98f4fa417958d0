package io.spotcheck.subject.seed;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.search.IndexBootstrap;
import io.spotcheck.search.IndexNames;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.SubjectQueries;
import io.spotcheck.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@IntegrationTest
class DemoSeederIT {

    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    IndexBootstrap indices;

    @Test
    void generatedSubjectsFitTheMappingAndLoadingTwiceWritesEachOnce() throws Exception {
        // Seed 4242, not the demo's 42, so these codes belong to this test alone.
        DemoSeeder seeder = new DemoSeeder(client, names, indices, 0);
        List<String> codes = SubjectGenerator.forDistrict(4242, 1500).stream().map(Subject::code).toList();
        assertThat(seeder.load(SubjectGenerator.forDistrict(4242, 1500))).isEqualTo(1500);
        assertThat(seeder.load(SubjectGenerator.forDistrict(4242, 1500))).isEqualTo(1500);
        client.indices().refresh(r -> r.index(names.alias("subjects")));
        long stored = client.count(c -> c.index(names.alias("subjects")).query(SubjectQueries.terms("code", codes))).count();
        assertThat(stored).isEqualTo(1500);
        Subject first = client.get(g -> g.index(names.alias("subjects")).id(codes.get(0)), Subject.class).source();
        // stored with its public key: an organisation's is its code
        assertThat(first).isEqualTo(io.spotcheck.subject.PublicKeys.withKey(SubjectGenerator.forDistrict(4242, 1).next()));
        assertThat(first.publicKey()).isEqualTo(first.code());
    }
}
