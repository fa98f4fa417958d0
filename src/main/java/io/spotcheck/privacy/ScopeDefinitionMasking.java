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
 * {@code scopeDefinition}, which nests the scope's definition, and a scope's {@code definition}).
 * A filter's {@code codes} and {@code ownerCodes}, at whatever depth, may list natural persons' ID
 * numbers; each one that names a natural person in the directory, or has the shape of a resident
 * ID number, is masked by {@link PersonMask#id}. Organisations' codes stay readable: they are public
 * registration data.
 */
public final class ScopeDefinitionMasking {

    static final Set<String> CODE_LISTS = Set.of("codes", "ownerCodes");

    private ScopeDefinitionMasking() {}

    /** Every code a definition lists, to look their kinds up in one request. */
    public static Set<String> codes(Map<String, Object> definition) {
        Set<String> codes = new LinkedHashSet<>();
        collect(definition, codes);
        return codes;
    }

    private static void collect(Object node, Set<String> codes) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (CODE_LISTS.contains(String.valueOf(k)) && v instanceof List<?> list) {
                    list.forEach(c -> {
                        if (c instanceof String s) {
                            codes.add(s);
                        }
                    });
                } else {
                    collect(v, codes);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(x -> collect(x, codes));
        }
    }

    /** A copy with the person codes masked; the definition itself is never changed. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> masked(Map<String, Object> definition, Predicate<String> isPerson) {
        return definition == null ? null : (Map<String, Object>) copy(definition, isPerson);
    }

    private static Object copy(Object node, Predicate<String> isPerson) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (CODE_LISTS.contains(key) && v instanceof List<?> list) {
                    List<Object> codes = new ArrayList<>(list.size());
                    for (Object c : list) {
                        // the directory's persons by their code; any other entry's resident ID numbers (15 digits too) by their form
                        codes.add(c instanceof String s ? (isPerson.test(s) || PersonMask.isResidentId(s) ? PersonMask.id(s) : PersonMask.scrub(s, null)) : c);
                    }
                    out.put(key, codes);
                } else {
                    out.put(key, copy(v, isPerson));
                }
            });
            return out;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(x -> copy(x, isPerson)).toList();
        }
        return node;
    }
}
