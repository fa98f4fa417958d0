package io.spotcheck.subject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;


/**
 * Inspection result codes (检查结果), a multi-select list with one level of hierarchy.
 *
 * <p>Rules (enforced by {@code result.ResultValidator}, normalised by {@link #normalise}):
 * <ul>
 *   <li>{@link #NO_PROBLEM} is exclusive: it stands alone.</li>
 *   <li>{@link #PROBLEM_PENDING} is a parent: it needs at least one of its sub-codes, which say what
 *       the problem is. A sub-code implies its parent, so a client may send the sub-codes alone;
 *       stored results always carry the parent too, so filtering on the parent finds them all.</li>
 *   <li>Every other code may be combined with any other (except {@link #NO_PROBLEM}).</li>
 * </ul>
 */
public enum ResultCode {
    NO_PROBLEM("未发现问题", null),
    PROBLEM_PENDING("发现问题待后续处理", null),
    UNDISCLOSED_INFORMATION("未按规定公示应当公示的信息", PROBLEM_PENDING),
    FALSE_DISCLOSURE("公示信息隐瞒真实情况弄虚作假", PROBLEM_PENDING),
    UNREACHABLE_AT_REGISTERED_ADDRESS("通过登记的住所（经营场所）无法联系", PROBLEM_PENDING),
    VIOLATES_OWN_DEPARTMENT_RULES("违反其他本部门规定", PROBLEM_PENDING),
    VIOLATES_OTHER_DEPARTMENT_RULES("违反其他部门相关规定", PROBLEM_PENDING),
    PROBLEM_CORRECTED("发现问题已责令改正", null),
    NO_RELEVANT_ACTIVITY("未发现开展本次抽查涉及的经营活动", null),
    CLOSED_OR_LIQUIDATING("已关闭停业或正在组织清算", null),
    SERIOUS_NON_COOPERATION("不配合检查情节严重", null),
    DEREGISTERED("注销", null),
    LICENCE_REVOKED("被吊销", null),
    REGISTRATION_WITHDRAWN("被撤销", null),
    MOVED_OUT("迁出", null),
    CANNOT_INSPECT("无法检查", null);

    /** Codes that count as "problem found" (问题检出): the pending family, corrected problems, serious non-cooperation. */
    public static final Set<ResultCode> PROBLEMS = EnumSet.of(PROBLEM_PENDING, UNDISCLOSED_INFORMATION, FALSE_DISCLOSURE,
            UNREACHABLE_AT_REGISTERED_ADDRESS, VIOLATES_OWN_DEPARTMENT_RULES, VIOLATES_OTHER_DEPARTMENT_RULES, PROBLEM_CORRECTED,
            SERIOUS_NON_COOPERATION);

    /** Codes that open a pending business-anomaly listing (经营异常名录), due 10 working days after the inspection. */
    public static final Set<ResultCode> ANOMALY_LISTING = EnumSet.of(UNREACHABLE_AT_REGISTERED_ADDRESS, FALSE_DISCLOSURE);

    /** Codes that send the subject to reassignment (the agency of its new jurisdiction, or out of the task). */
    public static final Set<ResultCode> REASSIGNMENT = EnumSet.of(MOVED_OUT, DEREGISTERED);

    private final String label;
    private final ResultCode parent;

    ResultCode(String label, ResultCode parent) {
        this.label = label;
        this.parent = parent;
    }

    public String label() {
        return label;
    }

    /** The parent code, or null for a top-level code. */
    public ResultCode parent() {
        return parent;
    }

    public List<ResultCode> children() {
        List<ResultCode> result = new ArrayList<>();
        for (ResultCode c : values()) {
            if (c.parent == this) {
                result.add(c);
            }
        }
        return result;
    }

    public boolean hasChildren() {
        return !children().isEmpty();
    }

    /** The codes with implied parents added, without duplicates, in declaration order. */
    public static List<ResultCode> normalise(Collection<ResultCode> codes) {
        EnumSet<ResultCode> set = EnumSet.noneOf(ResultCode.class);
        for (ResultCode c : codes) {
            set.add(c);
            if (c.parent != null) {
                set.add(c.parent);
            }
        }
        return List.copyOf(set);
    }

    public static boolean anyProblem(Collection<ResultCode> codes) {
        return codes.stream().anyMatch(PROBLEMS::contains);
    }
}
