package io.spotcheck.department;

/** A town or street of the district (乡镇/街道), the unit agencies cover. */
public record Jurisdiction(String code, String name) {}
