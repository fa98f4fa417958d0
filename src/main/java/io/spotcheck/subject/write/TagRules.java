package io.spotcheck.subject.write;

import java.util.List;

/**
 * The tag rules in force, which every subject write applies (docs/SUBJECT-WRITE.md); the tag
 * feature, which stores and edits them, provides them.
 */
@FunctionalInterface
public interface TagRules {

    /** Every rule in force, of every department. */
    List<TagRule> all();
}
