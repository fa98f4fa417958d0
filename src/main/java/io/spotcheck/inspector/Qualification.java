package io.spotcheck.inspector;

/** Enforcement fields an inspector is qualified for; items of the item list name the one they need. */
public enum Qualification {
    FOOD_SAFETY, SPECIAL_EQUIPMENT, FIRE, ENVIRONMENT, DRUG, PRICE, QUALITY, HEALTH, WORKPLACE_SAFETY, CULTURE,
    CONSTRUCTION, TRANSPORT
}
