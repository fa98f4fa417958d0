package io.spotcheck.subject.write;

import io.spotcheck.api.UserError;
import io.spotcheck.privacy.PersonAccess;
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

    public record SubjectPayload(Subject subject, List<UserError> errors) {

        /**
         * The outcome as {@code caller} reads it: a caller who sees natural persons masked gets no
         * value of the input quoted back in a message (docs/SECURITY.md, "Natural persons").
         */
        static SubjectPayload of(SubjectWriteService.Result result, Caller caller) {
            boolean quote = PersonAccess.seesPersons(caller);
            return new SubjectPayload(result.subject(), result.errors().stream()
                    .map(e -> (quote ? e : e.withoutQuotes()).toUserError()).toList());
        }
    }

    public record SetSubjectTagsInput(String code, String department, List<SubjectWriteService.TagInput> add, List<String> remove) {}

    @MutationMapping
    public SubjectPayload upsertSubject(@Argument SubjectInput input, Caller caller) {
        return SubjectPayload.of(service.upsert(caller, input), caller);
    }

    /** updateSubject's input: SubjectInput's fields, all optional but the code, and the fields to erase. */
    public record SubjectPatchInput(String code, String kind, String type, String name, List<String> formerNames, String legalRepresentative,
                                    String address, String ownerCode, String registrationAuthority, String regionCode, String supervisingUnit,
                                    String industryCode, String status, java.time.LocalDate establishedOn, Double registeredCapital,
                                    SubjectInput.RiskInput risk, List<String> lists, List<String> licences, List<String> clear) {}

    @MutationMapping
    public SubjectPayload updateSubject(@Argument SubjectPatchInput input, Caller caller) {
        SubjectWriteService.Result result = service.update(caller, new SubjectInput(input.code(), input.kind(), input.type(), input.name(),
                input.formerNames(), input.legalRepresentative(), input.address(), input.ownerCode(), input.registrationAuthority(),
                input.regionCode(), input.supervisingUnit(), input.industryCode(), input.status(), input.establishedOn(),
                input.registeredCapital(), input.risk(), input.lists(), input.licences()), input.clear());
        return SubjectPayload.of(result, caller);
    }

    @MutationMapping
    public SubjectPayload setSubjectTags(@Argument SetSubjectTagsInput input, Caller caller) {
        return SubjectPayload.of(service.setTags(caller, input.code(), input.department(), input.add(), input.remove()), caller);
    }

}
