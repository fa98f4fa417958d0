package io.spotcheck.draw;

import graphql.schema.DataFetchingEnvironment;
import io.spotcheck.privacy.PersonAccess;
import io.spotcheck.privacy.PersonMask;
import io.spotcheck.security.Caller;

/**
 * Amendment and substitution ids name their subject by code (IDA-task-department-code-n,
 * SUB-task-code). A caller who sees persons masked names such a record as its public copy does (a
 * person by public member key, or by masked code in a version 1 draw) or by its sealed global id; an
 * id it writes with a resident ID number in it is answered as an id of nothing. That is decided by
 * the id's form alone, before anything is read, so a right guess of the hidden birth date reads like
 * a wrong one (docs/SECURITY.md, "Guessing").
 */
final class PersonRecordIds {

    private PersonRecordIds() {}

    /**
     * Whether the id argument {@code name}, as the caller wrote it, must be answered to {@code caller}
     * as an id of nothing. The argument is read as written because the node wiring turns a sealed
     * global id into its clear local id before the controller sees it, and a sealed id, handed out by
     * the server, is no guess.
     */
    static boolean hidden(Caller caller, DataFetchingEnvironment env, String name) {
        return !PersonAccess.seesPersons(caller) && holdsResidentId(env.getExecutionStepInfo().getArgument(name));
    }

    /** Whether a part of the id between hyphens is a resident ID number (no task id, department or seq is one). */
    static boolean holdsResidentId(Object id) {
        if (!(id instanceof String text)) {
            return false;
        }
        for (String part : text.split("-")) {
            if (PersonMask.isResidentId(part)) {
                return true;
            }
        }
        return false;
    }
}
