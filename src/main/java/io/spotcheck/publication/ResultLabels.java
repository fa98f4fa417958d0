package io.spotcheck.publication;

import io.spotcheck.subject.ResultCode;

/** The Chinese label of a result code, as the national system shows it; an unknown code as it is. */
final class ResultLabels {

    private ResultLabels() {}

    static String label(String code) {
        if (code == null) {
            return null;
        }
        try {
            return ResultCode.valueOf(code).label();
        } catch (IllegalArgumentException e) {
            return code;
        }
    }
}
