package io.spotcheck.result;

import io.spotcheck.result.ResultEnums.Channel;
import io.spotcheck.result.ResultEnums.FollowUpMeasure;
import io.spotcheck.result.ResultEnums.VerificationMethod;
import io.spotcheck.result.SubmitResultInput.FollowUpInput;
import io.spotcheck.result.SubmitResultInput.ItemRowInput;
import io.spotcheck.api.UserError;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import io.spotcheck.subject.ResultCode;

/**
 * Field-by-field checks of a submitted result, pure Java. Every refusal names the input path a form
 * shows it next to, e.g. {@code ["input","resultCodes","2"]}; the service writes nothing unless the
 * list is empty.
 */
public final class ResultValidator {

    static final int MIN_INSPECTORS = 2;
    static final int MAX_TEXT = io.spotcheck.system.InputLimits.NOTE;
    static final int MAX_EVIDENCE = 50;
    static final int MAX_EVIDENCE_LENGTH = 500;

    /**
     * What the input is checked against.
     *
     * @param partItems item codes of the department's part of the task; the rows must cover exactly these
     * @param drawnInspectors inspectors drawn for this subject and department
     * @param earliest the earliest acceptable inspection date (task start), or null
     * @param today today in China
     * @param operatorEntry true when the department's operator (not a drawn inspector) enters the result: PC only
     */
    public record Context(List<String> partItems, Set<String> drawnInspectors, LocalDate earliest, LocalDate today, boolean operatorEntry) {}

    private ResultValidator() {}

    public static List<UserError> validate(SubmitResultInput in, Context ctx) {
        List<UserError> errors = new ArrayList<>();
        codes(in.resultCodes(), errors);
        boolean noProblem = in.resultCodes() != null && in.resultCodes().contains(ResultCode.NO_PROBLEM);
        rows(in.itemRows(), ctx, noProblem, errors);
        methods(in.verificationMethods(), errors);
        LocalDate date = in.inspectionDate();
        if (date == null) {
            errors.add(err("REQUIRED", "the inspection date is required", "inspectionDate"));
        } else if (date.isAfter(ctx.today())) {
            errors.add(err("IN_FUTURE", "the inspection date " + date + " is after today", "inspectionDate"));
        } else if (ctx.earliest() != null && date.isBefore(ctx.earliest())) {
            errors.add(err("BEFORE_TASK", "the inspection date is before the task starts on " + ctx.earliest(), "inspectionDate"));
        }
        followUps(in.followUps(), date, ctx.today(), errors);
        inspectors(in.inspectorIds(), ctx.drawnInspectors(), errors);
        evidence(in.evidence(), errors);
        if (in.channel() == null) {
            errors.add(err("REQUIRED", "the channel (PHONE or PC) is required", "channel"));
        } else if (ctx.operatorEntry() && in.channel() != Channel.PC) {
            errors.add(err("PC_ONLY", "an operator enters results on the PC; only drawn inspectors use the phone", "channel"));
        }
        return errors;
    }

    static void codes(List<ResultCode> codes, List<UserError> errors) {
        if (codes == null || codes.isEmpty()) {
            errors.add(err("REQUIRED", "choose at least one result code", "resultCodes"));
            return;
        }
        Set<ResultCode> seen = EnumSet.noneOf(ResultCode.class);
        for (int i = 0; i < codes.size(); i++) {
            ResultCode c = codes.get(i);
            if (!seen.add(c)) {
                errors.add(err("DUPLICATE", c + " is chosen twice", "resultCodes", Integer.toString(i)));
            }
        }
        int noProblemAt = codes.indexOf(ResultCode.NO_PROBLEM);
        if (noProblemAt >= 0) {
            for (int i = 0; i < codes.size(); i++) {
                if (codes.get(i) != ResultCode.NO_PROBLEM) {
                    errors.add(err("EXCLUSIVE", ResultCode.NO_PROBLEM.label() + " cannot be combined with " + codes.get(i).label(),
                            "resultCodes", Integer.toString(i)));
                }
            }
        }
        for (int i = 0; i < codes.size(); i++) {
            ResultCode c = codes.get(i);
            if (c.hasChildren() && codes.stream().noneMatch(x -> x.parent() == c)) {
                errors.add(err("SUBCODE_REQUIRED", c.label() + " needs at least one of its sub-codes", "resultCodes", Integer.toString(i)));
            }
        }
    }

    static void rows(List<ItemRowInput> rows, Context ctx, boolean noProblem, List<UserError> errors) {
        if (rows == null || rows.isEmpty()) {
            errors.add(err("REQUIRED", "one row per item of your part is required: " + String.join(", ", ctx.partItems()), "itemRows"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            ItemRowInput r = rows.get(i);
            String at = Integer.toString(i);
            if (r.itemCode() == null || r.itemCode().isBlank()) {
                errors.add(err("REQUIRED", "the item code is required", "itemRows", at, "itemCode"));
                continue;
            }
            if (!ctx.partItems().contains(r.itemCode())) {
                errors.add(err("NOT_IN_PART", r.itemCode() + " is not an item of your part of the task", "itemRows", at, "itemCode"));
            } else if (!seen.add(r.itemCode())) {
                errors.add(err("DUPLICATE", r.itemCode() + " has two rows", "itemRows", at, "itemCode"));
            }
            if (r.checked() == null) {
                errors.add(err("REQUIRED", "say whether the item was checked", "itemRows", at, "checked"));
            }
            if (Boolean.TRUE.equals(r.problemFound()) && !Boolean.TRUE.equals(r.checked())) {
                errors.add(err("NOT_CHECKED", "a problem can only be found on a checked item", "itemRows", at, "problemFound"));
            }
            if (Boolean.TRUE.equals(r.problemFound()) && noProblem) {
                errors.add(err("CONTRADICTS_RESULT", "the result says " + ResultCode.NO_PROBLEM.label(), "itemRows", at, "problemFound"));
            }
            if (r.actionTaken() != null && r.actionTaken().length() > MAX_TEXT) {
                errors.add(err("TOO_LONG", "at most " + MAX_TEXT + " characters", "itemRows", at, "actionTaken"));
            }
        }
        List<String> missing = ctx.partItems().stream().filter(c -> !seen.contains(c)).toList();
        if (!missing.isEmpty()) {
            errors.add(err("MISSING_ITEMS", "rows are missing for " + String.join(", ", missing), "itemRows"));
        }
    }

    static void methods(List<VerificationMethod> methods, List<UserError> errors) {
        if (methods == null || methods.isEmpty()) {
            errors.add(err("REQUIRED", "choose at least one verification method", "verificationMethods"));
            return;
        }
        Set<VerificationMethod> seen = EnumSet.noneOf(VerificationMethod.class);
        for (int i = 0; i < methods.size(); i++) {
            if (!seen.add(methods.get(i))) {
                errors.add(err("DUPLICATE", methods.get(i) + " is chosen twice", "verificationMethods", Integer.toString(i)));
            }
        }
    }

    static void followUps(List<FollowUpInput> followUps, LocalDate inspectionDate, LocalDate today, List<UserError> errors) {
        if (followUps == null) {
            return;
        }
        Set<FollowUpMeasure> seen = EnumSet.noneOf(FollowUpMeasure.class);
        for (int i = 0; i < followUps.size(); i++) {
            FollowUpInput f = followUps.get(i);
            String at = Integer.toString(i);
            if (f.measure() == null) {
                errors.add(err("REQUIRED", "the measure is required", "followUps", at, "measure"));
            } else if (!seen.add(f.measure())) {
                errors.add(err("DUPLICATE", f.measure() + " is listed twice", "followUps", at, "measure"));
            }
            boolean done = Boolean.TRUE.equals(f.done());
            if (done && f.doneDate() == null) {
                errors.add(err("REQUIRED", "a finished measure needs its date", "followUps", at, "doneDate"));
            }
            if (!done && f.doneDate() != null) {
                errors.add(err("NOT_DONE", "a date is given only when the measure is finished", "followUps", at, "doneDate"));
            }
            if (f.doneDate() != null && f.doneDate().isAfter(today)) {
                errors.add(err("IN_FUTURE", "the date " + f.doneDate() + " is after today", "followUps", at, "doneDate"));
            } else if (f.doneDate() != null && inspectionDate != null && f.doneDate().isBefore(inspectionDate)) {
                errors.add(err("BEFORE_INSPECTION", "a measure cannot finish before the inspection", "followUps", at, "doneDate"));
            }
            if (f.text() != null && f.text().length() > MAX_TEXT) {
                errors.add(err("TOO_LONG", "at most " + MAX_TEXT + " characters", "followUps", at, "text"));
            }
        }
    }

    static void inspectors(List<String> ids, Set<String> drawn, List<UserError> errors) {
        List<String> given = ids == null ? List.of() : ids;
        Set<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String id = given.get(i);
            if (!drawn.contains(id)) {
                errors.add(err("NOT_DRAWN", id + " was not drawn for this subject", "inspectorIds", Integer.toString(i)));
            } else if (!distinct.add(id)) {
                errors.add(err("DUPLICATE", id + " is listed twice", "inspectorIds", Integer.toString(i)));
            }
        }
        if (distinct.size() < MIN_INSPECTORS && errors.stream().noneMatch(e -> e.field().size() > 2 && "inspectorIds".equals(e.field().get(1)))) {
            errors.add(err("TOO_FEW", "at least " + MIN_INSPECTORS + " drawn inspectors must take part", "inspectorIds"));
        }
    }

    static void evidence(List<String> evidence, List<UserError> errors) {
        if (evidence == null) {
            return;
        }
        if (evidence.size() > MAX_EVIDENCE) {
            errors.add(err("TOO_MANY", "at most " + MAX_EVIDENCE + " evidence references", "evidence"));
        }
        for (int i = 0; i < evidence.size(); i++) {
            String e = evidence.get(i);
            if (e == null || e.isBlank()) {
                errors.add(err("REQUIRED", "an evidence reference cannot be empty", "evidence", Integer.toString(i)));
            } else if (e.length() > MAX_EVIDENCE_LENGTH) {
                errors.add(err("TOO_LONG", "at most " + MAX_EVIDENCE_LENGTH + " characters", "evidence", Integer.toString(i)));
            }
        }
    }

    private static UserError err(String code, String message, String... path) {
        String[] full = new String[path.length + 1];
        full[0] = "input";
        System.arraycopy(path, 0, full, 1, path.length);
        return UserError.of(code, message, full);
    }
}
