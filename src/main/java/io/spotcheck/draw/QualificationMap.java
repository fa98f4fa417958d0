package io.spotcheck.draw;

import io.spotcheck.inspector.Qualification;
import io.spotcheck.item.Item;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * An inspector draw's required qualifications from the department's items, through the one
 * translation table {@link Qualification#ITEM_NAMES} (docs/INSPECTOR-DRAW.md). Items stored before
 * {@code upsertItem} refused unknown names may still carry one: it is required literally, so those
 * subjects are unstaffed (MISSING_QUALIFICATION) instead of the need being silently dropped.
 */
public final class QualificationMap {

    private QualificationMap() {}

    static final String NONE = Qualification.CERTIFICATE_ONLY;

    /** The directory name of an item's qualification; an unknown name is required literally (nobody holds it). */
    public static String toDirectory(String itemQualification) {
        String directory = Qualification.directoryName(itemQualification);
        return directory == null ? itemQualification : directory;
    }

    /** Every qualification a drawn inspector must hold to check all of {@code items}, sorted. */
    public static Set<String> required(Collection<Item> items) {
        Set<String> result = new TreeSet<>();
        for (Item item : items) {
            String q = toDirectory(item.requiredQualification());
            if (!q.isEmpty()) {
                result.add(q);
            }
        }
        return result;
    }
}
