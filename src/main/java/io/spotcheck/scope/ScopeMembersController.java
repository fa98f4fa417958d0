package io.spotcheck.scope;

import io.spotcheck.security.Caller;
import io.spotcheck.api.Connection;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** scopeMembers over GraphQL (schema/scope-members.graphqls). */
@Controller
public class ScopeMembersController {

    private final ScopeMembers members;

    public ScopeMembersController(ScopeMembers members) {
        this.members = members;
    }

    @QueryMapping
    public Connection<ScopeMembers.Member> scopeMembers(@Argument String scopeId, @Argument Integer first, @Argument String after,
                                                             Caller caller) {
        ScopeMembers.Page page = members.page(caller, scopeId, first == null ? 50 : first, after);
        return Connection.ofEntries(page.edges(), page.hasNextPage(), page.totalCount());
    }
}
