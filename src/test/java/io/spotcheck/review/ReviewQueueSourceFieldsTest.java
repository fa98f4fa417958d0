package io.spotcheck.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotcheck.calendar.BundledCalendar;
import io.spotcheck.calendar.WorkingDayCalendar;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The queue asks Elasticsearch only for {@link ReviewQueue#ITEM_FIELDS}: a queue item made from a document cut
 * down to those fields must be the item made from the whole document, for every role's view of it.
 */
class ReviewQueueSourceFieldsTest {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** A stored result with every field set, as result entry writes it (item rows and follow-ups included). */
    static final String STORED = """
            {"id":"T-1|SCJG|330106199001011234","taskId":"T-1","taskName":"2026年双随机抽查","taskLevel":"DISTRICT",
             "leadDepartment":"SCJG","departments":["SCJG","ZFJS"],"joint":true,"department":"SCJG","agency":"SCJG-S01",
             "subjectCode":"330106199001011234","subjectName":"张三","subjectKind":"NATURAL_PERSON","regionCode":"330109007",
             "itemCodes":["SCJG-001","SCJG-002"],"resultCodes":["FOUND_PROBLEM"],"problemFound":true,
             "verificationMethods":["ON_SITE"],"itemRows":[{"itemCode":"SCJG-001","checked":true,"problemFound":true}],
             "followUps":[{"measure":"整改","done":false}],"followUpCount":1,"followUpDoneCount":0,"followUpsClosed":false,
             "inspectionDate":"2026-10-12","inspectorIds":["I-1","I-2"],"channel":"PHONE","evidence":["evidence/a.jpg"],
             "status":"REJECTED","submittedBy":"I-1","submittedAt":"2026-10-12T08:00:00Z","submissionCount":2,
             "reviewedBy":"R-1","reviewedAt":"2026-10-20T09:30:00Z","reviewNote":"补充证据","publishedAt":"2026-11-02T01:00:00Z",
             "publishedBy":"P-1","anomalyListingDue":"2026-10-26","reassignmentNeeded":false,"updatedAt":"2026-11-02T01:00:00Z"}""";

    final ReviewDeadlines deadlines = new ReviewDeadlines(new WorkingDayCalendar(BundledCalendar.load(JSON)), LocalDate.of(2026, 11, 20), 15, 20);

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"AGENCY_REVIEWER", "DEPT_OPERATOR", "AUTOMATION"}, mode = EnumSource.Mode.INCLUDE)
    void aQueueItemFromTheRequestedFieldsEqualsTheItemFromTheWholeDocument(Role role) throws Exception {
        Caller caller = new Caller("u", "u", "SCJG", "SCJG-BUREAU", Set.of(role), Set.of());
        ObjectNode whole = (ObjectNode) JSON.readTree(STORED);
        ObjectNode requested = whole.deepCopy();
        requested.retain(ReviewQueue.ITEM_FIELDS);

        ReviewItem fromWhole = ReviewItem.of(JSON.treeToValue(whole, ResultView.class).withVersion(7), deadlines, caller);
        ReviewItem fromRequested = ReviewItem.of(JSON.treeToValue(requested, ResultView.class).withVersion(7), deadlines, caller);

        assertThat(fromRequested).isEqualTo(fromWhole);
        assertThat(requested.size()).isEqualTo(ReviewQueue.ITEM_FIELDS.size());
    }
}
