package io.spotcheck.publicpage;

import io.spotcheck.security.Caller;
import io.spotcheck.api.Connection;
import io.spotcheck.api.Edge;
import io.spotcheck.system.SpotcheckException;
import io.spotcheck.task.Task;
import java.util.ArrayList;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * {@code publicTasks}: the tasks whose draw the public may see, for everyone. Every caller gets the
 * same answer, so a GET of it is cacheable. The cursor is the offset of the next task.
 */
@Controller
public class PublicTaskController {

    static final int MAX_PAGE = 100;

    private final PublicTaskSearch search;

    public PublicTaskController(PublicTaskSearch search) {
        this.search = search;
    }

    @QueryMapping
    Connection<PublicTask> publicTasks(Caller caller, @Argument PublicTaskFilter filter, @Argument Integer first, @Argument String after) {
        // Public data: every caller, the anonymous public included, gets the same answer.
        PublicTaskFilter f = PublicTaskFilter.orEmpty(filter);
        f.validate();
        int size = first == null ? 20 : first;
        if (size < 1 || size > MAX_PAGE) {
            throw SpotcheckException.badInput("first", "first must be 1 to " + MAX_PAGE);
        }
        int offset = offset(after);
        PublicTaskSearch.Page page = search.page(f, offset, size);
        List<Edge<PublicTask>> edges = new ArrayList<>();
        int at = offset;
        for (Task t : page.tasks()) {
            String cursor = Integer.toString(++at);
            edges.add(Edge.of(PublicTask.of(t), cursor));
        }
        return Connection.of(edges, offset + edges.size() < page.total(), page.total());
    }

    private static int offset(String after) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(after);
            if (n >= 0 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw SpotcheckException.badInput("after", "after must be an endCursor of publicTasks");
    }


    /** A task without who created it or its parts' staffing. */
    record PublicTask(String id, String name, String leadDepartment, List<String> departments, List<String> itemCodes, String level,
                      String status, java.time.LocalDate startDate, java.time.LocalDate endDate, java.time.OffsetDateTime createdAt,
                      String drawId) {
        static PublicTask of(Task t) {
            return new PublicTask(t.id(), t.name(), t.leadDepartment(), t.departments() == null ? List.of() : t.departments(),
                    t.itemCodes() == null ? List.of() : t.itemCodes(), t.level(), t.status().name(), t.startDate(), t.endDate(),
                    t.createdAt(), t.drawId());
        }
    }
}
