package io.spotcheck.result;

/** The small closed vocabularies of a result. */
public final class ResultEnums {

    private ResultEnums() {}

    /** 核查方式: how the facts were established (multi-select). */
    public enum VerificationMethod {
        /** 实地核查 */ ON_SITE,
        /** 书面核查 */ DOCUMENTARY,
        /** 部门意见 */ DEPARTMENT_OPINION,
        /** 检验检测 */ TESTING,
        /** 网络监测 */ ONLINE_MONITORING,
        /** 委托专业机构 */ COMMISSIONED_BODY
    }

    /** 后续处置措施: what follows a finding (multi-select, each with its own done flag). */
    public enum FollowUpMeasure {
        /** 责令整改 */ RECTIFICATION_ORDER,
        /** 二次核查 */ SECOND_CHECK,
        /** 列入经营异常名录 */ ANOMALY_LISTING,
        /** 移送案件线索 */ CASE_CLUE_TRANSFER,
        /** 立案查处 */ CASE_OPENED,
        /** 其他 */ OTHER
    }

    /** Where the result was entered: 掌上执法 (phone) or the PC client. */
    public enum Channel { PHONE, PC }

    /** Where a result is in review and publication. */
    public enum ResultStatus { SUBMITTED, APPROVED, REJECTED, PUBLISHED }
}
