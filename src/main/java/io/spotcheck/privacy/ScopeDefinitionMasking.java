package io.spotcheck.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A scope definition as a caller who may not see persons reads it (a draw record's
 * {@code scopeDefinition}, a scope's {@code definition}). A filter's {@code codes} and
 * {@code ownerCodes} may list natural persons' ID numbers; each one that names a natural person in
 * the directory, or has the shape of a resident ID number, is masked by {@link PersonMask#id}.
 * Organisations' codes stay readable: they are public registration data.
 */
public final class ScopeDefinitionMasking {

    static final List<String> CODE_LISTS = List.of("codes", "ownerCodes");

    private ScopeDefinitionMasking() {}

    /** Every code a definition lists, to look their kinds up in one request. */
    public static Set<String> codes(Map<String, Object> definition) {
        Set<String> codes = new LinkedHashSet<>();
        if (definition != null && definition.get("filter") instanceof Map<?, ?> filter) {
            for (String field : CODE_LISTS) {
                if (filter.get(field) instanceof List<?> list) {
                    list.forEach(c -> {
                        if (c instanceof String s) {
                            codes.add(s);
                        }
                    });
                }
            }
        }
        return codes;
    }

    /** A copy with the person codes masked; the definition itself is never changed. */
    public static Map<String, Object> masked(Map<String, Object> definition, Predicate<String> isPerson) {
        if (definition == null || !(definition.get("filter") instanceof Map<?, ?> filter)) {
            return definition;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        filter.forEach((k, v) -> f.put(String.valueOf(k), v));
        for (String field : CODE_LISTS) {
            if (f.get(field) instanceof List<?> list) {
                List<Object> out = new ArrayList<>(list.size());
                for (Object c : list) {
                    out.add(c instanceof String s && (isPerson.test(s) || PersonMask.isResidentId(s)) ? PersonMask.id(s) : c);
                }
                f.put(field, out);
            }
        }
        Map<String, Object> copy = new LinkedHashMap<>(definition);
        copy.put("filter", f);
        return copy;
    }
}
