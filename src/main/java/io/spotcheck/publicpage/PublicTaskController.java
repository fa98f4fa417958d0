package io.spotcheck.publicpage;

import io.spotcheck.security.Caller;
import io.spotcheck.api.Connection;
import io.spotcheck.api.CursorCodec;
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
    private final CursorCodec cursors;

    public PublicTaskController(PublicTaskSearch search, CursorCodec cursors) {
        this.search = search;
        this.cursors = cursors;
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
        // The codec is deterministic: the same page has the same cursors, so cached public GETs stay cacheable.
        String fingerprint = CursorCodec.fingerprint("public-tasks", f);
        int offset = offset(after, fingerprint);
        PublicTaskSearch.Page page = search.page(f, offset, size);
        List<Edge<PublicTask>> edges = new ArrayList<>();
        long at = offset;
        for (Task t : page.tasks()) {
            long next = ++at;
            edges.add(new Edge<>(PublicTask.of(t), () -> cursors.encode(fingerprint, null, List.of(next))));
        }
        return Connection.of(edges, offset + edges.size() < page.total(), page.total());
    }

    /** The offset of the next task, from the previous page's endCursor. */
    private int offset(String after, String fingerprint) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        List<Object> position = cursors.decode(after, fingerprint).after();
        if (position.size() == 1 && position.get(0) instanceof Long n && n >= 0 && n <= 10_000) {
            return n.intValue();
        }
        throw CursorCodec.invalid();
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
