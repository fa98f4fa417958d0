package io.spotcheck.subject.write;

import java.time.Instant;

/**
 * A department's rule that sets one of its tags (监管标签规则) on every subject the condition holds
 * for, and takes it away when it stops holding. Stored in the {@code tag_rules} index under {@link #id}.
 *
 * @param id stable id
 * @param department owning department; only its admins change the rule
 * @param tagName the tag it sets, e.g. 餐饮
 * @param condition when it holds
 * @param enabled a disabled rule sets nothing and its tags are taken away
 * @param version incremented on every save; a re-apply job belongs to one version
 * @param updatedBy who saved it last
 * @param updatedAt when
 */
public record TagRule(String id, String department, String tagName, TagCondition condition, boolean enabled, long version,
                      String updatedBy, Instant updatedAt) {

    public String tagKey() {
        return department + ":" + tagName;
    }
}
