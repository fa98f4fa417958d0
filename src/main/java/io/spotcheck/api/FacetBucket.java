package io.spotcheck.api;

/** One bucket of a facet: a value and how many rows carry it. Every facet type of the schema reads from this. */
public record FacetBucket(String value, long count) {}
