package io.spotcheck.inspector;

import java.util.Map;
import java.util.Optional;

/**
 * Enforcement fields an inspector is qualified for — the one vocabulary of qualifications. Items of
 * the item list name the field they need in the item list's own words (FOOD_SAFETY, PUBLIC_HEALTH,
 * FIRE_SAFETY …); {@link #forItem} is the one table that translates them (docs/INSPECTOR-DRAW.md,
 * "Qualifications"), used by the inspector draw, by {@code Item.inspectorQualification} and by
 * {@code upsertItem}, which refuses a name the table does not know.
 */
public enum Qualification {
    FOOD_SAFETY, SPECIAL_EQUIPMENT, FIRE, ENVIRONMENT, DRUG, PRICE, QUALITY, HEALTH, WORKPLACE_SAFETY, CULTURE,
    CONSTRUCTION, TRANSPORT;

    /** Item-list names that need only a valid enforcement certificate, no particular field. */
    public static final String CERTIFICATE_ONLY = "";

    /** Item-list name → directory qualification ({@link #CERTIFICATE_ONLY} for none); directory names map to themselves. */
    public static final Map<String, String> ITEM_NAMES = Map.ofEntries(
            Map.entry("PRODUCT_QUALITY", "QUALITY"),
            Map.entry("METROLOGY", "QUALITY"),
            Map.entry("DRUG_SAFETY", "DRUG"),
            Map.entry("PUBLIC_HEALTH", "HEALTH"),
            Map.entry("MEDICAL", "HEALTH"),
            Map.entry("OCCUPATIONAL_HEALTH", "HEALTH"),
            Map.entry("FIRE_SAFETY", "FIRE"),
            Map.entry("WORK_SAFETY", "WORKPLACE_SAFETY"),
            Map.entry("CULTURE_MARKET", "CULTURE"),
            Map.entry("MARKET_REGISTRATION", CERTIFICATE_ONLY),
            Map.entry("ADVERTISING", CERTIFICATE_ONLY));

    /**
     * The directory qualification an item's {@code requiredQualification} stands for: empty when the
     * item needs none (no name, or a certificate-only name), or null when the name is unknown.
     */
    public static Optional<Qualification> forItem(String itemName) {
        String directory = directoryName(itemName);
        return directory == null || directory.isEmpty() ? Optional.empty() : Optional.of(valueOf(directory));
    }

    /** Whether {@code itemName} is a name an item may give: blank, a directory name or one of {@link #ITEM_NAMES}. */
    public static boolean isKnownItemName(String itemName) {
        return directoryName(itemName) != null;
    }

    /** The directory name for an item's name; "" for none; null when unknown. */
    public static String directoryName(String itemName) {
        if (itemName == null || itemName.isBlank()) {
            return CERTIFICATE_ONLY;
        }
        for (Qualification q : values()) {
            if (q.name().equals(itemName)) {
                return itemName;
            }
        }
        return ITEM_NAMES.get(itemName);
    }
}
