package io.spotcheck.publication;

import java.util.Map;

/** The Chinese label of a result code, as the national system shows it; an unknown code as it is. */
final class ResultLabels {

    // Replaced by io.spotcheck.result.ResultCode once result entry is merged.
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("NO_PROBLEM", "未发现问题"), Map.entry("PROBLEM_PENDING", "发现问题待后续处理"),
            Map.entry("UNDISCLOSED_INFORMATION", "未按规定公示应当公示的信息"), Map.entry("FALSE_DISCLOSURE", "公示信息隐瞒真实情况弄虚作假"),
            Map.entry("UNREACHABLE_AT_REGISTERED_ADDRESS", "通过登记的住所（经营场所）无法联系"),
            Map.entry("VIOLATES_OWN_DEPARTMENT_RULES", "违反其他本部门规定"), Map.entry("VIOLATES_OTHER_DEPARTMENT_RULES", "违反其他部门相关规定"),
            Map.entry("PROBLEM_CORRECTED", "发现问题已责令改正"), Map.entry("NO_RELEVANT_ACTIVITY", "未发现开展本次抽查涉及的经营活动"),
            Map.entry("CLOSED_OR_LIQUIDATING", "已关闭停业或正在组织清算"), Map.entry("SERIOUS_NON_COOPERATION", "不配合检查情节严重"),
            Map.entry("DEREGISTERED", "注销"), Map.entry("LICENCE_REVOKED", "被吊销"), Map.entry("REGISTRATION_WITHDRAWN", "被撤销"),
            Map.entry("MOVED_OUT", "迁出"), Map.entry("CANNOT_INSPECT", "无法检查"));

    private ResultLabels() {}

    static String label(String code) {
        return code == null ? null : LABELS.getOrDefault(code, code);
    }
}
