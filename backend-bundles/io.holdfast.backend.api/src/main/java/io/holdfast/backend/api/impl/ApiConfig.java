package io.holdfast.backend.api.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = ApiServlet.PID, name = "Holdfast backend REST API", description = "The API under /api/v1.")
public @interface ApiConfig {

    @AttributeDefinition(name = "Maximum range (days)", description = "the longest from..to of JSON queries (CSV and NumPy exports stream any range)", min = "1")
    int max_range_days() default 400;

    @AttributeDefinition(name = "Maximum page", description = "the largest limit of a readings page", min = "1")
    int max_page() default 10000;
}
