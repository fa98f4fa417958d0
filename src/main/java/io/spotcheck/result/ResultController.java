package io.spotcheck.result;

import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.system.SpotcheckException;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Result entry over GraphQL; the rules live in {@link ResultService} and {@link ResultValidator}. */
@Controller
public class ResultController {

    private final ResultService results;
    private final ResultStore store;
    private final ResultEffects effects;
    private final io.spotcheck.calendar.CalendarService calendars;

    private final io.spotcheck.privacy.PersonsInView persons;

    public ResultController(ResultService results, ResultStore store, ResultEffects effects, io.spotcheck.calendar.CalendarService calendars,
                            io.spotcheck.privacy.PersonsInView persons) {
        this.persons = persons;
        this.results = results;
        this.store = store;
        this.effects = effects;
        this.calendars = calendars;
    }

    /**
     * The listing's due date on the calendar in force now, not the one of the submission: a year an
     * administrator loads later (setCalendarYear) moves it, as it moves publicationDue in the review queue.
     */
    @org.springframework.graphql.data.method.annotation.SchemaMapping(typeName = "InspectionResult", field = "anomalyListingDue")
    public java.time.LocalDate anomalyListingDue(Result r) {
        return r.resultCodes() == null ? null : effects.listingDue(r.resultCodes(), r.inspectionDate());
    }

    /** True when the due date is derived from a year whose holiday arrangement is not loaded (statutory holidays by rule). */
    @org.springframework.graphql.data.method.annotation.SchemaMapping(typeName = "InspectionResult", field = "anomalyListingDueProvisional")
    public boolean anomalyListingDueProvisional(Result r) {
        java.time.LocalDate due = anomalyListingDue(r);
        return due != null && calendars.current().provisionalReason(r.inspectionDate(), due) != null;
    }

    @MutationMapping
    public ResultService.ResultPayload submitResult(@Argument SubmitResultInput input, Caller caller) {
        return results.submit(caller, input);
    }

    /** One department's result for one subject: that department's people, the task's lead department, and platform admins. */
    @QueryMapping
    public Result result(@Argument String taskId, @Argument String department, @Argument String subjectCode, Caller caller) {
        caller.requireSignedIn();
        // By a person's ID number only for callers who see that person in clear (docs/SECURITY.md, "Guessing"); the
        // sealed global id of a result they list (node) reaches it without the ID.
        if (io.spotcheck.privacy.PersonsInView.hidden(persons, caller, subjectCode, false)) {
            return null;
        }
        return byId(Result.id(taskId, department, subjectCode), caller);
    }

    /** A result by its id, with the checks of {@link #result}. */
    Result byId(String id, Caller caller) {
        caller.requireSignedIn();
        ResultStore.Versioned read = store.get(id);
        if (read == null) {
            return null;
        }
        Result r = read.result();
        boolean allowed = caller.isPlatformAdmin() || caller.actsFor(r.department()) || caller.actsFor(r.leadDepartment());
        if (!allowed || caller.has(Role.AUTOMATION) && !caller.scopes().contains("results:read")) {
            throw SpotcheckException.forbidden("you take no part in this result");
        }
        // Inspectors read the results of the subjects they were drawn for; reviewers those of their agency.
        if (!caller.isPlatformAdmin() && !caller.hasAny(Role.DEPT_ADMIN, Role.DEPT_OPERATOR, Role.AUTOMATION)) {
            boolean drawn = caller.has(Role.INSPECTOR) && r.inspectorIds() != null && r.inspectorIds().contains(caller.id());
            boolean reviews = caller.has(Role.AGENCY_REVIEWER) && caller.agency() != null && caller.agency().equals(r.agency());
            if (!drawn && !reviews) {
                throw SpotcheckException.forbidden("you were not drawn for this subject and do not review its agency");
            }
        }
        return r;
    }
}
