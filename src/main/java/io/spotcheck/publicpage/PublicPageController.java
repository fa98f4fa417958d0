package io.spotcheck.publicpage;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The public's page (一公开): plain HTML, CSS and JavaScript under {@code static/public/}, served by
 * the application itself (no asset from elsewhere, so it works on an intranet) and reading only
 * public data through GraphQL GET queries and the public draw endpoints.
 */
@Controller
public class PublicPageController {

    @GetMapping({"/public", "/public/"})
    public String page() {
        return "forward:/public/index.html";
    }
}
