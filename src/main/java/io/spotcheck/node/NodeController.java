package io.spotcheck.node;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import io.spotcheck.api.GlobalIds;
import io.spotcheck.api.NodeLoader;
import io.spotcheck.security.Caller;
import io.spotcheck.system.SpotcheckException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * Relay's {@code node(id:)} and {@code nodes(ids:)}: the global id names the type, the type's
 * feature loads it with the same checks as its own query. A refusal is the feature's refusal; an id
 * not in the form handed out for its type is null, like an id of nothing ({@link NodeRegistry#loaderOf}).
 */
@Controller
class NodeController {

    static final int MAX_IDS = 100;

    private final NodeRegistry registry;

    NodeController(NodeRegistry registry) {
        this.registry = registry;
    }

    @QueryMapping
    Object node(Caller caller, @Argument String id) {
        return load(caller, registry.ids().decode(id));
    }

    @QueryMapping
    DataFetcherResult<List<Object>> nodes(Caller caller, @Argument List<String> ids, DataFetchingEnvironment env) {
        if (ids.size() > MAX_IDS) {
            throw SpotcheckException.badInput("ids", "at most " + MAX_IDS + " ids at once");
        }
        List<Object> found = new ArrayList<>(ids.size());
        List<GraphQLError> errors = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            try {
                found.add(load(caller, registry.ids().decode(ids.get(i))));
            } catch (SpotcheckException e) {
                // One refused id does not hide the others: null in its place, its error at its index.
                found.add(null);
                Map<String, Object> extensions = new LinkedHashMap<>(e.details());
                extensions.put("code", e.code().name());
                errors.add(GraphqlErrorBuilder.newError(env)
                        .path(env.getExecutionStepInfo().getPath().segment(i))
                        .errorType(e.code().classification())
                        .message(e.getMessage())
                        .extensions(extensions)
                        .build());
            }
        }
        return DataFetcherResult.<List<Object>>newResult().data(found).errors(errors).build();
    }

    private Object load(Caller caller, GlobalIds.Id id) {
        // A hand-made plain id of a sealed type is answered as an id of nothing, before anything is read.
        NodeLoader<Caller> loader = registry.loaderOf(id);
        if (loader == null) {
            return null;
        }
        return loader.load(caller, id.localId());
    }

}
