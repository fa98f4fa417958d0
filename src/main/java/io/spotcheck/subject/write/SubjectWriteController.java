package io.spotcheck.subject.write;

import io.spotcheck.security.Caller;
import io.spotcheck.subject.Subject;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

@Controller
public class SubjectWriteController {

    private final SubjectWriteService service;

    public SubjectWriteController(SubjectWriteService service) {
        this.service = service;
    }

    public record SubjectPayload(Subject subject, List<FieldError> errors) {}

    public record SetSubjectTagsInput(String code, String department, List<SubjectWriteService.TagInput> add, List<String> remove) {}

    @MutationMapping
    public SubjectPayload upsertSubject(@Argument SubjectInput input, Caller caller) {
        SubjectWriteService.Result result = service.upsert(caller, input);
        return new SubjectPayload(result.subject(), result.errors());
    }

    @MutationMapping
    public SubjectPayload setSubjectTags(@Argument SetSubjectTagsInput input, Caller caller) {
        SubjectWriteService.Result result = service.setTags(caller, input.code(), input.department(), input.add(), input.remove());
        return new SubjectPayload(result.subject(), result.errors());
    }

}
