package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Issue 20, item 7: a participant asking for another department's grouping or assignments is told so, not answered with nothing. */
@IntegrationTest
class ParticipantScopedReadsIT {

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    @Test
    void aParticipantAskingForAnotherDepartmentsGroupingOrAssignmentsIsRefusedAndTheLeadGetsWhatItAsked() throws Exception {
        DrawFixture fixture = new DrawFixture(testers, client, names);
        String tag = DrawFixture.tag();
        fixture.indexValidSubjects(tag, 100);
        String taskId = fixture.scopedTask(tag, false);
        fixture.drawClassCAndGroup(taskId);
        String grouping = "query($t:String!,$d:String){ taskGrouping(taskId:$t, department:$d){ department uncoveredCount } }";

        fixture.wsjk().document(grouping).variable("t", taskId).variable("d", "SCJG").execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
        fixture.wsjk().document("query($t:String!,$d:String){ taskAssignments(taskId:$t, department:$d){ id } }")
                .variable("t", taskId).variable("d", "SCJG").execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
        // its own, asked by name or not
        fixture.wsjk().document(grouping).variable("t", taskId).variable("d", "WSJK").execute()
                .path("taskGrouping[*].department").entityList(String.class).containsExactly("WSJK");
        fixture.wsjk().document(grouping).variable("t", taskId).variable("d", null).execute()
                .path("taskGrouping[*].department").entityList(String.class).containsExactly("WSJK");
        // the lead reads the participant's
        fixture.scjg().document(grouping).variable("t", taskId).variable("d", "WSJK").execute()
                .path("taskGrouping[*].department").entityList(String.class).containsExactly("WSJK");
    }
}
