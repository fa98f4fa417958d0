package io.spotcheck.node;

import io.spotcheck.api.GlobalIds;
import io.spotcheck.api.NodeLoader;
import io.spotcheck.security.Caller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Every feature's {@link NodeLoader}, by GraphQL type name. */
@Component
public class NodeRegistry {

    private final Map<String, NodeLoader<Caller>> loaders = new LinkedHashMap<>();
    private final GlobalIds ids;

    NodeRegistry(List<NodeLoader<Caller>> loaders, GlobalIds ids) {
        for (NodeLoader<Caller> loader : loaders) {
            if (this.loaders.put(loader.type(), loader) != null) {
                throw new IllegalStateException("two node loaders for type " + loader.type());
            }
        }
        this.ids = ids;
    }

    public NodeLoader<Caller> loader(String type) {
        return loaders.get(type);
    }

    /**
     * The loader of the type a global id names, or null when no type has it or the id is not in the
     * form this server hands out for that type. Only the server's secret seals, so a plain id of a
     * sealed type was made by hand, and its local id may be a guess of an ID number: it names nothing,
     * whatever it holds, so that a right guess reads like a wrong one (docs/SECURITY.md, "Global ids").
     */
    public NodeLoader<Caller> loaderOf(GlobalIds.Id id) {
        NodeLoader<Caller> loader = loaders.get(id.type());
        return loader == null || loader.sealed() != id.sealed() ? null : loader;
    }

    public Map<String, NodeLoader<Caller>> loaders() {
        return loaders;
    }

    /** The global id of {@code node}, an object of the given Node type. */
    public String globalId(String type, Object node) {
        NodeLoader<Caller> loader = loaders.get(type);
        if (loader == null) {
            throw new IllegalStateException("no node loader for type " + type);
        }
        String local = loader.localId(node);
        return local == null ? null : ids.encode(type, local, loader.sealed());
    }

    /**
     * The local id an argument names: a global id of a Node type, in the form handed out for that type
     * ({@link #loaderOf}), becomes its local id; anything else stays.
     */
    public String localOrSame(String value) {
        GlobalIds.Id id = ids.tryDecode(value);
        if (id == null || loaderOf(id) == null) {
            return value;
        }
        return id.localId();
    }

    public GlobalIds ids() {
        return ids;
    }

    /** The GraphQL type of a node object, or null. */
    public String typeOf(Object node) {
        for (NodeLoader<Caller> loader : loaders.values()) {
            if (loader.javaType().isInstance(node)) {
                return loader.type();
            }
        }
        return null;
    }
}
