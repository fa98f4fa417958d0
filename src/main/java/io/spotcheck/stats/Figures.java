package io.spotcheck.stats;

/**
 * The counts of one statistics cell (the whole selection, or one row of a breakdown) and the rates
 * derived from them. A count is null where it does not apply (tasks and draws belong to departments,
 * not to agencies). A rate is null when its denominator is zero or null.
 */
public record Figures(Long tasks, Long jointTasks, Long draws, Long drawsWithCreditRule, long subjectVisits,
                      long jointSubjectVisits, long subjectsInspected, long problemsFound, long mobileEntries, long drawn,
                      long published, long publishedClosed, long itemsCovered, long yellowFlags, long redFlags,
                      long anomalyListings) {

    public static final Figures ZERO = new Figures(0L, 0L, 0L, 0L, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** 跨部门监管率（按任务数）= jointTasks ÷ tasks. */
    public Double crossDepartmentRateByTasks() {
        return ratio(jointTasks, tasks);
    }

    /** 跨部门监管率（按户次）= jointSubjectVisits ÷ subjectVisits. */
    public Double crossDepartmentRateByVisits() {
        return ratio(jointSubjectVisits, subjectVisits);
    }

    /** 信用规则使用率 = drawsWithCreditRule ÷ draws. */
    public Double creditRuleUseRate() {
        return ratio(drawsWithCreditRule, draws);
    }

    /** 问题检出率 = problemsFound ÷ subjectVisits. */
    public Double problemDetectionRate() {
        return ratio(problemsFound, subjectVisits);
    }

    /** 掌上执法率 = mobileEntries ÷ subjectVisits. */
    public Double mobileEntryRate() {
        return ratio(mobileEntries, subjectVisits);
    }

    /** 抽查完成率 = published ÷ drawn. */
    public Double completionRate() {
        return ratio(published, drawn);
    }

    /** 完结率 = publishedClosed ÷ published. */
    public Double closureRate() {
        return ratio(publishedClosed, published);
    }

    static Double ratio(Long numerator, Long denominator) {
        if (numerator == null || denominator == null || denominator == 0) {
            return null;
        }
        return numerator / (double) denominator;
    }

    Figures withTasks(Long newTasks, Long newJoint) {
        return new Figures(newTasks, newJoint, draws, drawsWithCreditRule, subjectVisits, jointSubjectVisits, subjectsInspected,
                problemsFound, mobileEntries, drawn, published, publishedClosed, itemsCovered, yellowFlags, redFlags, anomalyListings);
    }

    Figures withDraws(Long newDraws, Long newWithRule) {
        return new Figures(tasks, jointTasks, newDraws, newWithRule, subjectVisits, jointSubjectVisits, subjectsInspected,
                problemsFound, mobileEntries, drawn, published, publishedClosed, itemsCovered, yellowFlags, redFlags, anomalyListings);
    }

    Figures withDrawn(long newDrawn) {
        return new Figures(tasks, jointTasks, draws, drawsWithCreditRule, subjectVisits, jointSubjectVisits, subjectsInspected,
                problemsFound, mobileEntries, newDrawn, published, publishedClosed, itemsCovered, yellowFlags, redFlags, anomalyListings);
    }

    Figures withAnomalyListings(long n) {
        return new Figures(tasks, jointTasks, draws, drawsWithCreditRule, subjectVisits, jointSubjectVisits, subjectsInspected,
                problemsFound, mobileEntries, drawn, published, publishedClosed, itemsCovered, yellowFlags, redFlags, n);
    }

    Figures withResults(long visits, long jointVisits, long subjects, long problems, long mobile, long pub, long closed,
                        long items, long yellow, long red) {
        return new Figures(tasks, jointTasks, draws, drawsWithCreditRule, visits, jointVisits, subjects, problems, mobile, drawn,
                pub, closed, items, yellow, red, anomalyListings);
    }
}
