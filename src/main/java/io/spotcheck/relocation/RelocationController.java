package io.spotcheck.relocation;

import io.spotcheck.security.Caller;
import io.spotcheck.api.Connection;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The relocation queue over GraphQL (schema/relocation.graphqls). */
@Controller
public class RelocationController {

    private final RelocationQueue queue;

    public RelocationController(RelocationQueue queue) {
        this.queue = queue;
    }

    @QueryMapping
    public Connection<Relocation> relocationQueue(@Argument String taskId, @Argument String status, @Argument Integer first,
                                                         @Argument String after, Caller caller) {
        RelocationQueue.Page page = queue.queue(caller, taskId, status, first == null ? 20 : first, after);
        return Connection.ofEntries(page.edges(), page.hasNextPage(), page.totalCount());
    }

    @MutationMapping
    public RelocationQueue.ResolvePayload resolveRelocation(@Argument RelocationQueue.ResolveInput input, Caller caller) {
        return queue.resolve(caller, input);
    }
}
