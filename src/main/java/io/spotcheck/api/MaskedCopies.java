package io.spotcheck.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

/**
 * The clear local id of a masked copy, kept beside the copy and never in it. A masked copy of an
 * assignment or an amendment names a natural person only by a masked code, which several persons
 * can share; its global id must still be the clear copy's, so the feature that masks remembers
 * here which local id the copy stands for. Keys are held weakly and compared by identity
 * (Caffeine's {@code weakKeys}): an entry lives exactly as long as the copy it describes, and two
 * equal-looking copies of different persons never share one.
 */
@Component
public final class MaskedCopies {

    private final Cache<Object, String> localIds = Caffeine.newBuilder().weakKeys().build();

    /** {@code copy}, remembered as standing for the entity with local id {@code localId}. */
    public <T> T remember(T copy, String localId) {
        if (copy != null && localId != null) {
            localIds.put(copy, localId);
        }
        return copy;
    }

    /** The clear local id {@code node} stands for, or {@code shown} when it is no masked copy. */
    public String localId(Object node, String shown) {
        String kept = node == null ? null : localIds.getIfPresent(node);
        return kept != null ? kept : shown;
    }
}
