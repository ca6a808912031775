package io.larder.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code larder.caches} declares a cache: only then is a Larder cache manager made. */
final class CachesDeclared extends SpringBootCondition {
    private static final ConfigurationPropertyName CACHES = ConfigurationPropertyName.of("larder.caches");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return EnvironmentTree.configures(context.getEnvironment(), CACHES)
                ? ConditionOutcome.match("larder.caches declares caches")
                : ConditionOutcome.noMatch("larder.caches declares no cache");
    }
}
