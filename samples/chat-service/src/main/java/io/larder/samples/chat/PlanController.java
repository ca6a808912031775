package io.larder.samples.chat;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Plans, cached; {@code /plans-loaded} says how often the source was read. */
@RestController
class PlanController {
    private final PlanCatalog catalog;

    PlanController(PlanCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/plans/{id}")
    Map<String, String> plan(@PathVariable String id) {
        return Map.of("id", id, "plan", catalog.plan(id));
    }

    @GetMapping("/plans-loaded")
    Map<String, Long> loaded() {
        return Map.of("loads", catalog.loads());
    }
}
