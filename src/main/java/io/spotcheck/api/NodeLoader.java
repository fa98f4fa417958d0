package io.spotcheck.api;

/**
 * How a feature takes part in {@code node(id:)}: a bean per Node type, found by the node
 * controller, so this package never imports a feature. {@link #load} must check the caller exactly
 * as the feature's own query for that type does (the same refusal, the same masking), because
 * {@code node(id:)} is just another way in.
 *
 * @param <C> the caller type (the security package's {@code Caller})
 */
public interface NodeLoader<C> {

    /** The GraphQL type name, e.g. {@code Task}. */
    String type();

    /** The Java class of this type's nodes, to tell which type a node object is. */
    Class<?> javaType();

    /** The local id behind the global id of {@code node}, an object this feature's fields return for {@link #type()}. */
    String localId(Object node);

    /**
     * The local id {@code node} shows in its {@code localId} field. The same as {@link #localId} but
     * for masked copies, which show the masked id while their global id is built from the clear one.
     */
    default String shownLocalId(Object node) {
        return localId(node);
    }

    /** True when local ids may hold a natural person's ID number: the global id then seals them. */
    default boolean sealed() {
        return false;
    }

    /** The node as the feature's own query would return it to {@code caller}, or null when there is none. */
    Object load(C caller, String localId);

    /** A loader from its parts, for a feature's {@code @Bean} method. */
    static <C, T> NodeLoader<C> of(String type, Class<T> javaType, java.util.function.Function<T, String> localId,
                                   java.util.function.BiFunction<C, String, Object> load, boolean sealed) {
        return new Parts<>(type, javaType, localId, null, load, sealed);
    }

    /**
     * A sealed loader for a type whose copies may be masked ({@link MaskedCopies}): the global id is
     * built from the clear local id, the {@code localId} field shows the id the copy shows.
     */
    static <C, T> NodeLoader<C> ofMaskable(String type, Class<T> javaType, java.util.function.Function<T, String> shownId,
                                           java.util.function.BiFunction<C, String, Object> load, MaskedCopies copies) {
        return new Parts<>(type, javaType, shownId, copies, load, true);
    }

    /** The loader {@link #of} and {@link #ofMaskable} build; {@code copies} is null for types never masked. */
    record Parts<C, T>(String type, Class<T> javaType, java.util.function.Function<T, String> shownId, MaskedCopies copies,
                       java.util.function.BiFunction<C, String, Object> loader, boolean sealed) implements NodeLoader<C> {

        @Override
        public String localId(Object node) {
            String shown = shownLocalId(node);
            return copies == null ? shown : copies.localId(node, shown);
        }

        @Override
        public String shownLocalId(Object node) {
            return shownId.apply(javaType.cast(node));
        }

        @Override
        public Object load(C caller, String id) {
            return loader.apply(caller, id);
        }
    }
}
