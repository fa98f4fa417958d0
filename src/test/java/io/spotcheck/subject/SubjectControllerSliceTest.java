package io.spotcheck.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import co.elastic.clients.elasticsearch._types.FieldValue;
import io.spotcheck.audit.AuditLog;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.security.Caller;
import io.spotcheck.security.CallerArgumentResolver;
import io.spotcheck.security.CallerAuthentication;
import io.spotcheck.security.Role;
import io.spotcheck.system.GraphQlExceptionResolver;
import io.spotcheck.system.ScalarsConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.graphql.GraphQlTest;
import org.springframework.context.annotation.Import;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** The controller alone: what it asks the search for, and how it shapes and masks the answer. */
@GraphQlTest(SubjectController.class)
@Import({CallerArgumentResolver.class, ScalarsConfig.class, GraphQlExceptionResolver.class, IndustryCatalog.class})
class SubjectControllerSliceTest {

    @Autowired
    GraphQlTester graphQlTester;
    @MockitoBean
    SubjectSearch search;
    @MockitoBean
    DepartmentDirectory directory;
    /** The mutation audit instrumentation is part of every GraphQL slice. */
    @MockitoBean
    AuditLog audit;
    /** Which persons a masked caller may open by code (a reviewer's queue): none here. */
    @MockitoBean
    io.spotcheck.privacy.PersonsInView persons;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    static void signIn(Role role) {
        SecurityContextHolder.getContext().setAuthentication(
                new CallerAuthentication(new Caller("u", "u", "SCJG", null, Set.of(role), Set.of())));
    }

    @Test
    void asksOnlyForWhatIsSelectedAndMasksPersonsForReviewers() {
        Subject person = SubjectFixtures.with(SubjectFixtures.subject("330109199001011234", "u", "王小明"),
                b -> b.kind("NATURAL_PERSON", "PERSON").legalRepresentative("王小明").industry("H6210"));
        SubjectSearch.Result result = new SubjectSearch.Result(
                List.of(new SubjectSearch.Row(person, List.of(FieldValue.of("330109199001011234")))), false, 1L,
                Map.of("kind", List.of(new io.spotcheck.api.FacetBucket("NATURAL_PERSON", 1))),
                Map.of("H", List.of(new io.spotcheck.api.FacetBucket("H62", 1))), null, "fp");
        when(search.search(any(), any(), anyInt(), isNull(), any(), eq(false))).thenReturn(result);
        signIn(Role.AGENCY_REVIEWER);

        graphQlTester.document("{ subjects(first: 7) { totalCount edges { node { code legalRepresentative industryLabel } }"
                        + " facets { kind { value count } industry(under: \"H\") { value label level hasChildren } } } }")
                .execute()
                .path("subjects.totalCount").entity(Long.class).isEqualTo(1L)
                .path("subjects.edges[0].node.code").entity(String.class).isEqualTo("330109********1234")
                .path("subjects.edges[0].node.legalRepresentative").entity(String.class).isEqualTo("王*")
                .path("subjects.edges[0].node.industryLabel").entity(String.class).isEqualTo("正餐服务")
                .path("subjects.facets.kind[0].count").entity(Long.class).isEqualTo(1L)
                .path("subjects.facets.industry[0].label").entity(String.class).isEqualTo("餐饮业")
                .path("subjects.facets.industry[0].level").entity(Integer.class).isEqualTo(2);

        ArgumentCaptor<SubjectSearch.Wants> wants = ArgumentCaptor.forClass(SubjectSearch.Wants.class);
        // false: a reviewer sees persons masked, so the search neither matches nor orders them by what is hidden
        verify(search).search(any(), any(), eq(7), isNull(), wants.capture(), eq(false));
        assertThat(wants.getValue()).isEqualTo(new SubjectSearch.Wants(true, true, List.of("H"), false));
    }

    @Test
    void theAnonymousCallerIsRefusedBeforeAnySearch() {
        graphQlTester.document("{ subjects { edges { node { code } } } }").execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
        org.mockito.Mockito.verifyNoInteractions(search);
    }
}
