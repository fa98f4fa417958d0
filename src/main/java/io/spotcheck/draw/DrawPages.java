package io.spotcheck.draw;

import io.spotcheck.api.Connection;
import io.spotcheck.api.CursorCodec;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * A draw record's selected subjects and exclusions as connections. The record reaching these
 * fields has already passed the caller's check and masking ({@code drawRecord}, {@code node}), so
 * a page shows exactly what the whole list shows, a slice at a time.
 */
@Controller
class DrawPages {

    static final int MAX_PAGE = 1000;

    private final CursorCodec cursors;

    DrawPages(CursorCodec cursors) {
        this.cursors = cursors;
    }

    @SchemaMapping(typeName = "DrawRecord", field = "selectedSubjects")
    Connection<SubjectDrawAlgorithm.Selected> selectedSubjects(DrawRecord record, @Argument Integer first, @Argument String after) {
        return Connection.slice(record.selected() == null ? java.util.List.of() : record.selected(), first, after, 200, MAX_PAGE, cursors,
                CursorCodec.fingerprint("draw-selected", record.id()));
    }

    @SchemaMapping(typeName = "DrawRecord", field = "excludedSubjects")
    Connection<SubjectDrawAlgorithm.Exclusion> excludedSubjects(DrawRecord record, @Argument Integer first, @Argument String after) {
        return Connection.slice(record.exclusions() == null ? java.util.List.of() : record.exclusions(), first, after, 200, MAX_PAGE, cursors,
                CursorCodec.fingerprint("draw-exclusions", record.id()));
    }
}
