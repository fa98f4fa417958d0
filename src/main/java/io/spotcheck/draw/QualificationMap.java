package io.spotcheck.draw;

import io.spotcheck.inspector.Qualification;
import io.spotcheck.item.Item;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The item list names the qualification an item needs in its own vocabulary (FOOD_SAFETY,
 * PUBLIC_HEALTH, FIRE_SAFETY …); the inspector directory keeps {@link Qualification}s. This is the
 * one published translation (docs/INSPECTOR-DRAW.md). A name that is already a directory
 * qualification is used as is; items whose checks need only a valid certificate map to nothing;
 * anything else is required literally, so an unknown need leaves subjects unstaffed (listed with
 * MISSING_QUALIFICATION) instead of being silently dropped.
 */
public final class QualificationMap {

    private QualificationMap() {}

    static final String NONE = "";

    static final Map<String, String> ITEM_TO_DIRECTORY = Map.ofEntries(
            Map.entry("PRODUCT_QUALITY", "QUALITY"),
            Map.entry("METROLOGY", "QUALITY"),
            Map.entry("DRUG_SAFETY", "DRUG"),
            Map.entry("PUBLIC_HEALTH", "HEALTH"),
            Map.entry("MEDICAL", "HEALTH"),
            Map.entry("OCCUPATIONAL_HEALTH", "HEALTH"),
            Map.entry("FIRE_SAFETY", "FIRE"),
            Map.entry("WORK_SAFETY", "WORKPLACE_SAFETY"),
            Map.entry("CULTURE_MARKET", "CULTURE"),
            Map.entry("MARKET_REGISTRATION", NONE),
            Map.entry("ADVERTISING", NONE));

    public static String toDirectory(String itemQualification) {
        if (itemQualification == null || itemQualification.isBlank()) {
            return NONE;
        }
        for (Qualification q : Qualification.values()) {
            if (q.name().equals(itemQualification)) {
                return itemQualification;
            }
        }
        return ITEM_TO_DIRECTORY.getOrDefault(itemQualification, itemQualification);
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
