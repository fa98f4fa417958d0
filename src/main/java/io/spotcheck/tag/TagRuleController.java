package io.spotcheck.tag;

import io.spotcheck.api.UserError;
import io.spotcheck.security.Caller;
import io.spotcheck.subject.write.FieldError;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import io.spotcheck.subject.write.TagRule;

@Controller
public class TagRuleController {

    private final TagRuleService service;
    private final TagRuleStore store;
    private final TagRuleJobs jobs;

    public TagRuleController(TagRuleService service, TagRuleStore store, TagRuleJobs jobs) {
        this.service = service;
        this.store = store;
        this.jobs = jobs;
    }

    public record SaveTagRulePayload(TagRule rule, TagRuleJobs.JobState job, List<UserError> errors) {}

    public record DeleteTagRulePayload(String deletedId, TagRuleJobs.JobState job, List<UserError> errors) {}

    @MutationMapping
    public SaveTagRulePayload saveTagRule(@Argument TagRuleService.TagRuleInput input, Caller caller) {
        TagRuleService.SaveResult result = service.save(caller, input);
        return new SaveTagRulePayload(result.rule(), result.job(), userErrors(result.errors()));
    }

    @MutationMapping
    public DeleteTagRulePayload deleteTagRule(@Argument String id, Caller caller) {
        TagRuleService.DeleteResult result = service.delete(caller, id);
        return new DeleteTagRulePayload(result.deletedId(), result.job(), userErrors(result.errors()));
    }

    private static List<UserError> userErrors(List<FieldError> errors) {
        return errors.stream().map(FieldError::toUserError).toList();
    }

    @QueryMapping
    public TagRuleJobs.JobState tagRuleJob(@Argument String id, Caller caller) {
        caller.requireSignedIn();
        TagRuleJobs.JobState state = jobs.state(id);
        if (state == null || state.lastCode() == null || io.spotcheck.privacy.PersonAccess.seesPersons(caller)
                || !io.spotcheck.privacy.PersonMask.isResidentId(state.lastCode())) {
            return state;
        }
        // The checkpoint is a subject's code: a person's ID number is masked for a caller who sees persons masked.
        return new TagRuleJobs.JobState(state.id(), state.ruleId(), state.department(), state.status(),
                io.spotcheck.privacy.PersonMask.id(state.lastCode()), state.processed(), state.changed(), state.chunks(), state.startedAt(),
                state.finishedAt(), state.error());
    }

    @QueryMapping
    public List<TagRule> tagRules(@Argument String department, Caller caller) {
        caller.requireSignedIn();
        return department == null ? store.all() : store.ofDepartment(department);
    }

    @SchemaMapping(typeName = "TagRule", field = "updatedAt")
    public OffsetDateTime ruleUpdatedAt(TagRule rule) {
        return utc(rule.updatedAt());
    }

    @SchemaMapping(typeName = "TagRuleJob", field = "startedAt")
    public OffsetDateTime jobStartedAt(TagRuleJobs.JobState job) {
        return utc(job.startedAt());
    }

    @SchemaMapping(typeName = "TagRuleJob", field = "finishedAt")
    public OffsetDateTime jobFinishedAt(TagRuleJobs.JobState job) {
        return utc(job.finishedAt());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
