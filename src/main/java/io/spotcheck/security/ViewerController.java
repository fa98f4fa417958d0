package io.spotcheck.security;

import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

@Controller
class ViewerController {

    /** Anyone may ask who they are; that is the point of the query. */
    @QueryMapping
    Viewer viewer(Caller caller) {
        return new Viewer(caller.id(), caller.name(), caller.department(), caller.agency(),
                caller.roles().stream().sorted().toList(), caller.scopes().stream().sorted().toList(), caller.isAnonymous());
    }

    @MutationMapping
    String ping(Caller caller) {
        return caller.requireSignedIn().id();
    }

    record Viewer(String id, String name, String department, String agency, java.util.List<Role> roles,
                  java.util.List<String> scopes, boolean anonymous) {}
}
